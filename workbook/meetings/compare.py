"""Comparing readings of one case: several participants' exports of the same case, or their
readings recorded in a meeting, side by side.

Actors are matched across readings by id, else by their name (letter case, accents and
spaces aside). For each actor: how each reader placed it (the role agreement matrix), the
placement most readers share (the consensus: the role and side most readers gave, the median
stance), whether readers disagree about it, and points to discuss, in the reader's language.
With anonymisation on, actors are shown by the pseudonyms of the base case's list and readers
as "Reader 1..n": never a name.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from workbook import i18n
from workbook.case.model import Actor, Case, Reading
from workbook.framework.schema import Framework

AGREEMENT = 0.75  # an actor is disputed when fewer readers than this share its role (of
# three readers, one who differs makes it disputed; of four, two)
STANCE_SPREAD = 1.0  # ... or its stances lie further apart than this (of -1..1)


@dataclass
class Read:
    """One reader's reading: a label (their name, a file name) and the actors as placed."""

    label: str
    actors: list[Actor]


def from_case(case: Case, label: str) -> Read:
    """A participant's export of the case: its actors as that participant placed them."""
    return Read(label, list(case.actors))


def from_reading(case: Case, reading: Reading) -> Read:
    """A reading recorded in a meeting: the case's actors as this participant placed them
    (actors the reader did not place are left out)."""
    actors = []
    for actor in case.actors:
        place = reading.placements.get(actor.id)
        if place is not None and (place.role or place.side != "none" or place.stance is not None):
            actors.append(actor.model_copy(update={"role": place.role, "side": place.side,
                                                   "stance": place.stance}))
    return Read(reading.reader, actors)


def normalised(name: str) -> str:
    """A name to match by: no accents, letter case or extra spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


@dataclass
class Row:
    """One actor across the readings."""

    key: str  # the id it was first seen with
    name: str  # its name as first seen
    placed: list[Actor | None]  # per reading, in order; None: not in that reading
    role: str = ""  # the consensus role ("" when no reader gave one)
    side: str = "none"
    stance: float | None = None
    influence: int = 3
    agreement: float = 1.0  # share of the readers who placed it that gave the consensus role
    disputed: bool = False
    reasons: list[str] = field(default_factory=list)  # "role", "side", "stance", "missing"


def match(reads: list[Read]) -> list[Row]:
    """Every actor of any reading, in the order first seen, with its place in each."""
    rows: list[Row] = []
    by_id: dict[str, Row] = {}
    by_name: dict[str, Row] = {}
    n = len(reads)
    for i, read in enumerate(reads):
        for actor in read.actors:
            row = by_id.get(actor.id)
            if row is None or row.placed[i] is not None:
                row = by_name.get(normalised(actor.name)) if normalised(actor.name) else None
                if row is not None and row.placed[i] is not None:
                    row = None
            if row is None:
                row = Row(actor.id, actor.name, [None] * n)
                rows.append(row)
            row.placed[i] = actor
            by_id.setdefault(actor.id, row)
            if normalised(actor.name):
                by_name.setdefault(normalised(actor.name), row)
    for row in rows:
        _consensus(row)
    return rows


def _most(values: list[str]) -> tuple[str, int, bool]:
    """The most common value, its count, and whether another value is as common."""
    if not values:
        return "", 0, False
    counts = Counter(values).most_common()
    top, count = counts[0]
    return top, count, len(counts) > 1 and counts[1][1] == count


def _consensus(row: Row) -> None:
    present = [a for a in row.placed if a is not None]
    roles = [a.role for a in present if a.role]
    role, count, tie = _most(roles)
    row.role = "" if tie else role
    row.agreement = count / len(roles) if roles else 1.0
    sides = [a.side for a in present if a.side != "none"]
    side, _, side_tie = _most(sides)
    row.side = "none" if side_tie or not side else side
    stances = [a.stance for a in present if a.stance is not None]
    row.stance = round(statistics.median(stances), 2) if stances else None
    row.influence = round(statistics.median([a.influence for a in present])) if present else 3
    if roles and (tie or row.agreement < AGREEMENT):
        row.reasons.append("role")
    if "a" in sides and "b" in sides:
        row.reasons.append("side")
    if len(stances) >= 2 and max(stances) - min(stances) > STANCE_SPREAD:
        row.reasons.append("stance")
    if len(present) < len(row.placed) and len(row.placed) > 1:
        row.reasons.append("missing")
    row.disputed = any(r in row.reasons for r in ("role", "side", "stance"))


@dataclass
class Comparison:
    readers: list[str]  # as shown: names, or "Reader 1..n" when anonymised
    rows: list[Row]
    names: dict[str, str]  # row key -> the name shown (a pseudonym when anonymised)

    @property
    def disputed(self) -> list[Row]:
        return [r for r in self.rows if r.disputed]

    def matrix(self, fw: Framework, lang: str) -> list[list[str]]:
        """Actors x readers: each cell the role's name ('' not placed, 'no role'), then the
        role most readers gave ('no majority' on a tie) and the agreement in per cent."""
        none_word = i18n.t("compare.no_role", lang)
        out = []
        for row in self.rows:
            cells = [self.names[row.key]]
            for actor in row.placed:
                cells.append("" if actor is None else _role_name(fw, actor.role, lang, none_word))
            cells.append(_role_name(fw, row.role, lang, i18n.t("compare.no_majority", lang)))
            cells.append(f"{round(row.agreement * 100)}%")
            out.append(cells)
        return out

    def consensus_case(self, base: Case) -> Case:
        """A case with every actor at its consensus place (names as shown), for the map."""
        actors = [Actor(id=_safe_id(i), name=self.names[row.key][:300],
                        kind=next(a for a in row.placed if a is not None).kind,
                        role=row.role, side=row.side, stance=row.stance,
                        influence=row.influence)
                  for i, row in enumerate(self.rows, start=1)]
        return base.model_copy(update={"actors": actors, "fuel": [], "snapshots": []})

    def reading_case(self, base: Case, index: int) -> Case:
        """One reader's map: the actors that reader placed, names as shown."""
        actors = []
        for i, row in enumerate(self.rows, start=1):
            actor = row.placed[index]
            if actor is not None:
                actors.append(actor.model_copy(update={"id": _safe_id(i), "notes": "",
                                                       "name": self.names[row.key][:300]}))
        return base.model_copy(update={"actors": actors, "fuel": [], "snapshots": []})

    def disputed_ids(self) -> set[str]:
        return {_safe_id(i) for i, r in enumerate(self.rows, start=1) if r.disputed}

    def points(self, fw: Framework, lang: str) -> list[str]:
        """What to discuss, one sentence per disputed actor (text, never markup)."""
        out = []
        for row in self.rows:
            if not row.disputed:
                continue
            name = self.names[row.key]
            parts = []
            if "role" in row.reasons or "side" in row.reasons:
                parts.append(_who_said(self, row, fw, lang))
            if "stance" in row.reasons:
                parts.append(i18n.t("compare.point_stance", lang))
            if "missing" in row.reasons:
                missing = [self.readers[i] for i, a in enumerate(row.placed) if a is None]
                parts.append(i18n.t("compare.point_missing", lang, readers=_join(missing, lang)))
            out.append(i18n.t("compare.point", lang, actor=name, what="; ".join(parts)))
        return out


def _who_said(cmp: Comparison, row: Row, fw: Framework, lang: str) -> str:
    """'2 readers see Pusher, pole A (Reader 1 and Reader 3), 1 reader sees Joiner, pole A
    (Reader 2)'."""
    groups: dict[tuple[str, str], list[str]] = {}
    for reader, actor in zip(cmp.readers, row.placed):
        if actor is not None:
            groups.setdefault((actor.role, actor.side), []).append(reader)
    parts = []
    for (role, side), readers in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        where = _role_name(fw, role, lang, i18n.t("compare.no_role", lang))
        if side in ("a", "b"):
            where = i18n.t("compare.role_side", lang, role=where,
                           side=i18n.t(f"actor.side_{side}", lang))
        key = "compare.readers_see_one" if len(readers) == 1 else "compare.readers_see"
        parts.append(i18n.t(key, lang, n=len(readers), where=where, readers=_join(readers, lang)))
    return ", ".join(parts)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {i18n.t('compare.and', lang)} {items[-1]}"


def _role_name(fw: Framework, role_id: str, lang: str, none_word: str) -> str:
    role = fw.role(role_id) if role_id else None
    return role.name(lang) if role is not None else (role_id or none_word)


def _safe_id(n: int) -> str:
    """A row's actor id on the compared maps: neutral (an id may be made from a name)."""
    return f"r{n}"


def compare(reads: list[Read], lang: str = "nl", *, anonymised: bool = False,
            pseudonyms: dict[str, str] | None = None) -> Comparison:
    """The readings compared. Anonymised: readers are 'Reader n' and each actor is shown by
    its pseudonym (`pseudonyms`: actor id -> pseudonym, of the base case; an actor not in it
    gets a neutral 'Actor n')."""
    rows = match(reads)
    if anonymised:
        readers = [i18n.t("compare.reader_n", lang, n=i) for i in range(1, len(reads) + 1)]
        known = pseudonyms or {}
        names = {}
        for i, row in enumerate(rows, start=1):
            ids = [a.id for a in row.placed if a is not None]
            names[row.key] = next((known[x] for x in ids if x in known),
                                  i18n.t("compare.actor_n", lang, n=i))
    else:
        readers = [r.label.strip() or i18n.t("compare.reader_n", lang, n=i)
                   for i, r in enumerate(reads, start=1)]
        names = {row.key: row.name.strip() or i18n.t("compare.actor_n", lang, n=i)
                 for i, row in enumerate(rows, start=1)}
    return Comparison(readers, rows, names)


DISPUTED_COLOUR = "#b3261e"


def reading_map(cmp: Comparison, base: Case, fw: Framework, lang: str, index: int,
                width: int = 460, height: int = 380):
    """One reader's map (pass the anonymised base case when names must not show)."""
    from workbook.analysis.polarmap import build_map

    return build_map(cmp.reading_case(base, index), fw, lang, width=width, height=height)


def consensus_map(cmp: Comparison, base: Case, fw: Framework, lang: str, width: int = 820,
                  height: int = 560):
    """The consensus map: every actor where most readers place it, a red ring around each
    actor the readers disagree about (pass the anonymised base case when anonymised)."""
    from workbook.analysis.polarmap import build_map, place_actors

    case = cmp.consensus_case(base)
    fig = build_map(case, fw, lang, width=width, height=height)
    disputed = cmp.disputed_ids()
    rings = [p for p in place_actors(case.actors, fw) if p.actor.id in disputed]
    if rings:
        fig.add_scatter(
            x=[p.x for p in rings], y=[p.y for p in rings], mode="markers",
            marker={"symbol": "circle-open", "size": [p.size + 16 for p in rings],
                    "color": DISPUTED_COLOUR, "line": {"width": 3, "color": DISPUTED_COLOUR}},
            hoverinfo="skip", showlegend=False, name=i18n.t("compare.disputed", lang))
    return fig
