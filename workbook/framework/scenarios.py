"""Scenarios at work: walking one, the feedback after every step, every path through it,
and what a case keeps of the walks.

A walk is a plain dictionary (what the case stores under ``progress["scenarios"][id]``):
``{"steps": [{"step": id, "choice": option_id} | {"step": id, "text": str}, ...],
"ended": ending_id | None, "walks": [finished walks, oldest first], "updated": iso}``.
A walk is replayed against the scenario as it is now: a step that no longer fits (the YAML
changed) ends the replay there, so a stored walk never breaks a page.
The scenarios themselves are defined in `workbook.framework.scenario_sets`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from workbook.coach import Hint, text_hints
from workbook.framework.scenario_sets import (Scenario, ScenarioEnding, ScenarioOption,
                                              ScenarioStep)
from workbook.framework.schema import Concept, Framework
from workbook.text import Text

MAX_TEXT = 2000  # characters kept of a written answer
MAX_WALKS = 20  # finished walks kept per scenario
PROGRESS_KEY = "scenarios"  # where a case keeps its walks: progress["scenarios"][scenario id]


# --- Walking ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Taken:
    """One step taken: the step, and the option chosen or the text written."""

    step: ScenarioStep
    option: ScenarioOption | None = None
    text: str = ""


@dataclass(frozen=True)
class Position:
    """Where a walk stands: the steps taken, then the step to take now or the ending."""

    taken: list[Taken]
    step: ScenarioStep | None
    ending: ScenarioEnding | None

    @property
    def done(self) -> bool:
        return self.ending is not None


def replay(sc: Scenario, walk: dict[str, Any] | None) -> Position:
    """Follow a stored walk from the first step for as long as it fits the scenario."""
    taken: list[Taken] = []
    step: ScenarioStep | None = sc.first
    for entry in (walk or {}).get("steps") or []:
        if step is None or not isinstance(entry, dict) or entry.get("step") != step.id:
            break
        if step.kind == "choice":
            option = step.option(str(entry.get("choice")))
            if option is None:
                break
            taken.append(Taken(step, option))
            target = option.next
        else:
            text = entry.get("text")
            if not isinstance(text, str) or not text.strip():
                break
            taken.append(Taken(step, text=text))
            target = step.next or ""
        step = sc.step(target)
        if step is None:
            return Position(taken, None, sc.ending(target))
    return Position(taken, step, None)


def _entries(position: Position) -> list[dict[str, str]]:
    return [{"step": t.step.id, "choice": t.option.id} if t.option is not None
            else {"step": t.step.id, "text": t.text} for t in position.taken]


def _stored(walk: dict[str, Any] | None, position: Position, now: dt.datetime | None
            ) -> dict[str, Any]:
    when = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
    walks = [w for w in (walk or {}).get("walks") or [] if isinstance(w, dict)]
    return {"steps": _entries(position), "ended": position.ending.id if position.ending else None,
            "walks": walks[-MAX_WALKS:], "updated": when}


def choose(sc: Scenario, walk: dict[str, Any] | None, option_id: str,
           now: dt.datetime | None = None) -> dict[str, Any]:
    """The walk with `option_id` chosen at the step it stands at (unchanged if that is not
    an option there)."""
    pos = replay(sc, walk)
    option = pos.step.option(option_id) if pos.step is not None else None
    if option is None:
        return _stored(walk, pos, now)
    nxt = sc.step(option.next)
    moved = Position([*pos.taken, Taken(pos.step, option)], nxt,
                     None if nxt is not None else sc.ending(option.next))
    return _stored(walk, moved, now)


def write(sc: Scenario, walk: dict[str, Any] | None, text: str,
          now: dt.datetime | None = None) -> dict[str, Any]:
    """The walk with `text` written at the write step it stands at (unchanged if the walk
    stands elsewhere or the text is blank)."""
    pos = replay(sc, walk)
    text = (text or "").strip()[:MAX_TEXT]
    if pos.step is None or pos.step.kind != "write" or not text:
        return _stored(walk, pos, now)
    target = pos.step.next or ""
    nxt = sc.step(target)
    moved = Position([*pos.taken, Taken(pos.step, text=text)], nxt,
                     None if nxt is not None else sc.ending(target))
    return _stored(walk, moved, now)


def back(sc: Scenario, walk: dict[str, Any] | None, now: dt.datetime | None = None
         ) -> dict[str, Any]:
    """The walk one step back (to choose again there)."""
    pos = replay(sc, walk)
    if not pos.taken:
        return _stored(walk, pos, now)
    last = pos.taken[-1]
    return _stored(walk, Position(pos.taken[:-1], last.step, None), now)


def restart(sc: Scenario, walk: dict[str, Any] | None, now: dt.datetime | None = None
            ) -> dict[str, Any]:
    """A new walk from the first step; a finished walk is kept among the walks."""
    pos = replay(sc, walk)
    kept = dict(walk or {})
    if pos.done:
        when = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
        kept["walks"] = [*(kept.get("walks") or []),
                         {"steps": _entries(pos), "ended": pos.ending.id, "when": when}]
    return _stored(kept, Position([], sc.first, None), now)


# --- Feedback --------------------------------------------------------------------------------

@dataclass(frozen=True)
class OptionFeedback:
    """What a choice means in the framework's terms."""

    option: ScenarioOption
    serves: list[Concept]
    breaks: list[Concept]
    pitfalls: list[Concept]

    @property
    def verdict(self) -> str:
        return self.option.verdict

    @property
    def why(self) -> Text:
        return self.option.feedback

    @property
    def middle(self) -> Text:
        return self.option.middle

    @property
    def pushers(self) -> Text:
        return self.option.pushers


def option_feedback(option: ScenarioOption, fw: Framework) -> OptionFeedback:
    def named(ids: list[str]) -> list[Concept]:
        return [c for c in (fw.concept(i) for i in ids) if c is not None]

    return OptionFeedback(option, named(option.serves), named(option.breaks),
                          named(option.pitfalls))


@dataclass(frozen=True)
class WriteFeedback:
    """What the coach reads in a written answer, then the model answer and why it works."""

    text: str
    hints: list[Hint]
    model: Text
    explanation: Text

    @property
    def clean(self) -> bool:
        """The coach found nothing to point out in the tone."""
        return not self.hints


def write_feedback(step: ScenarioStep, text: str, fw: Framework) -> WriteFeedback:
    return WriteFeedback(text, text_hints(text, step.coach, fw),
                         step.model or Text(nl="-", en="-"),
                         step.explanation or Text(nl="-", en="-"))


# --- Every path ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Path:
    """One way through a scenario: the (step, option) pairs (option None for a write step)
    and the ending."""

    steps: tuple[tuple[ScenarioStep, ScenarioOption | None], ...]
    ending: ScenarioEnding

    @property
    def decisions(self) -> int:
        """How many choices the path asks for."""
        return sum(1 for _, option in self.steps if option is not None)

    @property
    def good(self) -> bool:
        """Sound at every choice, and a sound ending."""
        return self.ending.verdict == "sound" and all(
            option.verdict == "sound" for _, option in self.steps if option is not None)


def paths(sc: Scenario) -> list[Path]:
    """Every path from the first step to an ending (the scenario has no loops)."""
    out: list[Path] = []

    def go(step_id: str, trail: tuple) -> None:
        step = sc.step(step_id)
        if step is None:
            ending = sc.ending(step_id)
            if ending is not None:
                out.append(Path(trail, ending))
            return
        if step.kind == "write":
            go(step.next or "", (*trail, (step, None)))
            return
        for option in step.options:
            go(option.next, (*trail, (step, option)))

    go(sc.first.id, ())
    return out


# --- What a case keeps -----------------------------------------------------------------------

def stored_walk(progress: dict[str, Any] | None, scenario_id: str) -> dict[str, Any]:
    """The walk a case holds for one scenario; tolerant of anything odd in the document."""
    walks = (progress or {}).get(PROGRESS_KEY)
    entry = walks.get(scenario_id) if isinstance(walks, dict) else None
    return dict(entry) if isinstance(entry, dict) else {}


def finished(sc: Scenario, walk: dict[str, Any]) -> list[str]:
    """The verdicts of the endings reached, in every finished walk and the current one."""
    ends = [w.get("ended") for w in walk.get("walks") or [] if isinstance(w, dict)]
    if replay(sc, walk).done:
        ends.append(walk.get("ended"))
    endings = [sc.ending(e) for e in ends if isinstance(e, str)]
    return [e.verdict for e in endings if e is not None]


@dataclass(frozen=True)
class ScenarioProgress:
    scenario: Scenario
    steps_taken: int  # in the current walk
    walks_done: int  # walks that reached an ending
    good_endings: int  # of those, walks that ended well
    updated: str | None = None

    @property
    def done(self) -> bool:
        return self.walks_done > 0


def progress_overview(progress: dict[str, Any] | None, scenarios: list[Scenario]
                      ) -> list[ScenarioProgress]:
    """Per scenario, how far the case's walks got (recomputed: the YAML may have changed)."""
    out = []
    for sc in scenarios:
        walk = stored_walk(progress, sc.id)
        ends = finished(sc, walk)
        updated = walk.get("updated")
        out.append(ScenarioProgress(sc, len(replay(sc, walk).taken), len(ends),
                                    ends.count("sound"),
                                    updated if isinstance(updated, str) else None))
    return out


def scenarios_of(fw: Framework, part: int) -> list[Scenario]:
    """The scenarios a course part's page offers, in file order."""
    return [sc for sc in fw.scenarios if sc.part == part]
