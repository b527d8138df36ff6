"""The fuel timeline: every dated fuel event by day and intensity, coloured by the pole it came
from, under a 'temperature' line that rises with each event and cools off between them.

Temperature on day d = the sum over events up to d of intensity x 0.5 ** (days since / half
life): a simple, explainable measure of how hot the dynamic is being kept.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import plotly.graph_objects as go

from workbook import i18n
from workbook.case.model import Case, FuelEvent
from workbook.analysis.polarmap import POLE_COLOURS, esc, esc_lines, figure, source_side
from workbook.framework.schema import Framework

HALF_LIFE_DAYS = 14
MAX_POINTS = 1500  # of the temperature line; longer periods are sampled in bigger steps
TEMPERATURE_COLOUR = "#C0392B"


@dataclass(frozen=True)
class TimelineEvent:
    event: FuelEvent
    side: str  # "a", "b" or "none": the pole its source speaks from
    source_name: str


def dated_events(case: Case) -> list[TimelineEvent]:
    """Dated fuel events, oldest first, each with the pole of its source."""
    actors = {a.id: a for a in case.actors}
    out = []
    for e in case.fuel:
        if e.date is None:
            continue
        actor = actors.get(e.source)
        out.append(TimelineEvent(e, source_side(actor) if actor else "none",
                                 actor.name if actor else ""))
    out.sort(key=lambda t: (t.event.date, t.event.id))
    return out


def undated_count(case: Case) -> int:
    return sum(1 for e in case.fuel if e.date is None)


def temperature(events: list[FuelEvent], half_life: float = HALF_LIFE_DAYS,
                until: dt.date | None = None) -> list[tuple[dt.date, float]]:
    """(day, temperature) from the first event until `until` (default: the last event plus
    two half lives, so the cooling shows). Linear in days + events."""
    dated = sorted((e for e in events if e.date is not None), key=lambda e: e.date)
    if not dated:
        return []
    start = dated[0].date
    end = until or dated[-1].date + dt.timedelta(days=int(2 * half_life))
    days = (end - start).days
    if days < 0:
        return []
    step = max(1, math.ceil((days + 1) / MAX_POINTS))
    decay = 0.5 ** (step / half_life)
    heat = 0.0
    out: list[tuple[dt.date, float]] = []
    i = 0
    day = start
    while day <= end:
        heat *= decay if out else 1.0
        while i < len(dated) and dated[i].date <= day:
            lag = (day - dated[i].date).days  # an event between two samples has cooled a bit
            heat += dated[i].intensity * 0.5 ** (lag / half_life)
            i += 1
        out.append((day, round(heat, 3)))
        day += dt.timedelta(days=step)
    return out


def build_timeline(case: Case, fw: Framework | None = None, lang: str = "nl",
                   height: int = 360) -> go.Figure:
    """Events as lollipops (date, intensity) per pole; the temperature line on its own axis;
    the case's snapshots as dotted lines with their labels."""
    events = dated_events(case)
    data: list[dict] = []
    for side in ("a", "b", "none"):
        mine = [t for t in events if t.side == side]
        xs, ys, stems_x, stems_y, hover = [], [], [], [], []
        seen: dict[tuple, int] = {}
        for t in mine:
            e = t.event
            k = seen[(e.date, e.intensity)] = seen.get((e.date, e.intensity), -1) + 1
            y = e.intensity + 0.12 * k  # events on the same day and level stack a little
            day = e.date.isoformat()
            xs.append(day)
            ys.append(y)
            stems_x += [day, day, None]
            stems_y += [0, y, None]
            hover.append(_hover(t, lang))
        colour = POLE_COLOURS[side]
        data.append(dict(type="scatter", mode="lines", x=stems_x, y=stems_y, hoverinfo="skip",
                         showlegend=False, legendgroup=side,
                         line=dict(width=1, color=colour)))
        data.append(dict(type="scatter", mode="markers", x=xs, y=ys, name=_side_name(case, side, lang),
                         legendgroup=side, showlegend=bool(xs), hovertext=hover, hoverinfo="text",
                         customdata=[t.event.id for t in mine],
                         marker=dict(size=11, color=colour, line=dict(width=1, color="#ffffff"))))
    heat = temperature([t.event for t in events])
    data.append(dict(type="scatter", mode="lines", name=i18n.t("mapview.temperature", lang),
                     x=[d.isoformat() for d, _ in heat], y=[v for _, v in heat], yaxis="y2",
                     line=dict(color=TEMPERATURE_COLOUR, width=2),
                     fill="tozeroy", fillcolor="rgba(192,57,43,0.08)",
                     hovertemplate="%{x|%d/%m/%Y}: %{y:.1f}<extra></extra>",
                     showlegend=bool(heat)))
    shapes, notes = [], []
    for snap in case.snapshots:
        if snap.date is None:
            continue
        day = snap.date.isoformat()
        shapes.append(dict(type="line", x0=day, x1=day, yref="paper", y0=0, y1=1,
                           line=dict(color="#888888", width=1, dash="dot")))
        notes.append(dict(x=day, yref="paper", y=1, yanchor="bottom", showarrow=False,
                          text=esc_lines(snap.label or snap.date.strftime("%d/%m/%Y"), 18, 1),
                          font=dict(size=10, color="#555555")))
    if not events:
        notes.append(dict(xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                          text=esc(i18n.t("mapview.timeline_empty", lang)),
                          font=dict(size=13, color="#555555")))
    layout = dict(
        height=height, margin=dict(l=10, r=10, t=30, b=10), plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff", hovermode="closest", uirevision=f"{case.id}-timeline",
        xaxis=dict(type="date", showgrid=True, gridcolor="#eeeeee", tickformat="%d/%m/%y"),
        yaxis=dict(title=dict(text=i18n.t("fuel.intensity", lang)), range=[0, 5.9],
                   dtick=1, showgrid=True, gridcolor="#eeeeee"),
        yaxis2=dict(title=dict(text=i18n.t("mapview.temperature", lang)), overlaying="y",
                    side="right", showgrid=False, rangemode="tozero", tickformat=".0f"),
        legend=dict(orientation="h", y=-0.12, yanchor="top", x=0.5, xanchor="center"),
        hoverlabel=dict(align="left", bgcolor="#ffffff"),
        shapes=shapes, annotations=notes,
    )
    return figure(data, layout)


def _side_name(case: Case, side: str, lang: str) -> str:
    if side == "none":
        return i18n.t("mapview.from_middle", lang)
    label = case.pole(side).label
    name = i18n.t(f"actor.side_{side}", lang)
    return esc(f"{name}: {label}", 60) if label else esc(name)


def _hover(t: TimelineEvent, lang: str) -> str:
    e = t.event
    head = f"<b>{e.date.strftime('%d/%m/%Y')}</b> · {e.intensity}/5"
    if t.source_name:
        head += f" · {esc(t.source_name, 60)}"
    parts = [head]
    if e.channel:
        parts.append(esc(e.channel, 80))
    if e.description:
        parts.append(esc_lines(e.description, 60, 4))
    return "<br>".join(parts)
