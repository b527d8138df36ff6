"""Revisions store what changed (a patch against the revision before, a whole document every
so many revisions), on both backends: any sequence of edits, undos and restores reads back,
revision by revision, exactly as the store that kept whole documents had it; and a database
that store left is upgraded on its first start, every revision reading back identical."""

from __future__ import annotations

import json
import random
import threading
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import create_engine, inspect

from tests.case.wholedocs import WholeDocs, old_database
from workbook.case import ops as O
from workbook.case import revdata
from workbook.case.dbschema import upgrade
from workbook.case.files import case_from_doc
from workbook.case.model import Actor, Case, Pole
from workbook.case.store import Store, StoreUnavailable

WORDS = "de jongeren op het plein zeggen dat politie altijd controleert".split()


def text(doc) -> str:
    return json.dumps(doc, ensure_ascii=False)


def base_case(actors: int = 6) -> Case:
    return Case(title="Plein", poles=[Pole(side="a", label="Jongeren"),
                                      Pole(side="b", label="Buurt")],
                actors=[Actor(id=f"a{n}", name=f"Actor {n}", notes="notitie " * n)
                        for n in range(actors)])


def edit_ops(case: Case, action: tuple) -> list:
    """The operations of one user action on the case as shown."""
    what, n, value = action
    ids = [a.id for a in case.actors]
    if what == "text":
        path = ("answers", "intake", f"f{n % 3}")
        old = case.answer("intake", f"f{n % 3}") or ""
        return O.from_path(case, path, (old + " " + value * (n % 4 + 1)).strip())
    if what == "number":  # the same number as another JSON type, with another change
        return (O.from_path(case, ("answers", "scale", "x"), [1, 1.0, True, 0, -0.0][n % 5])
                + O.from_path(case, ("answers", "scale", "y"), n))
    if what == "title":
        return O.from_path(case, ("title",), value)
    if what == "add":  # a CSV import adds many at once
        rows = [Actor(name=f"{value} {k}").model_dump(mode="json") for k in range(n * 3 + 1)]
        return [O.AddOp(collection=("actors",), row=r) for r in rows]
    if not ids:
        return []
    actor = case.actors[n % len(ids)]
    if what == "actor":
        after = actor.model_dump(mode="json")
        after.update(stance=round((n % 20) / 10 - 1, 1), notes=actor.notes + " " + value)
        return O.update(("actors",), actor.model_dump(mode="json"), after)
    if what == "delete":
        return [O.DeleteOp(collection=("actors",), id=actor.id)]
    if what == "move":
        return O.moved(("actors",), ids, actor.id, 1 if n % 2 else -1)
    raise AssertionError(what)


actions = st.lists(st.tuples(
    st.sampled_from(["text", "text", "actor", "add", "delete", "move", "title", "number",
                     "undo", "undo", "restore"]),
    st.integers(0, 40), st.sampled_from(WORDS + ["", "é 🙂", "a\x00b"])), max_size=45)


def play(store: Store, whole: WholeDocs, case_id: str, steps) -> None:
    """The same user actions on the store and on the whole-document store."""
    for what, n, value in steps:
        if what == "undo":
            store.undo(case_id)
            whole.undo()
        elif what == "restore":
            number = 1 + n % whole.head
            store.restore(case_id, number)
            whole.restore(number)
        else:
            ops = edit_ops(case_from_doc(whole.revs[-1].doc), (what, n, value))
            if ops:
                store.apply_ops(case_id, ops)
                whole.apply_ops(ops)


def check_every_revision(store: Store, whole: WholeDocs, case_id: str) -> None:
    """Every revision reads back as the whole-document store has it: from this store, which
    keeps the revisions it wrote last in memory, and from one that rebuilds each from the
    database (as another process does)."""
    _check_every_revision(store, whole, case_id)
    rebuilding = Store(store.url)
    _check_every_revision(rebuilding, whole, case_id)


def _check_every_revision(store: Store, whole: WholeDocs, case_id: str) -> None:
    assert store.head(case_id) == whole.head
    history = sorted(store.history(case_id), key=lambda r: r.number)
    assert [(r.kind, r.note, r.base) for r in history] == \
        [(r.kind, r.note, r.base) for r in whole.revs]
    for number, rev in enumerate(whole.revs, start=1):
        assert text(store.document(case_id, number)) == text(rev.doc), number
        assert store.revision(case_id, number) == case_from_doc(rev.doc)
    assert store.get(case_id).case.to_doc() == case_from_doc(whole.revs[-1].doc).to_doc()
    assert store.can_undo(case_id) == (whole.revs[-1].base is not None)


@pytest.mark.parametrize("every", [3, revdata.KEYFRAME_EVERY])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=actions)
def test_any_edits_undos_and_restores_read_back_as_whole_documents(store, monkeypatch, every,
                                                                   steps):
    monkeypatch.setattr(revdata, "KEYFRAME_EVERY", every)
    case = base_case()
    case_id = store.create(case).case.id
    whole = WholeDocs(case)
    play(store, whole, case_id, steps)
    check_every_revision(store, whole, case_id)


def test_a_revision_is_rebuilt_from_a_keyframe_and_at_most_15_patches(store):
    case_id = store.create(base_case()).case.id
    for n in range(70):
        store.apply(case_id, ("answers", "intake", "what"), f"versie {n}")
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT number, keyframe FROM revisions WHERE case_id = '{case_id}'").all()
    assert all(0 <= number - keyframe < revdata.KEYFRAME_EVERY for number, keyframe in rows)
    assert {keyframe for _, keyframe in rows} == {1, 17, 33, 49, 65}


def test_only_a_stored_revision_is_remembered(store, monkeypatch):
    """A write the database refuses leaves nothing in memory: the next revision of that
    number is whatever is stored, maybe by another process."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    case_id = store.create(base_case()).case.id
    store.apply(case_id, ("answers", "intake", "what"), "eerst")
    assert store._recent.holds(case_id, 2)

    def refuse(self):
        raise OperationalError("COMMIT", {}, Exception("disk full"))

    monkeypatch.setattr(Session, "commit", refuse)
    with pytest.raises(StoreUnavailable):
        store.apply(case_id, ("answers", "intake", "what"), "nooit bewaard")
    monkeypatch.undo()
    assert not store._recent.holds(case_id, 3)
    store.undo(case_id)
    assert store.get(case_id).case.answer("intake", "what") is None
    assert store.document(case_id, 3) == Store(store.url).document(case_id, 3)


# -- the upgrade of a database whose revisions are whole documents ------------------------------
def old_cases(seed: int = 4, count: int = 3) -> dict[str, WholeDocs]:
    """A few cases with histories of every kind: edits, undos, restores, a big import, and
    one whose first documents are of format version 1 (no snapshots, no pole ids)."""
    rng = random.Random(seed)
    cases: dict[str, WholeDocs] = {}
    for k in range(count):
        case = base_case(actors=60 if k == 0 else 4)
        whole = WholeDocs(case)
        if k == 2:  # an old format: the store migrates such documents when they are read
            doc = case.to_doc()
            doc.update(format_version=1)
            doc.pop("snapshots")
            for pole in doc["poles"]:
                pole.pop("id")
            whole.revs[0] = replace(whole.revs[0], doc=doc)
        kinds = ["text"] * 5 + ["actor"] * 3 + ["add", "delete", "move", "number", "undo",
                                                 "restore"]
        steps = [(rng.choice(kinds), rng.randint(0, 40), rng.choice(WORDS))
                 for _ in range(90 if k == 0 else 25)]
        store_free_play(whole, steps)
        cases[f"case{k}x{seed}"] = whole
    return cases


def store_free_play(whole: WholeDocs, steps) -> None:
    for what, n, value in steps:
        if what == "undo":
            whole.undo()
        elif what == "restore":
            whole.restore(1 + n % whole.head)
        else:
            ops = edit_ops(case_from_doc(whole.revs[-1].doc), (what, n, value))
            if ops:
                whole.apply_ops(ops)


def check_upgraded(url: str, cases: dict[str, WholeDocs], deleted: set[str]) -> None:
    store = Store(url)
    columns = {c["name"] for c in inspect(store.engine).get_columns("revisions")}
    assert "doc" not in columns and {"data", "keyframe"} <= columns
    assert {c.id for c in store.list()} == set(cases) - deleted
    assert {c.id for c in store.list(deleted=True)} == deleted
    for case_id, whole in cases.items():
        if case_id in deleted:
            store.undelete(case_id)
        check_every_revision(store, whole, case_id)
    # and it goes on: an edit, an undo, a restore, read back as the old store would have them
    case_id, whole = next(iter(cases.items()))
    play(store, whole, case_id, [("text", 1, "verder"), ("undo", 0, ""), ("restore", 3, "")])
    check_every_revision(store, whole, case_id)
    Store(url)  # opening it again changes nothing
    check_every_revision(Store(url), whole, case_id)


def test_an_old_database_of_whole_documents_is_upgraded_with_nothing_lost(db_url):
    cases = old_cases()
    deleted = {list(cases)[1]}
    old_database(db_url, cases, deleted)
    check_upgraded(db_url, cases, deleted)


def test_the_upgrade_makes_the_sqlite_file_smaller(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    cases = old_cases(seed=5, count=1)
    old_database(url, cases)
    size = (tmp_path / "old.db").stat().st_size
    Store(url)
    assert (tmp_path / "old.db").stat().st_size < size / 4


def test_several_processes_upgrading_at_once(db_url):
    cases = old_cases(seed=6, count=2)
    old_database(db_url, cases)
    engines = [create_engine(db_url) for _ in range(3)]  # each as another process has
    if db_url.startswith("sqlite"):  # as the store's own engines: BEGIN IMMEDIATE to write
        from workbook.case.dbengine import make_engine
        engines = [make_engine(db_url) for _ in range(3)]
    errors: list[BaseException] = []

    def upgrade_it(engine) -> None:
        try:
            upgrade(engine)
        except BaseException as exc:  # noqa: BLE001 - the finding
            errors.append(exc)

    threads = [threading.Thread(target=upgrade_it, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert errors == []
    check_upgraded(db_url, cases, set())


def test_a_case_removed_for_good_leaves_nothing_in_memory(store):
    """Retention or a deleted account removes a case's rows; the revisions this process kept
    in memory go with them."""
    from workbook.case.purge import purge

    case_id = store.create(base_case()).case.id
    store.apply(case_id, ("answers", "intake", "what"), "weg ermee")
    kept = store.create(base_case()).case.id
    assert store._recent.holds(case_id, 2)
    with store._write() as s:
        purge(s, [case_id])
    assert not store._recent.holds(case_id, 1) and not store._recent.holds(case_id, 2)
    assert store._recent.holds(kept, 1)


def test_a_case_made_again_under_a_removed_ones_id_never_reads_the_old_revisions(store):
    """Another process removes a case for good and a new case arrives under the same id
    (an import of a file of it): this process's undo and restore read the new case's
    revisions, never the ones it kept in memory of the old case."""
    from workbook.case.purge import purge

    old = store.create(base_case()).case
    store.apply(old.id, ("answers", "intake", "what"), "oud een")
    store.apply(old.id, ("answers", "intake", "what"), "oud twee")
    other = Store(store.url)  # another process on the same database
    with other._write() as s:
        purge(s, [old.id])
    again = other.create(base_case().model_copy(update={"id": old.id})).case
    assert again.id == old.id
    other.apply(old.id, ("answers", "intake", "what"), "nieuw een")
    other.apply(old.id, ("answers", "intake", "what"), "nieuw twee")
    assert store.undo(old.id).case.answer("intake", "what") == "nieuw een"
    assert store.restore(old.id, 3).case.answer("intake", "what") == "nieuw twee"
