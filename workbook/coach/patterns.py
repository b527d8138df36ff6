"""Word patterns: whether a text contains a number or one of a list of words or phrases
(`*` for any ending or any one word), and none of the exceptions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from workbook.coach.vocabulary import Pattern

NUMBER = re.compile(r"\d")


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
