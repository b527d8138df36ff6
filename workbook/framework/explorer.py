"""The concept explorer's index: every concept of a framework by category, and search.

Search looks in both languages (a trainee may know the Dutch word while reading English),
ignores case and accents, and ranks a hit in a concept's name above a hit in its text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from workbook.framework.schema import Concept, Framework, GlossaryEntry, Source
from workbook.text import LANGS

CATEGORIES = ("laws", "roles", "game_changers", "phases", "pitfalls", "topics")
# Marker symbols of the framework's roles as text glyphs, so lists and the PDF can show them.
SYMBOL_GLYPHS = {
    "triangle-up": "▲", "diamond": "◆", "circle": "●", "square": "■", "x": "✕",
    "star": "★", "cross": "✚", "triangle-down": "▼", "hexagon": "⬢", "pentagon": "⬟",
}


@dataclass(frozen=True)
class Entry:
    category: str
    concept: Concept


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def glyph(symbol: str) -> str:
    return SYMBOL_GLYPHS.get(symbol.removesuffix("-open"), "•")


def entries(fw: Framework, categories: tuple[str, ...] | list[str] = CATEGORIES) -> list[Entry]:
    return [Entry(cat, c) for cat in CATEGORIES if cat in categories
            for c in getattr(fw.concepts, cat)]


def _texts(concept: Concept) -> list[str]:
    parts = [concept.definition, concept.recognise, concept.example,
             getattr(concept, "from_", None), getattr(concept, "to", None)]
    return [p(lang) for p in parts if p is not None for lang in LANGS]


def search(fw: Framework, query: str, categories: tuple[str, ...] | list[str] = CATEGORIES
           ) -> list[Entry]:
    """Concepts matching every word of `query`, best first; all of them for an empty query."""
    found = entries(fw, categories)
    words = normalise(query).split()
    if not words:
        return found
    ranked: list[tuple[int, int, Entry]] = []
    for pos, entry in enumerate(found):
        c = entry.concept
        name = normalise(" ".join([c.name.nl, c.name.en, c.id.replace("_", " ")]))
        body = normalise(" ".join(_texts(c)))
        if all(w in name or w in body for w in words):
            in_name = sum(w in name for w in words)
            ranked.append((-in_name, pos, entry))
    return [e for _, _, e in sorted(ranked, key=lambda r: (r[0], r[1]))]


def search_glossary(fw: Framework, query: str) -> list[GlossaryEntry]:
    words = normalise(query).split()
    out = []
    for g in fw.concepts.glossary:
        hay = normalise(" ".join([g.nl, g.en] + ([g.note.nl, g.note.en] if g.note else [])))
        if all(w in hay for w in words):
            out.append(g)
    return out


def sources_of(fw: Framework, item: object) -> list[Source]:
    """The sources a concept (or a part, worksheet, field or exercise item) cites."""
    return fw.sources_of(item)
