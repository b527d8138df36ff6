"""Typed models of a framework: its concepts, course parts and worksheets.

Everything a user reads comes with Dutch and English (`Text`). Models forbid unknown keys,
so a typo in a YAML key is reported instead of silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (AliasChoices, BaseModel, ConfigDict, Field, StringConstraints,
                      field_validator, model_validator)

from workbook.framework.exercise_sets import ExerciseSet, check_against_framework
from workbook.framework.scenario_sets import Scenario, check_scenarios
from workbook.coach.checks import rule_problems
from workbook.coach.vocabulary import CoachRule, Lexicon
from workbook import i18n
from workbook.problems import check_unique, refusal
from workbook.text import Text

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Option(Model):
    id: Id
    label: Text
    help: Text | None = None


FieldType = Literal[
    "text", "longtext", "choice", "multichoice", "scale", "yesno", "checklist", "date",
    "number", "table", "poles", "actors", "fuel", "position", "intended", "actions",
]
CHOICE_TYPES = {"choice", "multichoice", "checklist"}
# Field types stored in the case's typed parts rather than in the answers dictionary.
TYPED_FIELDS = {"poles", "actors", "fuel", "position", "intended", "actions"}
ColumnType = Literal["text", "longtext", "choice", "date", "number"]


class Column(BaseModel):
    """One column of a `table` field: each row is a dict of column id -> value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
    label: Text
    type: ColumnType = "text"
    options: list["Option"] = []

    @field_validator("id")
    @classmethod
    def _not_the_row_id(cls, value: str) -> str:
        if value == "id":  # every row of a table answer keeps its own id under that key
            raise refusal("reserved_column")
        return value
OptionSource = Literal["roles", "phases", "game_changers", "pitfalls", "laws", "actors"]
Perspective = Literal["a", "b", "middle"]


class WorksheetField(Model):
    id: Id
    type: FieldType
    label: Text
    help: Text | None = None
    placeholder: Text | None = None
    options: list[Option] = []
    options_from: OptionSource | None = None
    min: int = 1
    max: int = 5
    min_label: Text | None = None
    max_label: Text | None = None
    columns: list[Column] = []
    sources: list[Id] = []  # ids of concepts.sources the help text rests on
    # written from one side: pole a, pole b or the middle (the page names it as the case does)
    perspective: Perspective | None = None
    # shown above the field for reference: what the trainee wrote there ([worksheet, field])
    from_answer: list[Id] = Field(default=[], max_length=2)
    coach: list[Id] = []  # coach rules that read this field's text as the trainee writes it
    # what the answer becomes when the trainee takes it over ([worksheet, field]); choices
    # keep only the options that field offers too
    becomes: list[Id] = Field(default=[], max_length=2)

    @model_validator(mode="after")
    def _options_fit_type(self) -> "WorksheetField":
        if (self.type == "table") != bool(self.columns):
            raise refusal("table_columns", at=("columns",) if self.columns else ("type",))
        if self.type in CHOICE_TYPES and not (self.options or self.options_from):
            raise refusal("needs_options", at=("type",), type=self.type)
        if self.type not in CHOICE_TYPES and (self.options or self.options_from):
            raise refusal("takes_no_options", at=("type",), type=self.type)
        if self.type == "scale" and not self.min < self.max:
            raise refusal("scale_range", at=("min",))
        check_unique("options", [o.id for o in self.options], at=("options",))
        return self


class WorksheetStep(Model):
    """A step of a worksheet worked out step by step: a title, a word on what to do, and the
    fields answered in it."""

    id: Id
    title: Text
    intro: Text | None = None
    fields: list[Id] = Field(min_length=1)


class Worksheet(Model):
    id: Id
    part: Literal[1, 2, 3]
    title: Text
    intro: Text | None = None
    concepts: list[Id] = []
    sources: list[Id] = []  # ids of concepts.sources the intro rests on
    fields: list[WorksheetField] = Field(min_length=1)
    steps: list[WorksheetStep] = []  # when given: worked out step by step, every field once

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, fields: list[WorksheetField]) -> list[WorksheetField]:
        check_unique("fields", [f.id for f in fields])
        return fields

    @model_validator(mode="after")
    def _steps_cover_fields(self) -> "Worksheet":
        if not self.steps:
            return self
        check_unique("steps", [s.id for s in self.steps], at=("steps",))
        known = {f.id for f in self.fields}
        seen: list[str] = []
        for i, step in enumerate(self.steps):
            stray = sorted(set(step.fields) - known)
            if stray:
                raise refusal("step_unknown_fields", at=("steps", i, "fields"), step=step.id,
                              ids=", ".join(stray))
            seen += step.fields
        check_unique("fields", seen, at=("steps",),
                     places=[("steps", i, "fields") for i, s in enumerate(self.steps)
                             for _ in s.fields])
        left = [f.id for f in self.fields if f.id not in seen]
        if left:
            raise refusal("step_missing_fields", at=("steps",), ids=", ".join(left))
        return self

    def step_of(self, field_id: str) -> WorksheetStep | None:
        return next((s for s in self.steps if field_id in s.fields), None)

    def field(self, field_id: str) -> WorksheetField | None:
        return next((f for f in self.fields if f.id == field_id), None)


class Assignment(Model):
    """What a trainee does in their own work in the weeks until the next session."""

    id: Id
    title: Text
    text: Text
    note: Text | None = None  # the question the trainee's note answers


class Part(Model):
    number: Literal[1, 2, 3]
    title: Text
    intro: Text
    sources: list[Id] = []  # ids of concepts.sources the intro rests on
    assignment: Assignment | None = None  # for the weeks until the next session


class Concept(Model):
    id: Id
    name: Text
    definition: Text
    recognise: Text | None = None
    example: Text | None = None
    sources: list[Id] = []


Zone = Literal["pole", "between", "middle", "above", "under_fire"]


class Role(Concept):
    colour: Colour
    symbol: str
    zone: Zone


class GameChanger(Concept):
    number: int = Field(ge=1, le=9)
    from_: Text = Field(validation_alias=AliasChoices("from", "from_"))
    to: Text


class GlossaryEntry(Model):
    nl: str
    en: str
    note: Text | None = None


class Source(Model):
    id: Id
    citation: str
    url: str | None = None
    note: Text | None = None


class Concepts(Model):
    laws: list[Concept] = []
    roles: list[Role] = Field(min_length=1)
    game_changers: list[GameChanger] = []
    phases: list[Concept] = []
    pitfalls: list[Concept] = []
    topics: list[Concept] = []
    glossary: list[GlossaryEntry] = []
    sources: list[Source] = []

    def all(self) -> list[Concept]:
        return [*self.laws, *self.roles, *self.game_changers, *self.phases, *self.pitfalls,
                *self.topics]


# the lists of concepts, each id unique across all of them (see Concepts.all)
CONCEPT_KINDS = ("laws", "roles", "game_changers", "phases", "pitfalls", "topics")


class Fragment(Model):
    """What a file included by a framework may add."""

    worksheets: list[Worksheet] = []
    exercises: list[ExerciseSet] = []
    coach_rules: list[CoachRule] = []
    lexicons: list[Lexicon] = []  # named word lists the coach rules use
    scenarios: list[Scenario] = []


class Framework(Model):
    id: Id
    version: str
    title: Text
    description: Text
    parts: list[Part] = Field(min_length=1)
    concepts: Concepts
    worksheets: list[Worksheet] = []
    exercises: list[ExerciseSet] = []
    coach_rules: list[CoachRule] = []
    lexicons: list[Lexicon] = []  # named word lists the coach rules use
    scenarios: list[Scenario] = []
    include: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _version_as_text(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("version"), (int, float)):
            data = {**data, "version": str(data["version"])}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> "Framework":
        check_unique("worksheets", [w.id for w in self.worksheets], at=("worksheets",))
        concepts = [(c.id, ("concepts", kind, i, "id")) for kind in CONCEPT_KINDS
                    for i, c in enumerate(getattr(self.concepts, kind))]
        check_unique("concepts", [c for c, _ in concepts], places=[at for _, at in concepts])
        parts = {p.number for p in self.parts}
        for i, ws in enumerate(self.worksheets):
            if ws.part not in parts:
                raise refusal("part_not_defined", at=("worksheets", i, "part"),
                              worksheet=ws.id, part=ws.part)
        check_unique("exercises", [e.id for e in self.exercises], at=("exercises",))
        check_against_framework(self.exercises, self)
        check_unique("scenarios", [s.id for s in self.scenarios], at=("scenarios",))
        check_scenarios(self.scenarios, self)
        self._check_worksheet_refs()
        self._check_sources()
        coach = rule_problems(self.coach_rules, self)
        if coach:  # said in both languages; the reader's is picked when shown
            raise refusal("coach_rules", at=("coach_rules",), detail={
                lang: "; ".join(i18n.t(f"errors.coach_{key}", lang, **params)
                                for key, params in coach) for lang in ("nl", "en")})
        return self

    def _check_worksheet_refs(self) -> None:
        """A field's `from_answer` and `becomes` name a field that exists. (Its `coach` rules
        are checked once every file is in: `unknown_field_rules`.)"""
        for i, ws in enumerate(self.worksheets):
            for j, f in enumerate(ws.fields):
                for key in ("from_answer", "becomes"):
                    ref = getattr(f, key)
                    if ref and self.answer_field(ref) is None:
                        raise refusal("unknown_answer", at=("worksheets", i, "fields", j, key),
                                      ref=".".join(ref))

    def unknown_field_rules(self) -> list[tuple[tuple, str]]:
        """(location, ids) of every field whose `coach` names rules the framework lacks."""
        rules = {r.id for r in self.coach_rules}
        return [(("worksheets", i, "fields", j, "coach"), ", ".join(sorted(set(f.coach) - rules)))
                for i, ws in enumerate(self.worksheets) for j, f in enumerate(ws.fields)
                if set(f.coach) - rules]

    def answer_field(self, ref: list[str]) -> WorksheetField | None:
        """The field a [worksheet, field] reference names, or None."""
        sheet = self.worksheet(ref[0]) if len(ref) == 2 else None
        return sheet.field(ref[1]) if sheet is not None else None

    def _check_sources(self) -> None:
        """Every `sources` entry (of a concept, a part, a worksheet, a field or an exercise
        item) names a source of concepts.sources."""
        known = {s.id for s in self.concepts.sources}
        cited: list[tuple[tuple, list[str]]] = []
        for kind in CONCEPT_KINDS:
            for i, c in enumerate(getattr(self.concepts, kind)):
                cited.append((("concepts", kind, i, "sources"), c.sources))
        for i, p in enumerate(self.parts):
            cited.append((("parts", i, "sources"), p.sources))
        for i, ws in enumerate(self.worksheets):
            cited.append((("worksheets", i, "sources"), ws.sources))
            for j, f in enumerate(ws.fields):
                cited.append((("worksheets", i, "fields", j, "sources"), f.sources))
        for i, ex in enumerate(self.exercises):
            for j, item in enumerate(ex.items):
                cited.append((("exercises", i, "items", j, "sources"), item.sources))
        for at, ids in cited:
            stray = sorted(set(ids) - known)
            if stray:
                raise refusal("unknown_sources", at=at, ids=", ".join(stray))

    def sources_of(self, item: object) -> list[Source]:
        """The sources an item (anything with `sources`) cites, in its order."""
        known = {s.id: s for s in self.concepts.sources}
        return [known[s] for s in getattr(item, "sources", []) or [] if s in known]

    def worksheet(self, ws_id: str) -> Worksheet | None:
        return next((w for w in self.worksheets if w.id == ws_id), None)

    def worksheets_of(self, part: int) -> list[Worksheet]:
        return [w for w in self.worksheets if w.part == part]

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def part(self, number: int) -> Part | None:
        return next((p for p in self.parts if p.number == number), None)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.concepts.roles if r.id == role_id), None)

    def concept(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts.all() if c.id == concept_id), None)
