"""Exercises of a course part: their YAML models, feedback and scores.

An exercise set is data (one YAML file under `frameworks/<fw>/exercises/`), so a facilitator
adds one without code. Two kinds:

- ``choice``: each item has a prompt, options (listed, or taken from the framework's roles,
  phases, ...), the right answer and feedback that explains *why* in the framework's terms,
  optionally with extra feedback for a particular wrong option;
- ``rewrite``: each item has a moralising or fuelling sentence; the trainee rewrites it,
  checks the rewrite against the set's checklist and then sees a model rewrite.

Results are plain dictionaries (what the case stores under ``progress[set_id]``):
``{"answers": {item_id: ...}, "score": n, "answered": n, "total": n, "updated": iso}``.

This module does not import `workbook.schema` at import time (schema imports it), and
never imports streamlit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag,
                      model_validator)

from workbook.problems import check_unique, refusal
from workbook.text import Text

if TYPE_CHECKING:  # pragma: no cover
    from workbook.framework.schema import Framework

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
# Framework lists a choice exercise may take its options from (never a case's actors).
ExerciseOptionSource = Literal["roles", "phases", "game_changers", "pitfalls", "laws", "topics"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ExerciseOption(_Model):
    id: Id
    label: Text
    help: Text | None = None  # for a checklist point: what it means, in framework terms


class ChoiceItem(_Model):
    id: Id
    prompt: Text
    options: list[ExerciseOption] = []  # overrides the set's options for this item
    answer: Id
    feedback: Text  # why the answer is right, in the framework's terms
    wrong: dict[Id, Text] = {}  # extra feedback for a particular wrong option
    concepts: list[Id] = []
    sources: list[Id] = []  # ids of the framework's sources the feedback rests on

    @model_validator(mode="after")
    def _fits_own_options(self) -> "ChoiceItem":
        if self.options:
            check_unique("options", [o.id for o in self.options], at=("options",))
            _check_answers(self, {o.id for o in self.options})
        if self.answer in self.wrong:
            raise refusal("wrong_is_answer", at=("wrong",), item=self.id, answer=self.answer)
        return self


class RewriteItem(_Model):
    id: Id
    sentence: Text  # the moralising or fuelling sentence to rewrite
    context: Text | None = None  # who says it, where
    checklist: list[Id] = []  # which of the set's checklist points apply; all when empty
    model: Text  # a model rewrite
    explanation: Text  # why the model rewrite works, in the framework's terms
    concepts: list[Id] = []
    sources: list[Id] = []  # ids of the framework's sources the model rests on


class _SetBase(_Model):
    id: Id
    part: Literal[1, 2, 3] = 1  # the course part whose page shows the set
    title: Text
    intro: Text | None = None
    concepts: list[Id] = []


class ChoiceSet(_SetBase):
    kind: Literal["choice"]
    options: list[ExerciseOption] = []
    options_from: ExerciseOptionSource | None = None
    items: list[ChoiceItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "ChoiceSet":
        check_unique("items", [i.id for i in self.items], at=("items",))
        if self.options and self.options_from:
            raise refusal("options_and_from", at=("options_from",))
        check_unique("options", [o.id for o in self.options], at=("options",))
        for i, item in enumerate(self.items):
            if not (item.options or self.options or self.options_from):
                raise refusal("item_without_options", at=("items", i), item=item.id)
        if self.options:  # options_from is checked against the framework (below)
            _check_set_answers(self, {o.id for o in self.options})
        return self


class RewriteSet(_SetBase):
    kind: Literal["rewrite"]
    checklist: list[ExerciseOption] = Field(min_length=1)
    items: list[RewriteItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "RewriteSet":
        check_unique("items", [i.id for i in self.items], at=("items",))
        check_unique("checklist", [c.id for c in self.checklist], at=("checklist",))
        known = {c.id for c in self.checklist}
        for i, item in enumerate(self.items):
            stray = sorted(set(item.checklist) - known)
            if stray:
                raise refusal("unknown_checklist", at=("items", i, "checklist"), item=item.id,
                              ids=", ".join(stray))
        return self


def _set_tag(data: Any) -> str | None:
    kind = data.get("kind") if isinstance(data, dict) else getattr(data, "kind", None)
    # Capitalised tags are left out of error locations (workbook.problems), so a line is found.
    return {"choice": "ChoiceSet", "rewrite": "RewriteSet"}.get(kind)


ExerciseSet = Annotated[
    Union[Annotated[ChoiceSet, Tag("ChoiceSet")], Annotated[RewriteSet, Tag("RewriteSet")]],
    Discriminator(_set_tag, custom_error_type="bad_kind",
                  custom_error_message="'kind' must be 'choice' or 'rewrite'",
                  custom_error_context={"expected": "'choice' or 'rewrite'"}),
]


def _check_answers(item: ChoiceItem, ids: set[str], at: tuple = ()) -> None:
    """Refuse an item whose answer, or whose 'wrong' feedback, names an option not in `ids`."""
    if item.answer not in ids:
        raise refusal("answer_not_option", at=(*at, "answer"), item=item.id,
                      answer=item.answer, options=", ".join(sorted(ids)))
    stray = sorted(set(item.wrong) - ids)
    if stray:
        raise refusal("wrong_not_option", at=(*at, "wrong"), item=item.id, ids=", ".join(stray))


def _check_set_answers(ex: "ChoiceSet", ids: set[str], at: tuple = ()) -> None:
    """`_check_answers` for every item that takes its options from the set (`ids`)."""
    for i, item in enumerate(ex.items):
        if not item.options:
            _check_answers(item, ids, at=(*at, "items", i))


# --- Checks against the framework (called from Framework's validator) ----------------------

def check_against_framework(sets: list, framework: "Framework") -> None:
    """Refuse a set that names a concept or an answer the framework does not have.
    Called from the framework's validator, so `at` starts at the framework's `exercises`."""
    concept_ids = {c.id for c in framework.concepts.all()}
    for n, ex in enumerate(sets):
        named = list(ex.concepts) + [c for item in ex.items for c in item.concepts]
        unknown = sorted(set(named) - concept_ids)
        if unknown:
            raise refusal("unknown_concepts", at=("exercises", n), exercise=ex.id,
                          ids=", ".join(unknown))
        if isinstance(ex, ChoiceSet) and ex.options_from:
            ids = {c.id for c in getattr(framework.concepts, ex.options_from)}
            _check_set_answers(ex, ids, at=("exercises", n))


# --- Options and feedback --------------------------------------------------------------------

def item_options(ex: ChoiceSet, item: ChoiceItem, framework: "Framework") -> list[tuple[str, Text]]:
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


def check_choice(ex: ChoiceSet, item: ChoiceItem, chosen: str, framework: "Framework"
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


def sets_of(framework: "Framework", part: int) -> list:
    """The exercise sets a course part's page shows, in file order."""
    return [ex for ex in framework.exercises if ex.part == part]
