"""The one access check: a user sees and changes their own cases, reads what was shared with
them (until the share is revoked), and gets CaseNotFound for anyone else's case, exactly as
for a case that does not exist."""

from __future__ import annotations

import pytest

from workbook.accounts.access import CaseAccess, ReadOnly
from workbook.accounts.users import LOCAL, User
from workbook.case.model import Case
from workbook.case.store import CaseNotFound

ALICE = User("https://id.example.org", "alice-0001", name="Alice", email="alice@example.org")
BOB = User("https://id.example.org", "bob-0002", name="Bob")
EVE = User("https://other.example.com", "alice-0001")  # same subject, another provider


@pytest.fixture
def alice(store) -> CaseAccess:
    return CaseAccess(store, ALICE)


@pytest.fixture
def bob(store) -> CaseAccess:
    return CaseAccess(store, BOB)


def not_found(call, *args) -> str:
    """What a call answers when the case is not there for this user."""
    with pytest.raises(CaseNotFound) as caught:
        call(*args)
    return repr(caught.value)


def test_a_new_case_belongs_to_its_maker_and_only_they_list_it(store, alice, bob):
    cid = alice.create(Case(title="Stationsplein")).case.id
    assert store.info(cid).owner == ALICE.key
    assert [c.id for c in alice.list()] == [cid]
    assert bob.list() == [] and CaseAccess(store, EVE).list() == []
    assert alice.permission(cid) == "owner" and bob.permission(cid) is None


def test_another_users_case_answers_exactly_as_a_missing_one(alice, bob):
    cid = alice.create(Case(title="Klas 3B")).case.id
    missing = "0123456789abcdef0123456789abcdef"
    reads = [bob.head, bob.get, bob.history, bob.info, bob.can_undo, bob.delete, bob.undelete,
             bob.undo, lambda i: bob.revision(i, 1), lambda i: bob.restore(i, 1),
             lambda i: bob.apply(i, ("title",), "mine now"), lambda i: bob.rename(i, "x"),
             lambda i: bob.duplicate(i, "copy"), lambda i: bob.share(i, BOB),
             lambda i: bob.revoke(i, ALICE), bob.shares]
    for call in reads:
        assert not_found(call, cid) == not_found(call, missing).replace(missing, cid)
    assert alice.get(cid).case.title == "Klas 3B" and alice.get(cid).head == 1


def test_the_owner_changes_undoes_restores_deletes_and_brings_back(alice):
    cid = alice.create(Case(title="Wijk")).case.id
    alice.apply(cid, ("title",), "Wijk Noord")
    assert alice.undo(cid).case.title == "Wijk"
    assert alice.restore(cid, 2).case.title == "Wijk Noord"
    assert [r.number for r in alice.history(cid)] == [4, 3, 2, 1]
    alice.delete(cid)
    assert alice.list() == [] and [c.id for c in alice.list(deleted=True)] == [cid]
    not_found(alice.get, cid)
    alice.undelete(cid)
    assert [c.id for c in alice.list()] == [cid]


def test_a_duplicate_is_a_new_case_of_whoever_made_it(store, alice, bob):
    cid = alice.create(Case(title="Markt")).case.id
    alice.share(cid, BOB, "read")
    copy = bob.duplicate(cid, "Markt (kopie)").case
    assert copy.id != cid and store.info(copy.id).owner == BOB.key
    assert bob.permission(copy.id) == "owner" and alice.permission(copy.id) is None


def test_a_share_to_read_lets_the_grantee_read_but_not_change(store, alice, bob):
    cid = alice.create(Case(title="Stationsplein")).case.id
    alice.share(cid, BOB, "read")
    assert [c.id for c in bob.list()] == [cid] and bob.permission(cid) == "read"
    assert bob.get(cid).case.title == "Stationsplein" and bob.head(cid) == 1
    assert [r.number for r in bob.history(cid)] == [1]
    assert bob.revision(cid, 1).title == "Stationsplein"
    assert not bob.owns(bob.list()[0]) and alice.owns(alice.list()[0])
    for change in (lambda: bob.apply(cid, ("title",), "x"), lambda: bob.undo(cid),
                   lambda: bob.restore(cid, 1), lambda: bob.rename(cid, "x"),
                   lambda: bob.delete(cid), lambda: bob.share(cid, EVE),
                   lambda: bob.revoke(cid, BOB), lambda: bob.shares(cid)):
        with pytest.raises(ReadOnly):
            change()
    assert bob.can_undo(cid) is False
    assert store.head(cid) == 1 and store.get(cid).case.title == "Stationsplein"
    assert bob.list(deleted=True) == []


def test_a_share_to_comment_is_still_no_share_to_change(alice, bob):
    cid = alice.create(Case(title="Park")).case.id
    alice.share(cid, BOB, "comment")
    assert bob.permission(cid) == "comment"
    with pytest.raises(ReadOnly):
        bob.apply(cid, ("title",), "x")
    alice.share(cid, BOB, "read")  # a new share replaces the earlier one
    assert bob.permission(cid) == "read"
    assert [(s.grantee, s.permission) for s in alice.shares(cid)] == [(BOB.key, "read")]


def test_a_revoked_share_answers_as_a_missing_case(alice, bob):
    cid = alice.create(Case(title="Plein")).case.id
    alice.share(cid, BOB, "read")
    alice.revoke(cid, BOB)
    assert bob.list() == [] and bob.permission(cid) is None
    not_found(bob.get, cid)
    not_found(bob.head, cid)
    [share] = alice.shares(cid)
    assert share.revoked_at is not None  # kept, with when it ended
    alice.share(cid, BOB, "read")  # shared again
    assert bob.get(cid).case.title == "Plein"


def test_a_share_names_one_user_of_one_provider(store, alice):
    cid = alice.create(Case(title="Plein")).case.id
    alice.share(cid, BOB, "read")
    assert CaseAccess(store, EVE).permission(cid) is None  # same subject, other issuer
    assert CaseAccess(store, LOCAL).permission(cid) is None


def test_a_deleted_case_is_gone_for_the_grantee_even_from_the_bin(alice, bob):
    cid = alice.create(Case(title="Plein")).case.id
    alice.share(cid, BOB, "read")
    alice.delete(cid)
    assert bob.list() == [] and bob.list(deleted=True) == []
    not_found(bob.history, cid)
    not_found(bob.undelete, cid)


def test_a_share_needs_a_known_permission(alice):
    cid = alice.create(Case(title="Plein")).case.id
    with pytest.raises(ValueError):
        alice.share(cid, BOB, "write")


def test_each_user_reopens_on_their_own_last_case(store, alice, bob):
    first = alice.create(Case(title="Eerste")).case.id
    second = alice.create(Case(title="Tweede")).case.id
    own = bob.create(Case(title="Van Bob")).case.id
    ids = [c.id for c in alice.list()]
    assert alice.last_case(ids) == ids[0]  # nothing remembered yet: the newest
    alice.remember(first)
    bob.remember(own)
    assert alice.last_case(ids) == first and bob.last_case([own]) == own
    bob.remember(second)  # not Bob's to see: not remembered
    assert bob.last_case([own]) == own
    alice.delete(first)
    assert alice.last_case([c.id for c in alice.list()]) == second
    assert alice.last_case([]) is None


def test_local_mode_owns_every_local_case_and_writes_nothing_on_a_visit(store):
    local = CaseAccess(store, LOCAL)
    old = store.create(Case(title="Van voor de accounts")).case.id  # the store's default owner
    cid = local.create(Case(title="Nieuw")).case.id
    assert {c.id for c in local.list()} == {old, cid}
    local.remember(old)
    assert local.last_case([cid, old]) == cid  # the newest, as before accounts
    with store.reading() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM last_cases").scalar() == 0


def test_a_users_repr_names_no_name_or_e_mail():
    assert "alice@example.org" not in repr(ALICE) and "Alice" not in repr(ALICE)
    assert ALICE == User(ALICE.issuer, ALICE.subject)  # the name is not the identity


@pytest.mark.parametrize("claims", [{}, {"iss": "https://id.example.org"}, {"sub": "x"},
                                    {"iss": "https://id example", "sub": "x"},
                                    {"iss": "https://id.example.org", "sub": ""},
                                    {"iss": "https://id.example.org", "sub": "x" * 256},
                                    {"iss": "https://id.example.org", "sub": "a\nb"},
                                    {"iss": 3, "sub": "x"}])
def test_a_login_without_a_usable_issuer_and_subject_is_no_user(claims):
    assert User.from_claims({"is_logged_in": True, **claims}) is None


def test_a_login_names_its_user():
    user = User.from_claims({"iss": "https://id.example.org", "sub": "alice-0001",
                             "name": "Alice", "email": "alice@example.org", "exp": 1})
    assert user == ALICE and user.label() == "Alice · alice@example.org"
    assert User.from_key(user.key) == user and not user.is_local and LOCAL.is_local
