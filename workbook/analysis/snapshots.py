"""Snapshots of the map: the actors and poles as they stood at a date, kept in the case, and
played in order as an animation, so a trainee can show how the dynamic developed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go

from workbook import i18n
from workbook.case.model import Case, Snapshot, new_id
from workbook.case.ops import AddOp, DeleteOp, Op
from workbook.analysis.polarmap import Y_RANGE, esc, figure, map_parts, y_bottom
from workbook.analysis.polarmap.backdrop import map_layout
from workbook.framework.schema import Framework

MAX_SNAPSHOTS = 60
SNAPSHOTS = ("snapshots",)
NOW = "now"


def take(case: Case, date: dt.date | None = None, label: str = "") -> Snapshot:
    """A copy of the case's actors and poles as they are now, dated `date` (today)."""
    taken = {s.id for s in case.snapshots}
    sid = new_id()
    while sid in taken:
        sid = new_id()
    return Snapshot(id=sid, date=date or dt.date.today(), label=label[:300],
                    poles=[p.model_copy() for p in case.poles],
                    actors=[a.model_copy() for a in case.actors])


def ordered(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Oldest first; undated ones last, in the order they were kept."""
    indexed = list(enumerate(snapshots))
    indexed.sort(key=lambda p: (p[1].date is None, p[1].date or dt.date.min, p[0]))
    return [s for _, s in indexed]


def added(case: Case, snap: Snapshot) -> list[dict[str, Any]]:
    """The case's snapshots with `snap` added (in date order), as documents to save."""
    snaps = ordered([*case.snapshots, snap])[-MAX_SNAPSHOTS:]
    return [s.model_dump(mode="json") for s in snaps]


def add_ops(case: Case, snap: Snapshot) -> list[Op]:
    """Keep `snap`: an add, and (past MAX_SNAPSHOTS) deletes of the oldest ones shown."""
    kept = ordered([*case.snapshots, snap])
    drop = [s.id for s in kept[:-MAX_SNAPSHOTS]] if len(kept) > MAX_SNAPSHOTS else []
    out: list[Op] = [AddOp(collection=SNAPSHOTS, row=snap.model_dump(mode="json"))]
    return out + [DeleteOp(collection=SNAPSHOTS, id=sid) for sid in drop if sid != snap.id]


def removed(case: Case, snapshot_id: str) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in case.snapshots if s.id != snapshot_id]


def relabelled(case: Case, snapshot_id: str, label: str) -> list[dict[str, Any]]:
    return [dict(s.model_dump(mode="json"), label=label[:300]) if s.id == snapshot_id
            else s.model_dump(mode="json") for s in case.snapshots]


def title(snap: Snapshot | None, lang: str, limit: int = 80) -> str:
    """What a frame is called: its date and label (escaped), or 'now'."""
    if snap is None:
        return esc(i18n.t("mapview.now", lang))
    day = snap.date.strftime("%d/%m/%Y") if snap.date else "…"
    return esc(f"{day} · {snap.label}" if snap.label else day, limit)


def build_animation(case: Case, fw: Framework, lang: str = "nl", *, width: int = 900,
                    height: int = 600, include_now: bool = True,
                    frame_ms: int = 1500) -> go.Figure:
    """The map at each snapshot (and now), with a slider and a play button.

    Fuel shown in a frame is the case's fuel dated up to that snapshot's date."""
    snaps: list[Snapshot | None] = list(ordered(case.snapshots))
    if include_now or not snaps:
        snaps.append(None)
    bottom = min([y_bottom(s.actors if s else case.actors, fw) for s in snaps] + [Y_RANGE[1]])
    frames = []
    for k, snap in enumerate(snaps):
        poles = snap.poles if snap else case.poles
        actors = snap.actors if snap else case.actors
        until = (snap.date if snap and snap.date else None) if snap else None
        parts = map_parts(poles, actors, case.fuel, fw, lang, width=width,
                          height=height - 90, fuel_until=until, bottom=bottom, with_ids=True)
        heading = dict(xref="paper", yref="paper", x=0.5, y=1.0, yanchor="bottom",
                       showarrow=False, text=f"<b>{title(snap, lang)}</b>",
                       font=dict(size=15, color="#222222"))
        frames.append(dict(name=f"f{k}", data=parts["data"],
                           layout=dict(annotations=[*parts["annotations"], heading],
                                       shapes=parts["shapes"])))
        last = parts
    first = frames[0]
    layout = map_layout(f"{case.id}-animation", height, {**last, "bottom": bottom})
    layout["annotations"] = first["layout"]["annotations"]
    layout["shapes"] = first["layout"]["shapes"]
    layout["margin"] = dict(l=10, r=10, t=36, b=10)
    layout["legend"] = dict(layout["legend"], y=-0.16)
    labels = [title(s, lang, 24) for s in snaps]
    play = dict(label="▶ " + i18n.t("mapview.play", lang), method="animate",
                args=[None, dict(frame=dict(duration=frame_ms, redraw=True), fromcurrent=True,
                                 transition=dict(duration=300))])
    pause = dict(label="❚❚ " + i18n.t("mapview.pause", lang), method="animate",
                 args=[[None], dict(mode="immediate", frame=dict(duration=0, redraw=False),
                                    transition=dict(duration=0))])
    layout["updatemenus"] = [dict(type="buttons", direction="left", showactive=False,
                                  x=0, y=-0.02, xanchor="left", yanchor="top",
                                  pad=dict(t=0, r=10), buttons=[play, pause])]
    layout["sliders"] = [dict(
        active=0, x=0.2, len=0.8, y=-0.02, yanchor="top", pad=dict(t=0),
        currentvalue=dict(visible=False),
        steps=[dict(label=lab, method="animate",
                    args=[[f"f{k}"], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                          transition=dict(duration=0))])
               for k, lab in enumerate(labels)],
    )]
    return figure(first["data"], layout, frames)
