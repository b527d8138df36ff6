"""Actors' names: for each a side of its marker where it overlaps nothing, or set off.

The rules, each checked by tests on the case studies and on random cases at every size the app
draws the map at: a name never crosses the axis, a marker (on a map that is not crowded),
another name, the pole statements or the edge of the plot; a name set off from its marker
hangs on a leader line that passes through no other marker."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from workbook.analysis.polarmap.geometry import (AXIS_HALF, CHAR_W, CROWDED, LABEL_TOP, LINE_H,
                                                 MARGIN, SYMBOL_EXTENT, Y_RANGE, Box,
                                                 segment_near, to_px)
from workbook.analysis.polarmap.markup import escape, wrap
from workbook.analysis.polarmap.placement import Placed

MAX_LABELS_CROWDED = 40  # above CROWDED actors only this many (most influential) get a name


@dataclass(frozen=True)
class Label:
    actor_id: str
    text: str  # escaped, with <br>
    position: str  # a Plotly textposition, or "far" (set off, with a leader line)
    box: Box  # in pixels (y down) on the canvas the labels were fitted to
    offset: tuple[float, float] | None = None  # "far": the label's centre from the marker, px
    anchor: tuple[float, float] = (0.0, 0.0)  # the marker's centre, px (a leader line's end)


POSITIONS = ("top center", "bottom center", "middle right", "middle left",
             "top right", "top left", "bottom right", "bottom left")
# When no spot next to the marker is free: set the name off, with a thin leader line. First
# the spots of the first map drawn this way, then rings further out, the nearest first.
FAR = ((0, -48), (0, 48), (70, -40), (-70, -40), (70, 40), (-70, 40), (0, -75), (0, 75),
       (100, 0), (-100, 0), (100, -70), (-100, -70), (100, 70), (-100, 70))
FAR += tuple(dict.fromkeys(
    (round(1.6 * d * math.cos(math.radians(a))), round(d * math.sin(math.radians(a))))
    for d in (45, 65, 90, 120, 150) for a in range(0, 360, 30)))


def label_text(name: str, compact: bool) -> tuple[str, int, int]:
    """(escaped text with <br>, widest line in characters, number of lines)."""
    lines = wrap(name or "?", 16 if compact else 26, 2)
    return ("<br>".join(escape(x) for x in lines),
            max(len(x) for x in lines), len(lines))


def _label_box(pos: str, px: float, py: float, r: float, chars: int, lines: int,
               scale: float = 1.0) -> Box:
    w = chars * CHAR_W * scale + 4
    h = lines * LINE_H * scale + 2
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
                 obstacles: Iterable[Box] = (), soft: Iterable[Box] = (),
                 scale: float = 1.0) -> dict[str, Label]:
    """A name for as many actors as fit, the most influential first. A name never overlaps
    another name, the axis, an obstacle (the pole statements) or the edge of the plot, nor a
    marker while the map is not crowded; it avoids `soft` boxes (fuel arrows) where it can.
    A name set off from its marker is joined to it by a line that passes no other marker.
    On a crowded map only the most influential get a name, written on a white ground.
    `scale` is the size of the type (1: the app's; larger on a projector)."""
    n = len(placed)
    compact = width < 700
    crowded = n > CROWDED
    if max_labels is None:
        max_labels = n if not crowded else (MAX_LABELS_CROWDED if not compact else 25)
    order = sorted(placed, key=lambda p: p.rank)
    pw = width - MARGIN["l"] - MARGIN["r"]
    top = to_px(0, LABEL_TOP, width, height, bottom, scale)[1]
    low = to_px(0, bottom, width, height, bottom, scale)[1]
    hard, loose, markers = _BoxGrid(), _BoxGrid(), _BoxGrid()
    for b in [*obstacles, axis_box(width, height, bottom, scale)]:
        hard.add(b)
    for item in soft:  # a box, or (box, owner): overlapping one owner's boxes counts once
        loose.add(*item) if isinstance(item, tuple) else loose.add(item)
    points = {}
    for p in placed:
        px, py = to_px(p.x, p.y, width, height, bottom, scale)
        r = p.size / 2 * SYMBOL_EXTENT.get(p.role.symbol if p.role else "", 1.0)
        points[p.actor.id] = (px, py, r)
        (loose if crowded else hard).add(Box(px - r, px + r, py - r, py + r))
        markers.add(Box(px - r, px + r, py - r, py + r), p.actor.id)
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
                claims.add(_label_box(pos, px, py, r, chars, lines, scale), p.actor.id)
    labels: dict[str, Label] = {}
    for p in order[:max_labels]:
        text, chars, lines = texts.get(p.actor.id) or label_text(p.actor.name, compact)
        px, py, r = points[p.actor.id]
        best = None
        for k, pos in enumerate(POSITIONS):
            b = _label_box(pos, px, py, r, chars, lines, scale)
            if not (b.x0 >= 0 and b.x1 <= pw and b.y0 >= top and b.y1 <= low and hard.free(b)):
                continue
            score = loose.cost(b) + 1.5 * sum(
                1 for owner in claims.owners(b) if owner != p.actor.id and owner not in labels)
            if best is None or (score, k) < best[0]:
                best = ((score, k), pos, b)
            if score == 0:
                break
        if not crowded and (best is None or best[0][0] > 0):
            for fx, fy in FAR:  # set off, on a leader line
                dx, dy = fx * scale, fy * scale
                w, h = chars * CHAR_W * scale + 4, lines * LINE_H * scale + 2
                b = Box(px + dx - w / 2, px + dx + w / 2, py + dy - h / 2, py + dy + h / 2)
                if not (b.x0 >= 0 and b.x1 <= pw and b.y0 >= top and b.y1 <= low
                        and hard.free(b)) or _leader_blocked(
                            (px, py), (px + dx, py + dy), p.actor.id, markers, points):
                    continue
                score = loose.cost(b) + 1.2 + 1.5 * sum(
                    1 for owner in claims.owners(b) if owner != p.actor.id and owner not in labels)
                if best is None or score < best[0][0]:
                    best = ((score, 99), "far", b, (dx, dy))
                if score <= 1.2:
                    break
        if best:
            hard.add(best[2])
            offset = best[3] if len(best) > 3 else None
            labels[p.actor.id] = Label(p.actor.id, text, best[1], best[2], offset, (px, py))
    return labels


def axis_box(width: int, height: int, bottom: float, scale: float = 1.0) -> Box:
    """The axis line (2 px wide) as a box a name must keep clear of."""
    x0, y0 = to_px(-AXIS_HALF, 0, width, height, bottom, scale)
    x1, _ = to_px(AXIS_HALF, 0, width, height, bottom, scale)
    return Box(x0, x1, y0 - 1.5, y0 + 1.5)


def _leader_blocked(start: tuple[float, float], end: tuple[float, float], own: str,
                    markers: "_BoxGrid", points: dict[str, tuple[float, float, float]]) -> bool:
    """Whether a leader line from a marker to its name would pass through another marker."""
    span = Box(min(start[0], end[0]), max(start[0], end[0]),
               min(start[1], end[1]), max(start[1], end[1]))
    for other in markers.owners(Box(span.x0 - 30, span.x1 + 30, span.y0 - 30, span.y1 + 30)):
        if other != own:
            qx, qy, qr = points[other]
            if segment_near(start, end, (qx, qy), qr + 1.5):
                return True
    return False


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
