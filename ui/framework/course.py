"""Between the sessions: the assignment at the end of each part's page, and "before the next
session" on the case page (the session dates, what is open and done).

The dates come from `dates_for` only. Locally they follow the course's rhythm from the first
session (the trainee's date, or the day the case was started); on a hosted server, the
schedule a facilitator set for the trainee's cohort (`cohort_schedule`: their only cohort; of
several, the one the case is shared with, else the one joined last) is handed to
`course.session_dates` here, and the panel says which cohort it is.
"""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from workbook.accounts.cohorts import Schedule
from workbook.case.model import Case
from workbook.case.store import CaseNotFound
from workbook.framework import course
from workbook.framework.schema import Framework
from workbook.plain import md
from ui import state, urlstate
from ui.account import session_user
from ui.i18n import lang, t, tx
from ui.resources import cohorts, store
from ui.worksheets.autosave import autosave_area

STATUS_ICON = {"done": ":material/check_circle:", "open": ":material/radio_button_unchecked:",
               "late": ":material/schedule:"}


def dates_for(case: Case | None, cohort: list[dt.date] | None = None) -> list[dt.date]:
    """The session dates for this case: a cohort's schedule when given, else the rhythm of
    the course from the first session."""
    return course.session_dates(_first(case), cohort=cohort)


SCHEDULE_KEY = "_cohort_schedule"  # (user, case id, when asked, Schedule | None)
SCHEDULE_FOR_S = 60.0  # a rerun within this reuses the answer: hosted reruns ask no more


def cohort_schedule(case: Case | None) -> Schedule | None:
    """The cohort whose dates this case follows (hosted mode only; None locally, without a
    cohort, or for a case this user may not see). Asked once a minute at most per session;
    sharing, joining, leaving and setting dates in this session ask again at once
    (`forget_schedule`); another session's change shows within the minute or on reload."""
    user = session_user()
    if case is None or user.is_local:
        return None
    kept = st.session_state.get(SCHEDULE_KEY)
    if (kept and kept[:2] == (user.key, case.id)
            and time.monotonic() - kept[2] < SCHEDULE_FOR_S):
        return kept[3]
    found = cohorts().schedule_for(case.id)
    st.session_state[SCHEDULE_KEY] = (user.key, case.id, time.monotonic(), found)
    return found


def forget_schedule() -> None:
    """The next page asks which cohort's dates apply again (after a share, a join, ...)."""
    st.session_state.pop(SCHEDULE_KEY, None)


def _cohort_dates(schedule: Schedule | None) -> list[dt.date] | None:
    return list(schedule.sessions) if schedule is not None and schedule.sessions else None


def _first(case: Case | None) -> dt.date:
    if case is None:
        return dt.date.today()
    return course.first_session(case, _created(case.id))


CREATED_KEY = "_case_created"  # {case id: the day it was made}: it never changes


def _created(case_id: str) -> dt.date:
    """The day the case was made (today for one this user cannot see), asked once per
    session: every page of a part shows the session dates."""
    known: dict = st.session_state.setdefault(CREATED_KEY, {})
    if case_id not in known:
        try:
            known[case_id] = store().info(case_id).created_at.date()
        except CaseNotFound:
            return dt.date.today()
    return known[case_id]


def _date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y") if lang() == "nl" else day.strftime("%d %b %Y")


def _due(task: course.Task) -> str:
    if task.last:
        return t("course.due_after", date=_date(task.due))
    return t("course.due", n=task.part + 1, date=_date(task.due))


def assignment_box(part: int, case: Case | None, fw: Framework) -> None:
    """The part's assignment for the weeks until the next session, at the end of its page."""
    dates = dates_for(case, _cohort_dates(cohort_schedule(case)))
    task = next((x for x in course.tasks(case or Case(), fw, dates) if x.part == part), None)
    if task is None:
        return
    heading = t("course.after_course") if task.last else t("course.heading")
    with st.container(border=True):
        st.markdown(f"**:material/event: {heading} · {tx(task.assignment.title)}**")
        st.caption(_due(task))
        st.markdown(tx(task.assignment.text))
        if case is None:
            st.caption(t("course.no_case"))
            return
        path = ("progress", course.ASSIGNMENTS_KEY, str(part))
        note_key = f"{state.WIDGET_PREFIX}task:{part}:note"
        done_key = f"{state.WIDGET_PREFIX}task:{part}:done"
        autosave_area(note_key, tx(task.assignment.note) or t("course.note"), task.note,
                      lambda text: state.save(path, course.task_entry(_done(part), text)))
        state.widget_value(done_key, task.done)
        st.checkbox(t("course.done"), key=done_key, on_change=_save_done,
                    args=(part, done_key, path))


def _done(part: int) -> bool:
    case = state.current()
    return case is not None and course.stored_task(case, part).get("done") is True


def _save_done(part: int, key: str, path: tuple) -> None:
    done = bool(st.session_state.get(key))
    if done == _done(part):  # a box drawn again after a reload reports what is stored
        return
    case = state.current()
    note = course.stored_task(case, part).get("note", "") if case is not None else ""
    state.save(path, course.task_entry(done, note))


def between_sessions(case: Case, fw: Framework) -> None:
    """The case page: the sessions with their dates, then each assignment, open or done."""
    st.subheader(t("course.heading"), anchor=False)
    schedule = cohort_schedule(case)
    dates = dates_for(case, _cohort_dates(schedule))
    today = dt.date.today()
    if schedule is not None and schedule.sessions:
        st.caption(_whose(schedule, "course.cohort_dates"))
    else:
        if schedule is not None:
            st.caption(_whose(schedule, "course.cohort_no_dates"))
        key = f"{state.WIDGET_PREFIX}course:first"
        state.widget_value(key, dates[0])
        st.date_input(t("course.first"), key=key, help=t("course.first_help"),
                      format="DD/MM/YYYY", on_change=_save_first, args=(key,))
    parts = {p.number: tx(p.title) for p in fw.parts}
    lines = [t("course.session_part", n=n, part=parts.get(n, ""), date=_date(d))
             for n, d in enumerate(dates, 1)]
    st.markdown("\n".join(f"- {line}" for line in lines))
    upcoming = course.next_session(dates, today)
    if upcoming is None:
        st.caption(t("course.over"))
    elif upcoming[1] == today:
        st.caption(t("course.today", n=upcoming[0]))
    else:
        st.caption(t("course.next", n=upcoming[0], date=_date(upcoming[1])))
    for task in course.tasks(case, fw, dates):
        status = task.status(today)
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f"{STATUS_ICON[status]} " + t(
            "course.task_line", n=task.part, title=tx(task.assignment.title), due=_due(task),
            status=t(f"course.status_{status}")))
        if right.button(t("course.go", n=task.part), key=f"course_go:{task.part}"):
            urlstate.go(f"app_pages/part{task.part}.py")


def _whose(schedule: Schedule, key: str) -> str:
    """Which cohort's dates these are, and why that one when the user is in several."""
    said = t(key, name=md(schedule.cohort_name))
    if schedule.why in ("shared", "latest"):
        said += " " + t(f"course.cohort_why_{schedule.why}")
    return said


def _save_first(key: str) -> None:
    value = st.session_state.get(key)
    if isinstance(value, dt.date):
        state.save(("progress", course.COURSE_KEY), {"first_session": value.isoformat()})
