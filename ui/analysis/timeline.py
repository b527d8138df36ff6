"""Over time: the fuel timeline with its temperature line, and snapshots of the map that can be
kept at a date and played in order."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from workbook.analysis import snapshots
from workbook.case.model import Case
from workbook.case.ops import DeleteOp
from workbook.framework.schema import Framework
from workbook.analysis.timeline import build_timeline, dated_events, undated_count
from ui import state
from ui.i18n import lang, t
from ui.memo import for_case, prepared

SNAP_PREFIX = f"{state.WIDGET_PREFIX}snap:"


def timeline_panel(case: Case, fw: Framework, key: str = "timeline", height: int = 360) -> None:
    st.markdown(f"**{t('mapview.timeline_title')}**")
    st.caption(t("mapview.timeline_help", days=14))
    fig = for_case(f"timeline:{key}", (case, fw), (lang(), height),
                   lambda: prepared(build_timeline(case, fw, lang(), height=height)))
    st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False})
    missing = undated_count(case)
    if missing:
        st.caption(t("mapview.undated", count=missing))
    if not dated_events(case) and not case.fuel:
        st.info(t("mapview.timeline_start"))


def snapshots_panel(case: Case, fw: Framework, key: str = "snapshots",
                    height: int = 640, width: int = 900, editable: bool = True) -> None:
    """Keep today's map as a snapshot; list and remove them; play them in order. Without
    `editable` (a presentation), only the list and the playback."""
    st.markdown(f"**{t('mapview.snapshots_title')}**")
    if editable:
        _snapshot_form(case)
    kept = snapshots.ordered(case.snapshots)
    if not kept:
        st.info(t("mapview.no_snapshots"))
        return
    for snap in kept:
        _snapshot_row(snap, editable)
    include_now = st.toggle(t("mapview.include_now"), value=True, key=f"{SNAP_PREFIX}now")
    fig = for_case(f"snapshots:{key}", (case, fw), (lang(), width, height, include_now),
                   lambda: prepared(snapshots.build_animation(
                       case, fw, lang(), width=width, height=height, include_now=include_now)))
    st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False})


def _snapshot_form(case: Case) -> None:
    st.caption(t("mapview.snapshots_help"))
    with st.form(key=f"{SNAP_PREFIX}new", border=True, clear_on_submit=True):
        left, right = st.columns([1, 2])
        with left:
            st.date_input(t("mapview.snapshot_date"), key=f"{SNAP_PREFIX}date",
                          value=dt.date.today(), format="DD/MM/YYYY",
                          min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
        with right:
            st.text_input(t("mapview.snapshot_label"), key=f"{SNAP_PREFIX}label",
                          max_chars=300, placeholder=t("mapview.snapshot_placeholder"))
        st.form_submit_button(t("mapview.keep_snapshot"), icon=":material/photo_camera:",
                              on_click=_keep, disabled=not case.actors, type="primary")
    if not case.actors:
        st.caption(t("mapview.snapshot_needs_actors"))


def _snapshot_row(snap, editable: bool) -> None:
    day = snap.date.strftime("%d/%m/%Y") if snap.date else "…"
    # st.text shows user text as text, never as markdown
    line = (f"{day} · {snap.label or '—'} · "
            + t("mapview.snapshot_actors", count=len(snap.actors)))
    if not editable:
        st.text(line)
        return
    row_text, row_button = st.columns([5, 1], vertical_alignment="center")
    with row_text:
        st.text(line)
    with row_button:
        st.button(t("mapview.remove"), key=f"{SNAP_PREFIX}rm:{snap.id}", on_click=_remove,
                  args=(snap.id,), icon=":material/delete:", width="stretch")


def _keep() -> None:
    case = st.session_state["_loaded"].case
    day = st.session_state.get(f"{SNAP_PREFIX}date") or dt.date.today()
    label = (st.session_state.get(f"{SNAP_PREFIX}label") or "").strip()
    snap = snapshots.take(case, day, label)
    if state.change(snapshots.add_ops(case, snap), note="snapshot"):
        st.session_state["_notice"] = ("success", t("mapview.snapshot_kept"))


def _remove(snapshot_id: str) -> None:
    state.change([DeleteOp(collection=("snapshots",), id=snapshot_id)], note="snapshot")
