"""The coach at work: which rules fire on a case, and what they are about. Conditions are
evaluated in plain Python, never with eval or exec (the vocabulary is in
workbook.coach.vocabulary)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Optional

from workbook.case.model import Action, Actor, Case, FuelEvent, Pole
from workbook.coach.patterns import text_matches, _word_regex
from workbook.coach.vocabulary import (MAX_SUBJECT, OPS, SEVERITY_ORDER, TEXT_SOURCES,
                                       TYPED_FIELDS, CoachRule, Condition, Filter, FilterValue,
                                       Items, Lexicon, Match, Pattern)

# -- evaluation ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hint:
    """A rule that fired, with what it is about (user text: names, descriptions, actions)."""

    rule: CoachRule
    subjects: tuple[str, ...] = ()
    action_id: str = ""  # for a rule per action checked on one action: that action

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def concept(self) -> str:
        return self.rule.concept


@dataclass
class _Result:
    holds: bool
    subjects: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Ctx:
    """What a condition is evaluated against: the case, the framework's lexicons and typed
    fields, the strategist, and (in a rule per action) the action being checked."""

    case: Case
    lexicons: dict[str, Lexicon]
    typed: dict[tuple[str, str], str]
    me: Optional[Actor]
    me_intended: Optional[Actor]
    actions: tuple[Action, ...]
    action: Optional[Action] = None


def _context(case: Case, framework: Any = None) -> _Ctx:
    from workbook.case.strategy import moved  # the intended place of the strategist

    lexicons = {x.id: x for x in getattr(framework, "lexicons", []) or []}
    typed = {(w.id, f.id): f.type for w in getattr(framework, "worksheets", []) or []
             for f in w.fields if f.type in TYPED_FIELDS}
    me = case.actor(case.strategy.me) if case.strategy.me else None
    goal = moved(me, case.strategy.intended.get(me.id)) if me is not None else None
    actions = tuple(a for a in case.strategy.actions if a.status != "dropped")
    return _Ctx(case, lexicons, typed, me, goal, actions)


def hints(case: Case, framework: Any, part: Optional[int] = None) -> list[Hint]:
    """Every rule of the framework that fires on the case: urgent first, then warnings, then
    hints; within a severity in the order of the YAML. With `part`, only the rules whose
    worksheet belongs to that part of the course (and rules without a worksheet)."""
    rules = list(getattr(framework, "coach_rules", []) or [])
    if part is not None:
        parts = {w.id: w.part for w in getattr(framework, "worksheets", []) or []}
        rules = [r for r in rules if r.worksheet is None or parts.get(r.worksheet) == part]
    return evaluate_rules(case, rules, framework)


def evaluate_rules(case: Case, rules: list[CoachRule], framework: Any = None) -> list[Hint]:
    ctx = _context(case, framework)
    fired = []
    for rule in rules:
        if rule.per == "action":
            titles = [_subject(a) for a in ctx.actions
                      if _eval(rule.when, replace(ctx, action=a)).holds]
            if titles:
                fired.append(Hint(rule, tuple(dict.fromkeys(titles))))
            continue
        result = _eval(rule.when, ctx)
        if result.holds:
            fired.append(Hint(rule, tuple(dict.fromkeys(result.subjects))))
    return sorted(fired, key=lambda h: SEVERITY_ORDER[h.severity])


def action_hints(case: Case, rules: list[CoachRule], action: Action,
                 framework: Any = None) -> list[Hint]:
    """The rules per action that fire on one action (most urgent first); the subjects are
    what the condition found (the pushers it targets, ...)."""
    ctx = replace(_context(case, framework), action=action)
    fired = []
    for rule in rules:
        if rule.per != "action":
            continue
        result = _eval(rule.when, ctx)
        if result.holds:
            fired.append(Hint(rule, tuple(dict.fromkeys(result.subjects)), action.id))
    return sorted(fired, key=lambda h: SEVERITY_ORDER[h.severity])


def holds(cond: Condition, case: Case, framework: Any = None,
          action: Optional[Action] = None) -> bool:
    return _eval(cond, replace(_context(case, framework), action=action)).holds


def is_blank(case: Case) -> bool:
    """Nothing recorded yet: the coach has nothing to say about it."""
    return not (case.actors or case.fuel
                or any(p.label.strip() or p.identity.strip() for p in case.poles)
                or case.strategy.me or case.strategy.actions or case.strategy.intended
                or any(not _is_empty(v) for sheet in case.answers.values()
                       if isinstance(sheet, dict) for v in sheet.values()))


def _eval(cond: Condition, ctx: _Ctx) -> _Result:
    kind = cond.kind
    if kind == "all":
        subjects: list[str] = []
        for child in cond.all:
            r = _eval(child, ctx)
            if not r.holds:
                return _Result(False)
            subjects += r.subjects
        return _Result(True, subjects)
    if kind == "any_of":
        for child in cond.any_of:
            r = _eval(child, ctx)
            if r.holds:
                return r
        return _Result(False)
    if kind == "not_":
        return _Result(not _eval(cond.not_, ctx).holds)
    if kind == "any":
        found = _matching(cond.any, ctx)
        # an empty filter ({actors: {}}) only asks whether there is anything: no subjects
        named = bool(getattr(cond.any, cond.any.collection))
        return _Result(bool(found), [_subject(i) for i in found] if named else [])
    if kind == "count":
        found = _matching(cond.count, ctx)
        return _Result(OPS[cond.op](len(found), cond.value))
    if kind == "empty":
        return _Result(_is_empty(_answer(ctx, cond.empty.answer)))
    if kind == "equals":
        return _Result(_equals(_answer(ctx, cond.equals.answer), cond.value))
    if kind == "begun":
        return _Result(any(_begun(ctx, ws) for ws in cond.begun))
    if kind in ("me", "me_intended"):
        actor = getattr(ctx, kind)
        ok = actor is not None and _fits_all(actor, getattr(cond, kind), ctx)
        return _Result(ok, [_subject(actor)] if ok else [])
    if kind == "this":
        ok = ctx.action is not None and _fits_all(ctx.action, cond.this, ctx)
        return _Result(ok, [])
    if kind == "any_action":
        for action in ctx.actions:
            r = _eval(cond.any_action, replace(ctx, action=action))
            if r.holds:
                return _Result(True, [_subject(action), *r.subjects])
        return _Result(False)
    return _pattern(cond.pattern, ctx)


def _answer(ctx: _Ctx, ref: list[str]) -> Any:
    kind = ctx.typed.get((ref[0], ref[1]))
    case = ctx.case
    if kind == "position":
        return case.strategy.me
    if kind == "actions":
        return list(ctx.actions)
    if kind == "intended":
        return {k: v for k, v in case.strategy.intended.items()
                if any(x is not None for x in v.model_dump().values())}
    if kind in ("poles", "actors", "fuel"):
        return getattr(case, kind)
    sheet = case.answers.get(ref[0])
    return sheet.get(ref[1]) if isinstance(sheet, dict) else None


def _begun(ctx: _Ctx, ws: str) -> bool:
    sheet = ctx.case.answers.get(ws)
    if isinstance(sheet, dict) and any(not _is_empty(v) for v in sheet.values()):
        return True
    return any(not _is_empty(_answer(ctx, [w, f])) for (w, f) in ctx.typed if w == ws)


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, dict)):
        return all(_is_empty(v) for v in value) if not isinstance(value, dict) else not value
    return False


def _equals(value: Any, expected: Any) -> bool:
    wanted = expected if isinstance(expected, list) else [expected]
    values = value if isinstance(value, list) else [value]
    return any(_same(v, w) for v in values for w in wanted)


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, str) or isinstance(value, str):
        return str(value if value is not None else "").strip() == str(expected).strip()
    return value == expected


def _matching(items: Items, ctx: _Ctx) -> list[Any]:
    name = items.collection
    if name == "answer":
        value = _answer(ctx, items.answer)
        if _is_empty(value):
            return []
        return [v for v in value if not _is_empty(v)] if isinstance(value, list) else [value]
    rows = ctx.actions if name == "actions" else getattr(ctx.case, name)
    wanted = getattr(items, name)
    return [row for row in rows if _fits_all(row, wanted, ctx)]


def _fits_all(row: Any, wanted: Filter, ctx: _Ctx) -> bool:
    return all(_fits(getattr(row, key, None), spec, ctx) for key, spec in wanted.items())


def _fits(value: Any, spec: FilterValue, ctx: _Ctx) -> bool:
    if isinstance(spec, Match):
        return _fits_match(value, spec, ctx)
    if isinstance(value, list) and isinstance(spec, str) and not spec.strip():
        return _is_empty(value)  # "" on a list field: nothing in it
    return _equals(value, spec)


def _fits_match(value: Any, spec: Match, ctx: _Ctx) -> bool:
    if spec.is_actor is not None:
        actor_ids = {a.id for a in ctx.case.actors}
        if (isinstance(value, str) and value in actor_ids) != spec.is_actor:
            return False
    if spec.not_ is not None and _equals(value, spec.not_):
        return False
    if spec.in_answer is not None:
        listed = _answer(ctx, spec.in_answer)
        listed = [v for v in (listed if isinstance(listed, list) else [listed])
                  if isinstance(v, (str, int, float)) and not _is_empty(v)]
        if not listed or not _equals(value, listed):
            return False
    if spec.in_targets is not None:
        actions = [ctx.action] if ctx.action is not None else list(ctx.actions)
        targets = {t for a in actions for t in a.targets}
        values = value if isinstance(value, list) else [value]
        if any(v in targets for v in values) != spec.in_targets:
            return False
    if spec.is_me is not None and _names_me(value, ctx) != spec.is_me:
        return False
    return True


def _names_me(value: Any, ctx: _Ctx) -> bool:
    """Whether a text names the strategist: their id, name, or the first word of the name."""
    me = ctx.me
    if me is None or not isinstance(value, str) or not value.strip():
        return False
    names = [me.id, me.name.strip()]
    first = re.match(r"\w{2,}", me.name.strip())
    if first:
        names.append(first.group(0))
    words = tuple(dict.fromkeys(n.lower().replace("*", "") for n in names if n.strip()))
    return _word_regex(words).search(value) is not None


def _subject(item: Any) -> str:
    if isinstance(item, Actor):
        return item.name or item.id
    if isinstance(item, Pole):
        return item.label or item.identity or item.side.upper()
    if isinstance(item, FuelEvent):
        return _short(item.description or item.channel or item.id)
    if isinstance(item, Action):
        return _short(item.title or item.id)
    return _short(str(item))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SUBJECT else text[:MAX_SUBJECT - 1] + "…"


# -- texts a pattern reads -------------------------------------------------------------------------
def _texts(pattern: Pattern, ctx: _Ctx) -> list[tuple[str, str]]:
    """(subject, text) for every text the pattern reads."""
    if pattern.of is not None:
        collection, attr = TEXT_SOURCES[pattern.of]
        if collection == "actions":
            rows = [ctx.action] if ctx.action is not None else list(ctx.actions)
        else:
            rows = getattr(ctx.case, collection)
        return [(_subject(r), getattr(r, attr, "") or "") for r in rows]
    value = _answer(ctx, pattern.answer[:2])
    if len(pattern.answer) == 3:
        column = pattern.answer[2]
        rows = value if isinstance(value, list) else []
        texts = [row.get(column) for row in rows if isinstance(row, dict)]
    else:
        texts = value if isinstance(value, list) else [value]
    return [(_short(t), t) for t in texts if isinstance(t, str)]


def _pattern(pattern: Pattern, ctx: _Ctx) -> _Result:
    hits = [subject for subject, text in _texts(pattern, ctx)
            if text_matches(pattern, text, ctx.lexicons)]
    return _Result(bool(hits), hits)
