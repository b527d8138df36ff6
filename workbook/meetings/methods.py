"""Intervision methods: each a YAML file in `frameworks/<framework>/methods/`, so a facilitator
adds one without code. A method has phases, each with a duration in minutes, what the
facilitator does, what the participants (and the case-bringer) do, and what the phase
collects (questions, analyses, advice, notes; the case-bringer's choice of advice; the
follow-up; the participants' readings of the case).

A broken file is reported with its file and line (`Problem`) and left out; the other methods
still load. What a method names that the framework does not know (a source) is a problem too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from workbook import yamlio
from workbook.framework.loader import FRAMEWORKS_DIR, display_name
from workbook.framework.schema import Framework
from workbook.problems import InputRejected, Problem, check_unique, loc_to_str
from workbook.text import Text

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
# what a phase collects: items of a kind, the case-bringer's choice of advice, the follow-up,
# the participants' readings of the case (for comparing)
Collect = Literal["question", "analysis", "concern", "advice", "note", "choice", "follow_up",
                  "readings"]
ITEM_KINDS: tuple[str, ...] = ("question", "analysis", "concern", "advice", "note")
METHODS_FOLDER = "methods"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phase(_Model):
    id: Id
    title: Text
    minutes: int = Field(ge=1, le=240)
    facilitator: Text  # what the facilitator does and says
    participants: Text  # what the participants do
    case_bringer: Text | None = None  # what the case-bringer does, where it differs
    collects: list[Collect] = []
    # written input from the participants' own devices (a live room, workbook.rooms) stays
    # hidden on the projector until the facilitator reveals it all at once
    reveal_at_once: bool = False

    @field_validator("collects")
    @classmethod
    def _once(cls, collects: list[str]) -> list[str]:
        check_unique("collects", collects)
        return collects


class Method(_Model):
    id: Id
    order: int = 100  # methods are offered in this order, then by id
    title: Text
    summary: Text
    origin: Text  # where the method comes from, in words
    sources: list[Id] = []  # ids of the framework's sources
    group: Text | None = None  # who takes part, how many
    phases: list[Phase] = Field(min_length=1, max_length=30)

    @field_validator("phases")
    @classmethod
    def _unique_phases(cls, phases: list[Phase]) -> list[Phase]:
        check_unique("phases", [p.id for p in phases])
        return phases

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.phases)

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def index(self, phase_id: str) -> int | None:
        return next((i for i, p in enumerate(self.phases) if p.id == phase_id), None)

    def collects(self, what: str) -> list[Phase]:
        return [p for p in self.phases if what in p.collects]


@dataclass
class Methods:
    """The methods of one framework, in order, and the problems of the files left out."""

    methods: list[Method] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, method_id: str) -> Method | None:
        return next((m for m in self.methods if m.id == method_id), None)


def methods_dir(framework_id: str, root: Path = FRAMEWORKS_DIR) -> Path:
    return root / framework_id / METHODS_FOLDER


def load_methods(fw: Framework | None, directory: Path | None = None) -> Methods:
    """Every `*.yaml` in the framework's methods folder; never raises for bad input."""
    out = Methods()
    if fw is None:
        return out
    folder = directory if directory is not None else methods_dir(fw.id)
    if not folder.is_dir():
        return out
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        method, problems = load_method(path, fw)
        out.problems.extend(problems)
        if method is None:
            continue
        if method.id in seen:
            out.problems.append(Problem(display_name(path), "duplicate_method", line=1,
                                        params={"id": method.id, "other": seen[method.id]}))
            continue
        seen[method.id] = display_name(path)
        out.methods.append(method)
    out.methods.sort(key=lambda m: (m.order, m.id))
    return out


def load_method(path: Path, fw: Framework | None, source: str | None = None
                ) -> tuple[Method | None, list[Problem]]:
    """One method file, checked against the framework; (None, problems) when it is broken."""
    source = source or display_name(path)
    try:
        return read_method(path.read_bytes(), source, fw)
    except OSError as exc:
        return None, [Problem(source, "unreadable", detail=exc.strerror or str(exc))]


def read_method(raw: bytes, source: str, fw: Framework | None
                ) -> tuple[Method | None, list[Problem]]:
    try:
        doc = yamlio.read_bytes(raw, source)
        if not isinstance(doc.data, dict):
            raise InputRejected([Problem(source, "not_mapping", line=1)])
        method = yamlio.validate(doc, Method.model_validate)
    except InputRejected as exc:
        return None, exc.problems
    problems = framework_problems(doc, method, fw)
    return (None, problems) if problems else (method, [])


def framework_problems(doc: yamlio.YamlDoc, method: Method, fw: Framework | None
                       ) -> list[Problem]:
    """What a method names that its framework does not know (its sources), with the line."""
    if fw is None:
        return []
    known = {s.id for s in fw.concepts.sources}
    out = []
    for i, source_id in enumerate(method.sources):
        if source_id not in known:
            loc = ("sources", i)
            out.append(Problem(doc.source, "unknown_method_source", line=doc.line_of(loc),
                               loc=loc_to_str(loc), params={"id": source_id}))
    return out


def is_method_doc(data: object) -> bool:
    """Whether a YAML document looks like a method (for `python -m workbook validate`)."""
    return isinstance(data, dict) and "phases" in data and "format_version" not in data
