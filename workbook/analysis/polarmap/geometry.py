"""The map's frame: data ranges, zones and bands, canvas and label sizes, colours, pixel boxes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from workbook.case.model import Actor
from workbook.framework.schema import Framework

# -- data units ------------------------------------------------------------------------------
X_RANGE = (-1.18, 1.18)
Y_RANGE = (-1.05, 1.25)  # with actors that have no role yet; else the bottom is Y_BOTTOM_SHORT
Y_BOTTOM_SHORT = -0.78
LABEL_TOP = 0.9  # above this the pole statements are written; actor labels stay below
AXIS_HALF = 1.08  # the axis line runs from -this to +this, at y = 0
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


def legend_h(width: float, scale: float = 1.0) -> int:
    """Pixels the legend under the plot takes: one row when wide, up to three when narrow.
    With larger type (`scale`, for a projector) a generous guess of its rows: Plotly makes
    room for what the legend needs, and more room than reserved keeps every name clear."""
    if scale == 1.0:
        return 40 if width >= 850 else 62 if width >= 600 else 84
    rows = math.ceil(1000 * scale / max(200.0, width - 20))
    return int(rows * 22 * scale + 16)


NO_ROLE_COLOUR = "#8c8c8c"
POLE_COLOURS = {"a": "#332288", "b": "#117733", "none": "#7f7f7f"}
SHADES = {"a": "rgba(51,34,136,0.08)", "b": "rgba(17,119,51,0.08)",
          "middle": "rgba(0,114,178,0.07)", "above": "rgba(204,121,167,0.06)"}

# How far a marker's symbol reaches from its centre, in half its size (Plotly draws a diamond
# 1.3 times as far out as a circle of the same size, a triangle's base 1.16 times as wide)
SYMBOL_EXTENT = {"diamond": 1.3, "diamond-open": 1.3, "triangle-up": 1.16,
                 "triangle-down": 1.16, "triangle-up-open": 1.16, "triangle-down-open": 1.16,
                 "star": 1.2, "hexagram": 1.2}

CROWDED = 60  # more actors than this: a crowded map (fewer names, fainter markers, fewer arrows)
LABEL_FONT = 11
CHAR_W = 6.1  # average width of a character at LABEL_FONT, pixels (generous)
LINE_H = 14


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels, y down: a name, a marker, a stretch of a fuel arc."""

    x0: float
    x1: float
    y0: float
    y1: float

    def overlaps(self, other: "Box") -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)


def segment_near(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float],
                 r: float) -> bool:
    """Whether the segment a-b passes within `r` of the point c (pixels)."""
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((cx - ax) * dx + (cy - ay) * dy) / length))
    px, py = ax + t * dx - cx, ay + t * dy - cy
    return px * px + py * py < r * r


def to_px(x: float, y: float, w: float, h: float, y_bottom: float = Y_RANGE[0],
          scale: float = 1.0) -> tuple[float, float]:
    """Data to pixel coordinates (y down) in the plot area of a w x h pixel figure."""
    ux, uy = units(w, h, y_bottom, scale)
    return (x - X_RANGE[0]) * ux, (Y_RANGE[1] - y) * uy


def units(w: float, h: float, y_bottom: float = Y_RANGE[0], scale: float = 1.0
          ) -> tuple[float, float]:
    """Pixels per data unit in x and y (`scale`: the type's size, which sizes the legend)."""
    pw = w - MARGIN["l"] - MARGIN["r"]
    ph = h - MARGIN["t"] - MARGIN["b"] - legend_h(w, scale)
    return pw / (X_RANGE[1] - X_RANGE[0]), ph / (Y_RANGE[1] - y_bottom)


def y_bottom(actors: Iterable[Actor], fw: Framework) -> float:
    """The map reaches down to the 'no role yet' band only when someone stands there."""
    roles = {r.id for r in fw.concepts.roles}
    return Y_RANGE[0] if any(a.role not in roles for a in actors) else Y_BOTTOM_SHORT
