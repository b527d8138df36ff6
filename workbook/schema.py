"""Typed models of a framework: its concepts, course parts and worksheets.

Everything a user reads comes with Dutch and English (`Text`). Models forbid unknown keys,
so a typo in a YAML key is reported instead of silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from workbook.exercises import ExerciseSet, check_against_framework
from workbook.coach import CoachRule, Lexicon, rule_problems
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
OptionSource = Literal["roles", "phases", "game_changers", "pitfalls", "laws", "actors"]


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

    @model_validator(mode="after")
    def _options_fit_type(self) -> "WorksheetField":
        if (self.type == "table") != bool(self.columns):
            raise ValueError("a table field needs 'columns'; other fields take none")
        if self.type in CHOICE_TYPES and not (self.options or self.options_from):
            raise ValueError(f"a {self.type} field needs 'options' or 'options_from'")
        if self.type not in CHOICE_TYPES and (self.options or self.options_from):
            raise ValueError(f"a {self.type} field takes no options")
        if self.type == "scale" and not self.min < self.max:
            raise ValueError("scale needs min < max")
        ids = [o.id for o in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids must be unique")
        return self


class Worksheet(Model):
    id: Id
    part: Literal[1, 2, 3]
    title: Text
    intro: Text | None = None
    concepts: list[Id] = []
    fields: list[WorksheetField] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_fields(self) -> "Worksheet":
        ids = [f.id for f in self.fields]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"field ids must be unique: {', '.join(dupes)}")
        return self

    def field(self, field_id: str) -> WorksheetField | None:
        return next((f for f in self.fields if f.id == field_id), None)


class Part(Model):
    number: Literal[1, 2, 3]
    title: Text
    intro: Text


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


class Fragment(Model):
    """What a file included by a framework may add."""

    worksheets: list[Worksheet] = []
    exercises: list[ExerciseSet] = []
    coach_rules: list[CoachRule] = []
    lexicons: list[Lexicon] = []  # named word lists the coach rules use


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
    include: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _version_as_text(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("version"), (int, float)):
            data = {**data, "version": str(data["version"])}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> "Framework":
        _unique("worksheet", [w.id for w in self.worksheets])
        _unique("concept", [c.id for c in self.concepts.all()])
        parts = {p.number for p in self.parts}
        for ws in self.worksheets:
            if ws.part not in parts:
                raise ValueError(f"worksheet {ws.id} is in part {ws.part}, which is not defined")
        _unique("exercise", [e.id for e in self.exercises])
        check_against_framework(self.exercises, self)
        coach = rule_problems(self.coach_rules, self)
        if coach:
            raise ValueError("; ".join(coach))
        return self

    def worksheet(self, ws_id: str) -> Worksheet | None:
        return next((w for w in self.worksheets if w.id == ws_id), None)

    def worksheets_of(self, part: int) -> list[Worksheet]:
        return [w for w in self.worksheets if w.part == part]

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.concepts.roles if r.id == role_id), None)

    def concept(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts.all() if c.id == concept_id), None)


def _unique(what: str, ids: list[str]) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{what} ids must be unique: {', '.join(dupes)}")
