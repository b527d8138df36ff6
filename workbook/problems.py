"""Problems found in input files, reported as `file:line: message` in the user's language.

A message is the kind of problem (`errors.<kind>`), then in brackets what exactly is wrong
(`errors.<hint>`, with the limits or ids as parameters), both from the locale catalogue. The
English words of the parser or validator are kept as `detail`; they are shown, in brackets,
only where the catalogue has nothing to say it with (YAML syntax detail, say).

Our own validators refuse with `refusal(type, ...)`: a pydantic error whose type is the key of
its reason under `errors.*`, so `from_validation_error` can say it in either language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from workbook import i18n


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    source: str
    kind: str  # key under errors.*: what sort of problem (callers and tests match on it)
    line: int | None = None
    loc: str = ""
    detail: str = ""  # the parser's or validator's own words (English)
    params: dict = field(default_factory=dict)
    hint: str = ""  # key under errors.*: what exactly is wrong, in the user's language
    show_detail: bool = True  # False when the catalogue says it all: detail is for logs only

    def message(self, lang: str = "en") -> str:
        params = localised(self.params, lang)
        text = i18n.t(f"errors.{self.kind}", lang, **params)
        if self.hint:
            text = f"{text} ({i18n.t(f'errors.{self.hint}', lang, **params)})"
        if self.loc:
            text = f"{self.loc}: {text}"
        if self.show_detail and self.detail and self.detail not in text:
            text = f"{text} ({self.detail})"
        return text

    def format(self, lang: str = "en") -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message(lang)}"


class InputRejected(Exception):
    """Raised when an input cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.format("en") for p in problems))
        self.problems = problems

    def format(self, lang: str = "en") -> str:
        return "\n".join(p.format(lang) for p in self.problems)


def localised(params: dict, lang: str) -> dict:
    """Parameters as the reader's language writes them: a {nl, en} value picks its language,
    a number is written the local way (0,5 in Dutch; 1 rather than 1.0)."""
    out = {}
    for key, value in params.items():
        if isinstance(value, dict) and set(value) <= {"nl", "en"}:
            value = value.get(lang) or value.get("en", "")
        elif isinstance(value, float):
            value = _number(value, lang)
        out[key] = value
    return out


def _number(value: float, lang: str) -> str:
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text


# -- refusing from our own validators ------------------------------------------------------

def refusal(kind: str, at: tuple = (), **params: Any) -> PydanticCustomError:
    """A validation error whose reason is `errors.<kind>` with `params`.

    `at` continues the validator's location (an index, a key) so the message points at the
    very line; a parameter `what` names a list by a key under `errors.what`."""
    template = i18n.t(f"errors.{kind}", "en")
    if any(isinstance(v, dict) for v in params.values()):  # said in both languages: English here
        template = template.format(**localised(params, "en"))
    return PydanticCustomError(kind, template, {**params, "at": tuple(at)})


def check_unique(what: str, ids: Sequence[str], at: tuple = (),
                 places: Sequence[tuple] | None = None) -> None:
    """Refuse ids that repeat, pointing at the first repeat: the list is at the validator's
    location plus `at`, or `places` gives each id's own location (ids from several lists)."""
    seen: set[str] = set()
    dupes: list[str] = []
    first = -1
    for index, value in enumerate(ids):
        if value in seen and value not in dupes:
            dupes.append(value)
            first = index if first < 0 else first
        seen.add(value)
    if dupes:
        where = places[first] if places is not None else (*at, first, "id")
        raise refusal("duplicate_ids", at=where, what=what, ids=", ".join(sorted(dupes)))


# -- pydantic's errors ---------------------------------------------------------------------

# pydantic error type -> (errors.* kind, errors.* hint or "")
_PYDANTIC_KINDS: dict[str, tuple[str, str]] = {
    "missing": ("missing", ""),
    "extra_forbidden": ("unknown_key", ""),
    "literal_error": ("bad_choice", "choose_from"),
    "enum": ("bad_choice", "choose_from"),
    "bad_kind": ("bad_choice", "bad_kind"),  # the exercise sets' discriminator
    "string_type": ("wrong_type", "expect_text"),
    "string_unicode": ("wrong_type", "expect_text"),
    "int_type": ("wrong_type", "expect_whole_number"),
    "int_parsing": ("wrong_type", "expect_whole_number"),
    "int_from_float": ("wrong_type", "no_fraction"),
    "int_parsing_size": ("out_of_range", "number_too_big"),
    "float_type": ("wrong_type", "expect_number"),
    "float_parsing": ("wrong_type", "expect_number"),
    "finite_number": ("out_of_range", "not_finite"),
    "bool_type": ("wrong_type", "expect_yes_no"),
    "bool_parsing": ("wrong_type", "expect_yes_no"),
    "list_type": ("wrong_type", "expect_list"),
    "tuple_type": ("wrong_type", "expect_list"),
    "set_type": ("wrong_type", "expect_list"),
    "dict_type": ("wrong_type", "expect_mapping"),
    "model_type": ("wrong_type", "expect_mapping"),
    "model_attributes_type": ("wrong_type", "expect_mapping"),
    "dataclass_type": ("wrong_type", "expect_mapping"),
    "date_type": ("bad_date", ""),
    "date_parsing": ("bad_date", ""),
    "date_from_datetime_parsing": ("bad_date", ""),
    "date_from_datetime_inexact": ("bad_date", ""),
    "greater_than_equal": ("out_of_range", "at_least"),
    "less_than_equal": ("out_of_range", "at_most"),
    "greater_than": ("out_of_range", "more_than"),
    "less_than": ("out_of_range", "less_than"),
    "too_short": ("too_few", "at_least_items"),
    "too_long": ("too_many", "at_most_items"),
    "string_too_short": ("invalid", "at_least_chars"),
    "string_too_long": ("too_long_text", "at_most_chars"),
    "string_pattern_mismatch": ("bad_format", "pattern"),
}
# the limit of a range or length error, under whichever name pydantic gives it
_LIMITS = ("le", "ge", "lt", "gt", "max_length", "min_length")
# the patterns our models use, said in words (any other is shown as it is)
_PATTERNS: dict[str, str] = {
    r"^[A-Za-z0-9_-]{1,40}$": "id_chars",  # workbook.case.model.ShortId
    r"^[a-z][a-z0-9_]*$": "key_chars",  # workbook.framework.schema.Id and friends
    r"^#[0-9a-fA-F]{6}$": "colour_code",  # workbook.framework.schema.Colour
}


def loc_to_str(loc: tuple) -> str:
    """('worksheets', 2, 'fields', 0, 'type') -> 'worksheets[2].fields[0].type'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def from_validation_error(err: ValidationError, source: str, line_of) -> list[Problem]:
    """Turn a pydantic error into problems; `line_of(loc)` finds the YAML line of a location."""
    problems = []
    for e in err.errors(include_url=False):
        ctx = e.get("ctx") or {}
        loc = tuple(p for p in (*e["loc"], *ctx.get("at", ())) if not _is_union_tag(p))
        problems.append(_problem(e, source, line=line_of(loc), loc=loc_to_str(loc)))
    return problems


def first_problem(err: ValueError, source: str = "") -> Problem:
    """The first reason a validation failed, without a location: for a save the app refused,
    or a merge of framework files whose locations mean nothing in any one file."""
    if isinstance(err, ValidationError) and err.error_count():
        return _problem(err.errors(include_url=False)[0], source)
    return Problem(source, "invalid", detail=str(err))


def _problem(e: dict, source: str, line: int | None = None, loc: str = "") -> Problem:
    """One pydantic error as a problem, said in the catalogue's words where we have them;
    pydantic's own words are kept as the detail."""
    words = e["msg"].removeprefix("Value error, ")
    explained = _explain(e)
    if explained is None:  # a plain ValueError of a validator not yet speaking our language
        return Problem(source, "invalid", line=line, loc=loc, detail=words)
    kind, hint, params = explained
    return Problem(source, kind, line=line, loc=loc, detail=words, params=params, hint=hint,
                   show_detail=False)


def _explain(e: dict) -> tuple[str, str, dict] | None:
    """(kind, hint, params) for one pydantic error; None when we have no words for it."""
    etype, ctx = e["type"], dict(e.get("ctx") or {})
    ctx.pop("at", None)
    value = e.get("input")
    if isinstance(value, float) and not math.isfinite(value) and etype in _RANGE_TYPES:
        return "out_of_range", "not_finite", {}  # NaN fails every comparison: say why
    if etype in _PYDANTIC_KINDS:
        kind, hint = _PYDANTIC_KINDS[etype]
        return kind, *_hint_params(hint, ctx)
    if f"errors.{etype}" in i18n.catalogue():  # one of ours, raised with refusal()
        return "invalid", etype, _own_params(ctx)
    return None


_RANGE_TYPES = {"greater_than_equal", "less_than_equal", "greater_than", "less_than",
                "finite_number"}


def _hint_params(hint: str, ctx: dict) -> tuple[str, dict]:
    if hint in ("choose_from", "bad_kind"):
        return hint, {"choices": _choices(str(ctx.get("expected", "")))}
    if hint == "pattern":
        pattern = str(ctx.get("pattern", ""))
        return _PATTERNS.get(pattern, "pattern"), {"pattern": pattern}
    params = {"limit": next((ctx[k] for k in _LIMITS if k in ctx), "?")}
    if "actual_length" in ctx:
        params["actual"] = ctx["actual_length"]
    return hint, params


def _choices(expected: str) -> dict[str, str]:
    """pydantic's "'a', 'b' or 'none'" written with the reader's word for 'or'."""
    items = [p for p in re.split(r",\s*|\s+or\s+", expected) if p]
    if len(items) < 2:
        return {lang: expected for lang in ("nl", "en")}
    return {lang: f"{', '.join(items[:-1])} {i18n.t('errors.or', lang)} {items[-1]}"
            for lang in ("nl", "en")}


def _own_params(ctx: dict) -> dict:
    params = dict(ctx)
    if "what" in params:
        params["what"] = i18n.catalogue().get(f"errors.what.{params['what']}", params["what"])
    return params


def _is_union_tag(part: object) -> bool:
    # pydantic adds the model name of a union member to the location; users never wrote it
    return isinstance(part, str) and (part[:1].isupper() or part.startswith("function-"))
