"""The coach on one piece of text: what a trainee writes in a scenario, or while working out
a question, read by the same rules (and so the same word lists) that read a case.

A rule names the answers its word patterns read (`answer: [tone, rewrites, rewrite]`); here
the text stands in every one of them, in a case that holds nothing else, and the rule is
evaluated as usual. So the tone feedback on a scenario and on the tone worksheet can never
disagree, and a facilitator who extends a word list improves both.
"""

from __future__ import annotations

from typing import Any, Iterator

from workbook.case.model import Case
from workbook.coach.evaluate import Hint, evaluate_rules
from workbook.coach.vocabulary import CoachRule, Condition


def text_hints(text: str, rule_ids: list[str], framework: Any) -> list[Hint]:
    """The hints of the named rules on `text` alone (most urgent first); [] for a blank text
    or rules the framework does not have."""
    if not (text or "").strip():
        return []
    known = {r.id: r for r in getattr(framework, "coach_rules", []) or []}
    rules = [known[r] for r in rule_ids if r in known]
    answers: dict[str, dict[str, Any]] = {}
    for rule in rules:
        for ref in pattern_answers(rule):
            value: Any = [{ref[2]: text}] if len(ref) == 3 else text
            answers.setdefault(ref[0], {})[ref[1]] = value
    if not answers:
        return []
    return evaluate_rules(Case(answers=answers), rules, framework)


def pattern_answers(rule: CoachRule) -> list[tuple[str, ...]]:
    """The answers ([sheet, field] or [sheet, field, column]) the rule's word patterns read."""
    return list(dict.fromkeys(tuple(c.pattern.answer) for c in walk(rule.when)
                              if c.pattern is not None and c.pattern.answer))


def answers_read(rule: CoachRule) -> set[tuple[str, str]]:
    """Every worksheet answer (sheet, field) the rule looks at, in any of its conditions."""
    found: set[tuple[str, str]] = set()
    for cond in walk(rule.when):
        refs = []
        if cond.pattern is not None and cond.pattern.answer:
            refs.append(cond.pattern.answer)
        for ref in (cond.empty, cond.equals):
            if ref is not None:
                refs.append(ref.answer)
        for items in (cond.any, cond.count):
            if items is not None and items.answer:
                refs.append(items.answer)
        found.update((r[0], r[1]) for r in refs if len(r) >= 2)
    return found


def walk(cond: Condition) -> Iterator[Condition]:
    """The condition and every condition inside it."""
    yield cond
    for child in [*(cond.all or []), *(cond.any_of or []),
                  *([cond.not_] if cond.not_ is not None else []),
                  *([cond.any_action] if cond.any_action is not None else [])]:
        yield from walk(child)
