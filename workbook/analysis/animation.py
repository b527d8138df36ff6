"""The dynamic of polarisation as a Plotly animation: a generic situation, step by step.

Fuel rises, the joiners grow, the middle shrinks and a scapegoat appears; then the four game
changers turn it back. Every role is drawn in its framework colour *and* its own marker symbol,
so the picture reads in greyscale and for colour-blind viewers. A bar panel shows the fuel and
the size of the middle in each step.

Deterministic: positions come from a fixed low-discrepancy sequence, never from chance.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from workbook import i18n
from workbook.framework.schema import Framework

PEOPLE = 40  # everyone in the generic situation, whatever their role


@dataclass(frozen=True)
class Step:
    id: str
    fuel: int  # 0-100
    counts: dict[str, int]  # role id -> number of people
    game_changer: str | None = None  # the game changer applied in this step

    @property
    def middle(self) -> int:
        return self.counts.get("silent", 0)


def _counts(pusher: int, joiner: int, silent: int, bridge: int, scapegoat: int) -> dict[str, int]:
    counts = {"pusher": pusher, "joiner": joiner, "silent": silent,
              "bridge_builder": bridge, "scapegoat": scapegoat}
    assert sum(counts.values()) == PEOPLE, counts
    return counts


# The scenario. Steps 0-4: the reflex to focus on the pushers; steps 5-8: the game changers.
STEPS: tuple[Step, ...] = (
    Step("calm", 10, _counts(2, 2, 36, 0, 0)),
    Step("fuel", 30, _counts(2, 6, 32, 0, 0)),
    Step("reflex", 50, _counts(2, 12, 25, 1, 0)),
    Step("choose", 70, _counts(2, 18, 19, 1, 0)),
    Step("scapegoat", 90, _counts(2, 24, 13, 0, 1)),
    Step("target_group", 70, _counts(2, 19, 18, 0, 1), "target_group"),
    Step("topic", 50, _counts(2, 14, 23, 0, 1), "topic"),
    Step("position", 35, _counts(2, 10, 28, 0, 0), "position"),
    Step("tone", 20, _counts(2, 6, 32, 0, 0), "tone"),
)

ROLE_ORDER = ("pusher", "joiner", "silent", "bridge_builder", "scapegoat")
MARKER_SIZE = {"pusher": 20, "joiner": 15, "silent": 14, "bridge_builder": 20, "scapegoat": 22}
FUEL_COLOUR = "#555555"
X_RANGE = (-1.15, 1.15)
Y_RANGE = (-1.0, 1.12)
OFFSTAGE = -9.0  # outside both (fixed) axis ranges: drawn nowhere, but listed in the legend
SCAPEGOAT_XY = (0.0, -0.72)
BRIDGE_XY = (0.0, 0.86)


def steps() -> tuple[Step, ...]:
    return STEPS


def _halton(index: int, base: int) -> float:
    f, r, i = 1.0, 0.0, index + 1
    while i > 0:
        f /= base
        r += f * (i % base)
        i //= base
    return r


def positions(role_id: str, count: int) -> list[tuple[float, float]]:
    """Where the people of one role stand. The k-th person of a role always stands in the same
    place, so a growing group keeps its members where they were and adds new ones."""
    out: list[tuple[float, float]] = []
    for k in range(count):
        u, v = _halton(k, 2), _halton(k, 3)
        if role_id == "pusher":
            out.append((-0.95 if k % 2 == 0 else 0.95, 0.0))
        elif role_id == "joiner":
            side = -1 if k % 2 == 0 else 1
            u, v = _halton(k // 2, 2), _halton(k // 2, 3)
            out.append((side * (0.45 + 0.33 * u), (v - 0.5) * 0.9))
        elif role_id == "silent":
            out.append(((u - 0.5) * 0.6, (v - 0.5) * 0.9))
        elif role_id == "bridge_builder":
            out.append(BRIDGE_XY)
        else:  # scapegoat
            out.append(SCAPEGOAT_XY)
    return [(round(x, 4), round(y, 4)) for x, y in out]


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def step_title(step: Step, lang: str) -> str:
    return i18n.t(f"part1.anim.{step.id}_title", lang)


def step_text(step: Step, lang: str) -> str:
    return i18n.t(f"part1.anim.{step.id}_text", lang)


def _role_traces(step: Step, fw: Framework, lang: str) -> list[go.Scatter]:
    traces = []
    for rid in ROLE_ORDER:
        role = fw.role(rid)
        if role is None:
            continue
        n = step.counts.get(rid, 0)
        xy = positions(rid, n)
        name = f"{role.name(lang)} ({n})"
        # an absent role keeps one point off stage, so its legend entry stays visible
        xs, ys = ([p[0] for p in xy], [p[1] for p in xy]) if xy else ([OFFSTAGE], [OFFSTAGE])
        traces.append(go.Scatter(
            x=xs, y=ys, mode="markers", name=_esc(name), customdata=[n],
            meta=rid, legendgroup=rid, showlegend=True, hoverinfo="name",
            marker=dict(color=role.colour, symbol=role.symbol, size=MARKER_SIZE.get(rid, 14),
                        line=dict(width=1.5, color="#ffffff" if rid == "scapegoat" else "#222222")),
        ))
    return traces


def _bar_trace(step: Step, lang: str) -> go.Bar:
    labels = [i18n.t("part1.anim.fuel", lang), i18n.t("part1.anim.middle_share", lang)]
    share = round(100 * step.middle / PEOPLE)
    return go.Bar(
        x=labels, y=[step.fuel, share], meta="bars", showlegend=False,
        text=[f"{step.fuel}%", f"{share}%"], textposition="outside", cliponaxis=False,
        marker=dict(color=[FUEL_COLOUR, "#0072B2"], pattern=dict(shape=["/", ""]),
                    line=dict(color="#222222", width=1)),
        hovertemplate="%{x}: %{y}%<extra></extra>",
    )


def _annotations(step: Step, lang: str) -> list[dict]:
    notes = [
        dict(x=-0.95, y=-0.22, text=_esc(i18n.t("part1.anim.pole_a", lang)), showarrow=False,
             xref="x", yref="y", font=dict(size=13, color="#222")),
        dict(x=0.95, y=-0.22, text=_esc(i18n.t("part1.anim.pole_b", lang)), showarrow=False,
             xref="x", yref="y", font=dict(size=13, color="#222")),
        dict(x=0, y=0.52, text=_esc(i18n.t("part1.anim.middle", lang)), showarrow=False,
             xref="x", yref="y", font=dict(size=12, color="#0072B2")),
    ]
    if step.counts.get("scapegoat"):
        for x0 in (-0.9, 0.9):  # fire from both poles
            notes.append(dict(x=SCAPEGOAT_XY[0] + (0.06 if x0 > 0 else -0.06), y=SCAPEGOAT_XY[1],
                              ax=x0, ay=-0.12, xref="x", yref="y", axref="x", ayref="y",
                              showarrow=True, arrowhead=2, arrowwidth=2, arrowcolor="#D55E00",
                              text=""))
    if step.counts.get("bridge_builder"):
        notes.append(dict(x=0, y=BRIDGE_XY[1] + 0.13, xref="x", yref="y", showarrow=False,
                          text=_esc(i18n.t("part1.anim.above", lang)),
                          font=dict(size=11, color="#7a3d63")))
    return notes


def _title(step: Step, index: int, lang: str) -> dict:
    head = i18n.t("part1.anim.step", lang, n=index + 1, total=len(STEPS))
    text = (f"<b>{_esc(head)} · {_esc(step_title(step, lang))}</b><br>"
            f"<span style='font-size:13px;font-weight:normal'>{_esc(step_text(step, lang))}</span>")
    return dict(text=text, x=0.01, xanchor="left", y=0.97, yanchor="top",
                font=dict(size=16, weight="normal"))


def build_animation(fw: Framework, lang: str = "nl", frame_ms: int = 1600) -> go.Figure:
    """The animated figure. Trace order is fixed: the roles, then the bars."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.8, 0.2], horizontal_spacing=0.06)
    first = STEPS[0]
    for trace in _role_traces(first, fw, lang):
        fig.add_trace(trace, row=1, col=1)
    fig.add_trace(_bar_trace(first, lang), row=1, col=2)
    n_traces = len(fig.data)

    frames = []
    for i, step in enumerate(STEPS):
        frames.append(go.Frame(
            name=step.id, data=[*_role_traces(step, fw, lang), _bar_trace(step, lang)],
            traces=list(range(n_traces)),
            layout=go.Layout(title=_title(step, i, lang), annotations=_annotations(step, lang)),
        ))
    fig.frames = frames

    play_args = dict(frame=dict(duration=frame_ms, redraw=True), fromcurrent=True,
                     transition=dict(duration=400, easing="cubic-in-out"), mode="immediate")
    fig.update_layout(
        title=_title(first, 0, lang), annotations=_annotations(first, lang),
        height=620, margin=dict(l=10, r=10, t=110, b=140), plot_bgcolor="#ffffff",
        legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", font=dict(size=13),
                    itemsizing="constant"),
        updatemenus=[dict(
            type="buttons", direction="left", showactive=False, x=0, y=-0.2,
            xanchor="left", yanchor="top", pad=dict(t=0, r=10),
            buttons=[
                dict(label="▶ " + i18n.t("part1.anim.play", lang), method="animate",
                     args=[None, play_args]),
                dict(label="❚❚ " + i18n.t("part1.anim.pause", lang), method="animate",
                     args=[[None], dict(frame=dict(duration=0, redraw=False),
                                        mode="immediate", transition=dict(duration=0))]),
            ],
        )],
        sliders=[dict(
            active=0, x=0.22, len=0.78, y=-0.18, yanchor="top", pad=dict(t=0),
            currentvalue=dict(prefix=i18n.t("part1.anim.slider", lang) + " ", font=dict(size=13)),
            steps=[dict(method="animate", label=str(i + 1),
                        args=[[s.id], dict(frame=dict(duration=0, redraw=True), mode="immediate",
                                           transition=dict(duration=300))])
                   for i, s in enumerate(STEPS)],
        )],
    )
    fig.update_xaxes(range=list(X_RANGE), showgrid=False, zeroline=False, showticklabels=False,
                     fixedrange=True, row=1, col=1)
    fig.update_yaxes(range=list(Y_RANGE), showgrid=False, zeroline=False, showticklabels=False,
                     fixedrange=True, row=1, col=1)
    fig.update_yaxes(range=[0, 115], showgrid=True, gridcolor="#eeeeee", ticksuffix="%",
                     fixedrange=True, row=1, col=2)
    fig.update_xaxes(fixedrange=True, tickfont=dict(size=12), row=1, col=2)
    # the us-them axis from pole A to pole B
    fig.add_shape(type="line", x0=-0.95, x1=0.95, y0=0, y1=0, xref="x", yref="y",
                  line=dict(color="#bbbbbb", width=1, dash="dot"), layer="below")
    return fig


def frame_summary(fig: go.Figure) -> list[dict]:
    """Per frame: its name, the fuel and how many people each role has (read from the figure)."""
    out = []
    for frame in fig.frames:
        row: dict = {"name": frame.name}
        for trace in frame.data:
            if trace.meta == "bars":
                row["fuel"] = trace.y[0]
            elif trace.meta:
                row[trace.meta] = sum(x is not None and X_RANGE[0] <= x <= X_RANGE[1]
                                      for x in (trace.x or ()))
        out.append(row)
    return out


def role_key(fw: Framework, lang: str = "nl") -> go.Figure:
    """A small static legend: each role's symbol in its colour, with its name."""
    roles = [fw.role(rid) for rid in ROLE_ORDER if fw.role(rid)]
    roles += [r for r in fw.concepts.roles if r.id not in ROLE_ORDER]
    fig = go.Figure()
    for i, role in enumerate(roles):
        fig.add_trace(go.Scatter(
            x=[i], y=[0], mode="markers+text", text=[_esc(role.name(lang))],
            textposition="bottom center", textfont=dict(size=13, color="#222"),
            marker=dict(color=role.colour, symbol=role.symbol, size=22,
                        line=dict(width=1.5, color="#ffffff" if role.symbol == "x" else "#222222")),
            hoverinfo="skip", showlegend=False, meta=role.id,
        ))
    fig.update_layout(
        height=110, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="#ffffff",
        xaxis=dict(range=[-0.6, len(roles) - 0.4], visible=False, fixedrange=True),
        yaxis=dict(range=[-0.9, 0.35], visible=False, fixedrange=True),
    )
    return fig
