"""A save builds on the case this process wrote last, kept parsed, instead of reading and
validating the newest document again; only while the case's row holds exactly that
revision. After a revision written by another process (another Store on the same
database), or anything else on the row, the newest document is read from the row. Either
way every save gives, and stores, what a fresh parse gives."""

from __future__ import annotations

import json

import pytest

from workbook.case import store as store_module
from workbook.case.files import case_from_doc
from workbook.case.model import Actor, Case, Pole
from workbook.case.ops import AddOp, DeleteOp, MoveOp, SetOp, UpdateOp, from_path
from workbook.case.purge import purge
from workbook.case.store import Store

ACTORS = ("actors",)


def base_case(case_id: str = "plein-0001") -> Case:
    return Case(id=case_id, title="Plein",
                poles=[Pole(id="pa", side="a"), Pole(id="pb", side="b")],
                actors=[Actor(id=f"a{n}", name=f"Actor {n}", stance=n / 10) for n in range(5)])


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    """How many times the store parsed a document into a case (one count per call)."""
    calls: list[int] = []

    def counted(doc, *args, **kwargs):
        calls.append(1)
        return case_from_doc(doc, *args, **kwargs)

    monkeypatch.setattr(store_module, "case_from_doc", counted)
    return calls


def fresh(store: Store, case_id: str) -> Case:
    """The newest revision as another process reads it: from the database, parsed (here,
    not by the store: `parses` counts the store's own)."""
    other = Store(store.url)
    return case_from_doc(other.document(case_id, other.head(case_id)))


def test_the_next_save_builds_on_the_case_this_process_wrote(store, parses):
    cid = store.create(base_case()).case.id
    store.apply_ops(cid, [SetOp(path=("title",), value="Plein 2")])
    assert len(parses) == 1  # created: the first change reads the row
    for n in range(5):
        saved = store.apply_ops(cid, [UpdateOp(collection=ACTORS, id="a1",
                                               fields={"notes": f"versie {n}"})])
        assert saved.case == fresh(store, cid) and saved.head == 3 + n
    saved = store.apply(cid, ("answers", "intake", "what"), "iets")
    assert len(parses) == 1
    assert saved.case == fresh(store, cid) == case_from_doc(store.document(cid, saved.head))


def test_after_another_process_wrote_the_newest_document_is_read(db_url, parses):
    one, two = Store(db_url), Store(db_url)  # two app processes on one database
    cid = one.create(base_case()).case.id
    one.apply_ops(cid, [SetOp(path=("title",), value="van één")])
    one.apply_ops(cid, [UpdateOp(collection=ACTORS, id="a0", fields={"name": "Anna"})])
    before = len(parses)
    two.apply_ops(cid, [UpdateOp(collection=ACTORS, id="a2", fields={"name": "Bo"})],
                  expected_head=3)
    saved = one.apply_ops(cid, [UpdateOp(collection=ACTORS, id="a3", fields={"name": "Cas"})],
                          expected_head=3)
    assert len(parses) == before + 2  # two read revision 3, one read revision 4: not its own
    assert saved.conflict and saved.head == 5
    assert [a.name for a in saved.case.actors] == ["Anna", "Actor 1", "Bo", "Cas", "Actor 4"]
    assert saved.case == fresh(one, cid) and saved.case.title == "van één"
    # one wrote revision 5 itself: its next save builds on it again
    one.apply_ops(cid, [DeleteOp(collection=ACTORS, id="a4")])
    assert len(parses) == before + 2 and fresh(one, cid).actor("a4") is None


def test_the_same_number_holding_another_document_is_read_from_the_row(db_url, parses):
    """Another process removed the case for good and made one of the same id again, up to
    the same revision number: the document on the row is not the one kept here."""
    one, two = Store(db_url), Store(db_url)
    cid = one.create(base_case()).case.id
    one.apply_ops(cid, [SetOp(path=("title",), value="eerste leven")])
    with two.writing() as s:
        purge(s, [cid])
    again = base_case(cid).model_copy(update={"narrative": "opnieuw"})
    assert two.create(again).case.id == cid
    two.apply_ops(cid, [SetOp(path=("title",), value="tweede leven")])
    before = len(parses)
    saved = one.apply_ops(cid, [UpdateOp(collection=ACTORS, id="a0", fields={"notes": "x"})])
    assert len(parses) == before + 1
    assert saved.case.title == "tweede leven" and saved.case.narrative == "opnieuw"
    assert saved.case == fresh(one, cid)


def script(case: Case) -> list:
    """Edits of every kind, undo and restore: ("ops", builder) or ("undo",) or ("restore", n)."""
    return [
        ("ops", lambda c: from_path(c, ("title",), "Plein 2")),
        ("ops", lambda c: [AddOp(collection=ACTORS, row={"id": "n1", "name": "Nieuw"},
                                 after="a1")]),
        ("ops", lambda c: from_path(c, ("actors", 0, "stance"), 1)),  # an int for a float
        ("ops", lambda c: [MoveOp(collection=ACTORS, id="a4", after=None)]),
        ("ops", lambda c: [UpdateOp(collection=ACTORS, id="a2", fields={"notes": "é 🙂 a\x00b"},
                                    was={"notes": "iets anders"})]),
        ("ops", lambda c: from_path(c, ("answers", "scale", "x"), 1.0)),
        ("ops", lambda c: from_path(c, ("answers", "scale", "x"), True)),
        ("ops", lambda c: [DeleteOp(collection=ACTORS, id="a3"),
                           DeleteOp(collection=ACTORS, id="gone")]),
        ("ops", lambda c: from_path(c, ("title",), "Plein 2")),  # nothing changes
        ("undo",),
        ("ops", lambda c: from_path(c, ("answers", "intake", "what"), "tekst " * 40)),
        ("restore", 2),
        ("ops", lambda c: from_path(c, ("strategy", "intended"),
                                    {"a0": {"role": None, "side": None}})),  # tidied away
    ]


def test_a_save_on_the_kept_case_gives_and_stores_what_a_fresh_parse_does(store, tmp_path,
                                                                          monkeypatch):
    reading = Store(f"sqlite:///{tmp_path / 'always-parses.db'}")
    monkeypatch.setattr(reading._parsed, "get", lambda row: None)  # never kept: always parses
    cid = store.create(base_case()).case.id
    assert reading.create(base_case()).case.id == cid
    for step in script(base_case()):
        if step[0] == "undo":
            results = [s.undo(cid) for s in (store, reading)]
        elif step[0] == "restore":
            results = [s.restore(cid, step[1]) for s in (store, reading)]
        else:
            shown = store.get(cid).case
            results = [s.apply_ops(cid, step[1](shown)) for s in (store, reading)]
        kept, parsed = results
        assert kept.case == parsed.case and kept.head == parsed.head
        assert kept.case.to_doc() == parsed.case.to_doc()
        if step[0] == "ops":
            assert kept.report == parsed.report
    assert store.head(cid) == reading.head(cid)
    for number in range(1, store.head(cid) + 1):
        assert json.dumps(store.document(cid, number)) == \
            json.dumps(reading.document(cid, number)), number
    assert [(r.kind, r.note, r.base) for r in store.history(cid)] == \
        [(r.kind, r.note, r.base) for r in reading.history(cid)]
