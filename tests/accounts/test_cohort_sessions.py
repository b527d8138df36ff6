"""A cohort's session dates, on SQLite and PostgreSQL: only its facilitator sets them, they
are checked (all three, in order, within a year), its members read them, a database from
before them gains their table, and a trainee's case follows the right cohort's dates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text

from tests.accounts.test_cohorts import CONFIG, FRIDA, GREG, TOM, UMA, cases, cohorts
from tests.conftest import BACKENDS
from workbook.accounts.cohorts import (NotAFacilitator, NotInCohort, ScheduleRefused,
                                       check_sessions)
from workbook.case.model import Case
from workbook.case.store import Store

SEPT = (dt.date(2026, 9, 27), dt.date(2026, 10, 20), dt.date(2026, 11, 3))


def pytest_generate_tests(metafunc) -> None:
    """Every test that uses the store runs on SQLite and on PostgreSQL."""
    if "db_url" in metafunc.fixturenames:
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


@pytest.fixture
def cohort(store):
    made = cohorts(store, FRIDA).create("Gent voorjaar", "Frida F.")
    cohorts(store, TOM).join(made.join_code, "Tom")
    return made


def test_the_facilitator_sets_the_dates_and_the_members_read_them(store, cohort):
    frida, tom = cohorts(store, FRIDA), cohorts(store, TOM)
    assert tom.sessions(cohort.id) == () and tom.mine()[0].sessions == ()
    assert frida.set_sessions(cohort.id, list(SEPT)) == SEPT
    assert tom.sessions(cohort.id) == SEPT and frida.sessions(cohort.id) == SEPT
    assert tom.mine()[0].sessions == SEPT and frida.mine()[0].sessions == SEPT
    later = (dt.date(2027, 2, 1), dt.date(2027, 2, 22), dt.date(2027, 3, 8))
    frida.set_sessions(cohort.id, later)  # set again: replaced, not added
    assert tom.sessions(cohort.id) == later
    frida.set_sessions(cohort.id, None)  # cleared: the course's rhythm again
    assert tom.sessions(cohort.id) == ()


def test_only_the_cohorts_facilitator_sets_them_and_only_members_read_them(store, cohort):
    for who in (TOM, UMA, GREG):  # a trainee; no member; a facilitator of no this cohort
        with pytest.raises(NotAFacilitator):
            cohorts(store, who).set_sessions(cohort.id, SEPT)
    # named a facilitator no longer: sets nothing any more
    from workbook.accounts.cohorts import CohortAccess
    with pytest.raises(NotAFacilitator):
        CohortAccess(store, FRIDA, facilitator=False).set_sessions(cohort.id, SEPT)
    for who in (UMA, GREG):
        with pytest.raises(NotInCohort):
            cohorts(store, who).sessions(cohort.id)
    with pytest.raises(NotInCohort):
        cohorts(store, TOM).sessions("no-such-cohort")
    assert cohorts(store, TOM).sessions(cohort.id) == ()


@pytest.mark.parametrize("days,key", [
    ((SEPT[0], SEPT[1]), "sessions_missing"),
    ((SEPT[0], None, SEPT[2]), "sessions_missing"),
    ((SEPT[1], SEPT[0], SEPT[2]), "sessions_order"),
    ((SEPT[0], SEPT[0], SEPT[2]), "sessions_order"),  # two sessions on one day
    ((SEPT[0], SEPT[1], dt.date(2028, 1, 1)), "sessions_span"),
    ((dt.date(1926, 9, 27), dt.date(1926, 10, 20), dt.date(1926, 11, 3)), "sessions_year"),
    ((dt.date(2126, 9, 27), dt.date(2126, 10, 20), dt.date(2126, 11, 3)), "sessions_year"),
])
def test_absurd_dates_are_refused_with_the_reason_and_change_nothing(store, cohort, days, key):
    frida = cohorts(store, FRIDA)
    frida.set_sessions(cohort.id, SEPT)
    with pytest.raises(ScheduleRefused) as refused:
        frida.set_sessions(cohort.id, days)
    assert refused.value.key == key
    assert refused.value.message("nl") and refused.value.message("en") != refused.value.message(
        "nl")
    assert frida.sessions(cohort.id) == SEPT


def test_check_sessions_says_which_session():
    with pytest.raises(ScheduleRefused) as refused:
        check_sessions([SEPT[0], SEPT[2], SEPT[1]])
    assert refused.value.params == {"n": 3, "before": 2}
    assert "session 3 must come after session 2" in refused.value.message("en")
    assert check_sessions(SEPT) == SEPT


def test_an_older_database_gains_the_table_and_its_cohorts_have_no_dates(db_url):
    store = Store(db_url)
    made = cohorts(store, FRIDA).create("Oud", "Frida")
    with store.engine.begin() as conn:  # as a database from before session dates
        conn.execute(text("DROP TABLE cohort_sessions"))
    assert "cohort_sessions" not in inspect(store.engine).get_table_names()
    again = Store(db_url)
    assert "cohort_sessions" in inspect(again.engine).get_table_names()
    frida = cohorts(again, FRIDA)
    assert frida.sessions(made.id) == () and frida.mine()[0].name == "Oud"
    assert frida.set_sessions(made.id, SEPT) == SEPT


def test_a_case_follows_the_trainees_cohort(store, cohort):
    frida, tom = cohorts(store, FRIDA), cohorts(store, TOM)
    cid = cases(store, TOM).create(Case(title="Klas 3B")).case.id
    only = tom.schedule_for(cid)
    assert (only.cohort_id, only.sessions, only.why) == (cohort.id, (), "only")
    frida.set_sessions(cohort.id, SEPT)
    assert tom.schedule_for(cid).sessions == SEPT
    # not theirs to see, or no cohort at all: no schedule
    assert cohorts(store, UMA).schedule_for(cid) is None
    assert tom.schedule_for("no-such-case") is None
    uma_case = cases(store, UMA).create(Case()).case.id
    assert cohorts(store, UMA).schedule_for(uma_case) is None


def test_of_several_cohorts_the_shared_one_else_the_one_joined_last(store, cohort, monkeypatch):
    from workbook.accounts import cohorts as cohorts_module

    frida, tom = cohorts(store, FRIDA), cohorts(store, TOM)
    frida.set_sessions(cohort.id, SEPT)
    second = frida.create("Gent najaar", "Frida F.")
    spring = (dt.date(2027, 3, 1), dt.date(2027, 3, 22), dt.date(2027, 4, 5))
    frida.set_sessions(second.id, spring)
    monkeypatch.setattr(cohorts_module, "now", lambda: dt.datetime(2030, 1, 1))
    tom.join(second.join_code, "Tom")  # joined after the first
    cid = cases(store, TOM).create(Case(title="Klas 3B")).case.id
    latest = tom.schedule_for(cid)
    assert (latest.cohort_name, latest.sessions, latest.why) == ("Gent najaar", spring, "latest")
    cases(store, TOM).share_cohort(cid, cohort.id, "read")
    shared = tom.schedule_for(cid)
    assert (shared.cohort_name, shared.sessions, shared.why) == ("Gent voorjaar", SEPT, "shared")
    # the facilitator reading the shared case sees the dates of the cohort it is shared with
    assert frida.schedule_for(cid).cohort_id == cohort.id
    cases(store, TOM).revoke_cohort(cid, cohort.id)
    assert tom.schedule_for(cid).why == "latest"
    assert CONFIG.named(FRIDA)
