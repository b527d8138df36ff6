"""Exercise sets as a framework file defines them: their YAML models, and the checks of a set
against its framework. An exercise set is data (one YAML file under
`frameworks/<fw>/exercises/`), so a facilitator adds one without code. Two kinds:

- ``choice``: each item has a prompt, options (listed, or taken from the framework's roles,
  phases, ...), the right answer and feedback that explains *why* in the framework's terms,
  optionally with extra feedback for a particular wrong option;
- ``rewrite``: each item has a moralising or fuelling sentence; the trainee rewrites it,
  checks the rewrite against the set's checklist and then sees a model rewrite.

The schema of a framework includes these models, so this module reads the framework it is
checked against without importing its schema.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag,
                      model_validator)

from workbook.problems import check_unique, refusal
from workbook.text import Text

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

def check_against_framework(sets: list, framework: Any) -> None:
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
