"""Comments next to a worksheet's questions: the owner and those a case was shared with to
comment see them there and can add one. Plain text, shown exactly as typed (workbook.plain),
never as Markdown."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from workbook.accounts.comments import Comment
from workbook.case.model import Case
from workbook.case.store import StoreUnavailable
from workbook.framework.schema import Worksheet, WorksheetField
from workbook.plain import md, md_lines
from ui import state
from ui.i18n import t
from ui.resources import store


class Thread:
    """The comments of the open case by question, and whether this user may add one."""

    def __init__(self, case_id: str, permission: str, found: list[Comment]):
        self.case_id, self.permission = case_id, permission
        self.by_field: dict[tuple[str, str], list[Comment]] = defaultdict(list)
        for comment in found:
            self.by_field[(comment.worksheet, comment.field)].append(comment)


def load(case: Case) -> Thread | None:
    """The open case's comments, when this user may see them (hosted mode: its owner, or
    shared to comment); None otherwise (local mode asks nothing)."""
    access = store()
    if access.user.is_local:
        return None
    try:
        permission = access.permission(case.id)
        if permission not in ("owner", "comment"):
            return None
        return Thread(case.id, permission, access.comments(case.id))
    except StoreUnavailable:
        return None


def thread(notes: Thread | None, ws: Worksheet, field: WorksheetField) -> None:
    """The comments next to one question, and a way to add one: for a facilitator on every
    question, for the owner where someone commented."""
    if notes is None:
        return
    found = notes.by_field.get((ws.id, field.id), [])
    if not found and notes.permission == "owner":
        return
    with st.container(border=bool(found), key=f"comments-{ws.id}-{field.id}"):
        if found:
            st.caption(":material/forum: " + t("comments.count", count=len(found)))
        for comment in found:
            who = t("comments.me") if comment.mine else (comment.author_name
                                                         or t("comments.someone"))
            st.caption(f"{md(who)} · {comment.created_at:%Y-%m-%d %H:%M} UTC")
            st.markdown(md_lines(comment.text))
            if comment.mine:
                st.button(t("comments.delete"), key=f"uncomment:{comment.id}",
                          on_click=_delete, args=(notes.case_id, comment.id),
                          icon=":material/delete:", type="tertiary")
        with st.popover(t("comments.add"), icon=":material/add_comment:"):
            key = f"comment:{ws.id}:{field.id}"
            with st.form(f"{key}:form", clear_on_submit=True, border=False):
                st.text_area(t("comments.placeholder"), key=key, max_chars=4000)
                st.form_submit_button(t("comments.send"), on_click=_post,
                                      args=(notes.case_id, ws.id, field.id, key))


@state.storing
def _post(case_id: str, worksheet: str, field: str, key: str) -> None:
    text = (st.session_state.get(key) or "").strip()
    if not text:
        st.session_state["_notice"] = ("warning", t("comments.empty"))
        return
    store().comment(case_id, worksheet, field, text)
    st.toast(t("comments.posted"))


@state.storing
def _delete(case_id: str, comment_id: int) -> None:
    store().delete_comment(case_id, comment_id)
