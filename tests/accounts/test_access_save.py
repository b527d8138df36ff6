"""A save (the operations a user typed) checks its owner inside its own write, with no query
of its own first; anyone else still gets what every other change says, with nothing written:
ReadOnly for a case shared with them (to read or to comment), CaseNotFound for anyone else,
exactly as for a case that does not exist."""

from __future__ import annotations

import pytest

from workbook.accounts.access import CaseAccess, ReadOnly
from workbook.accounts.users import LOCAL, User
from workbook.case.model import Actor, Case
from workbook.case.ops import SetOp, UpdateOp
from workbook.case.store import CaseNotFound, StoreUnavailable

ALICE = User("https://id.example.org", "alice-0001", name="Alice")
BOB = User("https://id.example.org", "bob-0002", name="Bob")  # shared to read
CAROL = User("https://id.example.org", "carol-0003", name="Carol")  # shared to comment
DAVE = User("https://id.example.org", "dave-0004", name="Dave")  # no share
MISSING = "0123456789abcdef0123456789abcdef"
BATCH = "batch-0123456789"


def ops() -> list:
    return [SetOp(path=("title",), value="mine now", was="Plein"),
            UpdateOp(collection=("actors",), id="a1", fields={"name": "Zed"})]


def saves(access: CaseAccess) -> list:
    """Every way a save reaches the store, with and without a batch id."""
    return [lambda cid: access.apply_ops(cid, ops()),
            lambda cid: access.apply_ops(cid, ops(), expected_head=1, note="x", batch=BATCH),
            lambda cid: access.apply(cid, ("title",), "mine now"),
            lambda cid: access.apply(cid, ("actors", 0, "name"), "Zed", 1)]


@pytest.fixture
def shared(store) -> str:
    alice = CaseAccess(store, ALICE)
    cid = alice.create(Case(title="Plein", actors=[Actor(id="a1", name="Anna")])).case.id
    alice.share(cid, BOB, "read")
    alice.share(cid, CAROL, "comment")
    return cid


def unchanged(store, cid: str) -> None:
    assert store.head(cid) == 1 and [r.number for r in store.history(cid)] == [1]
    case = store.get(cid).case
    assert case.title == "Plein" and case.actors[0].name == "Anna"


def test_a_grantee_gets_read_only_and_a_stranger_not_found_with_nothing_written(store, shared):
    for user in (BOB, CAROL):
        for save in saves(CaseAccess(store, user)):
            with pytest.raises(ReadOnly):
                save(shared)
    for save in saves(CaseAccess(store, DAVE)):
        with pytest.raises(CaseNotFound) as theirs:
            save(shared)
        with pytest.raises(CaseNotFound) as missing:
            save(MISSING)
        assert type(theirs.value) is CaseNotFound  # not a kind of its own: no hint
        assert repr(theirs.value) == repr(missing.value).replace(MISSING, shared)
    unchanged(store, shared)
    # the refused batch was not noted as applied: the owner's same batch is no replay
    saved = CaseAccess(store, ALICE).apply_ops(shared, ops(), batch=BATCH)
    assert not saved.report.replayed and saved.head == 2 and saved.case.title == "mine now"


def test_a_deleted_case_is_not_found_for_everyone_who_saves(store, shared):
    CaseAccess(store, ALICE).delete(shared)
    for user in (ALICE, BOB, CAROL, DAVE):
        for save in saves(CaseAccess(store, user)):
            with pytest.raises(CaseNotFound):
                save(shared)
    assert store.info(shared).head == 1


def test_a_revoked_share_saves_as_a_stranger(store, shared):
    CaseAccess(store, ALICE).revoke(shared, BOB)
    with pytest.raises(CaseNotFound):
        CaseAccess(store, BOB).apply_ops(shared, ops())
    unchanged(store, shared)


def test_the_owners_save_asks_no_question_before_its_write(store, shared, monkeypatch):
    alice = CaseAccess(store, ALICE)

    def asked(*args, **kwargs):
        raise AssertionError("the owner's save looked the case up first")

    monkeypatch.setattr(alice, "_look", asked)
    saved = alice.apply_ops(shared, ops(), expected_head=1, batch=BATCH)
    assert saved.head == 2 and saved.case.actors[0].name == "Zed"
    assert alice.apply(shared, ("title",), "again").case.title == "again"
    assert store.head(shared) == 3


def test_local_mode_saves_its_cases(store):
    local = CaseAccess(store, LOCAL)
    cid = store.create(Case(title="Plein")).case.id  # the store's own owner: the local user
    assert local.apply_ops(cid, [SetOp(path=("title",), value="Markt")]).case.title == "Markt"


def test_when_the_store_refuses_the_write_a_grantee_still_hears_read_only(store, shared,
                                                                          monkeypatch):
    def refused(*args, **kwargs):
        raise StoreUnavailable("database is locked")

    monkeypatch.setattr(store, "apply_ops", refused)
    with pytest.raises(ReadOnly):
        CaseAccess(store, BOB).apply_ops(shared, ops())
    with pytest.raises(CaseNotFound):
        CaseAccess(store, DAVE).apply_ops(shared, ops())
    with pytest.raises(StoreUnavailable):
        CaseAccess(store, ALICE).apply_ops(shared, ops())
