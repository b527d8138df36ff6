"""The coach: hints computed from a case by rules kept in YAML (frameworks/*/coach/*.yaml).

A rule names the concept it rests on and says, in Dutch and English, what it noticed and why
it matters. Its condition (`when`) is written in a small declarative vocabulary that a
facilitator can combine without code; it is evaluated here in plain Python, never with
eval or exec.

Conditions (each a mapping with one operator key):

    all: [cond, ...]                    every condition holds
    any_of: [cond, ...]                 at least one holds
    not: cond                           the condition does not hold
    any: {actors: {role: pusher}}       at least one item of a collection matches
    count: {actors: {role: pusher}}     how many items match, compared with op and value:
      op: "<"                           (<, <=, ==, !=, >=, >); also {answer: [sheet, field]}
      value: 2                          counts the entries of a list answer
    empty: {answer: [middle, concerns]} a worksheet answer is blank (no text, nothing chosen)
    equals: {answer: [actors, own_role]} a worksheet answer is the value (or one of a list)
      value: bridge_builder
    pattern: {of: pole_identity, ...}   a text of the case matches a word pattern (below)
    begun: [target_group, topic]        something is filled in on one of these worksheets
    me: {role: bridge_builder}          the strategist (strategy.me) stands there today
    me_intended: {role: bridge_builder} ... and will stand there in the intended map
    this: {status: planned}             the action being checked matches (rules per action)
    any_action: cond                    the condition holds for at least one action of the plan

Collections are `actors`, `fuel`, `poles` and `actions` (the plan's actions; dropped ones
are left out everywhere). A filter maps a field to a value (`""` is blank, also an empty list),
a list of values (one of them; a list field such as `targets` matches when it holds one of
them), or a test with one or more of these keys (all must hold):

    {not: value}                        anything else
    {is_actor: true|false}              the text is (not) the id of an actor in the case
    {in_answer: [target_group, who]}    the value is one of the entries of that list answer
    {in_targets: true|false}            the actor id is (not) a target of the action being
                                        checked; outside a rule per action, of any action
    {is_me: true|false}                 the text names the strategist (their id, their name or
                                        the first word of their name)

A rule with `per: action` is checked for each action of the plan on its own: `this`,
`in_targets` and the `action_*` texts then see that action only. Such a rule fires once in
the coach's hints, naming the actions; `workbook.pitfalls` lists them per action.

A pattern matches a text when it contains a number (`numbers: true`) or one of `words`, and
none of `unless`. Texts are named by `of` (see TEXT_SOURCES) or by `answer: [sheet, field]`
(a text answer) or `answer: [sheet, field, column]` (every row of a table answer). Word lists
are given per language and both are used (a case may be written in either); `*` at the end of
a word matches any ending ("arresteer*"), a lone `*` in a phrase matches one word ("die *
zijn"). `lexicon: [id, ...]` adds the words of named lexicons, kept in YAML under `lexicons:`
(a file that defines a lexicon must sort before, or be, the file that uses it).

Answers of typed fields are read where the case keeps them: a `position` field is the
strategist's actor id, an `actions` field the plan, an `intended` field the intended map.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from workbook.case import Action, Actor, Case, FuelEvent, Pole
from workbook.text import Text

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Severity = Literal["urgent", "warning", "hint"]
SEVERITY_ORDER: dict[str, int] = {"urgent": 0, "warning": 1, "hint": 2}
COLLECTIONS: dict[str, type[BaseModel]] = {"actors": Actor, "fuel": FuelEvent, "poles": Pole,
                                           "actions": Action}
TEXT_SOURCES: dict[str, tuple[str, str]] = {
    "pole_label": ("poles", "label"),
    "pole_identity": ("poles", "identity"),
    "pole_thought_construct": ("poles", "thought_construct"),
    "fuel_description": ("fuel", "description"),
    "fuel_channel": ("fuel", "channel"),
    "actor_name": ("actors", "name"),
    "actor_notes": ("actors", "notes"),
    "action_title": ("actions", "title"),
    "action_owner": ("actions", "owner"),
    "action_reflection": ("actions", "reflection"),
}
TYPED_FIELDS = ("position", "actions", "intended", "poles", "actors", "fuel")
OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
       ">=": operator.ge, ">": operator.gt}
Scalar = Union[str, int, float, bool]
MAX_WORDS = 2_000
MAX_SUBJECT = 80


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# -- the vocabulary ----------------------------------------------------------------------------
MATCH_KEYS = ("not_", "is_actor", "in_answer", "in_targets", "is_me")


class Match(_Model):
    """A filter value that is more than plain equality; every test given must hold."""

    not_: Optional[Union[Scalar, list[Scalar]]] = Field(default=None, alias="not")
    is_actor: Optional[bool] = None
    in_answer: Optional[list[Id]] = None
    in_targets: Optional[bool] = None
    is_me: Optional[bool] = None

    @model_validator(mode="after")
    def _some(self) -> "Match":
        if all(getattr(self, k) is None for k in MATCH_KEYS):
            raise ValueError("a filter test takes one or more of 'not', 'is_actor', "
                             "'in_answer', 'in_targets', 'is_me'")
        if self.in_answer is not None:
            _check_answer_ref(self.in_answer)
        return self


FilterValue = Union[Scalar, list[Scalar], Match]
Filter = dict[str, FilterValue]


def _check_filter(name: str, model: type[BaseModel], spec: Filter) -> None:
    known = set(model.model_fields)
    unknown = sorted(set(spec) - known)
    if unknown:
        raise ValueError(f"{name} have no field {', '.join(unknown)} "
                         f"(known: {', '.join(sorted(known))})")


class Items(_Model):
    """Items of one collection that match a filter: {actors: {role: pusher, side: a}}."""

    actors: Optional[Filter] = None
    fuel: Optional[Filter] = None
    poles: Optional[Filter] = None
    actions: Optional[Filter] = None
    answer: Optional[list[Id]] = None

    @model_validator(mode="after")
    def _one(self) -> "Items":
        given = [k for k in (*COLLECTIONS, "answer") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("name exactly one of actors, fuel, poles, actions or answer")
        name = given[0]
        if name == "answer":
            _check_answer_ref(self.answer)
        else:
            _check_filter(name, COLLECTIONS[name], getattr(self, name))
        return self

    @property
    def collection(self) -> str:
        return next(k for k in (*COLLECTIONS, "answer") if getattr(self, k) is not None)


class AnswerRef(_Model):
    """A worksheet answer: {answer: [worksheet_id, field_id]}."""

    answer: list[Id]

    @model_validator(mode="after")
    def _pair(self) -> "AnswerRef":
        _check_answer_ref(self.answer)
        return self


def _check_words(words: list[str]) -> None:
    if len(words) > MAX_WORDS:
        raise ValueError(f"a word list holds at most {MAX_WORDS} words")
    if any(not w.strip() or len(w) > 80 for w in words):
        raise ValueError("words must be non-empty and at most 80 characters")


class Words(_Model):
    """Words per language, plus the words of named lexicons."""

    nl: list[str] = []
    en: list[str] = []
    lexicon: list[Id] = []

    @model_validator(mode="after")
    def _sane(self) -> "Words":
        _check_words([*self.nl, *self.en])
        return self

    def all(self, lexicons: Optional[dict[str, tuple[str, ...]]] = None) -> tuple[str, ...]:
        words = [w.strip().lower() for w in [*self.nl, *self.en]]
        for name in self.lexicon:
            words += (lexicons or {}).get(name, ())
        return tuple(dict.fromkeys(words))


class Lexicon(_Model):
    """A named word list (both languages) that patterns can use: `words: {lexicon: [id]}`."""

    id: Id
    nl: list[str] = []
    en: list[str] = []

    @model_validator(mode="after")
    def _sane(self) -> "Lexicon":
        _check_words([*self.nl, *self.en])
        if not (self.nl or self.en):
            raise ValueError("a lexicon needs some words")
        return self

    def all(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w.strip().lower() for w in [*self.nl, *self.en]))


class Pattern(_Model):
    of: Optional[Literal[tuple(TEXT_SOURCES)]] = None  # type: ignore[valid-type]
    answer: Optional[list[Id]] = None  # [sheet, field] or [sheet, field, column]
    numbers: bool = False
    words: Optional[Words] = None
    unless: Optional[Words] = None

    @model_validator(mode="after")
    def _something(self) -> "Pattern":
        if (self.of is None) == (self.answer is None):
            raise ValueError("a pattern reads one text: give 'of' or 'answer'")
        if self.answer is not None and len(self.answer) not in (2, 3):
            raise ValueError("a pattern's answer is [worksheet_id, field_id] or "
                             "[worksheet_id, field_id, column_id]")
        if not self.numbers and not (self.words and (self.words.all() or self.words.lexicon)):
            raise ValueError("a pattern needs 'numbers: true' or some 'words'")
        return self


KINDS = ("all", "any_of", "not_", "any", "count", "empty", "equals", "pattern", "begun", "me",
         "me_intended", "this", "any_action")


class Condition(_Model):
    all: Optional[list["Condition"]] = None
    any_of: Optional[list["Condition"]] = None
    not_: Optional["Condition"] = Field(default=None, alias="not")
    any: Optional[Items] = None
    count: Optional[Items] = None
    empty: Optional[AnswerRef] = None
    equals: Optional[AnswerRef] = None
    pattern: Optional[Pattern] = None
    begun: Optional[list[Id]] = None
    me: Optional[Filter] = None
    me_intended: Optional[Filter] = None
    this: Optional[Filter] = None
    any_action: Optional["Condition"] = None
    op: Optional[Literal["<", "<=", "==", "!=", ">=", ">"]] = None
    value: Optional[Union[Scalar, list[Scalar]]] = None

    @model_validator(mode="after")
    def _one_operator(self) -> "Condition":
        keys = [k for k in KINDS if getattr(self, k) is not None]
        if len(keys) != 1:
            raise ValueError("a condition takes exactly one of all, any_of, not, any, count, "
                             "empty, equals, pattern, begun, me, me_intended, this, any_action")
        key = keys[0]
        if key == "count":
            if self.op is None or not isinstance(self.value, int) or isinstance(self.value, bool):
                raise ValueError("count needs 'op' (<, <=, ==, !=, >=, >) and a whole-number 'value'")
        elif key == "equals":
            if self.value is None or self.op is not None:
                raise ValueError("equals needs a 'value' (and no 'op')")
        elif self.op is not None or self.value is not None:
            raise ValueError("'op' and 'value' belong to count or equals")
        if key == "any" and self.any.collection == "answer":
            raise ValueError("use 'empty' (with 'not') to test an answer")
        if key in ("all", "any_of", "begun") and not getattr(self, key):
            raise ValueError(f"'{key}' needs at least one entry")
        if key in ("me", "me_intended"):
            _check_filter("actors", Actor, getattr(self, key))
        if key == "this":
            _check_filter("actions", Action, self.this)
        return self

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)


class CoachRule(_Model):
    id: Id
    severity: Severity
    concept: Id
    worksheet: Optional[Id] = None  # where the user can act on it
    per: Literal["case", "action"] = "case"  # "action": checked for each action of the plan
    title: Text
    message: Text
    when: Condition

    @model_validator(mode="after")
    def _this_in_scope(self) -> "CoachRule":
        if self.per == "case" and _uses_this(self.when):
            raise ValueError("'this' (the action being checked) belongs in a rule with "
                             "'per: action' or inside 'any_action'")
        return self


def _uses_this(cond: Condition) -> bool:
    """Whether the condition tests 'this' action outside any 'any_action'."""
    if cond.this is not None:
        return True
    if cond.any_action is not None:
        return False
    return any(_uses_this(c) for c in _children(cond))


def _check_answer_ref(ref: list[str] | None) -> None:
    if ref is None or len(ref) != 2:
        raise ValueError("an answer is named as [worksheet_id, field_id]")


# -- checks against a framework ------------------------------------------------------------------
Finding = tuple[str, dict]  # key under errors.coach_*, its parameters


def rule_problems(rules: list[CoachRule], framework: Any) -> list[Finding]:
    """What the rules refer to that the framework does not define (concepts, worksheets,
    answer fields, role ids, lexicons), as (key, parameters) for the locale catalogue's
    `errors.coach_<key>`. Called by the framework's own validation."""
    found: list[Finding] = []
    ids = [r.id for r in rules]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        found.append(("rule_ids", {"ids": ", ".join(dupes)}))
    lexicon_ids = [x.id for x in getattr(framework, "lexicons", []) or []]
    dupes = sorted({i for i in lexicon_ids if lexicon_ids.count(i) > 1})
    if dupes:
        found.append(("lexicon_ids", {"ids": ", ".join(dupes)}))
    concepts = {c.id for c in framework.concepts.all()}
    roles = {r.id for r in framework.concepts.roles}
    sheets = {w.id: {f.id: f for f in w.fields} for w in framework.worksheets}
    for rule in rules:
        def say(key: str, **params: str) -> None:
            found.append((key, {"rule": rule.id, **params}))

        if rule.concept not in concepts:
            say("concept", concept=rule.concept)
        if rule.worksheet and rule.worksheet not in sheets:
            say("worksheet", worksheet=rule.worksheet)
        for cond in _walk(rule.when):
            for ws, fid in _answer_refs(cond):
                if ws not in sheets or fid not in sheets[ws]:
                    say("field", field=f"{ws}.{fid}")
            pattern = cond.pattern
            if pattern is not None and pattern.answer is not None and len(pattern.answer) == 3:
                ws, fid, col = pattern.answer
                found_field = sheets.get(ws, {}).get(fid)
                if found_field is not None and col not in {c.id for c in found_field.columns}:
                    say("column", column=col, field=f"{ws}.{fid}")
            for words in (pattern.words, pattern.unless) if pattern is not None else ():
                for name in (words.lexicon if words is not None else []):
                    if name not in lexicon_ids:
                        say("lexicon", lexicon=name)
            for ws in cond.begun or []:
                if ws not in sheets:
                    say("worksheet", worksheet=ws)
            for spec in _actor_filters(cond):
                for value in _filter_values(spec.get("role")):
                    if value and value not in roles:
                        say("role", role=value)
    return found


def _children(cond: Condition) -> list[Condition]:
    return [*(cond.all or []), *(cond.any_of or []), *([cond.not_] if cond.not_ else []),
            *([cond.any_action] if cond.any_action else [])]


def _walk(cond: Condition):
    yield cond
    for child in _children(cond):
        yield from _walk(child)


def _filters(cond: Condition) -> list[Filter]:
    out = [getattr(items, items.collection) for items in (cond.any, cond.count)
           if items is not None and items.collection != "answer"]
    return out + [f for f in (cond.me, cond.me_intended, cond.this) if f is not None]


def _actor_filters(cond: Condition) -> list[Filter]:
    out = [items.actors for items in (cond.any, cond.count)
           if items is not None and items.actors is not None]
    return out + [f for f in (cond.me, cond.me_intended) if f is not None]


def _answer_refs(cond: Condition) -> list[list[str]]:
    """Every worksheet answer the condition reads, as [worksheet_id, field_id]."""
    refs = [ref.answer for ref in (cond.empty, cond.equals) if ref is not None]
    for items in (cond.any, cond.count):
        if items is not None and items.answer is not None:
            refs.append(items.answer)
    if cond.pattern is not None and cond.pattern.answer is not None:
        refs.append(list(cond.pattern.answer[:2]))
    for spec in _filters(cond):
        for value in spec.values():
            if isinstance(value, Match) and value.in_answer is not None:
                refs.append(value.in_answer)
    return refs


def _filter_values(spec: Any) -> list[Any]:
    if spec is None:
        return []
    if isinstance(spec, Match):
        return _filter_values(spec.not_) if spec.not_ is not None else []
    return list(spec) if isinstance(spec, list) else [spec]


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
    lexicons: dict[str, tuple[str, ...]]
    typed: dict[tuple[str, str], str]
    me: Optional[Actor]
    me_intended: Optional[Actor]
    actions: tuple[Action, ...]
    action: Optional[Action] = None


def _context(case: Case, framework: Any = None) -> _Ctx:
    from workbook.strategy import moved  # the intended place of the strategist

    lexicons = {x.id: x.all() for x in getattr(framework, "lexicons", []) or []}
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


# -- text patterns -----------------------------------------------------------------------------------
NUMBER = re.compile(r"\d")


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


def text_matches(pattern: Pattern, text: str,
                 lexicons: Optional[dict[str, tuple[str, ...]]] = None) -> bool:
    """Whether one text matches the pattern (see the module's docstring)."""
    if not text.strip():
        return False
    hit = (pattern.numbers and NUMBER.search(text) is not None) or (
        pattern.words is not None
        and _word_regex(pattern.words.all(lexicons)).search(text) is not None)
    if not hit:
        return False
    return pattern.unless is None or _word_regex(pattern.unless.all(lexicons)).search(text) is None


@lru_cache(maxsize=256)
def _word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a word list: whole words (or phrases), `*` at the end of a word for any
    ending, a lone `*` for any one word; the words are escaped, so a list never carries regex
    syntax of its own."""
    parts = []
    for word in words:
        pieces = []
        for piece in word.split():
            stem = piece.rstrip("*")
            if piece == "*":
                pieces.append(r"\w+")
            elif not stem:
                pieces = []  # "**" alone would match anything: the word is left out
                break
            else:
                pieces.append(re.escape(stem) + (r"\w*" if piece.endswith("*") else ""))
        if pieces and any(p != r"\w+" for p in pieces):  # a word of wildcards only is left out
            parts.append(r"\s+".join(pieces))
    if not parts:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)
