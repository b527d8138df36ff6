"""A database that refuses a write (locked too long, disk full, read-only) loses nothing
silently: the store raises StoreUnavailable with nothing written, and the app says so in the
reader's language while the field keeps what was typed."""

from __future__ import annotations

import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import start, texts
from tests.pgserver import connect
from workbook import i18n
from workbook.case.model import Case
from workbook.case.store import Store, StoreUnavailable


# What PostgreSQL says when its disk is full; the path is one of its own files.
PG_FULL = 'could not extend file "base/16384/16402": No space left on device'


def refuse_writes(db_url: str) -> None:
    """Make the database itself refuse every new revision, as a full disk would."""
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON revisions "
                         "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        return
    with connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                     f"RAISE EXCEPTION '{PG_FULL}' USING ERRCODE = 'disk_full'; END $$")
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON revisions "
                     "FOR EACH ROW EXECUTE FUNCTION refuse()")


def allow_writes(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            conn.execute("DROP TRIGGER refuse")
        return
    with connect(db_url, autocommit=True) as conn:
        conn.execute("DROP TRIGGER refuse ON revisions")
        conn.execute("DROP FUNCTION refuse()")


def test_a_refused_write_raises_and_stores_nothing(db_url):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    refuse_writes(db_url)
    with pytest.raises(StoreUnavailable) as refused:
        store.apply(cid, ("title",), "Klas 3B")
    assert refused.value.reason == "full"
    assert refused.value.detail in ("database or disk is full", PG_FULL), "kept for the log"
    with pytest.raises(StoreUnavailable):
        store.create(Case(title="Nog een"))
    assert store.get(cid).case.title == "Klas" and store.head(cid) == 1
    assert [c.title for c in store.list()] == ["Klas"]
    allow_writes(db_url)
    assert store.apply(cid, ("title",), "Klas 3B").head == 2  # the store works again


@pytest.mark.sqlite_only  # what the page shows does not depend on the database
@pytest.mark.parametrize("lang,said", [("nl", "Niet bewaard: de opslag weigerde"),
                                       ("en", "Not saved: the store refused")])
def test_the_app_says_so_and_the_answer_stays_in_the_field(db_url, framework, lang, said):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    field = framework.worksheet("intake").fields[0]
    key = f"w:intake:{field.id}"
    at = start(cid, lang=lang, page="app_pages/part2.py")
    refuse_writes(db_url)
    typed = "Twee groepen praten niet meer."
    at.session_state[key] = {"value": typed}  # as the browser sends it
    at.run()
    at.run()  # AppTest hands the text over while the page is drawn: the notice shows next
    assert not at.exception
    assert said in texts(at) and i18n.t("store.reason.full", lang) in texts(at)
    assert "database or disk is full" not in texts(at), "the driver's words stay in the log"
    assert store.head(cid) == 1
    assert at.session_state[key]["value"] == typed, "the field keeps what was typed"
    allow_writes(db_url)
    at.run()  # any next run tries again, without typing anything
    assert store.get(cid).case.answer("intake", field.id) == typed
    assert store.head(cid) == 2

# A table edit the store refused stays in the table: tests/browser/test_store_refuses.py
# (AppTest does not run a table's change callback).


@pytest.mark.sqlite_only  # what the page shows does not depend on the database
@pytest.mark.parametrize("button", ["Nieuwe casus", "Ongedaan maken", "Kopie maken"])
def test_a_button_whose_write_is_refused_says_so_and_changes_nothing(db_url, button):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    store.apply(cid, ("title",), "Klas 3B")  # something to undo
    at = start(cid)
    refuse_writes(db_url)
    next(b for b in at.button if b.label == button).click().run()
    assert not at.exception
    assert "Niet bewaard: de opslag weigerde" in texts(at)
    assert [(c.id, c.head) for c in store.list()] == [(cid, 2)]
    assert at.session_state["case"] == cid


def _saves_in_order(case_id: str, db_url: str) -> None:
    """Two changes while the store refuses, then one once it writes again."""
    import streamlit as st

    from tests.case.test_store_refuses import allow_writes, refuse_writes
    from ui import state

    st.session_state["case"] = case_id
    state.current(fresh=True)
    refuse_writes(db_url)
    first = state.save(("actors",), [{"id": "a", "name": "Ann"}], note="actors")
    second = state.save(("title",), "Klas 3A")
    allow_writes(db_url)
    third = state.save(("actors", 0, "name"), "Annie")
    fourth = state.save(("title",), "Klas 3B")
    st.session_state["results"] = [first, second, third, fourth]


def test_refused_changes_are_stored_first_once_the_store_writes_again(db_url):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    at = AppTest.from_function(_saves_in_order, args=(cid, db_url), default_timeout=30).run()
    assert not at.exception
    assert at.session_state["results"] == [False, False, True, True]
    case = store.get(cid).case
    assert [a.name for a in case.actors] == ["Annie"], "a kept change never overtakes a newer one"
    assert case.title == "Klas 3B"
    notes = [r.note for r in store.history(cid)][::-1]
    assert notes == ["", "actors", "title", "actors.0.name", "title"]


@pytest.mark.sqlite_only  # what the page shows does not depend on the database
def test_an_answer_the_store_refused_is_stored_after_the_user_moved_on(db_url, framework):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    field = framework.worksheet("intake").fields[0]
    at = start(cid, page="app_pages/part2.py")
    refuse_writes(db_url)
    typed = "Twee groepen praten niet meer."
    at.session_state[f"w:intake:{field.id}"] = {"value": typed}
    at.run()
    at.session_state["ws2"] = "actors"  # on to another worksheet: the box is gone
    at.run()
    assert not at.exception and store.head(cid) == 1
    assert "Niet bewaard" in texts(at)
    allow_writes(db_url)
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    assert store.get(cid).case.answer("intake", field.id) == typed


def _kept_table_edit(case_id: str, db_url: str) -> None:
    """A table edit the store refused, then the store writes again and a run begins."""
    import streamlit as st

    from tests.case.test_store_refuses import allow_writes, refuse_writes
    from ui import state
    from ui.worksheets.tables import ACTORS_KEY

    st.session_state["case"] = case_id
    state.current(fresh=True)
    refuse_writes(db_url)
    st.session_state[ACTORS_KEY] = {"added_rows": [{"name": "Wijkagent"}]}  # the grid's edit
    st.session_state["refused"] = not state.save(("actors",), [{"id": "a", "name": "Wijkagent"}])
    st.session_state["kept"] = ACTORS_KEY in st.session_state
    allow_writes(db_url)
    state.retry_unsaved()
    st.session_state["pending"] = ACTORS_KEY in st.session_state


def test_a_kept_table_edit_is_not_shown_twice_once_stored(db_url):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    at = AppTest.from_function(_kept_table_edit, args=(cid, db_url), default_timeout=30).run()
    assert not at.exception
    assert at.session_state["refused"] and at.session_state["kept"]
    assert [a.name for a in store.get(cid).case.actors] == ["Wijkagent"]
    # the grid starts again from the stored case, which has the row: no second one
    assert not at.session_state["pending"]
