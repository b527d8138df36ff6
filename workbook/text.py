"""Bilingual text: every user-facing string exists in Dutch and English."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")
DEFAULT_LANG: Lang = "nl"


class Text(BaseModel):
    """A string in both languages; neither may be blank."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nl: str
    en: str

    @field_validator("nl", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            from workbook.problems import refusal  # problems reads the catalogue: import late

            raise refusal("empty_text")
        return value.strip()

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


def norm_lang(value: object) -> Lang:
    """Map any query-parameter value to a supported language (Dutch by default)."""
    return "en" if str(value).lower().startswith("en") else "nl"
