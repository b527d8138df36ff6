"""The store: every save is a revision; undo, history, restore, delete and bring back."""

import threading

import pytest
from pydantic import ValidationError

from workbook.case.model import Actor, Case
from workbook.case.store import CaseNotFound, Store


def new(store: Store, title: str = "Stationsplein") -> str:
    return store.create(Case(title=title)).case.id


def test_every_change_is_a_new_revision_and_nothing_is_overwritten(store):
    cid = new(store)
    store.apply(cid, ("answers", "intake", "what"), "eerste versie")
    store.apply(cid, ("answers", "intake", "what"), "tweede versie")
    assert store.head(cid) == 3
    assert store.revision(cid, 2).answer("intake", "what") == "eerste versie"
    assert store.get(cid).case.answer("intake", "what") == "tweede versie"
    assert [r.number for r in store.history(cid)] == [3, 2, 1]


def test_saving_the_same_value_adds_no_revision(store):
    cid = new(store)
    store.apply(cid, ("title",), "Stationsplein")
    assert store.head(cid) == 1


def test_undo_goes_back_one_change_at_a_time_and_stops_at_the_start(store):
    cid = new(store)
    for text in ("a", "b", "c"):
        store.apply(cid, ("answers", "w", "f"), text)
    assert store.undo(cid).case.answer("w", "f") == "b"
    assert store.undo(cid).case.answer("w", "f") == "a"
    assert store.undo(cid).case.answer("w", "f") is None
    assert store.undo(cid) is None
    assert store.get(cid).case.title == "Stationsplein"
    # undo itself is history too: nothing was thrown away
    assert store.head(cid) == 7


def test_an_edit_after_undo_continues_from_the_undone_state(store):
    cid = new(store)
    store.apply(cid, ("answers", "w", "f"), "a")
    store.apply(cid, ("answers", "w", "f"), "b")
    store.undo(cid)
    store.apply(cid, ("answers", "w", "g"), "x")
    assert store.undo(cid).case.answer("w", "f") == "a"


def test_restore_an_earlier_revision_is_undoable(store):
    cid = new(store)
    store.apply(cid, ("title",), "Tweede titel")
    store.restore(cid, 1)
    assert store.get(cid).case.title == "Stationsplein"
    store.undo(cid)
    assert store.get(cid).case.title == "Tweede titel"


def test_rename_duplicate_delete_and_bring_back(store):
    cid = new(store)
    store.rename(cid, "Nieuwe naam")
    copy = store.duplicate(cid, "Kopie").case
    assert copy.id != cid and copy.title == "Kopie"
    assert {c.title for c in store.list()} == {"Nieuwe naam", "Kopie"}
    store.delete(cid)
    assert [c.id for c in store.list()] == [copy.id]
    assert [c.id for c in store.list(deleted=True)] == [cid]
    with pytest.raises(CaseNotFound):
        store.get(cid)
    store.undelete(cid)
    assert store.get(cid).case.title == "Nieuwe naam"


def test_create_never_overwrites_an_existing_case(store):
    case = Case(title="Eerste")
    store.create(case)
    second = store.create(case.model_copy(update={"title": "Tweede"})).case
    assert second.id != case.id
    assert store.get(case.id).case.title == "Eerste"


def test_an_invalid_change_is_refused_and_stores_nothing(store):
    cid = new(store)
    with pytest.raises(ValidationError):
        store.apply(cid, ("actors",), [{"name": "X", "influence": 9}])
    assert store.head(cid) == 1


def test_a_stale_writer_keeps_both_edits_and_is_told(store):
    cid = new(store)
    seen = store.head(cid)  # two tabs open the case at revision 1
    store.apply(cid, ("answers", "intake", "what"), "tab 1", expected_head=seen)
    saved = store.apply(cid, ("answers", "intake", "where"), "tab 2", expected_head=seen)
    assert saved.conflict
    case = store.get(cid).case
    assert case.answer("intake", "what") == "tab 1"
    assert case.answer("intake", "where") == "tab 2"


def test_concurrent_writers_lose_nothing(store):
    cid = new(store)

    def write(n: int) -> None:
        for i in range(10):
            store.apply(cid, ("answers", f"t{n}", f"f{i}"), f"{n}-{i}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    case = store.get(cid).case
    assert sum(len(v) for v in case.answers.values()) == 40
    assert store.head(cid) == 41


def test_data_survives_a_new_store_object(db_url):
    first = Store(db_url)
    cid = first.create(Case(title="Blijft")).case.id
    first.apply(cid, ("actors",), [Actor(name="Wijkagent").model_dump(mode="json")])
    again = Store(db_url)
    assert again.get(cid).case.actors[0].name == "Wijkagent"


def test_any_text_comes_back_exactly_as_it_was_entered(store):
    """Emoji, right-to-left script, markup, quotes, a NUL character (which PostgreSQL's text
    columns cannot hold) and the longest answer allowed."""
    odd = "Ahmed & 'de jongeren' <b>\"wij\"</b> — שלום 🙂 a\x00b \\u0000"
    cid = store.create(Case(title=odd[:300])).case.id
    store.apply(cid, ("answers", "intake", "what"), odd)
    store.apply(cid, ("answers", "intake", "long"), "é" * 20_000)
    case = store.get(cid).case
    assert (case.title, case.answer("intake", "what")) == (odd[:300], odd)
    assert case.answer("intake", "long") == "é" * 20_000
    assert [c.title for c in store.list()] == [odd.replace("\x00", "")], \
        "the list shows the title, without the NUL"


def test_times_are_kept_to_the_microsecond_and_the_list_is_newest_first(store):
    older, newer = new(store, "Ouder"), new(store, "Nieuwer")
    store.apply(older, ("title",), "Ouder, net gewijzigd")
    infos = {c.id: c for c in store.list()}
    assert [c.id for c in store.list()] == [older, newer], "the last change comes first"
    revisions = store.history(older)
    assert infos[older].updated_at == revisions[0].created_at
    assert infos[older].created_at == revisions[-1].created_at
    for when in (infos[older].updated_at, revisions[0].created_at):
        assert when.tzinfo is None, "UTC, without a zone, on both backends"
    assert infos[older].created_at < infos[older].updated_at
