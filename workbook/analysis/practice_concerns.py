"""Practice mode: the model's concerns of the middle, item by item, each found or missed in
what the trainee wrote about the middle: a part of the score (`practice_scoring`).

Concern items: the model's middle.concerns and middle.others are split into sentences and
lines (at . ? ! ; and line breaks). An item's keywords are its words of three letters or more
that are not stopwords; the stopwords of both languages are kept in the locale catalogue under
`practice.stopwords` (workbook/locale/practice.yaml, space-separated). An item counts as found
when the trainee's middle worksheet (concerns, others, gap_heard, gap_difference) holds at
least a quarter of its keywords, and at least two (or its only one). Words match when equal or
when one begins with the other and the shorter has four letters or more (ouder/ouders,
kind/kinderen).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from workbook import i18n
from workbook.case.model import Case

CONCERN_FIELDS = ("concerns", "others")  # the model's middle worksheet fields split into items
ATTEMPT_FIELDS = ("concerns", "others", "gap_heard", "gap_difference")  # where the trainee's are
FOUND_SHARE = 0.25
FOUND_MIN = 2
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SPLIT = re.compile(r"(?<=[.?!;])\s+|\n+")


@dataclass(frozen=True)
class ConcernItem:
    text: str
    field: str  # "concerns" or "others"
    keywords: tuple[str, ...]
    matched: tuple[str, ...]
    found: bool


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    entry = i18n.catalogue().get("practice.stopwords", {})
    return frozenset(_norm(w) for lang in ("nl", "en") for w in entry.get(lang, "").split())


def _norm(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(ch for ch in word if not unicodedata.combining(ch))


def keywords(text: str) -> tuple[str, ...]:
    """The words of a text that carry meaning: three letters or more, not a stopword."""
    stop = stopwords()
    words = (_norm(w) for w in _WORD.findall(text or ""))
    return tuple(dict.fromkeys(w for w in words if len(w) >= 3 and w not in stop))


def split_items(text: str) -> list[str]:
    """A text as its sentences and lines."""
    return [s.strip() for s in _SPLIT.split(text or "") if s and s.strip()]


def _matches(word: str, pool: set[str]) -> bool:
    if word in pool:
        return True
    for other in pool:
        short, long_ = (word, other) if len(word) <= len(other) else (other, word)
        if len(short) >= 4 and long_.startswith(short):
            return True
    return False


def concern_items(model: Case, attempt: Case) -> list[ConcernItem]:
    """The model's middle concerns (and the others in the middle), item by item, each found
    or missed in what the trainee wrote about the middle."""
    mine = " \n".join(str(attempt.answer("middle", f, "") or "") for f in ATTEMPT_FIELDS)
    pool = set(keywords(mine))
    items = []
    for fid in CONCERN_FIELDS:
        for text in split_items(str(model.answer("middle", fid, "") or "")):
            words = keywords(text)
            if not words:
                continue
            matched = tuple(w for w in words if _matches(w, pool))
            need = max(min(FOUND_MIN, len(words)), math.ceil(FOUND_SHARE * len(words)))
            items.append(ConcernItem(text, fid, words, matched, len(matched) >= need))
    return items
