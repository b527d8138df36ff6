"""A case's history: every revision, viewable and restorable."""

import streamlit as st

from ui import state
from ui.case.history import history_view
from ui.i18n import t

st.title(t("history.title"))
case = state.current()
if case is None:
    st.info(t("part.need_case"))
else:
    st.markdown(t("history.intro"))
    history_view(case.id, case.framework.id)
