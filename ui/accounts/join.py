"""The join page (`/join?code=...`): the cohort a join link opens, and joining it under a
name of one's choosing. A link that opens no cohort (revoked, replaced, mistyped) says so in
words and changes nothing; the code itself is never repeated on the page."""

from __future__ import annotations

import streamlit as st

from workbook.accounts.cohorts import JoinRefused
from workbook.plain import md
from ui import state
from ui.account import session_user
from ui.framework.course import forget_schedule
from ui.i18n import t
from ui.resources import cohorts

JOINED = "_joined_cohort"


def page() -> None:
    st.title(t("join.title"))
    user = session_user()
    if user.is_local:
        st.info(t("cohort.local_mode"))
        return
    joined = st.session_state.pop(JOINED, None)
    if joined:
        st.success(t("join.joined", name=md(joined)))
        st.page_link("app_pages/cohort.py", label=t("cohort.nav"), icon=":material/groups:")
        return
    code = st.query_params.get("code")
    if not code:
        st.info(t("join.no_code"))
        return
    access = cohorts()
    invited = access.invited_to(code)
    if invited is None:
        st.error(t("join.refused"))
        return
    cohort_id, name = invited
    if any(c.id == cohort_id for c in access.mine()):
        st.info(t("join.already", name=md(name)))
        st.page_link("app_pages/cohort.py", label=t("cohort.nav"), icon=":material/groups:")
        return
    st.markdown(t("join.invited", name=f"**{md(name)}**"))
    if access.facilitator:
        st.caption(t("join.as_facilitator"))
    with st.form("join_form"):
        st.text_input(t("cohort.your_name"), key="join_name", value=user.name[:120],
                      max_chars=120, help=t("cohort.your_name_help"))
        st.form_submit_button(t("join.button"), type="primary", on_click=_join, args=(code,),
                              icon=":material/group_add:")


@state.storing
def _join(code: str) -> None:
    try:
        joined = cohorts().join(code, st.session_state.get("join_name") or "")
    except JoinRefused:
        st.session_state["_notice"] = ("error", t("join.refused"))
        return
    st.session_state[JOINED] = joined.name
    forget_schedule()  # a case may follow this cohort's dates now
    if "code" in st.query_params:
        del st.query_params["code"]
