"""What the app shows while the store cannot be reached: at the start one page in the user's
language (what happened, that nothing is lost, that it tries again), later one notice while
the tab goes on with its open case; never a traceback, a path or the driver's words. Once the
store answers, the page carries on, what was typed meanwhile is stored, and the notice goes.

The retry every few seconds runs by itself in a browser: tests/browser/test_store_down.py.
"""

from __future__ import annotations

import logging
import sqlite3

import pytest

from tests.apptest import start, texts
from tests.case.test_store_down import away, unopenable
from tests.case.test_store_refuses import allow_writes, refuse_writes
from ui import outage
from ui.outage import RETRY_S
from workbook import i18n
from workbook.case.model import Case
from workbook.case.store import Store

DRIVER_WORDS = ("unable to open", "OperationalError", "psycopg", "sqlalchemy", "Traceback",
                "Connection refused")


@pytest.fixture(autouse=True)
def log_afresh(monkeypatch):
    """Each test sees its own failures logged (the app logs one at most once a minute)."""
    monkeypatch.setattr(outage, "_logged", {})


def page_text(reason: str, lang: str) -> str:
    return i18n.t("store.down_page", lang, reason=i18n.t(f"store.reason.{reason}", lang),
                  seconds=RETRY_S)


def notice_text(reason: str, lang: str) -> str:
    return i18n.t("store.unreachable", lang, reason=i18n.t(f"store.reason.{reason}", lang),
                  seconds=RETRY_S)


def assert_nothing_leaks(at, *details: str) -> None:
    assert not at.exception, [e.message[:300] for e in at.exception]
    shown = texts(at)
    leaked = [d for d in (*DRIVER_WORDS, *details) if d and d in shown]
    assert leaked == [], shown[:600]


# -- at the start ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_store_that_cannot_be_opened_shows_one_page_then_the_app(tmp_path, monkeypatch,
                                                                   lang, caplog):
    url, blocker = unopenable(tmp_path)
    monkeypatch.setenv("WORKBOOK_DB", url)
    with caplog.at_level(logging.WARNING, logger="workbook.app"):
        at = start(lang=lang)
    assert_nothing_leaks(at, str(tmp_path))
    assert [t.value for t in at.title] == [i18n.t("store.down_title", lang)]
    assert [w.value for w in at.warning] == [page_text("cannot_open", lang)]
    assert "unable to open database file" in caplog.text, "the detail is in the server's log"
    at.run()  # still away: the same page, once
    assert [w.value for w in at.warning] == [page_text("cannot_open", lang)]

    blocker.unlink()
    blocker.mkdir()  # the store can be opened now
    at.run()  # what the retry does by itself in a browser
    assert_nothing_leaks(at)
    assert i18n.t("store.down_title", lang) not in texts(at)
    assert i18n.t("case.welcome", lang) in texts(at)
    assert not at.warning


def test_a_stopped_server_shows_the_page_and_a_shared_link_opens_once_it_answers(
        postgres, pg_url, monkeypatch):
    monkeypatch.setenv("WORKBOOK_DB", pg_url)
    cid = Store(pg_url).create(Case(title="Klas 3B")).case.id
    postgres.stop()
    try:
        at = start(cid, lang="en", page="app_pages/map.py")
        assert_nothing_leaks(at, str(postgres.port), "127.0.0.1")
        assert [w.value for w in at.warning] == [page_text("unreachable", "en")]
    finally:
        postgres.start()
    at.run()
    assert_nothing_leaks(at)
    assert not at.warning
    assert at.session_state["case"] == cid and "Klas 3B" in texts(at)


# -- in the middle of the work --------------------------------------------------------------
def _type_while_away(at, key: str, typed: str) -> None:
    at.session_state[key] = {"value": typed}  # as the browser sends the autosave box's text
    at.run()
    at.run()  # AppTest hands the text over while the page is drawn: the notice shows next


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_store_that_goes_away_is_one_notice_and_nothing_typed_is_lost(db_url, framework,
                                                                         lang, caplog):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    field = framework.worksheet("intake").fields[0]
    key = f"w:intake:{field.id}"
    at = start(cid, lang=lang, page="app_pages/part2.py")
    typed = "Twee groepen praten niet meer."
    with away(db_url), caplog.at_level(logging.WARNING, logger="workbook.app"):
        _type_while_away(at, key, typed)
        assert_nothing_leaks(at, db_url.removeprefix("sqlite:///"))
        assert [w.value for w in at.warning] == [notice_text("cannot_open", lang)], "once"
        assert at.session_state[key]["value"] == typed, "the field keeps what was typed"
        assert at.selectbox(key="case_picker").value == cid, "the tab goes on with its case"
        at.switch_page("app_pages/history.py").run()  # a page that reads the store itself
        assert_nothing_leaks(at)
        assert notice_text("cannot_open", lang) in texts(at)
    assert "unable to open database file" in caplog.text
    assert store.head(cid) == 1, "nothing was stored while away"
    at.switch_page("app_pages/part2.py").run()  # the store answers: the next run stores it
    assert_nothing_leaks(at)
    assert store.get(cid).case.answer("intake", field.id) == typed
    assert not at.warning and not at.error, "the notice is gone once the store answers"
    assert at.session_state[key]["value"] == typed


def test_a_server_that_stops_and_starts_again_loses_nothing(postgres, pg_url, monkeypatch,
                                                            framework):
    monkeypatch.setenv("WORKBOOK_DB", pg_url)
    store = Store(pg_url)
    cid = store.create(Case(title="Klas")).case.id
    field = framework.worksheet("intake").fields[0]
    key = f"w:intake:{field.id}"
    at = start(cid, lang="en", page="app_pages/part2.py")
    typed = "On the square behind the station"
    postgres.stop()
    try:
        _type_while_away(at, key, typed)
        assert_nothing_leaks(at, str(postgres.port), "127.0.0.1")
        assert [w.value for w in at.warning] == [notice_text("unreachable", "en")]
        assert at.session_state[key]["value"] == typed
    finally:
        postgres.start()
    at.run()
    assert_nothing_leaks(at)
    assert not at.warning and not at.error
    assert store.get(cid).case.answer("intake", field.id) == typed
    assert store.head(cid) == 2


def test_a_refused_save_notice_does_not_outlive_the_refusal(db_url, framework):
    """A save refused while the page was drawn left its 'not saved' notice for the next run;
    by then the store writes again and took the change: the notice must not show."""
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    field = framework.worksheet("intake").fields[0]
    at = start(cid, lang="en", page="app_pages/part2.py")
    refuse_writes(db_url)
    at.session_state[f"w:intake:{field.id}"] = {"value": "typed while refused"}
    at.run()  # the save is refused while the page is drawn
    allow_writes(db_url)
    at.run()
    assert not at.exception
    assert store.get(cid).case.answer("intake", field.id) == "typed while refused"
    assert "Not saved" not in texts(at), "a stale notice"


def test_a_button_while_away_says_so_once_and_changes_nothing(db_url):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    at = start(cid, lang="en")
    with away(db_url):
        next(b for b in at.button if b.label == i18n.t("sidebar.new_case", "en")).click().run()
        assert_nothing_leaks(at)
        assert [w.value for w in at.warning] == [notice_text("cannot_open", "en")]
    assert [c.id for c in store.list()] == [cid]
    at.run()
    assert not at.warning


def test_reads_failing_in_another_way_are_said_in_words_too(db_url):
    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    at = start(cid, lang="nl")
    with away(db_url, words="disk I/O error"):
        at.run()
        assert_nothing_leaks(at, "disk I/O")
        assert [w.value for w in at.warning] == [notice_text("io", "nl")]
    at.run()
    assert not at.warning


def test_the_sqlite_driver_error_is_what_the_helper_raises():
    """`away` raises what the driver raises when the file is gone (the test's premise)."""
    with pytest.raises(sqlite3.OperationalError, match="unable to open database file"):
        sqlite3.connect("file:/nonexistent-folder/x.db?mode=rw", uri=True).execute("SELECT 1")


def test_a_store_on_a_read_only_disk_shows_the_cases_and_keeps_what_it_refuses(
        tmp_path, monkeypatch):
    """SQLite opened read-only (as a read-only disk gives it; root can't be kept out of a
    folder by its rights): reading works, a change is refused in words and kept."""
    path = tmp_path / "workbook.db"
    writable = Store(f"sqlite:///{path}")
    cid = writable.create(Case(title="Klas")).case.id
    writable.engine.dispose()
    monkeypatch.setenv("WORKBOOK_DB", f"sqlite:///file:{path}?mode=ro&uri=true")
    at = start(cid, lang="nl")
    assert_nothing_leaks(at)
    assert at.text_input(key="case_title").value == "Klas"
    at.text_input(key="case_title").set_value("Klas 3B").run()
    assert_nothing_leaks(at, "readonly")
    said = i18n.t("app.store_unavailable", "nl", reason=i18n.t("store.reason.read_only", "nl"))
    assert [e.value for e in at.error] == [said]
    assert at.text_input(key="case_title").value == "Klas 3B", "what was typed stays"
    assert Store(f"sqlite:///{path}").get(cid).case.title == "Klas"


def test_every_page_while_away_shows_the_notice_not_a_traceback(db_url):
    from tests.apptest import PAGES

    store = Store(db_url)
    cid = store.create(Case(title="Klas")).case.id
    at = start(cid, lang="en")
    said = notice_text("cannot_open", "en")
    with away(db_url):
        for page in PAGES:
            at.switch_page(page).run()
            assert_nothing_leaks(at)
            assert [w.value for w in at.warning].count(said) == 1, page
    at.run()
    assert not at.warning
