"""Role balance: how many actors hold each role, and how big the middle is.

The middle's size is estimated from the actors placed so far: those whose role stands in the
middle (the silent, and the scapegoat under fire there) against all actors with a role. It is
a count of named actors, not of people: a group counts once. The page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from workbook import i18n
from workbook.case.model import Actor, Case
from workbook.analysis.polarmap import NO_ROLE_COLOUR, figure, source_side
from workbook.framework.schema import Framework

MIDDLE_ZONES = ("middle", "under_fire")


@dataclass(frozen=True)
class RoleCount:
    role_id: str  # "" for actors without a role yet
    name: str
    colour: str
    count: int


@dataclass(frozen=True)
class Balance:
    roles: list[RoleCount]  # every role of the framework, in its order, then "no role yet"
    total: int
    with_role: int
    middle: int
    side_a: int  # actors with a role who stand on side A (pushers and joiners there)
    side_b: int

    @property
    def middle_share(self) -> float | None:
        """The middle as a share of the actors with a role; None while there are none."""
        return self.middle / self.with_role if self.with_role else None

    def count(self, role_id: str) -> int:
        return next((r.count for r in self.roles if r.role_id == role_id), 0)


def role_balance(actors: list[Actor] | Case, fw: Framework, lang: str = "nl") -> Balance:
    if isinstance(actors, Case):
        actors = actors.actors
    roles = {r.id: r for r in fw.concepts.roles}
    counts = {r.id: 0 for r in fw.concepts.roles}
    unassigned = middle = side_a = side_b = 0
    for actor in actors:
        role = roles.get(actor.role)
        if role is None:
            unassigned += 1
            continue
        counts[role.id] += 1
        if role.zone in MIDDLE_ZONES:
            middle += 1
        elif role.zone in ("pole", "between"):
            side = source_side(actor)
            side_a += side == "a"
            side_b += side == "b"
    rows = [RoleCount(r.id, r.name(lang), r.colour, counts[r.id]) for r in fw.concepts.roles]
    rows.append(RoleCount("", i18n.t("mapview.no_role", lang), NO_ROLE_COLOUR, unassigned))
    total = len(actors)
    return Balance(rows, total, total - unassigned, middle, side_a, side_b)


def balance_figure(balance: Balance, lang: str = "nl", row_px: int = 38) -> go.Figure:
    """Counts per role as bars in the roles' colours (framework order, top down), each role's
    name written above its bar, so it fits a narrow column next to the map."""
    rows = [r for r in balance.roles if r.role_id or r.count]
    ys = list(range(len(rows)))
    data = [dict(
        type="bar", orientation="h", x=[r.count for r in rows], y=ys, width=0.42,
        marker=dict(color=[r.colour for r in rows]), text=[str(r.count) for r in rows],
        textposition="outside", cliponaxis=False, hoverinfo="skip", showlegend=False,
    )]
    notes = [dict(x=0, y=y, xanchor="left", yanchor="bottom", yshift=7, showarrow=False,
                  text=r.name, font=dict(size=11, color="#333333"))
             for y, r in zip(ys, rows)]
    top = max([r.count for r in rows] + [1])
    layout = dict(
        height=row_px * len(rows) + 20, margin=dict(l=4, r=24, t=14, b=4),
        plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", annotations=notes,
        xaxis=dict(visible=False, range=[0, top * 1.15], fixedrange=True),
        yaxis=dict(visible=False, range=[len(rows) - 0.5, -0.75], fixedrange=True),
    )
    return figure(data, layout)


ESTIMATE = ("middle", "size")  # the worksheet and scale field where the trainee estimates it


def own_estimate(case: Case, fw: Framework) -> tuple[int | None, int]:
    """The trainee's own estimate of the middle's size (the scale field of the middle
    worksheet) and that scale's top; (None, top) while unanswered, (None, 0) without one."""
    ws = fw.worksheet(ESTIMATE[0])
    field = ws.field(ESTIMATE[1]) if ws is not None else None
    if field is None or field.type != "scale":
        return None, 0
    value = case.answer(*ESTIMATE)
    ok = isinstance(value, int) and not isinstance(value, bool) and field.min <= value <= field.max
    return (value if ok else None), field.max
