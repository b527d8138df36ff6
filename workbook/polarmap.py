"""The polarisation map: a Plotly figure of the us-them axis with the case's actors.

Deterministic: the same case gives the same picture. User text is escaped before it reaches
Plotly, which would otherwise render <b>, <a> and friends as markup.
"""

from __future__ import annotations

import html
import zlib

import plotly.graph_objects as go

from workbook import i18n
from workbook.case import Actor, Case
from workbook.schema import Framework, Role

ZONE_Y = {"pole": 0.0, "between": 0.0, "middle": 0.0, "above": 0.75, "under_fire": -0.35}
NO_ROLE_COLOUR = "#8c8c8c"


def esc(text: str, limit: int = 300) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return html.escape(text, quote=True)


def _spread(actor: Actor, span: float) -> float:
    """A small, stable offset per actor so actors in one zone do not sit on top of each other."""
    return ((zlib.crc32(actor.id.encode()) % 1000) / 1000 - 0.5) * span


def position(actor: Actor, role: Role | None) -> tuple[float, float]:
    """Where an actor stands: x from pole A (-1) to pole B (+1), y above or below the axis."""
    side = {"a": -1.0, "b": 1.0}.get(actor.side, 0.0)
    zone = role.zone if role else None
    if zone == "pole":
        x = side * 0.92 if side else actor.stance
    elif zone == "between":
        x = side * 0.55 if side else actor.stance * 0.6
    elif zone in ("middle", "under_fire", "above"):
        x = max(-0.25, min(0.25, actor.stance * 0.25))
    else:
        x = actor.stance
    y = ZONE_Y.get(zone or "", -0.15) + _spread(actor, 0.3)
    return round(x, 4), round(y, 4)


def build_map(case: Case, fw: Framework, lang: str = "nl") -> go.Figure:
    fig = go.Figure()
    _zones(fig, case, lang)
    groups: dict[str, list[Actor]] = {}
    for actor in case.actors:
        groups.setdefault(actor.role if fw.role(actor.role) else "", []).append(actor)
    for role_id, actors in groups.items():
        role = fw.role(role_id)
        xy = [position(a, role) for a in actors]
        fig.add_trace(go.Scatter(
            x=[p[0] for p in xy], y=[p[1] for p in xy], mode="markers+text",
            name=role.name(lang) if role else i18n.t("field.unknown", lang),
            text=[esc(a.name, 40) for a in actors], textposition="top center",
            customdata=[a.id for a in actors],
            hovertext=[_hover(a, role, lang) for a in actors], hoverinfo="text",
            marker=dict(size=[10 + 5 * a.influence for a in actors],
                        color=role.colour if role else NO_ROLE_COLOUR,
                        symbol=role.symbol if role else "circle-open",
                        line=dict(width=1, color="#ffffff")),
        ))
    fig.update_layout(
        xaxis=dict(range=[-1.2, 1.2], showgrid=False, zeroline=False, showticklabels=False,
                   fixedrange=False),
        yaxis=dict(range=[-0.7, 1.1], showgrid=False, zeroline=False, showticklabels=False),
        margin=dict(l=10, r=10, t=40, b=10), height=520, plot_bgcolor="#ffffff",
        legend=dict(orientation="h", y=-0.05), uirevision=case.id,
    )
    if not case.actors:
        fig.add_annotation(x=0, y=0.4, text=esc(i18n.t("map.empty", lang)), showarrow=False,
                           font=dict(size=14, color="#555"))
    return fig


def _zones(fig: go.Figure, case: Case, lang: str) -> None:
    fills = [(-1.2, -0.6, "#fbe3d6"), (-0.3, 0.3, "#e3eef8"), (0.6, 1.2, "#fbe3d6")]
    for x0, x1, colour in fills:
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=-0.7, y1=1.1, fillcolor=colour,
                      line_width=0, layer="below")
    fig.add_shape(type="line", x0=-1.1, x1=1.1, y0=0, y1=0, line=dict(color="#444", width=2),
                  layer="below")
    for side, x in (("a", -0.92), ("b", 0.92)):
        pole = case.pole(side)
        label = pole.label or i18n.t(f"field.pole_{side}", lang)
        text = f"<b>{esc(label, 60)}</b>"
        if pole.identity:
            text += f"<br><i>{esc(pole.identity, 90)}</i>"
        fig.add_annotation(x=x, y=1.02, text=text, showarrow=False, font=dict(size=12))
    fig.add_annotation(x=0, y=1.02, text=esc(i18n.t("map.middle", lang)), showarrow=False,
                       font=dict(size=12, color="#1f5f8b"))


def _hover(actor: Actor, role: Role | None, lang: str) -> str:
    parts = [f"<b>{esc(actor.name or '?', 80)}</b>"]
    if role:
        parts.append(esc(role.name(lang)))
    if actor.notes:
        parts.append(esc(actor.notes, 200))
    return "<br>".join(parts)
