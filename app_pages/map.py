"""The polarisation map, large: for presenting a case."""

import streamlit as st

from ui import state
from ui.i18n import t
from ui.mapview import map_panel
from ui.resources import framework_for

st.title(t("map.title"))
case = state.current()
fw = framework_for(case.framework.id) if case else None
if case is None or fw is None:
    st.info(t("map.need_case"))
else:
    st.subheader(case.title or t("sidebar.untitled"))
    map_panel(case, fw, height=680)
