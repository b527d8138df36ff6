"""Presenting a case in an intervision meeting: the map revealed step by step.

The steps follow how the framework reads a map: the two poles with their identity statements;
the pushers; the joiners; the middle and its concerns; bridge builders; a scapegoat; the fuel,
played over time (a step per period); the intended map beside today's. A step with nothing to
show is left out (no bridge builder, no fuel, no intended map yet). Each step shows what the
steps before it showed, and every actor stands where it stands on the whole map, so nothing
moves while the map fills up. Steps are numbered from 1, as the URL carries them (`?step=N`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import plotly.graph_objects as go

from workbook.analysis.polarmap import build_map, marker_zoom
from workbook.analysis.polarmap.geometry import MARGIN, legend_h
from workbook.case import strategy
from workbook.case.model import Actor, Case, FuelEvent
from workbook.framework.schema import Framework

# the role steps, in order, with the zone of the map each reveals
ROLE_STEPS = (("pushers", "pole"), ("joiners", "between"), ("middle", "middle"),
              ("bridge", "above"), ("scapegoat", "under_fire"))
MAX_FUEL_STEPS = 4  # fuel is played in at most this many periods
MIDDLE_SHEET, CONCERNS = "middle", "concerns"  # where the middle's concerns are written
MAX_CONCERNS = 8


@dataclass(frozen=True)
class Step:
    """What one step shows: actors of these zones, and fuel dated up to `until` (all fuel
    when `all_fuel`), the events from `since` being the new ones."""

    key: str  # "poles", a ROLE_STEPS key, "fuel" or "intended"
    zones: frozenset[str] = frozenset()
    fuel: bool = False
    since: dt.date | None = None
    until: dt.date | None = None
    all_fuel: bool = False


def steps(case: Case, fw: Framework) -> list[Step]:
    """The presentation of a case, step by step (never empty: the poles come first)."""
    zones = {_zone(case, fw, a.role) for a in case.actors}
    out = [Step("poles")]
    seen: set[str] = set()
    for key, zone in ROLE_STEPS:
        if zone in zones:
            seen.add(zone)
            out.append(Step(key, frozenset(seen)))
    everyone = frozenset(zones)  # from the fuel on, the whole map (no role yet too)
    periods = fuel_periods(case.fuel)
    for since, until in periods:
        out.append(Step("fuel", everyone, fuel=True, since=since, until=until))
    if any(e.date is None for e in case.fuel):
        out.append(Step("fuel", everyone, fuel=True, since=periods[-1][1] if periods else None,
                        all_fuel=True))
    if not case.fuel and "none" in zones:
        out.append(Step("everyone", everyone))
    if case.strategy.intended:
        out.append(Step("intended", everyone, fuel=False))
    return out


def _zone(case: Case, fw: Framework, role_id: str) -> str:
    role = fw.role(role_id) if role_id else None
    return role.zone if role else "none"


def step_number(raw: object, count: int) -> int:
    """A step number from the URL, brought to the nearest valid one (1..count)."""
    try:
        number = float(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    if math.isnan(number):
        return 1
    return int(max(1, min(count, round(number) if math.isfinite(number) else
                          (count if number > 0 else 1))))


def fuel_periods(events: list[FuelEvent]) -> list[tuple[dt.date | None, dt.date]]:
    """(from, until) per period of dated fuel: a month each, or, with more months than
    MAX_FUEL_STEPS, that many stretches with about as many events each."""
    dates = sorted(e.date for e in events if e.date is not None)
    if not dates:
        return []
    months = sorted({(d.year, d.month) for d in dates})
    if len(months) <= MAX_FUEL_STEPS:
        ends = [max(d for d in dates if (d.year, d.month) == m) for m in months]
    else:
        size = len(dates) / MAX_FUEL_STEPS
        ends = sorted({dates[min(len(dates) - 1, math.ceil(size * (k + 1)) - 1)]
                       for k in range(MAX_FUEL_STEPS)})
    starts = [None, *ends[:-1]]
    return list(zip(starts, ends))


def shown_ids(case: Case, fw: Framework, step: Step) -> set[str]:
    return {a.id for a in case.actors if _zone(case, fw, a.role) in step.zones}


def new_actors(case: Case, fw: Framework, step: Step) -> list[Actor]:
    """The actors a role step brings onto the map, in the case's order."""
    zone = dict(ROLE_STEPS).get(step.key)
    return [a for a in case.actors if zone is not None and _zone(case, fw, a.role) == zone]


def fuel_shown(case: Case, step: Step) -> list[FuelEvent]:
    """The fuel on the map at this step."""
    if not step.fuel:
        return []
    if step.all_fuel:
        return list(case.fuel)
    return [e for e in case.fuel if e.date is not None and e.date <= step.until]


def new_fuel(case: Case, step: Step) -> list[FuelEvent]:
    """The fuel this step adds, oldest first (undated last), for the list beside the map."""
    if not step.fuel:
        return []
    if step.all_fuel:
        events = [e for e in case.fuel if e.date is None or step.since is None
                  or e.date > step.since]
    else:
        events = [e for e in case.fuel if e.date is not None and e.date <= step.until
                  and (step.since is None or e.date > step.since)]
    return sorted(events, key=lambda e: (e.date is None, e.date or dt.date.min))


def concerns(case: Case) -> list[str]:
    """What concerns the middle, as the case says it, sentence by sentence."""
    text = case.answer(MIDDLE_SHEET, CONCERNS, "")
    if not isinstance(text, str):
        return []
    parts = re.split(r"(?<=[.!?;])\s+|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()][:MAX_CONCERNS]


# -- sizes ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Screen:
    """How the presentation uses a window of `width` x `height` pixels."""

    map_width: int
    map_height: int
    side_width: int
    scale: float  # the size of the type on the map


def screen(width: int, height: int, chrome: int = 70, side: bool = True) -> Screen:
    """The map's size in a window, leaving `chrome` pixels for the bar above it, and a
    column beside it for the step's words (`side`). The type grows with the map."""
    width, height = max(640, int(width)), max(400, int(height))
    side_width = int(min(420, max(260, width * 0.24))) if side else 0
    map_width = width - side_width - 48
    map_height = height - chrome - 24
    scale = round(max(1.2, min(2.0, min(map_height / 450, map_width / 600))), 2)
    return Screen(map_width, map_height, side_width, scale)


# -- the figures --------------------------------------------------------------------------------
def step_map(case: Case, fw: Framework, lang: str, step: Step, width: int, height: int,
             scale: float = 1.0) -> go.Figure:
    """The map at this step: the actors revealed so far, each in its place on the whole map,
    and the fuel up to the step's date. The legend lists only what is shown."""
    shown = case.model_copy(update={"fuel": fuel_shown(case, step)})
    fig = build_map(shown, fw, lang, width=width, height=height, scale=scale,
                    only=shown_ids(case, fw, step), zoom=marker_zoom(width, height, scale))
    return _legend_of_shown(fig, width, scale)


def intended_maps(case: Case, fw: Framework, lang: str, width: int, height: int,
                  scale: float = 1.0) -> tuple[go.Figure, go.Figure]:
    """Today's map and the intended one, the same size, for side by side."""
    zoom = marker_zoom(width, height, scale)
    today = build_map(case.model_copy(update={"fuel": []}), fw, lang, width=width,
                      height=height, scale=scale, zoom=zoom)
    goal = build_map(strategy.intended_case(case).model_copy(update={"fuel": []}), fw, lang,
                     width=width, height=height, scale=scale, zoom=zoom)
    return _legend_of_shown(today, width, scale), _legend_of_shown(goal, width, scale)


def _legend_of_shown(fig: go.Figure, width: int, scale: float) -> go.Figure:
    """Only what is shown in the legend, and the legend's room kept as the names were fitted
    to it, whatever it holds: the map does not move from step to step."""
    for trace in fig.data:
        if trace.showlegend and (trace.x is None or len(trace.x) == 0):
            trace.showlegend = False
    fig.update_layout(width=width, margin=dict(b=MARGIN["b"] + legend_h(width, scale)))
    return fig

