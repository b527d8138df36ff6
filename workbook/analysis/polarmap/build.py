"""The map put together: its parts (traces, annotations, shapes), the figure, its actor ids."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Collection

import plotly.graph_objects as go

from workbook.case.model import Actor, Case, FuelEvent, Pole
from workbook.framework.schema import Framework
from workbook.analysis.polarmap.backdrop import (empty_state, map_layout, pole_annotations,
                                                 zone_shapes)
from workbook.analysis.polarmap.fuel import (MAX_ARROWS, arc_boxes, fuel_arcs, fuel_flows,
                                             fuel_traces)
from workbook.analysis.polarmap.geometry import (CROWDED, PLACE_H, PLACE_W, Y_RANGE, units,
                                                 y_bottom)
from workbook.analysis.polarmap.labels import place_labels
from workbook.analysis.polarmap.markers import actor_trace, crossfire_trace, label_annotations
from workbook.analysis.polarmap.placement import Placed, place_actors


def build_map(case: Case, fw: Framework, lang: str = "nl", *, width: int = 900,
              height: int = 560, fuel_until=None, scale: float = 1.0,
              only: Collection[str] | None = None, zoom: float = 1.0) -> go.Figure:
    """The case's polarisation map. `width`/`height` are the pixels the page shows it at
    (names are fitted to them); `fuel_until` keeps only fuel dated up to that day; `scale`
    sizes the type (1: the app's; larger on a projector); `only` draws just these actors,
    each where it stands on the whole map (a map revealed step by step); `zoom` enlarges the
    markers (on a map drawn larger than the one they were spread on, `marker_zoom`)."""
    parts = map_parts(case.poles, case.actors, case.fuel, fw, lang, width=width, height=height,
                      fuel_until=fuel_until, scale=scale, only=only, zoom=zoom)
    layout = map_layout(case.id, height, parts, scale)
    if not case.actors:
        layout["annotations"] += empty_state(case, fw, lang, width, scale)
    return figure(parts["data"], layout)


def marker_zoom(width: int, height: int, scale: float = 1.0) -> float:
    """How much larger markers may be drawn on a map of this size than on the canvas they
    were spread on without overlapping (at most as much larger as the type)."""
    ux, uy = units(width, height, Y_RANGE[0], scale)
    px, py = units(PLACE_W, PLACE_H)
    return round(max(1.0, min(scale, 0.95 * ux / px, 0.95 * uy / py)), 2)


def figure(data: list[dict], layout: dict, frames: list[dict] | None = None) -> go.Figure:
    """A Figure from plain dicts without Plotly's per-property validation, which costs more
    than building the map. The tests validate every figure this module makes."""
    return go.Figure(data=data, layout=layout, frames=frames, _validate=False)


def map_parts(poles: list[Pole], actors: list[Actor], fuel: list[FuelEvent], fw: Framework,
              lang: str, width: int = 900, height: int = 560, fuel_until=None,
              bottom: float | None = None, with_ids: bool = False, scale: float = 1.0,
              only: Collection[str] | None = None, zoom: float = 1.0) -> dict[str, Any]:
    """Traces, annotations, shapes and y range of one map. The traces are always the same
    list (fuel lines by side and width, fuel heads, crossfire, one per framework role, no
    role), so that the frames of an animation line up."""
    bottom = y_bottom(actors, fw) if bottom is None else bottom
    placed = place_actors(actors, fw)
    if only is not None:  # placed among all, so no one moves when the others appear
        placed = [p for p in placed if p.actor.id in only]
    if zoom != 1.0:
        placed = [replace(p, size=round(p.size * zoom, 1)) for p in placed]
    annotations, obstacles = pole_annotations(poles, lang, width, height, bottom, scale)
    by_id = {p.actor.id: p for p in placed}
    events = [e for e in fuel
              if fuel_until is None or (e.date is not None and e.date <= fuel_until)]
    limit = MAX_ARROWS if len(placed) <= CROWDED else MAX_ARROWS // 2
    arcs = fuel_arcs(fuel_flows(events, by_id, limit), lang, width, height, bottom, scale)
    labels = place_labels(placed, width, height, bottom, obstacles=obstacles,
                          soft=arc_boxes(arcs, width, height, bottom, scale), scale=scale)
    crowded = len(placed) > CROWDED
    # names set off from their marker are annotations; on a crowded map, all names are, on a
    # white ground, since they may cross markers; on a projector too, placed exactly
    exact = crowded or scale != 1.0
    annotations = annotations + label_annotations(labels, by_id, ground=crowded, scale=scale,
                                                  near=exact)
    data = fuel_traces(arcs, lang, thin=crowded)
    data.append(crossfire_trace(placed))
    groups: dict[str, list[Placed]] = {r.id: [] for r in fw.concepts.roles}
    unassigned: list[Placed] = []
    for p in placed:
        (groups[p.role.id] if p.role else unassigned).append(p)
    n = len(placed)
    in_trace = None if exact else labels
    for role in fw.concepts.roles:
        data.append(actor_trace(groups[role.id], role, in_trace, lang, n, with_ids, scale))
    data.append(actor_trace(unassigned, None, in_trace, lang, n, with_ids, scale))
    return {"data": data, "annotations": annotations, "shapes": zone_shapes(bottom),
            "bottom": bottom, "labels": labels, "placed": placed}


def labelled_ids(fig: go.Figure) -> set[str]:
    """Actor ids whose name is written on the map."""
    out = {a.name[6:] for a in fig.layout.annotations if (a.name or "").startswith("label:")}
    for trace in fig.data:
        if trace.customdata is not None and trace.text is not None and trace.mode == "markers+text":
            out |= {cid for cid, txt in zip(trace.customdata, trace.text) if txt}
    return out


def unlabelled(actors: list[Actor], fig: go.Figure) -> list[Actor]:
    """The actors on the map whose name it does not write (no room), to list beside it."""
    named, drawn = labelled_ids(fig), set(actor_ids(fig))
    return [a for a in actors if a.id in drawn and a.id not in named]


def actor_ids(fig: go.Figure) -> list[str]:
    """Every actor id on the map."""
    ids: list[str] = []
    for trace in fig.data:
        if trace.customdata is not None and trace.mode == "markers+text":
            ids.extend(trace.customdata)
    return ids
