"""The case page's sharing: share the open case with a cohort's facilitators (to read, or to
read and comment), take it back, see who opened it; and the retention warning."""

from __future__ import annotations

import time

import streamlit as st

from workbook.accounts.access import SHARE_PERMISSIONS, cohort_grantee
from workbook.case.store import StoreUnavailable
from workbook.plain import md
from ui import state
from ui.account import session_user, settings
from ui.framework.course import forget_schedule
from ui.i18n import t
from ui.resources import cohorts, store

PERMISSION_WORDS = {"read": "cohort.permission_read", "comment": "cohort.permission_comment"}


def permission_word(permission: str) -> str:
    return t(PERMISSION_WORDS.get(permission, "cohort.permission_read"))


def panel(cid: str, own: bool) -> None:
    """For the owner of the open case, in hosted mode: its shares with cohorts and who
    opened it, in a panel that asks the store only while it is open (a rerun stays as
    cheap as in local mode)."""
    if not own or session_user().is_local:
        return
    box = st.expander(t("share.heading"), key="share_panel", on_change="rerun",
                      icon=":material/share:")
    if box.open:
        with box:
            _panel(cid)


def _panel(cid: str) -> None:
    access = store()
    mine = {cohort_grantee(c.id): c for c in cohorts().mine()}
    live = [s for s in access.shares(cid) if s.revoked_at is None and s.grantee in mine]
    for share in live:
        cohort = mine[share.grantee]
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(":material/group: " + t("share.with", name=md(cohort.name),
                                                permission=permission_word(share.permission)))
        right.button(t("share.revoke"), key=f"unshare:{cohort.id}", on_click=_revoke,
                     args=(cid, cohort.id, cohort.name), icon=":material/link_off:")
    if not mine:
        st.caption(t("share.no_cohort"))
    else:
        _form(cid, mine)
    _openings(cid)


def _form(cid: str, mine: dict) -> None:
    names = {c.id: c.name for c in mine.values()}
    with st.form("share_form", border=False):
        st.caption(t("share.intro"))
        st.selectbox(t("share.cohort"), options=list(names), format_func=names.get,
                     key="share_cohort")
        words = {p: permission_word(p) for p in SHARE_PERMISSIONS}
        st.radio(t("share.permission"), options=list(words), format_func=words.get,
                 key="share_permission", horizontal=True)
        st.form_submit_button(t("share.button"), icon=":material/share:", on_click=_share,
                              args=(cid, names))


@state.storing
def _share(cid: str, names: dict[str, str]) -> None:
    chosen = st.session_state.get("share_cohort")
    permission = st.session_state.get("share_permission") or "read"
    if chosen not in names:
        return
    store().share_cohort(cid, chosen, permission)
    forget_schedule()  # the case now follows this cohort's dates
    st.session_state["_notice"] = ("success", t("share.done", name=md(names[chosen])))


@state.storing
def _revoke(cid: str, cohort_id: str, name: str) -> None:
    store().revoke_cohort(cid, cohort_id)
    forget_schedule()
    st.session_state["_notice"] = ("info", t("share.revoked", name=md(name)))


def _openings(cid: str) -> None:
    seen = store().openings(cid)
    st.markdown(f"**{t('share.opened_heading')}**")
    with st.container(height=160 if len(seen) > 5 else "content", border=False):
        if not seen:
            st.caption(t("share.opened_none"))
        for opening in seen:
            st.text(t("share.opened_line", name=opening.name or t("share.someone"),
                      when=f"{opening.at:%Y-%m-%d %H:%M} UTC"))


DUE_KEY = "_retention_due"
DUE_EVERY_S = 600.0  # the warnings are about weeks: asked again every ten minutes


def retention_warning(cid: str) -> None:
    """The owner's cases that retention will delete, the open one first, each with a button
    to keep it (hosted mode, when a retention period is set)."""
    if session_user().is_local or settings().get("retention_months") is None:
        return
    asked = st.session_state.get(DUE_KEY)
    if asked is None or time.monotonic() - asked[0] > DUE_EVERY_S:
        try:
            asked = (time.monotonic(), store().due())
        except StoreUnavailable:
            return
        st.session_state[DUE_KEY] = asked
    due = asked[1]
    for item in sorted(due, key=lambda d: d.case_id != cid):
        when = f"{item.delete_on:%Y-%m-%d}"
        title = md(item.title or t("sidebar.untitled"))
        with st.container(border=True):
            st.warning(f"**{title}**: " + t("retention.warning", date=when),
                       icon=":material/auto_delete:")
            st.button(t("retention.keep"), key=f"keep:{item.case_id}", on_click=_keep,
                      args=(item.case_id,), icon=":material/bookmark_add:")


@state.storing
def _keep(cid: str) -> None:
    store().keep(cid)
    st.session_state.pop(DUE_KEY, None)
    st.session_state["_notice"] = ("success", t("retention.kept"))
