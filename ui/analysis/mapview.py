"""The map panel: the case's polarisation map as an interactive chart, the actor form that
opens when an actor is clicked, and the role balance shown next to the map.

The panel is meant to sit inside an `st.fragment` together with the editors that change the
case, so an edit reruns only that block and the map follows at once. The chart keeps its key
and `layout.uirevision` (the case id), so the user's zoom survives every change.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbook.plain import md
from workbook.analysis.balance import ESTIMATE, balance_figure, own_estimate, role_balance
from workbook.case import ops
from workbook.case.model import Case
from workbook.analysis.polarmap import build_map
from workbook.framework.schema import Framework
from ui import state
from ui.i18n import lang, t, tx
from ui.worksheets import entry
from ui.memo import PreparedFigure, for_case, prepared

CONFIG = {"displaylogo": False,
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}
FORM_PREFIX = f"{state.WIDGET_PREFIX}mapform:"


def unlabelled_note(names: list[str]) -> None:
    """Under a small map: the actors it had no room to name (names escaped: user text)."""
    if names:
        st.caption(":material/label_off: " + t("mapview.unlabelled",
                                                names=", ".join(md(n) for n in names)))


# Streamlit draws a changed figure as a new chart, which forgets the user's zoom. This small
# watcher (inline JS, nothing loaded from outside) reports the chart's axis ranges after each
# zoom or pan; the next changed figure is then built with those ranges.
_ZOOM_JS = """
export default function (component) {
  const { data, setStateValue } = component;
  const all = (window.__workbookZoom = window.__workbookZoom || {});
  const st = all[data.chart_key] || (all[data.chart_key] = {});
  st.last = JSON.stringify(data.view);
  st.set = setStateValue;
  const round = (r) => r.map((v) => Math.round(v * 10000) / 10000);
  const viewOf = (gd) => {
    const fl = gd._fullLayout;
    if (!fl || !fl.xaxis || !fl.yaxis) return null;
    return { x: round(fl.xaxis.range), y: round(fl.yaxis.range) };
  };
  const watch = () => {
    const gd = document.querySelector(".st-key-" + CSS.escape(data.chart_key) + " .js-plotly-plot");
    if (!gd || typeof gd.on !== "function" || gd.__workbookZoom) return;
    gd.__workbookZoom = true;
    // a new chart shows what the server built: only what the user does from here is news
    const start = viewOf(gd);
    if (start) st.last = JSON.stringify(start);
    gd.on("plotly_relayout", () => {
      const view = viewOf(gd);
      if (!view) return;
      const text = JSON.stringify(view);
      if (text !== st.last) { st.last = text; st.set("view", view); }
    });
  };
  clearInterval(st.timer);
  st.timer = setInterval(watch, 400);
  watch();
}
"""
_zoom_watcher = st.components.v2.component("workbook_map_zoom", js=_ZOOM_JS,
                                           css=":host { display: none; }")


def _view(key: str) -> dict | None:
    """The user's zoom on chart `key` as last reported: {"x": [x0, x1], "y": [y0, y1]}."""
    gen = st.session_state.get(f"_zoomgen:{key}", 0)
    known = st.session_state.get(f"_zoom:{key}")
    result = _zoom_watcher(key=f"{key}-zoom{gen}", data={"chart_key": key, "view": known},
                           default={"view": None}, on_view_change=lambda: None)
    view = result.get("view") if hasattr(result, "get") else getattr(result, "view", None)
    if not _valid_view(view):
        view = None
    st.session_state[f"_zoom:{key}"] = view
    return view


def _valid_view(view: Any) -> bool:
    try:
        return all(len(view[a]) == 2 and all(isinstance(v, (int, float)) for v in view[a])
                   and view[a][0] < view[a][1] for a in ("x", "y"))
    except (KeyError, TypeError):
        return False


def _ranges(fig) -> tuple[list, list]:
    return list(fig.layout.xaxis.range), list(fig.layout.yaxis.range)


def _zoomed(view: dict | None, ranges: tuple[list, list]) -> bool:
    """Whether `view` differs from the given (x, y) axis ranges."""
    if view is None:
        return False
    return any(abs(a - b) > 1e-3 for got, want in zip((view["x"], view["y"]), ranges)
               for a, b in zip(got, want))


def _whole_map(key: str) -> None:
    st.session_state[f"_zoomgen:{key}"] = st.session_state.get(f"_zoomgen:{key}", 0) + 1
    st.session_state[f"_zoom:{key}"] = None
    st.session_state.pop(f"_map_memo:{key}", None)


def cached_map(case: Case, fw: Framework, width: int, height: int, key: str = "map",
               view: dict | None = None) -> PreparedFigure:
    """The map of the case. Rebuilt only when what it draws (the poles, actors and fuel),
    the language or the size changes: a zoom alone never replaces the chart, nor does an
    answer typed in a worksheet; a rebuilt map opens at the user's zoom."""
    memo = st.session_state.setdefault(f"_map_memo:{key}", {})
    ident = (case.id, lang(), width, height, fw.id, fw.version)
    fig = memo.get(ident)
    if fig is not None and memo.get("_case") is not case:
        if memo["_drawn"] == map_content(case):
            memo["_case"] = case  # another revision, the same map
        else:
            fig = None
    if fig is None:
        built = build_map(case, fw, lang(), width=width, height=height)
        # "Whole map" counts up: a new uirevision makes the browser drop the user's zoom
        # even when the figure is otherwise the one it already shows
        gen = st.session_state.get(f"_zoomgen:{key}", 0)
        if gen:
            built.layout.uirevision = f"{built.layout.uirevision}:{gen}"
        full = None
        if _zoomed(view, _ranges(built)):
            full = _ranges(built)
            built.layout.xaxis.range, built.layout.yaxis.range = view["x"], view["y"]
        fig = prepared(built)
        memo.clear()
        memo.update({ident: fig, "_case": case, "_drawn": map_content(case), "_full": full,
                     "_ranges": _ranges(built)})
    return fig


def map_content(case: Case) -> tuple:
    """What the map draws of a case (build_map reads nothing else of it): compared by value,
    so a revision that changed only an answer keeps the map."""
    return (case.id, case.poles, case.actors, case.fuel)


def map_panel(case: Case, fw: Framework, key: str = "map_chart", height: int = 520,
              width: int = 900, editable: bool = True) -> str | None:
    """Draw the map; clicking an actor opens it for editing below the map (when `editable`).
    Returns the id of the clicked actor, if any. The user's zoom survives every change."""
    # A zoom reruns the page, and the watcher below records it; a map rebuilt after that
    # (the case changed) opens at the recorded zoom.
    fig = cached_map(case, fw, width, height, key, st.session_state.get(f"_zoom:{key}"))
    if editable:
        event = st.plotly_chart(fig, key=key, width="stretch", config=CONFIG,
                                on_select="rerun", selection_mode="points")
        clicked = clicked_actor(event, case)
    else:
        st.plotly_chart(fig, key=key, width="stretch", config=CONFIG)
        clicked = None
    view = _view(key)  # draws nothing; below the map, so it leaves no gap above it
    memo = st.session_state.get(f"_map_memo:{key}", {})
    zoomed = memo.get("_full") is not None or _zoomed(view, memo["_ranges"])
    if zoomed:
        hint, button = st.columns([3, 1], vertical_alignment="center")
        with hint:
            if case.actors:
                st.caption(":material/touch_app: " + t("mapview.click_hint"))
        with button:
            st.button(t("mapview.whole_map"), key=f"{key}-whole", on_click=_whole_map,
                      args=(key,), icon=":material/zoom_out_map:", type="tertiary")
    elif case.actors:
        st.caption(":material/touch_app: " + t("mapview.click_hint"))
    if clicked and editable:
        if st.session_state.get(f"_closed:{key}") != clicked:
            actor_form(case, fw, clicked, key)
    else:
        st.session_state.pop(f"_closed:{key}", None)
    return clicked


def clicked_actor(event: Any, case: Case) -> str | None:
    """The actor id of the point clicked on the map (markers carry it as customdata)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    ids = {a.id for a in case.actors}
    for point in points or []:
        cid = point.get("customdata")
        if isinstance(cid, list):
            cid = cid[0] if cid else None
        if isinstance(cid, str) and cid in ids:
            return cid
    return None


# -- the actor form ------------------------------------------------------------------------
def actor_form(case: Case, fw: Framework, actor_id: str, key: str) -> None:
    """The quick-entry form of one actor (ui/worksheets/entry.py) in a dialog, where the user
    is looking: name, role, side, kind, influence, stance, notes; Enter saves and closes it."""
    actor = case.actor(actor_id)
    if actor is None:
        return
    prefix = f"{FORM_PREFIX}{key}:{actor.id}:"

    def body() -> None:
        shown = state.current() or case
        if shown.actor(actor_id) is None:
            st.rerun()
        entry.form("actor", shown, fw, actor_id, prefix,
                   on_saved=lambda kind, new: _saved(actor_id, key))
        ids = [a.id for a in shown.actors]
        up, down = st.columns(2)
        up.button(t("ops.move_up"), key=f"{prefix}up", icon=":material/arrow_upward:",
                  on_click=_move_actor, args=(ids, actor_id, -1), width="stretch",
                  disabled=ids[0] == actor_id, help=t("ops.order_help"))
        down.button(t("ops.move_down"), key=f"{prefix}down", icon=":material/arrow_downward:",
                    on_click=_move_actor, args=(ids, actor_id, +1), width="stretch",
                    disabled=ids[-1] == actor_id, help=t("ops.order_help"))
        if st.session_state.pop(f"_dialog_done:{key}", False):
            st.rerun()  # the whole page, so the map shows the change; the dialog stays shut

    st.dialog(t("mapview.edit_actor"), width="medium",
              on_dismiss=lambda: _close(actor_id, key))(body)()


def _saved(actor_id: str, key: str) -> None:
    st.session_state["_notice"] = ("success", t("mapview.actor_saved"))
    st.session_state[f"_dialog_done:{key}"] = True
    _close(actor_id, key)
    state.reset_widgets()


def _move_actor(ids: list[str], actor_id: str, step: int) -> None:
    """One place up or down in the list of actors as this tab shows it."""
    state.change(ops.moved(("actors",), ids, actor_id, step), note="actors")


def _close(actor_id: str, key: str) -> None:
    st.session_state[f"_closed:{key}"] = actor_id


# -- role balance --------------------------------------------------------------------------
def balance_panel(case: Case, fw: Framework, key: str = "balance", heading: bool = True) -> None:
    """Counts per role and the estimated size of the middle."""
    balance, figure = _balance(case, fw, key)
    if heading:
        st.markdown(f"**{t('mapview.balance_title')}**")
    share = balance.middle_share
    st.metric(t("mapview.middle_size"), "–" if share is None else f"{share:.0%}",
              help=t("mapview.middle_help"))
    _estimate(st, case, fw)
    if balance.with_role:
        st.caption(t("mapview.middle_count", middle=balance.middle, total=balance.with_role))
    if balance.total:
        st.plotly_chart(figure, key=key, width="stretch",
                        config={"displayModeBar": False, "staticPlot": True})
        if balance.side_a or balance.side_b:
            st.caption(t("mapview.sides_count", a=balance.side_a, b=balance.side_b))


def _estimate(where, case: Case, fw: Framework) -> None:
    """Beside the count on the map: the trainee's own estimate of the middle's size."""
    value, top = own_estimate(case, fw)
    if not top:
        return
    ws = fw.worksheet(ESTIMATE[0])
    field = ws.field(ESTIMATE[1])
    sheet = tx(ws.title)
    where.metric(t("mapview.middle_estimate"), "–" if value is None else f"{value}/{top}",
                 help=t("mapview.middle_estimate_help", sheet=sheet,
                        low=f"{field.min} = {tx(field.min_label)}",
                        high=f"{field.max} = {tx(field.max_label)}"))
    if value is None:
        where.caption(t("mapview.middle_estimate_missing", sheet=sheet))


def balance_expander(case: Case, fw: Framework, key: str) -> None:
    """The role balance folded under a label with the size of the middle; drawn only while
    open, and left open or closed as the user left it."""
    balance, _ = _balance(case, fw, key)
    share = balance.middle_share
    box = st.expander(t("mapview.balance_label", share="–" if share is None else f"{share:.0%}"),
                      icon=":material/balance:", key=f"{key}-open", on_change="rerun")
    if box.open:
        with box:
            balance_panel(case, fw, key=key, heading=False)


def _balance(case: Case, fw: Framework, key: str) -> tuple:
    """The role balance and its figure, built again only when the actors change (by value:
    a revision that changed an answer keeps them)."""
    def build() -> tuple:
        balance = role_balance(case.actors, fw, lang())
        return balance, prepared(balance_figure(balance, lang())) if balance.total else None

    return for_case(f"balance:{key}", (fw,), (lang(), case.actors), build)
