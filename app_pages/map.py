"""The polarisation map, large: for presenting a case. With the role balance beside it, the
fuel timeline, and snapshots of the map to play in order."""

import streamlit as st

from ui import state
from ui.i18n import t
from ui.mapview import balance_panel, map_panel, plain
from ui.resources import framework_for
from ui.timeline import snapshots_panel, timeline_panel

MAP_WIDTH, MAP_HEIGHT = 820, 660

VIEWS = ("map", "timeline", "snapshots")


@st.fragment
def present(fw) -> None:
    case = state.current()
    if case is None:
        return
    state.show_notice()
    names = {v: t(f"mapview.view_{v}") for v in VIEWS}
    view = st.segmented_control(t("mapview.view"), options=list(VIEWS), key="map_view",
                                required=True, default="map", format_func=names.get,
                                label_visibility="collapsed")
    if view == "timeline":
        timeline_panel(case, fw, key="map_timeline", height=460)
    elif view == "snapshots":
        snapshots_panel(case, fw, key="map_snapshots", width=MAP_WIDTH + 200, height=700)
    else:
        chart, side = st.columns([4, 1], gap="medium")
        with chart:
            map_panel(case, fw, key="map_chart", width=MAP_WIDTH, height=MAP_HEIGHT)
        with side:
            balance_panel(case, fw, key="map_balance")


st.title(t("map.title"))
case = state.current()
fw = framework_for(case.framework.id) if case else None
if case is None or fw is None:
    st.info(t("map.need_case"))
else:
    st.subheader(plain(case.title or t("sidebar.untitled")), anchor=False)
    present(fw)
