"""Between the sessions: the dates come from one function (a cohort's schedule when there is
one, else the course's rhythm), each part ends with an assignment, and the case says what is
open and done."""

from __future__ import annotations

import datetime as dt

from workbook.case.model import Case
from workbook.framework import course
from workbook.framework import scenarios as scn

FIRST = dt.date(2026, 9, 27)


def test_the_default_rhythm_is_the_courses_three_half_days():
    # 27 September, 20 October, 3 November: the Wij-Zij network's own example
    assert course.session_dates(FIRST) == [FIRST, dt.date(2026, 10, 20), dt.date(2026, 11, 3)]
    assert len(course.session_dates(FIRST, sessions=4)) == 4


def test_a_cohort_schedule_wins():
    cohort = [dt.date(2027, 2, 1), dt.date(2027, 1, 10), dt.date(2027, 3, 1)]
    assert course.session_dates(FIRST, cohort=cohort) == sorted(cohort)


def test_the_first_session_is_the_trainees_or_the_day_the_case_began():
    started = dt.date(2026, 9, 20)
    assert course.first_session(Case(), started) == started
    case = Case(progress={"course": {"first_session": "2026-09-27"}})
    assert course.first_session(case, started) == FIRST
    odd = Case(progress={"course": {"first_session": "x"}})
    assert course.first_session(odd, started) == started


def test_each_part_ends_with_an_assignment_due_at_the_next_session(framework):
    dates = course.session_dates(FIRST)
    tasks = course.tasks(Case(), framework, dates)
    assert [t.assignment.id for t in tasks] == ["observe_fuel", "interview_middle",
                                                "real_rewrite"]
    assert [t.due for t in tasks[:2]] == dates[1:]
    assert tasks[2].last and tasks[2].due == dates[2] + dt.timedelta(days=28)
    for t in tasks:
        assert t.assignment.title.nl != t.assignment.title.en and t.assignment.note
    assert [t.status(dt.date(2026, 10, 25)) for t in tasks] == ["late", "open", "open"]


def test_done_and_notes_are_kept_with_the_case(store, framework):
    cid = store.create(Case(title="Tussen de sessies")).case.id
    store.apply(cid, ("progress", course.ASSIGNMENTS_KEY, "2"),
                course.task_entry(True, "De bakker zei: 'ik wil gewoon rust'."))
    case = store.get(cid).case
    tasks = {t.part: t for t in course.tasks(case, framework, course.session_dates(FIRST))}
    assert tasks[2].done and "bakker" in tasks[2].note and not tasks[1].done
    assert tasks[2].status(dt.date(2030, 1, 1)) == "done"


def test_next_session():
    dates = course.session_dates(FIRST)
    assert course.next_session(dates, dt.date(2026, 10, 1)) == (2, dates[1])
    assert course.next_session(dates, dates[2]) == (3, dates[2])
    assert course.next_session(dates, dt.date(2027, 1, 1)) is None


def test_part_3_progress_counts_fields_exercises_scenarios_and_the_assignment(framework):
    empty = course.part_overview(Case(), framework, 3)
    assert empty.scenarios == (0, len(framework.scenarios)) and empty.assignment == (0, 1)
    assert empty.exercises[1] > 0  # the mediative-tone exercise is part 3's now
    sc = framework.scenarios[0]
    path = scn.paths(sc)[0]
    walk: dict = {}
    for step, option in path.steps:
        walk = (scn.choose(sc, walk, option.id) if option else scn.write(sc, walk, "Wat is er?"))
    case = Case(progress={"scenarios": {sc.id: walk}, "assignments": {"3": {"done": True}}})
    now = course.part_overview(case, framework, 3)
    assert now.scenarios == (1, len(framework.scenarios)) and now.assignment == (1, 1)
    assert now.done == empty.done + 2 and now.total == empty.total
    assert course.part_overview(Case(), framework, 1).scenarios == (0, 0)


def test_the_history_says_what_a_change_was_about(framework):
    from workbook.case.history import describe

    assert describe("edit", "progress.scenarios.scapegoat", framework, "en") == \
        "changed: scenario 'You find yourself made the scapegoat'"
    assert "part 2" in describe("edit", "progress.assignments.2", framework, "en")
    assert "sessies" in describe("edit", "progress.course", framework, "nl")


def test_what_a_facilitator_sees_of_the_assignments_is_done_or_open_never_the_note(framework):
    from workbook.framework.progress import progress

    case = Case(progress={course.ASSIGNMENTS_KEY: {
        "1": course.task_entry(False, "Geheime notitie"),
        "2": course.task_entry(True, "De bakker Mourad")}})
    seen = progress(case, framework)
    assert seen.assignments == ((1, False), (2, True), (3, False))
    assert "Mourad" not in repr(seen) and "Geheime" not in repr(seen)
    done = dict(seen.assignments)
    dates = course.session_dates(FIRST)
    # without a cohort's dates: done or open; with them: late once the date passed
    assert course.assignment_states(framework, done, None, dt.date(2030, 1, 1)) == [
        (1, "open"), (2, "done"), (3, "open")]
    assert course.assignment_states(framework, done, dates, dt.date(2026, 10, 25)) == [
        (1, "late"), (2, "done"), (3, "open")]
