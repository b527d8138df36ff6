"""Exercises at work: the options a trainee chooses from, feedback on a choice or a rewrite,
and scores. Results are plain dictionaries (what the case stores under ``progress[set_id]``):
``{"answers": {item_id: ...}, "score": n, "answered": n, "total": n, "updated": iso}``.
The sets themselves are defined in `workbook.framework.exercise_sets`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from workbook.framework.exercise_sets import (ChoiceItem, ChoiceSet, ExerciseOption, RewriteItem,
                                              RewriteSet)
from workbook.framework.schema import Framework
from workbook.text import Text

# --- Options and feedback --------------------------------------------------------------------

def item_options(ex: ChoiceSet, item: ChoiceItem, framework: Framework) -> list[tuple[str, Text]]:
    """The (id, label) pairs a trainee chooses from, in a fixed order."""
    if item.options:
        return [(o.id, o.label) for o in item.options]
    if ex.options:
        return [(o.id, o.label) for o in ex.options]
    return [(c.id, c.name) for c in getattr(framework.concepts, ex.options_from or "", [])]


@dataclass(frozen=True)
class ChoiceFeedback:
    correct: bool
    chosen: str
    answer: str
    answer_label: Text
    why: Text  # the item's explanation of the right answer
    about_choice: Text | None = None  # extra words on the wrong option chosen

    def message(self, lang: str) -> str:
        """The feedback as one paragraph in `lang` (the page adds its own 'right'/'not quite')."""
        parts = [self.about_choice(lang)] if self.about_choice else []
        parts.append(self.why(lang))
        return " ".join(parts)


def check_choice(ex: ChoiceSet, item: ChoiceItem, chosen: str, framework: Framework
                 ) -> ChoiceFeedback:
    labels = dict(item_options(ex, item, framework))
    return ChoiceFeedback(
        correct=chosen == item.answer, chosen=chosen, answer=item.answer,
        answer_label=labels.get(item.answer, Text(nl=item.answer, en=item.answer)),
        why=item.feedback,
        about_choice=item.wrong.get(chosen) if chosen != item.answer else None,
    )


def item_checklist(ex: RewriteSet, item: RewriteItem) -> list[ExerciseOption]:
    wanted = set(item.checklist) if item.checklist else None
    return [c for c in ex.checklist if wanted is None or c.id in wanted]


@dataclass(frozen=True)
class RewriteFeedback:
    written: bool
    met: list[ExerciseOption]
    missing: list[ExerciseOption]
    model: Text
    why: Text

    @property
    def passed(self) -> bool:
        return self.written and not self.missing


def check_rewrite(ex: RewriteSet, item: RewriteItem, text: str, checked: list[str]
                  ) -> RewriteFeedback:
    points = item_checklist(ex, item)
    ticked = set(checked or [])
    return RewriteFeedback(
        written=bool((text or "").strip()),
        met=[p for p in points if p.id in ticked],
        missing=[p for p in points if p.id not in ticked],
        model=item.model, why=item.explanation,
    )


# --- Scores and stored results ---------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    answered: int
    correct: int
    total: int

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered >= self.total


def item_passed(ex, item, answer: Any) -> bool | None:
    """True/False for an answered item, None when it has not been answered."""
    if isinstance(ex, ChoiceSet):
        if not isinstance(answer, str) or not answer:
            return None
        return answer == item.answer
    if not isinstance(answer, dict) or not answer.get("submitted"):
        return None
    fb = check_rewrite(ex, item, answer.get("text", ""), answer.get("checked", []))
    return fb.passed


def score(ex, answers: dict[str, Any]) -> Score:
    answers = answers or {}
    results = [item_passed(ex, item, answers.get(item.id)) for item in ex.items]
    return Score(answered=sum(r is not None for r in results),
                 correct=sum(r is True for r in results), total=len(ex.items))


def result(ex, answers: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """What is stored in `Case.progress[ex.id]`: answers (only of known items) and the score."""
    known = {item.id for item in ex.items}
    kept = {k: v for k, v in (answers or {}).items() if k in known}
    s = score(ex, kept)
    when = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
    return {"answers": kept, "score": s.correct, "answered": s.answered, "total": s.total,
            "updated": when}


def stored_answers(progress: dict[str, Any] | None, set_id: str) -> dict[str, Any]:
    """The answers a case holds for one set; tolerant of anything odd in the document."""
    entry = (progress or {}).get(set_id)
    if isinstance(entry, dict) and isinstance(entry.get("answers"), dict):
        return dict(entry["answers"])
    return {}


@dataclass(frozen=True)
class SetProgress:
    set_id: str
    title: Text
    score: Score
    updated: str | None = None


def progress_overview(progress: dict[str, Any] | None, sets: list) -> list[SetProgress]:
    """Per exercise set, the score recomputed from the stored answers (the YAML may have
    changed since), with the time of the last answer."""
    out = []
    for ex in sets:
        entry = (progress or {}).get(ex.id)
        updated = entry.get("updated") if isinstance(entry, dict) else None
        out.append(SetProgress(ex.id, ex.title, score(ex, stored_answers(progress, ex.id)),
                               updated if isinstance(updated, str) else None))
    return out


def with_choice(answers: dict[str, Any], item_id: str, option_id: str | None) -> dict[str, Any]:
    """A copy of `answers` with one choice set (or cleared)."""
    new = dict(answers or {})
    if option_id:
        new[item_id] = option_id
    else:
        new.pop(item_id, None)
    return new


def with_rewrite(answers: dict[str, Any], item_id: str, text: str, checked: list[str]
                 ) -> dict[str, Any]:
    """A copy of `answers` with one rewrite submitted (text kept short enough to store)."""
    new = dict(answers or {})
    new[item_id] = {"text": (text or "")[:2000], "checked": list(checked or []),
                    "submitted": True}
    return new


def sets_of(framework: Framework, part: int) -> list:
    """The exercise sets a course part's page shows, in file order."""
    return [ex for ex in framework.exercises if ex.part == part]
