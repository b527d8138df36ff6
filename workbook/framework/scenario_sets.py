"""Scenarios as a framework file defines them: branching situations in which the trainee
chooses (or writes) what they would say or do, with feedback in the framework's terms after
every step. A scenario is data (a YAML file under `frameworks/<fw>/scenarios/`), so a
facilitator adds one without code.

A scenario is a list of steps (the first is where it starts) and a list of endings. A step
is either

- ``choice``: options, each with a verdict (sound, mixed, pitfall), the game changers it
  serves or breaks, the pitfalls it walks into, how the middle and the pushers are likely to
  respond, why (``feedback``) and the step or ending it leads to (``next``); or
- ``write``: the trainee writes what they would say; the coach reads it for its tone (the
  rules named in ``coach``), then a model answer is shown, and the walk goes on to ``next``.

The checks here need only the scenario (every ``next`` exists, no loop, nothing unreachable);
`check_scenarios` checks the ids that only the framework knows (game changers, pitfalls,
concepts, sources, coach rules) and is called with the framework's validator and, with lines,
by the loader.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from workbook.problems import check_unique, refusal
from workbook.text import Text

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Verdict = Literal["sound", "mixed", "pitfall"]
VERDICTS: tuple[str, ...] = ("sound", "mixed", "pitfall")
TONE_RULES = ["tone_moralises"]  # what a write step's text is read by, unless it says


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ScenarioOption(_Model):
    id: Id
    label: Text  # what the trainee would say or do
    verdict: Verdict
    serves: list[Id] = []  # game changers the option serves
    breaks: list[Id] = []  # game changers it breaks
    pitfalls: list[Id] = []  # pitfalls it walks into
    feedback: Text  # why, in the framework's terms
    middle: Text  # how the middle is likely to respond
    pushers: Text  # how the pushers are likely to respond
    next: Id  # a step or an ending of the same scenario

    @model_validator(mode="after")
    def _consistent(self) -> "ScenarioOption":
        both = sorted(set(self.serves) & set(self.breaks))
        if both:
            raise refusal("scenario_serves_and_breaks", at=("breaks",), option=self.id,
                          ids=", ".join(both))
        return self


class ScenarioStep(_Model):
    id: Id
    kind: Literal["choice", "write"] = "choice"
    situation: Text  # what happens now
    prompt: Text  # what the trainee is asked
    options: list[ScenarioOption] = []  # choice
    model: Text | None = None  # write: an example of a sound answer
    explanation: Text | None = None  # write: why the model answer works
    coach: list[Id] = TONE_RULES  # write: the coach rules that read the text written
    next: Id | None = None  # write: where the walk goes on
    concepts: list[Id] = []
    sources: list[Id] = []  # ids of the framework's sources the feedback rests on

    @model_validator(mode="after")
    def _fits_kind(self) -> "ScenarioStep":
        if self.kind == "choice":
            if len(self.options) < 2:
                raise refusal("scenario_choice_options", at=("options",), step=self.id)
            if self.model or self.next:
                raise refusal("scenario_choice_extra", at=("next" if self.next else "model",),
                              step=self.id)
            check_unique("options", [o.id for o in self.options], at=("options",))
        else:
            if self.options:
                raise refusal("scenario_write_options", at=("options",), step=self.id)
            if self.model is None or self.explanation is None or self.next is None:
                raise refusal("scenario_write_needs", at=("kind",), step=self.id)
        return self

    def targets(self) -> list[tuple[tuple, str]]:
        """(location within the step, id) of every step or ending this step leads to."""
        if self.kind == "write":
            return [(("next",), self.next or "")]
        return [(("options", i, "next"), o.next) for i, o in enumerate(self.options)]

    def option(self, option_id: str) -> ScenarioOption | None:
        return next((o for o in self.options if o.id == option_id), None)


class ScenarioEnding(_Model):
    id: Id
    verdict: Verdict
    title: Text
    text: Text  # where the path ends, in the framework's terms


class Scenario(_Model):
    id: Id
    part: Literal[1, 2, 3] = 3  # the course part whose page offers it: personal skills
    title: Text
    setting: Text  # the situation, and who the trainee is in it
    concepts: list[Id] = []
    sources: list[Id] = []
    steps: list[ScenarioStep] = Field(min_length=1)  # the walk starts at the first
    endings: list[ScenarioEnding] = Field(min_length=1)

    @model_validator(mode="after")
    def _a_walkable_graph(self) -> "Scenario":
        ids = [s.id for s in self.steps] + [e.id for e in self.endings]
        places = [("steps", i, "id") for i in range(len(self.steps))]
        places += [("endings", i, "id") for i in range(len(self.endings))]
        check_unique("scenario_parts", ids, places=places)
        known = set(ids)
        for i, step in enumerate(self.steps):
            for at, target in step.targets():
                if target not in known:
                    raise refusal("scenario_unknown_next", at=("steps", i, *at), step=step.id,
                                  target=target)
        self._no_loop()
        reached = self.reachable()
        for i, step in enumerate(self.steps):
            if step.id not in reached:
                raise refusal("scenario_unreachable", at=("steps", i, "id"), id=step.id)
        for i, end in enumerate(self.endings):
            if end.id not in reached:
                raise refusal("scenario_unreachable", at=("endings", i, "id"), id=end.id)
        return self

    def _no_loop(self) -> None:
        """Refuse a step that can lead back to itself: every walk must reach an ending."""
        index = {s.id: i for i, s in enumerate(self.steps)}
        done: set[str] = set()

        def visit(step_id: str, trail: tuple[str, ...]) -> None:
            if step_id in trail:
                i = index[step_id]
                raise refusal("scenario_loop", at=("steps", i, "id"), step=step_id)
            if step_id in done or step_id not in index:
                return
            for _, target in self.steps[index[step_id]].targets():
                visit(target, (*trail, step_id))
            done.add(step_id)

        visit(self.steps[0].id, ())

    def reachable(self) -> set[str]:
        """The ids of the steps and endings a walk from the first step can reach."""
        seen: set[str] = set()
        todo = [self.steps[0].id]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            step = self.step(current)
            if step is not None:
                todo.extend(target for _, target in step.targets())
        return seen

    def step(self, step_id: str) -> ScenarioStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def ending(self, ending_id: str) -> ScenarioEnding | None:
        return next((e for e in self.endings if e.id == ending_id), None)

    @property
    def first(self) -> ScenarioStep:
        return self.steps[0]


# --- Checks against the framework ------------------------------------------------------------

def scenario_refusals(scenarios: list[Scenario], framework: Any
                      ) -> list[tuple[tuple, str, dict]]:
    """Every id a scenario names that the framework does not know: (location within the
    list of scenarios, errors.* key, parameters). Empty when all is well."""
    kinds = framework.concepts
    game_changers = {c.id for c in kinds.game_changers}
    pitfalls = {c.id for c in kinds.pitfalls}
    concepts = {c.id for c in kinds.all()}
    sources = {s.id for s in kinds.sources}
    rules = {r.id for r in getattr(framework, "coach_rules", []) or []}
    found: list[tuple[tuple, str, dict]] = []

    def check(at: tuple, ids: list[str], known: set[str], key: str) -> None:
        stray = sorted(set(ids) - known)
        if stray:
            found.append((at, key, {"ids": ", ".join(stray)}))

    for n, sc in enumerate(scenarios):
        check((n, "concepts"), sc.concepts, concepts, "scenario_unknown_concepts")
        check((n, "sources"), sc.sources, sources, "unknown_sources")
        for i, step in enumerate(sc.steps):
            at = (n, "steps", i)
            check((*at, "concepts"), step.concepts, concepts, "scenario_unknown_concepts")
            check((*at, "sources"), step.sources, sources, "unknown_sources")
            if step.kind == "write":
                check((*at, "coach"), step.coach, rules, "scenario_unknown_rules")
            for j, option in enumerate(step.options):
                where = (*at, "options", j)
                check((*where, "serves"), option.serves, game_changers,
                      "scenario_unknown_game_changers")
                check((*where, "breaks"), option.breaks, game_changers,
                      "scenario_unknown_game_changers")
                check((*where, "pitfalls"), option.pitfalls, pitfalls,
                      "scenario_unknown_pitfalls")
    return found


def check_scenarios(scenarios: list[Scenario], framework: Any) -> None:
    """Refuse the first id a scenario names that the framework does not know (called from the
    framework's validator, so the location starts at the framework's `scenarios`)."""
    found = scenario_refusals(scenarios, framework)
    if found:
        at, key, params = found[0]
        raise refusal(key, at=("scenarios", *at), **params)
