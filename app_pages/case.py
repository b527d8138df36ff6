"""The case page (default): start or open a case, name it, see where it stands."""

import streamlit as st

from ui import sidebar, state
from ui.accounts import sharing
from ui.case import casemanage
from ui.framework import course, exercises, scenarios
from ui.worksheets import nextstep
from ui.analysis import practice
from ui.i18n import t, tx
from ui.resources import framework_for
from workbook.framework.course import part_overview
from workbook.plain import md

case = state.current()
if case is None:
    st.title(t("app.name"))
    st.markdown(t("app.tagline"))
    st.info(t("case.welcome"))
    left, right = st.columns(2)
    with left:
        casemanage.start_form()
    with right:
        casemanage.examples()
        casemanage.importer()
    casemanage.trash()
else:
    st.title(t("nav.case"))
    sharing.retention_warning(case.id)
    state.widget_value(state.TITLE_KEY, case.title)
    st.text_input(t("case.title"), key=state.TITLE_KEY, max_chars=300, help=t("case.title_help"),
                  live="1s",
                  on_change=lambda: state.save(("title",), st.session_state[state.TITLE_KEY]))
    practice.narrative(case, expanded=False)
    fw = framework_for(case.framework.id)
    if fw is not None:
        nextstep.on_case_page(case, fw)
    cols = st.columns(3)
    cols[0].metric(t("case.actors"), len(case.actors))
    cols[1].metric(t("case.fuel_events"), len(case.fuel))
    cols[2].metric(t("case.revisions"), state.head() or 0)
    st.caption(f"{t('case.framework')}: {tx(fw.title) if fw else md(case.framework.id)}")
    if fw is not None:
        st.subheader(t("case.overview"))
        for part in fw.parts:
            row = part_overview(case, fw, part.number)
            st.progress(row.done / row.total if row.total else 0.0,
                        text=t("course.progress_part", n=part.number, done=row.done,
                               total=row.total))
        exercises.progress_summary(case, fw)
        scenarios.progress_summary(case, fw)
        course.between_sessions(case, fw)
    sharing.panel(case.id, case.id in st.session_state.get(sidebar.OWNED, ()))
    st.subheader(t("case.manage"))
    casemanage.manage(case.title or t("sidebar.untitled"))
    casemanage.importer()
    casemanage.trash()
