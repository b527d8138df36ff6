"""The case: one concrete us-them situation and everything a strategist records about it.

A case document carries `format_version`; `workbook.case.migrate` brings older documents up to
`FORMAT_VERSION` before they are validated here.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from workbook.problems import check_unique, refusal

FORMAT_VERSION = 5  # 2: snapshots of the map; 3: every row has an id (poles, table answers);
# 4: a stance may be unset, the anonymisation list; 5: intervision meetings (and an action's
# meeting)

Side = Literal["a", "b", "none"]
ActorKind = Literal["person", "group", "organisation", "media", "institution"]
ACTOR_KINDS: tuple[str, ...] = ("person", "group", "organisation", "media", "institution")
SIDES: tuple[str, ...] = ("a", "b", "none")
Short = Annotated[str, StringConstraints(max_length=300)]
Long = Annotated[str, StringConstraints(max_length=20_000)]
SHORT_ID = r"^[A-Za-z0-9_-]{1,40}$"  # a case's, actor's, event's id (and so a `?case=` link's)
ShortId = Annotated[str, StringConstraints(pattern=SHORT_ID)]


def new_id() -> str:
    """An id for a row within a case (an actor, an event): unique within its case."""
    return uuid.uuid4().hex[:10]


CASE_ID_BYTES = 18  # 144 random bits: a case's id cannot be guessed from another one


def new_case_id() -> str:
    """An unguessable id for a new case (URL-safe, 24 characters). Never starts with '-', so it
    cannot be read as an option on the command line. Older, shorter ids keep working."""
    while (ident := secrets.token_urlsafe(CASE_ID_BYTES)).startswith("-"):
        pass
    return ident


def fill_ids(rows: Any, prefix: str) -> Any:
    """Rows (plain dictionaries) without an id get one, from their place: `prefix` and a
    number. The same rows always get the same ids, so an older document read twice (two
    tabs, two processes) names its rows alike. Anything but a list of dictionaries is left
    as it is."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return rows
    taken = {r.get("id") for r in rows}
    out = []
    for n, row in enumerate(rows, start=1):
        if not row.get("id"):
            ident, extra = f"{prefix}{n}", 0
            while ident in taken:
                extra += 1
                ident = f"{prefix}{n}-{extra}"
            taken.add(ident)
            row = {**row, "id": ident}
        out.append(row)
    return out


def fill_answer_ids(answers: Any) -> Any:
    """Every row of a table answer (a list of dictionaries) gets an id."""
    if not isinstance(answers, dict):
        return answers
    return {ws: ({f: fill_ids(v, "r") for f, v in fields.items()}
                 if isinstance(fields, dict) else fields) for ws, fields in answers.items()}


class CaseModel(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Pole(CaseModel):
    """One end of a thought construct: a label and the identity statement pushers make."""

    id: ShortId = Field(default_factory=new_id)
    side: Literal["a", "b"]
    label: Short = ""
    identity: Long = ""
    thought_construct: Short = ""  # which construct, when more than one hides under the surface


class Actor(CaseModel):
    id: ShortId = Field(default_factory=new_id)
    name: Short = ""
    kind: ActorKind = "person"
    role: Short = ""  # a role id of the case's framework; "" while not yet decided
    side: Side = "none"
    # -1 fully with pole A, +1 with pole B; None: never set (the map places it by side and role)
    stance: float | None = Field(default=None, ge=-1.0, le=1.0)
    influence: int = Field(default=3, ge=1, le=5)
    notes: Long = ""


class FuelEvent(CaseModel):
    id: ShortId = Field(default_factory=new_id)
    date: dt.date | None = None
    source: Short = ""  # an actor id
    description: Long = ""
    channel: Short = ""
    intensity: int = Field(default=3, ge=1, le=5)


class Action(CaseModel):
    id: ShortId = Field(default_factory=new_id)
    title: Short = ""
    owner: Short = ""
    date: dt.date | None = None
    targets: list[Short] = []  # actor ids
    game_changers: list[Short] = []
    status: Literal["planned", "done", "dropped"] = "planned"
    reflection: Long = ""
    meeting: Short = ""  # the id of the intervision meeting whose advice this action took


class Meeting(CaseModel):
    """An intervision meeting on this case, led by a facilitator with a method
    (workbook.meetings): where it stands, its timer, the follow-up. What each phase yields is
    in `Case.meeting_items`, the participants' readings in `Case.meeting_readings`, each
    naming the meeting by id (so every row is addressed by its own id)."""

    id: ShortId = Field(default_factory=new_id)
    method: Short = ""  # a method id of the case's framework
    title: Short = ""
    date: dt.date | None = None
    facilitator: Short = ""
    case_bringer: Short = ""
    participants: list[Short] = []
    phase: Short = ""  # the phase now open ("" before the meeting starts)
    running_since: dt.datetime | None = None  # the phase's clock runs since then (None: paused)
    elapsed: float = Field(default=0.0, ge=0)  # seconds the phase ran before `running_since`
    phase_times: dict[str, float] = {}  # phase id -> seconds it ran (phases left, for minutes)
    ended: bool = False
    follow_up: dt.date | None = None
    follow_up_note: Long = ""


MeetingItemKind = Literal["question", "analysis", "concern", "advice", "note"]
MEETING_ITEM_KINDS: tuple[str, ...] = ("question", "analysis", "concern", "advice", "note")


class MeetingItem(CaseModel):
    """What a phase of a meeting yielded: a question, an analysis, an advice (tagged with the
    game changer it serves and the pitfalls it names; `taken` when the case-bringer takes it,
    then `action` is the plan's action made from it) or a note."""

    id: ShortId = Field(default_factory=new_id)
    meeting: Short = ""  # the meeting's id
    phase: Short = ""  # the method's phase id
    kind: MeetingItemKind = "note"
    text: Long = ""
    game_changer: Short = ""
    pitfalls: list[Short] = []
    taken: bool = False
    action: Short = ""
    by: Short = ""  # who gave it, from a live room: a name they agreed to show, "Participant n"
    hidden: bool = False  # hidden by the facilitator in a live room: kept, not in the minutes


class Placement(CaseModel):
    """How one reader placed one actor: role, side and stance."""

    role: Short = ""
    side: Side = "none"
    stance: float | None = Field(default=None, ge=-1.0, le=1.0)


class Reading(CaseModel):
    """One participant's reading of the case in a meeting: where they place each actor."""

    id: ShortId = Field(default_factory=new_id)
    meeting: Short = ""
    reader: Short = ""
    placements: dict[str, Placement] = {}  # actor id -> placement


class Place(CaseModel):
    """Where an actor would stand if the strategy works; None keeps today's value."""

    role: Short | None = None
    side: Side | None = None
    stance: float | None = Field(default=None, ge=-1.0, le=1.0)
    influence: int | None = Field(default=None, ge=1, le=5)


class Strategy(CaseModel):
    """Part 3: who the strategist is on the map, the intended map and the action plan.
    (The game-changer worksheets' free answers live in `Case.answers`.)"""

    me: Short = ""  # the actor id that stands for the strategist (or their organisation)
    intended: dict[str, Place] = {}  # actor id -> intended place
    actions: list[Action] = []


class FrameworkRef(CaseModel):
    id: str = "brandsma"
    version: str = "1"


def default_poles() -> list[Pole]:
    return [Pole(side="a"), Pole(side="b")]


class Snapshot(CaseModel):
    """The map as it stood at a date: a copy of the actors and poles, kept to replay later."""

    id: ShortId = Field(default_factory=new_id)
    date: dt.date | None = None
    label: Short = ""
    poles: list[Pole] = Field(default_factory=default_poles, min_length=2)
    actors: list[Actor] = []

    @field_validator("poles", mode="before")
    @classmethod
    def _pole_ids(cls, poles: Any) -> Any:
        return fill_ids(poles, "pole")


class Alias(CaseModel):
    """A line of the case's anonymisation list: how an actor, or a term of the facilitator's
    own (a place, a street, a school, a club), is shown when the case is anonymised."""

    id: ShortId = Field(default_factory=new_id)
    actor: Short = ""  # an actor id; "" for a term
    term: Short = ""  # the term to replace (a term only)
    pseudonym: Short = ""  # what to show instead; "" for the generated pseudonym
    keep: bool = False  # shown as it is: a descriptive name that identifies no one


class Case(CaseModel):
    format_version: Literal[5] = FORMAT_VERSION
    id: ShortId = Field(default_factory=new_case_id)
    title: Short = ""
    narrative: Long = ""  # the story of the case, as a case-bringer would tell it
    practice_of: Short = ""  # for practice: the id of the case study this is an attempt at
    framework: FrameworkRef = Field(default_factory=FrameworkRef)
    poles: list[Pole] = Field(default_factory=default_poles, min_length=2)
    actors: list[Actor] = []
    fuel: list[FuelEvent] = []
    answers: dict[str, dict[str, Any]] = {}  # worksheet id -> field id -> value
    strategy: Strategy = Field(default_factory=Strategy)
    progress: dict[str, Any] = {}  # exercise results, keyed by exercise id
    snapshots: list[Snapshot] = []  # the map at earlier dates, oldest first
    anonymisation: list[Alias] = []  # pseudonyms the facilitator chose, own terms to replace
    meetings: list[Meeting] = []  # intervision meetings on this case, oldest first
    meeting_items: list[MeetingItem] = []  # what their phases yielded
    meeting_readings: list[Reading] = []  # participants' readings, for comparing

    @field_validator("poles", mode="before")
    @classmethod
    def _pole_ids(cls, poles: Any) -> Any:
        return fill_ids(poles, "pole")

    @field_validator("answers", mode="before")
    @classmethod
    def _row_ids(cls, answers: Any) -> Any:
        return fill_answer_ids(answers)

    @field_validator("poles")
    @classmethod
    def _both_sides(cls, poles: list[Pole]) -> list[Pole]:
        if {p.side for p in poles} != {"a", "b"}:
            raise refusal("one_sided_poles")
        return poles

    @field_validator("actors")
    @classmethod
    def _unique_actors(cls, actors: list[Actor]) -> list[Actor]:
        check_unique("actors", [a.id for a in actors])
        return actors

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def pole(self, side: str) -> Pole:
        """The first (main) pole on a side."""
        return next(p for p in self.poles if p.side == side)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def answer(self, worksheet_id: str, field_id: str, default: Any = None) -> Any:
        return self.answers.get(worksheet_id, {}).get(field_id, default)

    def to_doc(self) -> dict[str, Any]:
        """A plain, JSON- and YAML-safe dictionary (dates as ISO text)."""
        return self.model_dump(mode="json")
