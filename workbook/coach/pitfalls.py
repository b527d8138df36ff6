"""The bridge builder's pitfalls, checked for each action of the plan.

The checks are coach rules with `per: action` whose concept is one of the framework's pitfalls
(frameworks/brandsma/coach/60_pitfalls.yaml): above the poles, the pushers' repertoire, a
podium for the pushers, dialogue at the wrong time or with the wrong people, being seen to
take sides, staged contact. No check lives in code; a facilitator adds one in YAML.
"""

from __future__ import annotations

from typing import Any

from workbook.case.model import Case
from workbook.coach.evaluate import Hint, action_hints
from workbook.coach.vocabulary import CoachRule


def pitfall_rules(fw: Any) -> list[CoachRule]:
    """The rules per action that rest on a pitfall concept of the framework."""
    pitfalls = {c.id for c in fw.concepts.pitfalls}
    return [r for r in fw.coach_rules if r.per == "action" and r.concept in pitfalls]


def action_pitfalls(case: Case, fw: Any) -> dict[str, list[Hint]]:
    """Per action id (in the plan's order), the pitfalls it falls into, most urgent first.
    A dropped action is no longer part of the plan and gets an empty list."""
    rules = pitfall_rules(fw)
    return {action.id: ([] if action.status == "dropped"
                        else action_hints(case, rules, action, fw))
            for action in case.strategy.actions}
