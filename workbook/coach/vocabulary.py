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
the coach's hints, naming the actions; `workbook.coach.pitfalls` lists them per action.

A pattern matches a text when it contains a number (`numbers: true`), one of `words`, or a
word of each list of `together` within one sentence, and none of `unless`:

    pattern:
      of: action_title                  or answer: [sheet, field] / [sheet, field, column]
      words: {nl: [...], en: [...], lexicon: [id, ...], match: lemmas}
      together: [{...words...}, {...words...}]    at least two lists, one sentence
      unless: {...words...}
      unquoted: true                    leave out what stands between quotation marks

Texts are named by `of` (see TEXT_SOURCES) or by `answer: [sheet, field]` (a text answer) or
`answer: [sheet, field, column]` (every row of a table answer). Word lists are given per
language and both are used (a case may be written in either); `*` at the end of a word matches
any ending ("arresteer*"), at its start any beginning ("*barbecue": also 'buurtbarbecue'), a
lone `*` in a phrase matches one word ("die * zijn"). `match: lemmas` makes the words base
forms that match every inflected form ("veroordelen": 'veroordeelt', 'veroordeeld'; "condemn":
'condemned'), looked up offline in simplemma's Dutch and English dictionaries; without it
words match as written. `lexicon: [id, ...]` adds the words of named lexicons, kept in YAML
under `lexicons:` with their own `match` (a file that defines a lexicon must sort before, or
be, the file that uses it).

Answers of typed fields are read where the case keeps them: a `position` field is the
strategist's actor id, an `actions` field the plan, an `intended` field the intended map.
"""

from __future__ import annotations

import operator
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from workbook.case.model import Action, Actor, FuelEvent, Pole
from workbook.problems import refusal
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


MatchMode = Literal["words", "lemmas"]


class Words(_Model):
    """Words per language, plus the words of named lexicons. With `match: lemmas` the words
    are base forms (lemmas) that match every inflected form in a text ('veroordelen' matches
    'veroordeelt', 'condemn' matches 'condemned'); a lexicon keeps its own `match`."""

    nl: list[str] = []
    en: list[str] = []
    lexicon: list[Id] = []
    match: MatchMode = "words"

    @model_validator(mode="after")
    def _sane(self) -> "Words":
        _check_words([*self.nl, *self.en])
        return self

    def own(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w.strip().lower() for w in [*self.nl, *self.en]))

    def lists(self, lexicons: Optional[dict[str, "Lexicon"]] = None
              ) -> list[tuple[str, tuple[str, ...]]]:
        """(match mode, words) for the own words and for each named lexicon."""
        out = [(self.match, self.own())] if self.own() else []
        for name in self.lexicon:
            found = (lexicons or {}).get(name)
            if found is not None:
                out.append((found.match, found.all()))
        return out


class Lexicon(_Model):
    """A named word list (both languages) that patterns can use: `words: {lexicon: [id]}`.
    With `match: lemmas` its words are lemmas (see Words)."""

    id: Id
    nl: list[str] = []
    en: list[str] = []
    match: MatchMode = "words"

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
    together: Optional[list[Words]] = None  # one sentence holds a word of each
    unless: Optional[Words] = None
    unquoted: bool = False  # leave out what stands between quotation marks

    @model_validator(mode="after")
    def _something(self) -> "Pattern":
        if (self.of is None) == (self.answer is None):
            raise ValueError("a pattern reads one text: give 'of' or 'answer'")
        if self.answer is not None and len(self.answer) not in (2, 3):
            raise ValueError("a pattern's answer is [worksheet_id, field_id] or "
                             "[worksheet_id, field_id, column_id]")
        if self.together is not None and (
                len(self.together) < 2
                or any(not (w.own() or w.lexicon) for w in self.together)):
            raise refusal("coach_together")
        if not self.numbers and not self.together and not (
                self.words and (self.words.own() or self.words.lexicon)):
            raise ValueError("a pattern needs 'numbers: true', some 'words' or 'together'")
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


def _children(cond: Condition) -> list[Condition]:
    return [*(cond.all or []), *(cond.any_of or []), *([cond.not_] if cond.not_ else []),
            *([cond.any_action] if cond.any_action else [])]


def _walk(cond: Condition):
    yield cond
    for child in _children(cond):
        yield from _walk(child)
