"""The actors drawn: one marker trace per role with names and hovers, names set off, crossfire."""

from __future__ import annotations

import numpy as np

from workbook import i18n
from workbook.case.model import Actor
from workbook.framework.schema import Role
from workbook.analysis.polarmap.geometry import (CROWDED, LABEL_FONT, NO_ROLE_COLOUR, PLACE_H,
                                                 PLACE_W, units)
from workbook.analysis.polarmap.labels import Label
from workbook.analysis.polarmap.markup import esc, esc_lines
from workbook.analysis.polarmap.placement import Placed
from workbook.analysis.polarmap.zones import zone_of

MAX_CROSSFIRE = 3


def actor_trace(items: list[Placed], role: Role | None, labels: dict[str, Label] | None,
                lang: str, n: int, with_ids: bool = False, scale: float = 1.0) -> dict:
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
        textfont=dict(size=LABEL_FONT * scale, color="#222222"),
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


def _hovers(actors: list[Actor], role: Role | None, lang: str) -> list[str]:
    """Hover text per actor: name, role, side, stance and influence, notes; all escaped."""
    role_name = esc(role.name(lang) if role else i18n.t("mapview.no_role", lang))
    sides = {s: esc(i18n.t(f"actor.side_{s}", lang)) for s in ("a", "b", "none")}
    stance, influence = esc(i18n.t("mapview.stance", lang)), esc(i18n.t("mapview.influence", lang))
    out = []
    for actor in actors:
        text = (f"<b>{esc_lines(actor.name or '?', 50, 3)}</b><br>{role_name}<br>"
                f"{sides[actor.side]} · {stance} {stance_text(actor.stance)} · "
                f"{influence} {actor.influence}/5")
        if actor.notes:
            text += f"<br><i>{esc_lines(actor.notes, 60, 5)}</i>"
        out.append(text)
    return out


def label_annotations(labels: dict[str, Label], by_id: dict[str, Placed],
                      ground: bool = True, scale: float = 1.0, near: bool | None = None
                      ) -> list[dict]:
    """Names as annotations: those set off from their marker, with a leader line, and, when
    `near` (on a crowded map, on a white `ground`, since they may cross markers; on a
    projector, exactly where the label rules put them), those next to their marker too."""
    near = ground if near is None else near
    font = dict(size=(LABEL_FONT - (1 if ground else 0)) * scale, color="#222222")
    notes = []
    for aid, label in labels.items():
        p = by_id[aid]
        r = p.size / 2
        if label.offset is not None:
            dx, dy = label.offset
            notes.append(dict(
                x=p.x, y=p.y, ax=dx, ay=dy, text=label.text, showarrow=True, arrowhead=0,
                arrowwidth=1, arrowcolor="#888888", standoff=r, name=f"label:{aid}",
                borderpad=1, font=font))
        elif near:
            notes.append(_near(aid, label, p, font))
        else:
            continue
        if ground:
            notes[-1]["bgcolor"] = "rgba(255,255,255,0.85)"
    return notes


def _near(aid: str, label: Label, p: Placed, font: dict) -> dict:
    """A name beside its marker, on the box the label rules gave it (pixels from the
    marker's centre)."""
    vert, horiz = label.position.split()
    (px, py), box = label.anchor, label.box
    xanchor = {"center": "center", "right": "left", "left": "right"}[horiz]
    yanchor = {"top": "bottom", "bottom": "top", "middle": "middle"}[vert]
    xshift = {"center": (box.x0 + box.x1) / 2, "left": box.x0, "right": box.x1}[xanchor] - px
    yshift = py - {"middle": (box.y0 + box.y1) / 2, "top": box.y0, "bottom": box.y1}[yanchor]
    return dict(x=p.x, y=p.y, text=label.text, showarrow=False, name=f"label:{aid}",
                xanchor=xanchor, yanchor=yanchor, xshift=round(xshift, 1),
                yshift=round(yshift, 1), borderpad=1, font=font)


def stance_text(stance: float | None) -> str:
    """'+0.5', or '–' for a stance never set."""
    return "–" if stance is None else f"{stance:+.1f}"


def crossfire_trace(placed: list[Placed]) -> dict:
    """Short dotted lines from both sides toward each scapegoat: under fire from both poles."""
    xs: list = []
    ys: list = []
    goats = [p for p in placed if zone_of(p.role) == "under_fire"][:MAX_CROSSFIRE]
    ux, _ = units(PLACE_W, PLACE_H)
    for p in goats:
        gap = (p.size / 2 + 4) / ux
        for d in (-1, 1):
            xs += [p.x + d * (gap + 0.22), p.x + d * gap, None]
            ys += [p.y + 0.07, p.y + 0.01, None]
    return dict(type="scatter", mode="lines", x=xs, y=ys, hoverinfo="skip", showlegend=False,
                name="crossfire", line=dict(width=1.5, color="rgba(0,0,0,0.5)", dash="dot"))
