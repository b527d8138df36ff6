"""Problems found in input files, reported as `file:line: message` in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from workbook import i18n


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    source: str
    kind: str  # key under errors.* in the locale catalogue
    line: int | None = None
    loc: str = ""
    detail: str = ""  # the parser's or validator's own words (English)
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        text = i18n.t(f"errors.{self.kind}", lang, **self.params)
        if self.loc:
            text = f"{self.loc}: {text}"
        if self.detail and self.detail not in text:
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


_PYDANTIC_KINDS = {
    "missing": "missing",
    "extra_forbidden": "unknown_key",
    "literal_error": "bad_choice",
    "enum": "bad_choice",
    "string_type": "wrong_type",
    "int_type": "wrong_type",
    "int_parsing": "wrong_type",
    "int_from_float": "wrong_type",
    "float_type": "wrong_type",
    "float_parsing": "wrong_type",
    "bool_type": "wrong_type",
    "bool_parsing": "wrong_type",
    "list_type": "wrong_type",
    "dict_type": "wrong_type",
    "model_type": "wrong_type",
    "model_attributes_type": "wrong_type",
    "date_type": "bad_date",
    "date_parsing": "bad_date",
    "date_from_datetime_parsing": "bad_date",
    "greater_than_equal": "out_of_range",
    "less_than_equal": "out_of_range",
    "greater_than": "out_of_range",
    "less_than": "out_of_range",
    "too_short": "too_few",
    "too_long": "too_many",
    "string_too_long": "too_long_text",
    "string_pattern_mismatch": "bad_format",
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
        loc = tuple(p for p in e["loc"] if not _is_union_tag(p))
        kind = _PYDANTIC_KINDS.get(e["type"], "invalid")
        detail = e["msg"]
        if e["type"] == "value_error":
            detail = detail.removeprefix("Value error, ")
        problems.append(
            Problem(source, kind, line=line_of(loc), loc=loc_to_str(loc), detail=detail)
        )
    return problems


def _is_union_tag(part: object) -> bool:
    # pydantic adds the model name of a union member to the location; users never wrote it
    return isinstance(part, str) and (part[:1].isupper() or part.startswith("function-"))
