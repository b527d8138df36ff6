"""Word patterns: whether a text contains a number or one of a list of words or phrases, and
none of the exceptions.

A word matches as a whole word, a phrase with any spacing or hyphens; `*` at its end matches any ending (`arresteer*`), at its start
any beginning (`*barbecue` also finds 'buurtbarbecue'), and a lone `*` in a phrase any one word
(`die * zijn`). A list with `match: lemmas` holds base forms: every word of the text is looked
up in the Dutch and English lemma dictionaries of `simplemma` (offline, shipped with the
package), so `veroordelen` matches 'veroordeelt' and 'veroordeeld', `condemn` 'condemned'.
`together` asks for a word of each of its lists within one sentence; `unquoted` leaves out
what stands between quotation marks (what someone else said).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from workbook.coach.vocabulary import Lexicon, Pattern, Words

NUMBER = re.compile(r"\d")
LANGS = ("nl", "en")
# a word: letters and digits, with an apostrophe inside ("zo'n", "won't"); hyphens separate
TOKEN = re.compile(r"\w+(?:['’]\w+)*")
SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
# a quotation: opened after a space or a bracket (not "zo'n", not "'s avonds"), closed before a
# space or punctuation; the quote marks of both languages
QUOTED = re.compile(r"(?<![\w'’])(['‘\"“„])(?!s\s)([^\n]{1,400}?)['’\"”](?!\w)")

Lexicons = Optional[dict[str, Lexicon]]


def text_matches(pattern: Pattern, text: str, lexicons: Lexicons = None) -> bool:
    """Whether one text matches the pattern (see the module's docstring)."""
    if pattern.unquoted:
        text = unquote(text)
    if not text.strip():
        return False
    hit = ((pattern.numbers and NUMBER.search(text) is not None)
           or (pattern.words is not None and words_found(pattern.words, text, lexicons))
           or (pattern.together is not None and _together(pattern.together, text, lexicons)))
    if not hit:
        return False
    return pattern.unless is None or not words_found(pattern.unless, text, lexicons)


def unquote(text: str) -> str:
    """The text without what stands between quotation marks."""
    return QUOTED.sub(" ", text)


def words_found(words: Words, text: str, lexicons: Lexicons = None) -> bool:
    """Whether the text holds one of the words (own words and those of named lexicons)."""
    for mode, listed in words.lists(lexicons):
        if mode == "lemmas":
            if _lemma_hit(listed, text):
                return True
        elif _word_regex(listed).search(text) is not None:
            return True
    return False


def _together(lists: list[Words], text: str, lexicons: Lexicons) -> bool:
    return any(all(words_found(w, sentence, lexicons) for w in lists)
               for sentence in SENTENCE.split(text) if sentence.strip())


@lru_cache(maxsize=256)
def _word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a word list: whole words (or phrases), `*` at the end of a word for any
    ending and at its start for any beginning, a lone `*` for any one word; the words are
    escaped, so a list never carries regex syntax of its own."""
    parts = []
    for word in words:
        pieces = []
        for piece in word.split():
            stem = piece.strip("*")
            if piece == "*":
                pieces.append(r"\w+")
            elif not stem:
                pieces = []  # "**" alone would match anything: the word is left out
                break
            else:
                pieces.append((r"\w*" if piece.startswith("*") else "") + re.escape(stem)
                              + (r"\w*" if piece.endswith("*") else ""))
        if pieces and any(p != r"\w+" for p in pieces):  # a word of wildcards only is left out
            parts.append(r"[\s-]+".join(pieces))  # 'zero tolerance' is also 'zero-tolerance'
    if not parts:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


# -- lemmas ------------------------------------------------------------------------------------
@lru_cache(maxsize=20_000)
def forms(token: str) -> frozenset[str]:
    """The token itself and its lemma in Dutch and in English, lower case; "won't" is also
    'not'."""
    import simplemma  # loaded on first use: its dictionaries take a moment

    low = token.lower().replace("’", "'")
    found = {low}
    for lang in LANGS:
        try:
            found.add(str(simplemma.lemmatize(low, lang=lang)).lower())
        except (ValueError, LookupError):  # pragma: no cover - a token simplemma refuses
            pass
    if low.endswith("n't"):
        found.add("not")
    return frozenset(found)


def _lemma_hit(lemmas: tuple[str, ...], text: str) -> bool:
    tokens = [forms(t) for t in TOKEN.findall(text)]
    return any(_phrase_at(tokens, i, phrase) for phrase in _phrases(lemmas)
               for i in range(len(tokens) - len(phrase) + 1))


@lru_cache(maxsize=256)
def _phrases(lemmas: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Each listed lemma or phrase as its pieces; pieces of wildcards only are left out."""
    out = []
    for entry in lemmas:
        pieces = tuple(p.replace("’", "'") for p in entry.lower().split())
        if pieces and any(p.strip("*") for p in pieces) and all(p == "*" or p.strip("*")
                                                                 for p in pieces):
            out.append(pieces)
    return tuple(out)


def _phrase_at(tokens: list[frozenset[str]], start: int, phrase: tuple[str, ...]) -> bool:
    return all(_piece_fits(tokens[start + k], piece) for k, piece in enumerate(phrase))


def _piece_fits(found: frozenset[str], piece: str) -> bool:
    if piece == "*":
        return True
    stem = piece.strip("*")
    head, tail = piece.startswith("*"), piece.endswith("*")
    if head and tail:
        return any(stem in f for f in found)
    if head:
        return any(f.endswith(stem) for f in found)
    if tail:
        return any(f.startswith(stem) for f in found)
    return stem in found
