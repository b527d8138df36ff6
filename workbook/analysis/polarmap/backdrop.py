"""What the actors stand on: zone shading, pole statements, the layout, the empty map's guide."""

from __future__ import annotations

from typing import Any

from workbook import i18n
from workbook.case.model import Case, Pole
from workbook.framework.schema import Framework
from workbook.analysis.polarmap.geometry import (ABOVE_BAND, AXIS_HALF, MARGIN, POLE_COLOURS,
                                                 SHADE_MIDDLE, SHADE_POLE, SHADES, X_RANGE,
                                                 Y_RANGE, Box, to_px)
from workbook.analysis.polarmap.markup import esc, esc_lines, wrap


def zone_shapes(bottom: float) -> list[dict]:
    y0, y1 = bottom, Y_RANGE[1]
    none = dict(width=0)
    return [
        dict(type="rect", x0=X_RANGE[0], x1=-SHADE_POLE, y0=y0, y1=y1, fillcolor=SHADES["a"],
             line=none, layer="below"),
        dict(type="rect", x0=-SHADE_MIDDLE, x1=SHADE_MIDDLE, y0=y0, y1=y1,
             fillcolor=SHADES["middle"], line=none, layer="below"),
        dict(type="rect", x0=SHADE_POLE, x1=X_RANGE[1], y0=y0, y1=y1, fillcolor=SHADES["b"],
             line=none, layer="below"),
        dict(type="rect", x0=-0.47, x1=0.47, y0=ABOVE_BAND[0] - 0.06, y1=ABOVE_BAND[1] + 0.06,
             fillcolor=SHADES["above"],
             line=dict(width=1, color="rgba(204,121,167,0.45)", dash="dot"), layer="below"),
        dict(type="line", x0=-AXIS_HALF, x1=AXIS_HALF, y0=0, y1=0,
             line=dict(color="#555555", width=2), layer="below"),
    ]


def pole_annotations(poles: list[Pole], lang: str, width: int, height: int, bottom: float,
                     scale: float = 1.0) -> tuple[list[dict], list[Box]]:
    """The two poles with their identity statements at the top, the middle's name at the
    bottom, and the axis ends; with the boxes (pixels) actor names must keep clear of.
    `scale`: the size of the type (1: the app's; larger on a projector)."""
    compact = width < 700
    size = (11 if compact else 12) * scale
    wrap_w = 24 if compact else max(30, min(60, int(width * 0.36 / (6.5 * scale))))
    notes, boxes = [], []
    for side, x, anchor in (("a", X_RANGE[0] + 0.02, "left"), ("b", X_RANGE[1] - 0.02, "right")):
        pole = next((p for p in poles if p.side == side), None)
        label = (pole.label if pole else "") or i18n.t(f"mapview.pole_{side}", lang)
        lines = wrap(label, wrap_w, 2)
        text = f"<b>{esc_lines(label, wrap_w, 2)}</b>"
        if pole and pole.identity:
            text += f"<br><i>“{esc_lines(pole.identity, wrap_w + 4, 3)}”</i>"
            lines += wrap(pole.identity, wrap_w + 4, 3)
        notes.append(dict(x=x, y=Y_RANGE[1] - 0.02, xanchor=anchor, yanchor="top", text=text,
                          showarrow=False, align=anchor,
                          font=dict(size=size, color=POLE_COLOURS[side])))
        boxes.append(_text_box(x, Y_RANGE[1] - 0.02, anchor, lines, size, width, height,
                               bottom, scale))
    constructs = sum(1 for p in poles if p.side == "a")
    if constructs > 1:  # bottom left, out of the way of the pole statements
        more = i18n.t("mapview.more_constructs", lang, count=constructs - 1)
        notes.append(dict(x=X_RANGE[0] + 0.02, y=bottom + 0.01, xanchor="left",
                          yanchor="bottom", showarrow=False, text=esc_lines(more, 30, 2),
                          align="left", font=dict(size=10 * scale, color="#666666")))
        lines = wrap(more, 30, 2)
        bx, by = to_px(X_RANGE[0] + 0.02, bottom, width, height, bottom, scale)
        boxes.append(Box(bx, bx + max(map(len, lines)) * 6 * scale + 6,
                         by - 14 * scale * len(lines) - 4, by))
    middle = i18n.t("map.middle", lang)
    notes.append(dict(x=0, y=bottom + 0.01, yanchor="bottom", showarrow=False,
                      text=f"<b>{esc(middle)}</b>", font=dict(size=12 * scale, color="#1f5f8b")))
    for x, arrow in ((-1.11, "◀"), (1.11, "▶")):
        notes.append(dict(x=x, y=0, showarrow=False, text=arrow,
                          font=dict(size=12 * scale, color="#555555")))
    px, py = to_px(0, bottom, width, height, bottom, scale)
    w = len(middle) * 7.5 * scale + 8
    return notes, [*boxes, Box(px - w / 2, px + w / 2, py - 22 * scale, py)]


def _text_box(x: float, y: float, anchor: str, lines: list[str], size: float, width: int,
              height: int, bottom: float, scale: float) -> Box:
    """Where a block of text anchored at its top left (or right) corner lies, in pixels:
    generous (bold type, a line and a third per line)."""
    px, py = to_px(x, y, width, height, bottom, scale)
    w = max((len(line) for line in lines), default=0) * size * 0.62 + 6
    h = len(lines) * size * 1.35 + 6
    return Box(px, px + w, py, py + h) if anchor == "left" else Box(px - w, px, py, py + h)


def map_layout(case_id: str, height: int, parts: dict[str, Any], scale: float = 1.0) -> dict:
    return dict(
        xaxis=dict(range=list(X_RANGE), showgrid=False, zeroline=False, showticklabels=False,
                   fixedrange=False),
        yaxis=dict(range=[parts["bottom"], Y_RANGE[1]], showgrid=False, zeroline=False,
                   showticklabels=False),
        margin=dict(MARGIN), height=height, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
        font=dict(color="#222222"),
        legend=dict(orientation="h", y=0, yanchor="top", x=0.5, xanchor="center",
                    font=dict(size=11 * scale), itemclick="toggle",
                    itemdoubleclick="toggleothers"),
        hoverlabel=dict(align="left", bgcolor="#ffffff", font=dict(size=12, color="#222222")),
        hovermode="closest", dragmode="zoom", uirevision=case_id,
        annotations=parts["annotations"], shapes=parts["shapes"],
    )


ADVICE = {"poles": "mapview.empty_poles", "fuel": "mapview.empty_fuel",
          "actors": "mapview.empty_actors"}


def empty_steps(case: Case, fw: Framework | None, lang: str) -> list[str]:
    """What to add first, in the order of the worksheets that ask for it (the poles, the fuel
    and the actors), each with its worksheet's title; what is done has a tick."""
    order = []
    for ws in fw.worksheets if fw is not None else []:
        for field in ws.fields:
            if field.type in ADVICE and field.type not in [k for k, _ in order]:
                order.append((field.type, ws.title(lang)))
    for kind in ADVICE:  # a framework without such a worksheet: the advice all the same
        if kind not in [k for k, _ in order]:
            order.append((kind, ""))
    done = {"poles": any(p.label.strip() for p in case.poles), "fuel": bool(case.fuel),
            "actors": bool(case.actors)}
    steps, n = [], 0
    for kind, title in order:
        advice = i18n.t(ADVICE[kind], lang)
        text = f"{title}: {advice}" if title else advice
        if done[kind]:
            steps.append(f"✓ {text}")
        else:
            n += 1
            steps.append(f"{n}. {text}")
    return steps


EMPTY_FONT = 13
CHAR_PX = 7.2  # a generous average width of one character at EMPTY_FONT (proportional type)
MAX_STEP_LINES = 4


def empty_state(case: Case, fw: Framework | None, lang: str, width: int = 900,
                scale: float = 1.0) -> list[dict]:
    """What a newcomer sees: where the roles go, and what to add first, in lines that fit a
    map `width` pixels wide (a chart cuts off what reaches past its edges)."""
    steps = empty_steps(case, fw, lang)
    chars = empty_line_chars(width, scale)
    text = (f"<b>{esc(i18n.t('mapview.empty_title', lang))}</b><br>"
            + "<br>".join(esc_lines(s, chars, MAX_STEP_LINES) for s in steps))
    # grey that still reads (WCAG AA: 4.5:1 on white)
    hint = dict(showarrow=False, font=dict(size=11, color="#646464"))
    notes = [dict(hint, x=x, y=y, text=esc(i18n.t(f"mapview.{key}", lang)))
             for x, y, key in ((-0.8, 0.1, "hint_pushers"), (0.8, 0.1, "hint_pushers"),
                               (-0.45, 0.1, "hint_joiners"), (0.45, 0.1, "hint_joiners"),
                               (0, 0.1, "hint_middle"), (0, 0.6, "hint_bridge"),
                               (0, -0.25, "hint_scapegoat"))]
    # last, so drawn over the hints; at the foot of the chart, growing upwards (on a narrow
    # map the advice takes more lines)
    notes.append(dict(x=0, y=0, yref="paper", yanchor="bottom", text=text, showarrow=False,
                      align="left", bgcolor="rgba(255,255,255,0.97)", bordercolor="#999999",
                      borderwidth=1, borderpad=8,
                      font=dict(size=EMPTY_FONT * scale, color="#333333")))
    return notes


def empty_line_chars(width: int, scale: float = 1.0) -> int:
    """How many characters a line of the empty map's advice may hold (its box has a border
    and 8 px of padding on each side)."""
    return max(24, int((width - 60) / (CHAR_PX * scale)))
