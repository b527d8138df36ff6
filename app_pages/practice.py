"""Practice (Oefenen): pick a worked case study, analyse it from its story alone, then
compare with the model analysis. Drawing lives in ui/practice.py, comparing in
workbook/analysis/practice.py."""

import streamlit as st

from ui import state
from ui.analysis import practice
from ui.i18n import t
from ui.resources import framework_for

st.title(t("practice.title"))
case = state.current()
if case is not None and case.practice_of:
    practice.attempt_header(case)
    practice.compare_section(case, framework_for(case.framework.id))
    st.divider()
else:
    st.markdown(t("practice.intro"))
practice.study_list()
