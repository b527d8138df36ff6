"""Replacing phrases in text: whole phrases only, longest first, all in one pass.

A phrase matches only as whole words (never inside a word: "Ali" leaves "Alibaba" alone),
with any run of white space between its words, in any letter case, or, for a phrase of three
characters or fewer, only as written (so "Al" does not eat the Dutch "al"). A phrase marked
`capital` (a single word taken from a longer name) matches only when it starts with its
capital, as a name is written: "Sofie" but not "sofie", "Kooi" (a place) but not "kooi".
Where two phrases start at one spot the longest wins, and every replacement is made in one
pass over the text, so a replacement is never replaced again (nothing is nested).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SHORT = 3  # phrases of at most this many characters match only as written


@dataclass(frozen=True)
class Phrase:
    text: str
    replacement: str
    capital: bool = False  # match only with the first letter as written (a capital)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pattern(phrase: Phrase) -> str:
    """The regular expression of one phrase (without a group of its own)."""
    term = phrase.text
    parts = [re.escape(p) for p in term.split()]
    body = r"\s+".join(parts)
    exact = len(term) <= SHORT
    if not exact:
        first = term[0]
        if phrase.capital and first.upper() != first.lower():
            body = re.escape(first) + f"(?i:{body[len(re.escape(first)):]})"
        else:
            body = f"(?i:{body})"
    if re.match(r"\w", term):
        body = r"(?<!\w)" + body
    if re.search(r"\w$", term):
        # a possessive or plural "s" may follow ("Yassin's", "Yassins"); it stays in the text
        body += r"(?=(?:['’]?s)?(?!\w))"
    return body


class Replacer:
    """Replace all phrases in one pass, the longest first where two start at one spot."""

    def __init__(self, phrases: list[Phrase]):
        phrases = [p for p in phrases if p.text]
        self.phrases = sorted(phrases, key=lambda p: (-len(p.text), p.capital, p.text))
        if self.phrases:
            self.regex: re.Pattern | None = re.compile(
                "|".join(f"({pattern(p)})" for p in self.phrases))
        else:
            self.regex = None

    def __call__(self, text: str) -> str:
        if self.regex is None or not text:
            return text
        return self.regex.sub(lambda m: self.phrases[m.lastindex - 1].replacement, nfc(text))

    def found(self, text: str) -> list[Phrase]:
        """The phrases that occur in `text` (to say which a chosen pseudonym would name)."""
        if self.regex is None or not text:
            return []
        return [self.phrases[m.lastindex - 1] for m in self.regex.finditer(nfc(text))]

    def fit(self, text: str, limit: int) -> str:
        """Replace, then shorten to `limit` characters without letting a phrase reappear."""
        out = self(text)
        cut = limit - 1
        while len(out) > limit and cut > 0:
            out = self(out[:cut].rstrip() + "…")
            cut -= max(1, len(out) - limit)
        return out if len(out) <= limit else "…"
