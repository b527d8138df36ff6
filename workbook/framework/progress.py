"""How far a case is, in counts only: answered questions per course part, exercise items
done, and which assignments between the sessions are done. What a cohort's facilitators see
of a trainee's case that was not shared with them: numbers and ticks, never a title, a name,
an answer or a note."""

from __future__ import annotations

from dataclasses import dataclass

from workbook.case.model import Case
from workbook.framework import course
from workbook.framework import exercises as exr
from workbook.framework.schema import Framework
from workbook.framework.worksheets import part_progress


@dataclass(frozen=True)
class Progress:
    parts: tuple[tuple[int, int, int], ...]  # (part number, answered, questions)
    exercises_done: int
    exercises_total: int
    assignments: tuple[tuple[int, bool], ...] = ()  # (part, done): done-ness only


def progress(case: Case, fw: Framework) -> Progress:
    """The case's answered questions per part, exercise items answered, as counts, and
    whether each part's assignment is done."""
    parts = tuple((p.number, *part_progress(case, fw, p.number)) for p in fw.parts)
    rows = exr.progress_overview(case.progress, fw.exercises or [])
    return Progress(parts, sum(r.score.answered for r in rows), sum(r.score.total for r in rows),
                    course.assignments_done(case, fw))
