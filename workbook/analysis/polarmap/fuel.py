"""Fuel as arcs from its source toward the other pole, drawn as a fixed handful of traces."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from workbook import i18n
from workbook.case.model import Actor, FuelEvent
from workbook.analysis.polarmap.geometry import PLACE_H, PLACE_W, POLE_COLOURS, Box, to_px, units
from workbook.analysis.polarmap.markup import esc
from workbook.analysis.polarmap.placement import Placed
from workbook.analysis.polarmap.zones import direction, source_side

MAX_ARROWS = 60  # fuel arrows drawn (the strongest sources); the timeline shows every event
WIDTH_CLASSES = (1.5, 2.5, 3.5, 5.0, 7.0)
ARC_STEPS = 10
FUEL_LINE = {"a": "rgba(51,34,136,0.5)", "b": "rgba(17,119,51,0.5)",
             "none": "rgba(110,110,110,0.5)"}


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
        return (0 if total <= 2 else 1 if total <= 4 else 2 if total <= 7
                else 3 if total <= 11 else 4)


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
    d = direction(actor)
    return (-d,) if d else (-1.0, 1.0)


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
              bottom: float, scale: float = 1.0) -> list[Arc]:
    """Fuel as arcs thrown from the source toward the other pole (a quadratic Bézier)."""
    ux, uy = units(width, height, bottom, scale)
    pux, _ = units(PLACE_W, PLACE_H)
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


def arc_boxes(arcs: list[Arc], width: int, height: int, bottom: float, scale: float = 1.0
              ) -> list[tuple[Box, str]]:
    """Pixel boxes along each arc (with the arc's number), so names keep clear of the fuel."""
    boxes = []
    for n, arc in enumerate(arcs):
        pts = [to_px(x, y, width, height, bottom, scale) for x, y in zip(arc.xs, arc.ys)]
        pad = WIDTH_CLASSES[arc.width_class] / 2 + 1
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            boxes.append((Box(min(ax, bx) - pad, max(ax, bx) + pad,
                              min(ay, by) - pad, max(ay, by) + pad), f"arc{n}"))
    return boxes


def fuel_traces(arcs: list[Arc], lang: str, thin: bool = False) -> list[dict]:
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
