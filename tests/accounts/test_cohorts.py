"""Cohorts, shares with a cohort, comments and the access log, on SQLite and PostgreSQL: a
facilitator makes a cohort and a join link; a trainee joins, shares a case with the cohort's
facilitators and takes it back; the owner sees who opened it; comments go both ways; the
cohort page's progress reveals nothing of a case."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import BACKENDS
from workbook.accounts import access as access_module
from workbook.accounts.access import CaseAccess, ReadOnly
from workbook.accounts.cohorts import CohortAccess, JoinRefused, NotAFacilitator
from workbook.accounts.facilitators import Facilitators
from workbook.accounts.users import LOCAL, User
from workbook.case.model import Case
from workbook.case.store import CaseNotFound



def pytest_generate_tests(metafunc) -> None:
    """Every test that uses the store runs on SQLite and on PostgreSQL."""
    if "db_url" in metafunc.fixturenames:
        metafunc.parametrize("db_url", BACKENDS, indirect=True)

ISS = "https://id.example.org"
FRIDA = User(ISS, "frida-01", name="Frida", email="frida@example.org",
             verified_email="frida@example.org")
TOM = User(ISS, "tom-02", name="Tom", email="tom@example.org")
UMA = User(ISS, "uma-03", name="Uma")
GREG = User(ISS, "greg-04", verified_email="greg@example.org")  # a facilitator elsewhere
CONFIG = Facilitators.from_config({"facilitators": ["Frida@Example.org", "greg@example.org"]})


def cohorts(store, user: User) -> CohortAccess:
    return CohortAccess(store, user, CONFIG.named(user))


def cases(store, user: User) -> CaseAccess:
    return CaseAccess(store, user, CONFIG.named(user))


@pytest.fixture
def cohort(store):
    made = cohorts(store, FRIDA).create("Wij-Zij Gent, voorjaar", "Frida F.")
    cohorts(store, TOM).join(made.join_code, "Tom")
    return made


def test_only_a_configured_facilitator_makes_a_cohort(store):
    assert CONFIG.named(FRIDA) and not CONFIG.named(TOM)
    with pytest.raises(NotAFacilitator):
        cohorts(store, TOM).create("Mine", "Tom")
    made = cohorts(store, FRIDA).create("  Gent \n voorjaar ", "Frida")
    assert made.name == "Gent voorjaar" and made.role == "facilitator"
    assert len(made.join_code) >= 22
    assert [c.name for c in cohorts(store, FRIDA).mine()] == ["Gent voorjaar"]


def test_an_unverified_address_or_a_name_makes_no_one_a_facilitator():
    claims = {"iss": ISS, "sub": "x-9", "email": "frida@example.org", "name": "Frida"}
    assert not CONFIG.named(User.from_claims(claims))
    assert not CONFIG.named(User.from_claims({**claims, "email_verified": False}))
    assert CONFIG.named(User.from_claims({**claims, "email_verified": True}))
    assert CONFIG.named(User.from_claims({**claims, "email_verified": "true"}))
    entra = {"iss": ISS, "sub": "x-9", "preferred_username": "frida@example.org",
             "email_verified": True}
    assert not CONFIG.named(User.from_claims(entra))
    by_login = Facilitators.from_config({"facilitator_logins": [f"{ISS} x-9"]})
    assert by_login.named(User.from_claims(entra)) and not by_login.named(LOCAL)
    assert Facilitators.from_config(None) == Facilitators()


def test_a_trainee_joins_with_the_link_and_sees_no_link_or_members(store, cohort):
    tom = cohorts(store, TOM)
    assert [(c.name, c.role, c.join_code) for c in tom.mine()] == [
        ("Wij-Zij Gent, voorjaar", "trainee", None)]
    for call in (tom.members, tom.new_link, tom.revoke_link, tom.shared_cases):
        with pytest.raises(NotAFacilitator):
            call(cohort.id)
    frida = cohorts(store, FRIDA)
    assert [(m.name, m.role) for m in frida.members(cohort.id)] == [
        ("Frida F.", "facilitator"), ("Tom", "trainee")]


def test_a_revoked_or_unknown_code_opens_nothing_and_changes_nothing(store, cohort):
    frida, uma = cohorts(store, FRIDA), cohorts(store, UMA)
    old = cohort.join_code
    assert uma.invited_to(old) == (cohort.id, cohort.name)
    frida.revoke_link(cohort.id)
    for code in (old, "", "nope", "x" * 500, None):
        assert uma.invited_to(code) is None
        with pytest.raises(JoinRefused):
            uma.join(code, "Uma")
    assert uma.mine() == []
    new = frida.new_link(cohort.id)
    assert new != old and uma.join(new, "Uma").role == "trainee"
    with pytest.raises(JoinRefused):
        CohortAccess(store, LOCAL).join(new, "local")


def test_another_facilitator_joins_as_one_and_sees_the_cohort(store, cohort):
    greg = cohorts(store, GREG)
    assert greg.join(cohort.join_code, "Greg").role == "facilitator"
    assert [m.name for m in greg.members(cohort.id)] == ["Frida F.", "Greg", "Tom"]


def test_a_share_with_the_cohort_reaches_its_facilitators_until_taken_back(store, cohort):
    tom = cases(store, TOM)
    cid = tom.create(Case(title="Ahmed en de wijkagent")).case.id
    frida, uma = cases(store, FRIDA), cases(store, UMA)
    assert frida.permission(cid) is None
    with pytest.raises(CaseNotFound):  # only with a cohort one is in
        cases(store, UMA).share_cohort(uma.create(Case()).case.id, cohort.id)
    tom.share_cohort(cid, cohort.id, "read")
    assert frida.permission(cid) == "read" and uma.permission(cid) is None
    assert [c.id for c in frida.list()] == [cid]
    assert [(i.id, p) for i, p in cohorts(store, FRIDA).shared_cases(cohort.id)] == [
        (cid, "read")]
    assert frida.get(cid).case.title == "Ahmed en de wijkagent"
    with pytest.raises(ReadOnly):
        frida.apply(cid, ("title",), "mine")
    # a facilitator no longer named in the configuration sees nothing any more
    assert CaseAccess(store, FRIDA, facilitator=False).permission(cid) is None
    tom.revoke_cohort(cid, cohort.id)
    assert cases(store, FRIDA).permission(cid) is None and cases(store, FRIDA).list() == []
    tom.share_cohort(cid, cohort.id, "comment")
    cohorts(store, TOM).leave(cohort.id)  # leaving takes every share with the cohort back
    assert cases(store, FRIDA).permission(cid) is None
    assert cohorts(store, TOM).mine() == []


def test_the_owner_sees_who_opened_a_shared_case_and_when(store, cohort, monkeypatch):
    tom = cases(store, TOM)
    cid = tom.create(Case(title="Klas 3B")).case.id
    tom.share_cohort(cid, cohort.id)
    clock = [dt.datetime(2026, 3, 2, 9, 0)]
    monkeypatch.setattr(access_module, "now", lambda: clock[0])
    cases(store, FRIDA).get(cid)
    tom.get(cid)  # the owner's own opening is not noted
    clock[0] += dt.timedelta(minutes=3)
    cases(store, FRIDA).get(cid)  # within ten minutes: the same opening
    clock[0] += dt.timedelta(hours=2)
    cases(store, FRIDA).get(cid)
    assert [(o.name, o.at) for o in tom.openings(cid)] == [
        ("Frida F.", dt.datetime(2026, 3, 2, 11, 3)), ("Frida F.", dt.datetime(2026, 3, 2, 9))]
    with pytest.raises(ReadOnly):
        cases(store, FRIDA).openings(cid)
    with pytest.raises(CaseNotFound):
        cases(store, UMA).openings(cid)


def test_comments_next_to_a_question_for_owner_and_commenting_facilitator(store, cohort):
    tom = cases(store, TOM)
    cid = tom.create(Case(title="Klas 3B")).case.id
    tom.share_cohort(cid, cohort.id, "read")
    frida = cases(store, FRIDA)
    with pytest.raises(ReadOnly):  # shared to read: no comments, neither to read nor write
        frida.comment(cid, "intake", "what", "Wie zit er in het midden?")
    with pytest.raises(ReadOnly):
        frida.comments(cid)
    tom.share_cohort(cid, cohort.id, "comment")
    frida.comment(cid, "intake", "what", "  **Wie** zit er in het midden? <b>x</b> ")
    tom.comment(cid, "intake", "what", "De leerkracht, denk ik.")
    with pytest.raises(ValueError):
        tom.comment(cid, "intake", "what", "   ")
    seen = [(c.worksheet, c.field, c.author_name, c.mine, c.text) for c in tom.comments(cid)]
    assert seen == [("intake", "what", "Frida F.", False, "**Wie** zit er in het midden? <b>x</b>"),
                    ("intake", "what", "Tom", True, "De leerkracht, denk ik.")]
    mine = [c.id for c in frida.comments(cid) if c.mine]
    tom.delete_comment(cid, mine[0])  # another's comment stays
    frida.delete_comment(cid, mine[0])
    assert [c.author_name for c in tom.comments(cid)] == ["Tom"]
    with pytest.raises(CaseNotFound):
        cases(store, UMA).comments(cid)


def test_progress_per_part_reveals_nothing_of_a_case(store, cohort):
    tom = cases(store, TOM)
    tom.create(Case(title="Older"))
    secret = Case(title="Ahmed Y. en agent Claes")
    tom.create(secret)
    seen: list[str] = []

    def measure(case: Case) -> dict[int, tuple[int, int]]:
        seen.append(case.title)
        return {1: (0, 4), 2: (1, 30)}

    rows = cohorts(store, FRIDA).progress(cohort.id, measure)
    assert [(r.member.name, r.cases, r.measured) for r in rows] == [
        ("Tom", 2, {1: (0, 4), 2: (1, 30)})]
    assert seen == ["Ahmed Y. en agent Claes"]  # the case changed last
    assert "Ahmed" not in repr(rows)
    with pytest.raises(NotAFacilitator):
        cohorts(store, TOM).progress(cohort.id, measure)
