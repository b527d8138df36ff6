"""The polarisation map: a Plotly figure of the us-them axis with the case's actors and fuel.

The horizontal axis runs from pole A (x = -1) to pole B (x = +1), with shaded zones for the
two poles and the middle. Each actor stands where its role's zone, its side and its stance put
it (`ideal_position`); `place_actors` then spreads actors that would sit on top of each other,
the most influential first, so the same case always gives the same picture. `place_labels`
picks for each name a side of its marker where it overlaps nothing, and drops the names of the
least influential when it is crowded. Fuel is drawn as arrows from its source toward the other
pole, one trace per width class, so drawing stays fast with thousands of events.

User text is escaped before it reaches Plotly, which would otherwise render <b>, <a> and
friends as markup.
"""

from __future__ import annotations

import html
import math
import zlib
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import plotly.graph_objects as go

from workbook import i18n
from workbook.case.model import Actor, Case, FuelEvent, Pole
from workbook.framework.schema import Framework, Role

# -- geometry (data units) ------------------------------------------------------------------
X_RANGE = (-1.18, 1.18)
Y_RANGE = (-1.05, 1.25)  # with actors that have no role yet; else the bottom is Y_BOTTOM_SHORT
Y_BOTTOM_SHORT = -0.78
LABEL_TOP = 0.9  # above this the pole statements are written; actor labels stay below
POLE_ZONE = (0.62, 0.98)  # |x| of the pole zones
BETWEEN_ZONE = (0.32, 0.58)  # |x| of the joiners' zones
MIDDLE_HALF = 0.3  # the middle zone is |x| <= this
SHADE_POLE = 0.6  # shading of the pole zones starts at |x| = 0.6
SHADE_MIDDLE = 0.3
AXIS_BAND = (-0.34, 0.34)  # y band of actors on the axis
ABOVE_BAND = (0.42, 0.8)  # bridge builders
UNDER_FIRE_BAND = (-0.66, -0.38)  # the scapegoat, under the middle
NO_ROLE_BAND = (-0.98, -0.72)  # actors whose role is not decided yet

# The canvas placement assumes (pixels); labels are fitted to the size the page passes.
PLACE_W, PLACE_H = 520, 520
MARGIN = dict(l=10, r=10, t=10, b=10)


def legend_h(width: float) -> int:
    """Pixels the legend under the plot takes: one row when wide, up to three when narrow."""
    return 40 if width >= 850 else 62 if width >= 600 else 84

NO_ROLE_COLOUR = "#8c8c8c"
POLE_COLOURS = {"a": "#332288", "b": "#117733", "none": "#7f7f7f"}
SHADES = {"a": "rgba(51,34,136,0.08)", "b": "rgba(17,119,51,0.08)",
          "middle": "rgba(0,114,178,0.07)", "above": "rgba(204,121,167,0.06)"}

MAX_LABELS_CROWDED = 40  # above CROWDED actors only this many (most influential) get a name
CROWDED = 60
MAX_ARROWS = 60  # fuel arrows drawn (the strongest sources); the timeline shows every event
MAX_CROSSFIRE = 3
WIDTH_CLASSES = (1.5, 2.5, 3.5, 5.0, 7.0)
LABEL_FONT = 11
CHAR_W = 6.1  # average width of a character at LABEL_FONT, pixels (generous)
LINE_H = 14


def _escape(text: str) -> str:
    """&, < and > as entities, so no tag can form. Plotly's text knows only a few named
    entities (not &quot;), so quotes become numeric ones, which it does show as typed."""
    return html.escape(text, quote=False).replace('"', "&#34;").replace("'", "&#39;")


def esc(text: str, limit: int = 300) -> str:
    """User text made safe for Plotly text and hover: shortened, then HTML-escaped."""
    text = str(text)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return _escape(text)


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to at most `max_lines` lines (the last ends in … if cut). Raw text."""
    text = str(text)
    if len(text) <= width and "\n" not in text:
        return [text.strip()] if text.strip() else []
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        if len(lines) > max_lines:  # the rest would be cut off anyway
            break
        while len(word) > width:  # a very long word is cut into pieces
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines]
        lines[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return lines


def esc_lines(text: str, width: int, max_lines: int) -> str:
    return "<br>".join(_escape(line) for line in wrap(text, width, max_lines))


# -- placement ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Box:
    x0: float
    x1: float
    y0: float
    y1: float

    def overlaps(self, other: "Box") -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


@dataclass
class Placed:
    actor: Actor
    role: Role | None
    x: float
    y: float
    size: float  # marker diameter in pixels
    rank: int  # 0 = placed first (most influential)


def _hash01(text: str) -> float:
    return (zlib.crc32(text.encode()) % 10_000) / 10_000


def _direction(actor: Actor) -> float:
    """-1 for pole A's side, +1 for pole B's, 0 when neither side nor stance says."""
    if actor.side == "a":
        return -1.0
    if actor.side == "b":
        return 1.0
    if abs(actor.stance) >= 0.05:
        return math.copysign(1.0, actor.stance)
    return 0.0


def zone_of(role: Role | None) -> str:
    return role.zone if role else "none"


def zone_box(actor: Actor, role: Role | None) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1): the part of the map an actor of this role and side belongs in."""
    zone = zone_of(role)
    d = _direction(actor)
    if zone in ("pole", "between"):
        lo, hi = POLE_ZONE if zone == "pole" else BETWEEN_ZONE
        if d == 0:  # a pusher or joiner without a side: place by the hash, deterministic
            d = -1.0 if _hash01(actor.id) < 0.5 else 1.0
        x0, x1 = (-hi, -lo) if d < 0 else (lo, hi)
        return x0, x1, *AXIS_BAND
    if zone == "middle":
        return -MIDDLE_HALF, MIDDLE_HALF, *AXIS_BAND
    if zone == "above":
        return -0.45, 0.45, *ABOVE_BAND
    if zone == "under_fire":
        return -MIDDLE_HALF, MIDDLE_HALF, *UNDER_FIRE_BAND
    return -1.0, 1.0, *NO_ROLE_BAND


def ideal_position(actor: Actor, role: Role | None) -> tuple[float, float]:
    """Where an actor would stand alone: x from pole A (-1) to pole B (+1), y off the axis."""
    x0, x1, y0, y1 = zone_box(actor, role)
    zone = zone_of(role)
    strength = min(1.0, abs(actor.stance))
    if zone in ("pole", "between"):
        # further out the stronger the stance; the zone is mirrored on side A
        x = (x1 - (x1 - x0) * strength) if x0 < 0 else (x0 + (x1 - x0) * strength)
    elif zone == "middle":
        x = actor.stance * MIDDLE_HALF
    elif zone == "above":
        x = actor.stance * 0.3
    elif zone == "under_fire":
        x = actor.stance * 0.15
    else:
        x = actor.stance * 0.95
    y = (y0 + y1) / 2 if zone != "above" else y0 + (y1 - y0) * 0.45
    return round(x, 4), round(y, 4)


def marker_size(influence: int, scale: float = 1.0) -> float:
    """Diameter in pixels: influence 1..5, times the map's scale (smaller when crowded)."""
    return round((10 + 4 * influence) * scale, 1)


def marker_scale(boxes: list[tuple[float, float, float, float]]) -> float:
    """One scale for all markers, so influence compares across the map: as small as the most
    crowded zone needs (a zone holds about its area over a marker's footprint), at least 0.4."""
    ux, uy = _units(PLACE_W, PLACE_H)
    counts: dict[tuple, int] = {}
    for box in boxes:
        counts[box] = counts.get(box, 0) + 1
    scale = 1.0
    for (x0, x1, y0, y1), count in counts.items():
        capacity = (x1 - x0) * ux * (y1 - y0) * uy / (25 * 25 * 1.8)
        scale = min(scale, math.sqrt(capacity / count))
    return max(0.4, scale)


def _px(x: float, y: float, w: float, h: float, y_bottom: float = Y_RANGE[0]
        ) -> tuple[float, float]:
    """Data to pixel coordinates (y down) in the plot area of a w x h pixel figure."""
    ux, uy = _units(w, h, y_bottom)
    return (x - X_RANGE[0]) * ux, (Y_RANGE[1] - y) * uy


def _units(w: float, h: float, y_bottom: float = Y_RANGE[0]) -> tuple[float, float]:
    """Pixels per data unit in x and y."""
    pw = w - MARGIN["l"] - MARGIN["r"]
    ph = h - MARGIN["t"] - MARGIN["b"] - legend_h(w)
    return pw / (X_RANGE[1] - X_RANGE[0]), ph / (Y_RANGE[1] - y_bottom)


def y_bottom(actors: Iterable[Actor], fw: Framework) -> float:
    """The map reaches down to the 'no role yet' band only when someone stands there."""
    roles = {r.id for r in fw.concepts.roles}
    return Y_RANGE[0] if any(a.role not in roles for a in actors) else Y_BOTTOM_SHORT


def _candidates(limit: int) -> list[tuple[int, int]]:
    """Offsets (steps in x, steps in y) to try, nearest first; moving along y is cheaper,
    since x carries meaning (the stance)."""
    cells = [(i, j) for i in range(-10, 11) for j in range(-12, 13)]
    cells.sort(key=lambda c: ((2 * c[0]) ** 2 + c[1] ** 2, abs(c[0]), -c[1], c[0]))
    return cells[:limit]


_CANDIDATES = {n: _candidates(n) for n in (12, 120, 400)}


def sort_key(actor: Actor) -> tuple:
    return (-actor.influence, actor.id)


def place_actors(actors: Iterable[Actor], fw: Framework) -> list[Placed]:
    """Every actor's spot on the map, spread so markers do not overlap where there is room.

    Pure and deterministic: the result depends on the actors' values, not on their order.
    """
    actors = sorted(actors, key=sort_key)
    n = len(actors)
    ux, uy = _units(PLACE_W, PLACE_H)
    cands = _CANDIDATES[400 if n <= CROWDED else 120 if n <= 200 else 12]
    patience = 10 if n <= 200 else 3
    cell = 40.0
    grid: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    placed: list[Placed] = []
    roles = {r.id: r for r in fw.concepts.roles}
    zones = [zone_box(a, roles.get(a.role)) for a in actors]
    scale = marker_scale(zones)
    misses: dict[tuple, int] = {}  # zone box -> actors that found no free spot in it
    for rank, actor in enumerate(actors):
        role = roles.get(actor.role)
        size = marker_size(actor.influence, scale)
        r = size / 2
        zone = zones[rank]
        bx0, bx1, by0, by1 = zone
        x0, y0 = ideal_position(actor, role)
        step_x, step_y = (size + 3) / ux, (size + 3) / uy
        spot = None
        full = misses.get(zone, 0) >= patience  # a full zone: do not search any more
        for i, j in () if full else cands:
            x, y = x0 + i * step_x * 0.6, y0 + j * step_y * 0.55
            if not (bx0 <= x <= bx1 and by0 <= y <= by1):
                continue
            px, py = x * ux, y * uy
            cx, cy = int(px // cell), int(py // cell)
            free = True
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for qx, qy, qr in grid.get((gx, gy), ()):
                        if (px - qx) ** 2 + (py - qy) ** 2 < (r + qr + 2) ** 2:
                            free = False
                            break
                    if not free:
                        break
                if not free:
                    break
            if free:
                spot = (x, y)
                break
        if spot is None:  # crowded: a stable spot in the zone, from the actor's id
            misses[zone] = misses.get(zone, 0) + 1
            hx, hy = _hash01(actor.id), _hash01(actor.id[::-1] + "y")
            spot = (bx0 + (bx1 - bx0) * hx, by0 + (by1 - by0) * hy)
        x, y = round(spot[0], 4), round(spot[1], 4)
        key = (int(x * ux // cell), int(y * uy // cell))
        bucket = grid.setdefault(key, [])
        if len(bucket) < 6:
            bucket.append((x * ux, y * uy, r))
        placed.append(Placed(actor, role, x, y, size, rank))
    return placed


@dataclass(frozen=True)
class Label:
    actor_id: str
    text: str  # escaped, with <br>
    position: str  # a Plotly textposition, or "far" (set off, with a leader line)
    box: Box  # in pixels (y down) on the canvas the labels were fitted to
    offset: tuple[float, float] | None = None  # "far": the label's centre from the marker, px


POSITIONS = ("top center", "bottom center", "middle right", "middle left",
             "top right", "top left", "bottom right", "bottom left")
# When no spot next to the marker is free: set the name off, with a thin leader line.
FAR = ((0, -48), (0, 48), (70, -40), (-70, -40), (70, 40), (-70, 40), (0, -75), (0, 75),
       (100, 0), (-100, 0), (100, -70), (-100, -70), (100, 70), (-100, 70))


def label_text(name: str, compact: bool) -> tuple[str, int, int]:
    """(escaped text with <br>, widest line in characters, number of lines)."""
    lines = wrap(name or "?", 16 if compact else 26, 2)
    return ("<br>".join(_escape(x) for x in lines),
            max(len(x) for x in lines), len(lines))


def _label_box(pos: str, px: float, py: float, r: float, chars: int, lines: int) -> Box:
    w = chars * CHAR_W + 4
    h = lines * LINE_H + 2
    vert, horiz = pos.split()
    pad = 3
    if horiz == "center":
        x0 = px - w / 2
    elif horiz == "right":
        x0 = px + (r + pad if vert == "middle" else r * 0.6)
    else:
        x0 = px - w - (r + pad if vert == "middle" else r * 0.6)
    if vert == "top":
        y0 = py - r - pad - h
    elif vert == "bottom":
        y0 = py + r + pad
    else:
        y0 = py - h / 2
    return Box(x0, x0 + w, y0, y0 + h)


def place_labels(placed: list[Placed], width: int = 900, height: int = 560,
                 bottom: float = Y_RANGE[0], max_labels: int | None = None,
                 obstacles: Iterable[Box] = (), soft: Iterable[Box] = ()) -> dict[str, Label]:
    """A name for as many actors as fit, the most influential first. A name never overlaps
    another name, an obstacle (the pole statements) or the edge of the plot, nor a marker
    while the map is not crowded; it avoids `soft` boxes (fuel arrows) where it can.
    On a crowded map only the most influential get a name, written on a white ground."""
    n = len(placed)
    compact = width < 700
    crowded = n > CROWDED
    if max_labels is None:
        max_labels = n if not crowded else (MAX_LABELS_CROWDED if not compact else 25)
    order = sorted(placed, key=lambda p: p.rank)
    pw = width - MARGIN["l"] - MARGIN["r"]
    top = _px(0, LABEL_TOP, width, height, bottom)[1]
    low = _px(0, bottom, width, height, bottom)[1]
    hard, loose = _BoxGrid(), _BoxGrid()
    for b in obstacles:
        hard.add(b)
    for item in soft:  # a box, or (box, owner): overlapping one owner's boxes counts once
        loose.add(*item) if isinstance(item, tuple) else loose.add(item)
    points = {}
    for p in placed:
        px, py = _px(p.x, p.y, width, height, bottom)
        r = p.size / 2
        points[p.actor.id] = (px, py, r)
        (loose if crowded else hard).add(Box(px - r, px + r, py - r, py + r))
    # Each actor still waiting for a name claims the spots above and below its marker; a name
    # placed earlier avoids those claims where it can, so it does not take a neighbour's place.
    claims = _BoxGrid()
    texts = {}
    if not crowded:
        for p in order[:max_labels]:
            text, chars, lines = label_text(p.actor.name, compact)
            texts[p.actor.id] = (text, chars, lines)
            px, py, r = points[p.actor.id]
            for pos in ("top center", "bottom center"):
                claims.add(_label_box(pos, px, py, r, chars, lines), p.actor.id)
    labels: dict[str, Label] = {}
    for p in order[:max_labels]:
        text, chars, lines = texts.get(p.actor.id) or label_text(p.actor.name, compact)
        px, py, r = points[p.actor.id]
        best = None
        for k, pos in enumerate(POSITIONS):
            b = _label_box(pos, px, py, r, chars, lines)
            if not (b.x0 >= 0 and b.x1 <= pw and b.y0 >= top and b.y1 <= low and hard.free(b)):
                continue
            score = loose.cost(b) + 1.5 * sum(
                1 for owner in claims.owners(b) if owner != p.actor.id and owner not in labels)
            if best is None or (score, k) < best[0]:
                best = ((score, k), pos, b)
            if score == 0:
                break
        if not crowded and (best is None or best[0][0] > 0):
            for dx, dy in FAR:  # set off, on a leader line
                w, h = chars * CHAR_W + 4, lines * LINE_H + 2
                b = Box(px + dx - w / 2, px + dx + w / 2, py + dy - h / 2, py + dy + h / 2)
                if not (b.x0 >= 0 and b.x1 <= pw and b.y0 >= top and b.y1 <= low
                        and hard.free(b)):
                    continue
                score = loose.cost(b) + 1.2
                if best is None or score < best[0][0]:
                    best = ((score, 99), "far", b, (dx, dy))
                if score <= 1.2:
                    break
        if best:
            hard.add(best[2])
            offset = best[3] if len(best) > 3 else None
            labels[p.actor.id] = Label(p.actor.id, text, best[1], best[2], offset)
    return labels


class _BoxGrid:
    """Boxes in a coarse grid, for quick 'does this overlap anything' questions."""

    CELL = 50.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Box, str]]] = {}

    def _keys(self, b: Box):
        c = self.CELL
        for gx in range(int(b.x0 // c), int(b.x1 // c) + 1):
            for gy in range(int(b.y0 // c), int(b.y1 // c) + 1):
                yield gx, gy

    def add(self, b: Box, owner: str = "") -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append((b, owner))

    def free(self, b: Box) -> bool:
        return not any(o.overlaps(b) for k in self._keys(b) for o, _ in self.cells.get(k, ()))

    def cost(self, b: Box) -> int:
        """Overlaps with stored boxes: each owner counts once, each box without one counts."""
        owners: set = set()
        for k in self._keys(b):
            for o, w in self.cells.get(k, ()):
                if o.overlaps(b):
                    owners.add(w or id(o))
        return len(owners)

    def owners(self, b: Box) -> set[str]:
        return {w for k in self._keys(b) for o, w in self.cells.get(k, ()) if o.overlaps(b)}


# -- fuel -----------------------------------------------------------------------------------
@dataclass
class FuelFlow:
    """All fuel from one source actor."""

    source: Placed
    events: list[FuelEvent]

    @property
    def total(self) -> int:
        return sum(e.intensity for e in self.events)

    @property
    def width_class(self) -> int:
        """0..4 by the total intensity."""
        total = self.total
        return 0 if total <= 2 else 1 if total <= 4 else 2 if total <= 7 else 3 if total <= 11 else 4


def fuel_flows(events: Iterable[FuelEvent], placed: dict[str, Placed],
               limit: int = MAX_ARROWS) -> list[FuelFlow]:
    """Fuel grouped by source actor, strongest first; events without a known source skipped."""
    by_source: dict[str, list[FuelEvent]] = {}
    for e in events:
        if e.source in placed:
            by_source.setdefault(e.source, []).append(e)
    flows = [FuelFlow(placed[s], evs) for s, evs in by_source.items()]
    flows.sort(key=lambda f: (-f.total, f.source.actor.id))
    return flows[:limit]


def _arrow_dirs(actor: Actor) -> tuple[float, ...]:
    """Fuel goes toward the other pole; from the middle (no side, no lean) toward both."""
    d = _direction(actor)
    return (-d,) if d else (-1.0, 1.0)


def source_side(actor: Actor) -> str:
    """'a', 'b' or 'none': the pole an actor speaks from (its side, else its lean)."""
    d = _direction(actor)
    return "a" if d < 0 else "b" if d > 0 else "none"


# -- the figure -----------------------------------------------------------------------------
def build_map(case: Case, fw: Framework, lang: str = "nl", *, width: int = 900,
              height: int = 560, fuel_until=None) -> go.Figure:
    """The case's polarisation map. `width`/`height` are the pixels the page shows it at
    (names are fitted to them); `fuel_until` keeps only fuel dated up to that day."""
    parts = map_parts(case.poles, case.actors, case.fuel, fw, lang, width=width, height=height,
                      fuel_until=fuel_until)
    layout = _layout(case.id, height, parts)
    if not case.actors:
        layout["annotations"] += _empty_state(case, lang)
    return figure(parts["data"], layout)


def figure(data: list[dict], layout: dict, frames: list[dict] | None = None) -> go.Figure:
    """A Figure from plain dicts without Plotly's per-property validation, which costs more
    than building the map. The tests validate every figure this module makes."""
    return go.Figure(data=data, layout=layout, frames=frames, _validate=False)


def map_parts(poles: list[Pole], actors: list[Actor], fuel: list[FuelEvent], fw: Framework,
              lang: str, width: int = 900, height: int = 560, fuel_until=None,
              bottom: float | None = None, with_ids: bool = False) -> dict[str, Any]:
    """Traces, annotations, shapes and y range of one map. The traces are always the same
    list (fuel lines by side and width, fuel heads, crossfire, one per framework role, no
    role), so that the frames of an animation line up."""
    bottom = y_bottom(actors, fw) if bottom is None else bottom
    placed = place_actors(actors, fw)
    annotations, obstacles = _pole_annotations(poles, lang, width, height, bottom)
    by_id = {p.actor.id: p for p in placed}
    events = [e for e in fuel
              if fuel_until is None or (e.date is not None and e.date <= fuel_until)]
    limit = MAX_ARROWS if len(placed) <= CROWDED else MAX_ARROWS // 2
    arcs = fuel_arcs(fuel_flows(events, by_id, limit), lang, width, height, bottom)
    labels = place_labels(placed, width, height, bottom, obstacles=obstacles,
                          soft=arc_boxes(arcs, width, height, bottom))
    crowded = len(placed) > CROWDED
    # names set off from their marker are annotations; on a crowded map, all names are, on a
    # white ground, since they may cross markers
    annotations = annotations + _label_annotations(labels, by_id, ground=crowded)
    data = _fuel_traces(arcs, lang, thin=crowded)
    data.append(_crossfire_trace(placed))
    groups: dict[str, list[Placed]] = {r.id: [] for r in fw.concepts.roles}
    unassigned: list[Placed] = []
    for p in placed:
        (groups[p.role.id] if p.role else unassigned).append(p)
    n = len(placed)
    in_trace = None if crowded else labels
    for role in fw.concepts.roles:
        data.append(_actor_trace(groups[role.id], role, in_trace, lang, n, with_ids))
    data.append(_actor_trace(unassigned, None, in_trace, lang, n, with_ids))
    return {"data": data, "annotations": annotations, "shapes": _zone_shapes(bottom),
            "bottom": bottom, "labels": labels, "placed": placed}


def _label_annotations(labels: dict[str, Label], by_id: dict[str, Placed],
                       ground: bool = True) -> list[dict]:
    """Names as annotations: all of them on a crowded map (on a white ground), and those set
    off from their marker, with a leader line."""
    notes = []
    for aid, label in labels.items():
        p = by_id[aid]
        r = p.size / 2
        if label.offset is not None:
            dx, dy = label.offset
            notes.append(dict(
                x=p.x, y=p.y, ax=dx, ay=dy, text=label.text, showarrow=True, arrowhead=0,
                arrowwidth=1, arrowcolor="#888888", standoff=r, name=f"label:{aid}",
                bgcolor="rgba(255,255,255,0.85)" if ground else None, borderpad=1,
                font=dict(size=LABEL_FONT - (1 if ground else 0), color="#222222")))
            if not ground:
                notes[-1].pop("bgcolor")
            continue
        if not ground:
            continue
        vert, horiz = label.position.split()
        notes.append(dict(
            x=p.x, y=p.y, text=label.text, showarrow=False, name=f"label:{aid}",
            xanchor={"center": "center", "right": "left", "left": "right"}[horiz],
            yanchor={"top": "bottom", "bottom": "top", "middle": "middle"}[vert],
            xshift={"center": 0, "right": r, "left": -r}[horiz] if vert == "middle"
            else {"center": 0, "right": r * 0.6, "left": -r * 0.6}[horiz],
            yshift={"top": r + 1, "bottom": -r - 1, "middle": 0}[vert],
            bgcolor="rgba(255,255,255,0.85)", borderpad=1,
            font=dict(size=LABEL_FONT - 1, color="#222222")))
    return notes


def _actor_trace(items: list[Placed], role: Role | None, labels: dict[str, Label] | None,
                 lang: str, n: int, with_ids: bool = False) -> dict:
    """One role's actors. Numbers go as numpy arrays: Plotly copies and encodes those in one
    go, which keeps a map of a thousand actors fast. `labels` None: names are drawn elsewhere."""
    items = sorted(items, key=lambda p: -p.rank)  # most influential drawn last, on top
    texts = positions = None
    if labels is not None:
        texts, positions = [], []
        for p in items:
            label = labels.get(p.actor.id)
            near = label is not None and label.offset is None
            texts.append(label.text if near else "")
            positions.append(label.position if near else "top center")
    name = role.name(lang) if role else i18n.t("mapview.no_role", lang)
    colour = role.colour if role else NO_ROLE_COLOUR
    symbol = role.symbol if role else "circle-open"
    line_only = symbol.endswith("-open") or symbol in ("cross-thin", "x-thin", "line-ew",
                                                       "line-ns", "asterisk", "hash")
    trace = dict(
        type="scatter", mode="markers+text", name=name,
        legendgroup=role.id if role else "none", showlegend=True,
        x=np.fromiter((p.x for p in items), float, len(items)),
        y=np.fromiter((p.y for p in items), float, len(items)),
        customdata=[p.actor.id for p in items],
        textfont=dict(size=LABEL_FONT, color="#222222"),
        hovertext=_hovers([p.actor for p in items], role, lang), hoverinfo="text",
        marker=dict(size=np.fromiter((p.size for p in items), float, len(items)), color=colour,
                    symbol=symbol, opacity=0.95 if n <= CROWDED else 0.8,
                    line=dict(width=2 if line_only else 1,
                              color=colour if line_only else "#ffffff")),
        cliponaxis=False,
    )
    if texts is not None:
        trace.update(text=texts, textposition=positions)
    if with_ids:  # lets an animation move each actor from frame to frame
        trace["ids"] = [p.actor.id for p in items]
    return trace


ARC_STEPS = 10


@dataclass
class Arc:
    """One fuel arrow: a curve in data coordinates and where its head points."""

    side: str
    width_class: int
    xs: list[float]
    ys: list[float]
    angle: float
    size: float
    hover: str


def fuel_arcs(flows: list[FuelFlow], lang: str, width: int, height: int,
              bottom: float) -> list[Arc]:
    """Fuel as arcs thrown from the source toward the other pole (a quadratic Bézier)."""
    ux, uy = _units(width, height, bottom)
    pux, _ = _units(PLACE_W, PLACE_H)
    arcs = []
    for flow in flows:
        p = flow.source
        side = source_side(p.actor)
        gap = (p.size / 2 + 2) / pux
        length = 0.24 + 0.025 * min(flow.total, 10)
        rise = 0.1 + 0.012 * min(flow.total, 10)
        hover = _fuel_hover(flow, lang)
        for d in _arrow_dirs(p.actor):
            x0, y0 = p.x + d * gap, p.y + 0.02
            x2 = max(-1.1, min(1.1, p.x + d * (gap + length)))
            if (x2 - x0) * d <= 0.04:
                continue
            y2 = p.y
            x1, y1 = (x0 + x2) / 2, p.y + 2 * rise
            xs, ys = [], []
            for k in range(ARC_STEPS + 1):
                t = k / ARC_STEPS
                xs.append(round((1 - t) ** 2 * x0 + 2 * (1 - t) * t * x1 + t * t * x2, 4))
                ys.append(round((1 - t) ** 2 * y0 + 2 * (1 - t) * t * y1 + t * t * y2, 4))
            # the head points along the curve's end (Plotly: degrees clockwise from up)
            angle = round(math.degrees(math.atan2((x2 - x1) * ux, (y2 - y1) * uy)), 1)
            arcs.append(Arc(side, flow.width_class, xs, ys, angle,
                            8 + 2 * flow.width_class, hover))
    return arcs


def arc_boxes(arcs: list[Arc], width: int, height: int, bottom: float
              ) -> list[tuple[Box, str]]:
    """Pixel boxes along each arc (with the arc's number), so names keep clear of the fuel."""
    boxes = []
    for n, arc in enumerate(arcs):
        pts = [_px(x, y, width, height, bottom) for x, y in zip(arc.xs, arc.ys)]
        pad = WIDTH_CLASSES[arc.width_class] / 2 + 1
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            boxes.append((Box(min(ax, bx) - pad, max(ax, bx) + pad,
                              min(ay, by) - pad, max(ay, by) + pad), f"arc{n}"))
    return boxes


def _fuel_traces(arcs: list[Arc], lang: str, thin: bool = False) -> list[dict]:
    """One line trace per side and width class, and one trace of arrowheads that carries
    the hover text: a constant handful of traces however much fuel there is."""
    lines = {(s, k): ([], []) for s in ("a", "b", "none") for k in range(len(WIDTH_CLASSES))}
    heads: dict[str, list] = {"x": [], "y": [], "angle": [], "color": [], "size": [],
                              "text": []}
    for arc in arcs:
        xs, ys = lines[(arc.side, arc.width_class)]
        xs += arc.xs
        xs.append(None)
        ys += arc.ys
        ys.append(None)
        heads["x"].append(arc.xs[-1])
        heads["y"].append(arc.ys[-1])
        heads["angle"].append(arc.angle)
        heads["color"].append(POLE_COLOURS[arc.side])
        heads["size"].append(arc.size)
        heads["text"].append(arc.hover)
    traces = []
    for (side, k), (xs, ys) in lines.items():
        traces.append(dict(type="scatter", mode="lines", x=xs, y=ys, name=f"fuel-{side}{k}",
                           line=dict(width=WIDTH_CLASSES[k] * (0.5 if thin else 1),
                                     color=FUEL_LINE[side]),
                           hoverinfo="skip", showlegend=False, legendgroup="fuel"))
    traces.append(dict(
        type="scatter", mode="markers", x=heads["x"], y=heads["y"], legendgroup="fuel",
        name=i18n.t("mapview.fuel", lang), showlegend=True,
        hovertext=heads["text"], hoverinfo="text",
        marker=dict(symbol="triangle-up", angle=heads["angle"], color=heads["color"],
                    size=heads["size"], line=dict(width=0)),
    ))
    return traces


FUEL_LINE = {"a": "rgba(51,34,136,0.5)", "b": "rgba(17,119,51,0.5)",
             "none": "rgba(110,110,110,0.5)"}


def _crossfire_trace(placed: list[Placed]) -> dict:
    """Short dotted lines from both sides toward each scapegoat: under fire from both poles."""
    xs: list = []
    ys: list = []
    goats = [p for p in placed if zone_of(p.role) == "under_fire"][:MAX_CROSSFIRE]
    ux, _ = _units(PLACE_W, PLACE_H)
    for p in goats:
        gap = (p.size / 2 + 4) / ux
        for d in (-1, 1):
            xs += [p.x + d * (gap + 0.22), p.x + d * gap, None]
            ys += [p.y + 0.07, p.y + 0.01, None]
    return dict(type="scatter", mode="lines", x=xs, y=ys, hoverinfo="skip", showlegend=False,
                name="crossfire", line=dict(width=1.5, color="rgba(0,0,0,0.5)", dash="dot"))


def _hovers(actors: list[Actor], role: Role | None, lang: str) -> list[str]:
    """Hover text per actor: name, role, side, stance and influence, notes; all escaped."""
    role_name = esc(role.name(lang) if role else i18n.t("mapview.no_role", lang))
    sides = {s: esc(i18n.t(f"actor.side_{s}", lang)) for s in ("a", "b", "none")}
    stance, influence = esc(i18n.t("mapview.stance", lang)), esc(i18n.t("mapview.influence", lang))
    out = []
    for actor in actors:
        text = (f"<b>{esc_lines(actor.name or '?', 50, 3)}</b><br>{role_name}<br>"
                f"{sides[actor.side]} · {stance} {actor.stance:+.1f} · "
                f"{influence} {actor.influence}/5")
        if actor.notes:
            text += f"<br><i>{esc_lines(actor.notes, 60, 5)}</i>"
        out.append(text)
    return out


def _fuel_hover(flow: FuelFlow, lang: str) -> str:
    events = sorted(flow.events, key=lambda e: (e.date is not None, e.date or 0), reverse=True)
    head = esc(i18n.t("mapview.fuel_from", lang, name=flow.source.actor.name or "?",
                      count=len(flow.events), max=max(e.intensity for e in flow.events)), 200)
    lines = [f"<b>{head}</b>"]
    for e in events[:4]:
        when = e.date.strftime("%d/%m/%Y") if e.date else "…"
        lines.append(esc(f"{when} · {e.intensity}/5 · {e.description or e.channel or ''}", 90))
    if len(events) > 4:
        lines.append(esc(i18n.t("mapview.more", lang, count=len(events) - 4)))
    return "<br>".join(lines)


def _zone_shapes(bottom: float) -> list[dict]:
    y0, y1 = bottom, Y_RANGE[1]
    none = dict(width=0)
    return [
        dict(type="rect", x0=X_RANGE[0], x1=-SHADE_POLE, y0=y0, y1=y1, fillcolor=SHADES["a"],
             line=none, layer="below"),
        dict(type="rect", x0=-SHADE_MIDDLE, x1=SHADE_MIDDLE, y0=y0, y1=y1,
             fillcolor=SHADES["middle"], line=none, layer="below"),
        dict(type="rect", x0=SHADE_POLE, x1=X_RANGE[1], y0=y0, y1=y1, fillcolor=SHADES["b"],
             line=none, layer="below"),
        dict(type="rect", x0=-0.47, x1=0.47, y0=ABOVE_BAND[0] - 0.06, y1=ABOVE_BAND[1] + 0.06,
             fillcolor=SHADES["above"],
             line=dict(width=1, color="rgba(204,121,167,0.45)", dash="dot"), layer="below"),
        dict(type="line", x0=-1.08, x1=1.08, y0=0, y1=0, line=dict(color="#555555", width=2),
             layer="below"),
    ]


def _pole_annotations(poles: list[Pole], lang: str, width: int, height: int, bottom: float
                      ) -> tuple[list[dict], list[Box]]:
    """The two poles with their identity statements at the top, the middle's name at the
    bottom, and the axis ends; with the boxes (pixels) actor names must keep clear of."""
    compact = width < 700
    wrap_w = 24 if compact else max(30, min(60, int(width * 0.36 / 6.5)))
    notes = []
    for side, x, anchor in (("a", X_RANGE[0] + 0.02, "left"), ("b", X_RANGE[1] - 0.02, "right")):
        pole = next((p for p in poles if p.side == side), None)
        label = (pole.label if pole else "") or i18n.t(f"mapview.pole_{side}", lang)
        text = f"<b>{esc_lines(label, wrap_w, 2)}</b>"
        if pole and pole.identity:
            text += f"<br><i>“{esc_lines(pole.identity, wrap_w + 4, 3)}”</i>"
        notes.append(dict(x=x, y=Y_RANGE[1] - 0.02, xanchor=anchor, yanchor="top", text=text,
                          showarrow=False, align=anchor,
                          font=dict(size=11 if compact else 12, color=POLE_COLOURS[side])))
    constructs = sum(1 for p in poles if p.side == "a")
    boxes = []
    if constructs > 1:  # bottom left, out of the way of the pole statements
        more = i18n.t("mapview.more_constructs", lang, count=constructs - 1)
        notes.append(dict(x=X_RANGE[0] + 0.02, y=bottom + 0.01, xanchor="left",
                          yanchor="bottom", showarrow=False, text=esc_lines(more, 30, 2),
                          align="left", font=dict(size=10, color="#666666")))
        lines = wrap(more, 30, 2)
        bx, by = _px(X_RANGE[0] + 0.02, bottom, width, height, bottom)
        boxes.append(Box(bx, bx + max(map(len, lines)) * 6 + 6, by - 14 * len(lines) - 4, by))
    middle = i18n.t("map.middle", lang)
    notes.append(dict(x=0, y=bottom + 0.01, yanchor="bottom", showarrow=False,
                      text=f"<b>{esc(middle)}</b>", font=dict(size=12, color="#1f5f8b")))
    for x, arrow in ((-1.11, "◀"), (1.11, "▶")):
        notes.append(dict(x=x, y=0, showarrow=False, text=arrow,
                          font=dict(size=12, color="#555555")))
    px, py = _px(0, bottom, width, height, bottom)
    w = len(middle) * 7.5 + 8
    return notes, [*boxes, Box(px - w / 2, px + w / 2, py - 22, py)]


def _layout(case_id: str, height: int, parts: dict[str, Any]) -> dict:
    return dict(
        xaxis=dict(range=list(X_RANGE), showgrid=False, zeroline=False, showticklabels=False,
                   fixedrange=False),
        yaxis=dict(range=[parts["bottom"], Y_RANGE[1]], showgrid=False, zeroline=False,
                   showticklabels=False),
        margin=dict(MARGIN), height=height, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
        font=dict(color="#222222"),
        legend=dict(orientation="h", y=0, yanchor="top", x=0.5, xanchor="center",
                    font=dict(size=11), itemclick="toggle", itemdoubleclick="toggleothers"),
        hoverlabel=dict(align="left", bgcolor="#ffffff", font=dict(size=12, color="#222222")),
        hovermode="closest", dragmode="zoom", uirevision=case_id,
        annotations=parts["annotations"], shapes=parts["shapes"],
    )


def _empty_state(case: Case, lang: str) -> list[dict]:
    """What a newcomer sees: where the roles go, and what to add first."""
    named = any(p.label.strip() for p in case.poles)
    steps = [
        ("✓ " if named else "1. ") + i18n.t("mapview.empty_poles", lang),
        ("1. " if named else "2. ") + i18n.t("mapview.empty_actors", lang),
        ("2. " if named else "3. ") + i18n.t("mapview.empty_fuel", lang),
    ]
    text = (f"<b>{esc(i18n.t('mapview.empty_title', lang))}</b><br>"
            + "<br>".join(esc(s) for s in steps))
    notes = [dict(x=0, y=-0.42, yanchor="top", text=text, showarrow=False, align="left",
                  bgcolor="rgba(255,255,255,0.95)", bordercolor="#999999", borderwidth=1,
                  borderpad=8, font=dict(size=13, color="#333333"))]
    hint = dict(showarrow=False, font=dict(size=11, color="#8a8a8a"))
    for x, y, key in ((-0.8, 0.1, "hint_pushers"), (0.8, 0.1, "hint_pushers"),
                      (-0.45, 0.1, "hint_joiners"), (0.45, 0.1, "hint_joiners"),
                      (0, 0.1, "hint_middle"), (0, 0.6, "hint_bridge"),
                      (0, -0.25, "hint_scapegoat")):
        notes.append(dict(hint, x=x, y=y, text=esc(i18n.t(f"mapview.{key}", lang))))
    return notes


def labelled_ids(fig: go.Figure) -> set[str]:
    """Actor ids whose name is written on the map."""
    out = {a.name[6:] for a in fig.layout.annotations if (a.name or "").startswith("label:")}
    for trace in fig.data:
        if trace.customdata is not None and trace.text is not None and trace.mode == "markers+text":
            out |= {cid for cid, txt in zip(trace.customdata, trace.text) if txt}
    return out


def actor_ids(fig: go.Figure) -> list[str]:
    """Every actor id on the map."""
    ids: list[str] = []
    for trace in fig.data:
        if trace.customdata is not None and trace.mode == "markers+text":
            ids.extend(trace.customdata)
    return ids
