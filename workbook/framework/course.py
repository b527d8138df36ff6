"""The course between its sessions: the session dates, the assignment each part ends with,
and how far a case has come in each part (worksheets, exercises, scenarios, the assignment).

The Wij-Zij network spreads its three half days over weeks on purpose ("27 September,
20 October and 3 November": participants need time to make the framework their own;
Vlaanderen, Radicalisering en Polarisatie, 13 July 2023). Without a cohort schedule, the
dates follow that rhythm from the first session. On a hosted server a facilitator sets a
cohort's own dates; `session_dates` takes them, so every page asks this one function.

An assignment's state is kept in the case: ``progress["assignments"][part number]`` =
``{"done": bool, "note": str, "updated": iso}``; the trainee's own first session date, when
they set it, in ``progress["course"]["first_session"]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence

from workbook.case.model import Case
from workbook.framework import exercises as exr
from workbook.framework import scenarios as scn
from workbook.framework.schema import Assignment, Framework
from workbook.framework.worksheets import part_progress

RHYTHM_DAYS = (0, 23, 37)  # the interview's 27 Sep, 20 Oct, 3 Nov, counted from the first
AFTER_COURSE_DAYS = 28  # the last part's assignment: in the weeks after the last session
ASSIGNMENTS_KEY = "assignments"
COURSE_KEY = "course"
MAX_NOTE = 4000


def session_dates(first: dt.date, cohort: Sequence[dt.date] | None = None,
                  sessions: int = 3) -> list[dt.date]:
    """The dates of the course's sessions: the cohort's schedule when a facilitator set one
    (as many dates as it gives), else `sessions` dates in the course's rhythm from `first`."""
    if cohort:
        return sorted(cohort)
    days = list(RHYTHM_DAYS[:sessions])
    while len(days) < sessions:  # a longer course: the last gap again
        days.append(days[-1] + (RHYTHM_DAYS[-1] - RHYTHM_DAYS[-2]))
    return [first + dt.timedelta(days=d) for d in days]


def first_session(case: Case, created: dt.date) -> dt.date:
    """The first session's date the trainee gave, else the day the case was started."""
    course = case.progress.get(COURSE_KEY)
    value = course.get("first_session") if isinstance(course, dict) else None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else created
    except ValueError:
        return created


@dataclass(frozen=True)
class Task:
    """One part's assignment, with when it is due and how far the trainee is."""

    part: int
    assignment: Assignment
    session: dt.date  # the session of this part
    due: dt.date  # the next session, or some weeks after the last one
    last: bool  # the assignment of the last part: due after the course
    done: bool
    note: str

    def status(self, today: dt.date) -> str:
        """done, open, or late (open after its date)."""
        if self.done:
            return "done"
        return "late" if today > self.due else "open"


def stored_task(case: Case, part: int) -> dict[str, Any]:
    tasks = case.progress.get(ASSIGNMENTS_KEY)
    entry = tasks.get(str(part)) if isinstance(tasks, dict) else None
    return dict(entry) if isinstance(entry, dict) else {}


def tasks(case: Case, fw: Framework, dates: list[dt.date]) -> list[Task]:
    """The assignment of each part that has one, in course order, against the dates."""
    out = []
    parts = sorted(fw.parts, key=lambda p: p.number)
    for i, part in enumerate(parts):
        if part.assignment is None:
            continue
        session = dates[min(i, len(dates) - 1)]
        last = i + 1 >= len(dates)
        due = dates[i + 1] if not last else session + dt.timedelta(days=AFTER_COURSE_DAYS)
        entry = stored_task(case, part.number)
        note = entry.get("note")
        out.append(Task(part.number, part.assignment, session, due, last,
                        entry.get("done") is True, note if isinstance(note, str) else ""))
    return out


def assignments_done(case: Case, fw: Framework) -> tuple[tuple[int, bool], ...]:
    """(part, done) for each part's assignment: whether it is done, nothing of its note.
    What a cohort's facilitators see of it (workbook.framework.progress)."""
    return tuple((p.number, stored_task(case, p.number).get("done") is True)
                 for p in sorted(fw.parts, key=lambda p: p.number) if p.assignment is not None)


def assignment_states(fw: Framework, done: dict[int, bool], dates: list[dt.date] | None,
                      today: dt.date) -> list[tuple[int, str]]:
    """(part, done / open / late) per assignment from its done-ness alone: late only
    against a cohort's dates (without them, each trainee's own rhythm is unknown here)."""
    out = []
    for task in tasks(Case(), fw, dates or session_dates(today)):
        if done.get(task.part):
            out.append((task.part, "done"))
        else:
            out.append((task.part, "late" if dates and today > task.due else "open"))
    return out


def task_entry(done: bool, note: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """What the case stores for one assignment."""
    when = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
    return {"done": bool(done), "note": (note or "")[:MAX_NOTE], "updated": when}


def next_session(dates: list[dt.date], today: dt.date) -> tuple[int, dt.date] | None:
    """(number, date) of the first session from today on; None once the course is over."""
    return next(((n, d) for n, d in enumerate(dates, 1) if d >= today), None)


# --- Progress per part -----------------------------------------------------------------------

@dataclass(frozen=True)
class PartProgress:
    """How far a case is in one part, piece by piece: (done, total) each."""

    part: int
    fields: tuple[int, int]
    exercises: tuple[int, int]  # items answered
    scenarios: tuple[int, int]  # scenarios walked to an ending
    assignment: tuple[int, int]

    @property
    def done(self) -> int:
        return sum(p[0] for p in self._pieces())

    @property
    def total(self) -> int:
        return sum(p[1] for p in self._pieces())

    def _pieces(self) -> tuple[tuple[int, int], ...]:
        return (self.fields, self.exercises, self.scenarios, self.assignment)


def part_overview(case: Case, fw: Framework, part: int) -> PartProgress:
    fields = part_progress(case, fw, part)
    sets = exr.progress_overview(case.progress, exr.sets_of(fw, part))
    items = (sum(s.score.answered for s in sets), sum(s.score.total for s in sets))
    walks = scn.progress_overview(case.progress, scn.scenarios_of(fw, part))
    scenario_counts = (sum(w.done for w in walks), len(walks))
    has_task = fw.part(part) is not None and fw.part(part).assignment is not None
    task = (int(stored_task(case, part).get("done") is True), 1) if has_task else (0, 0)
    return PartProgress(part, fields, items, scenario_counts, task)
