"""The cohort page: a facilitator makes cohorts, hands out their join link and follows the
members' progress per part (counts only; a case's contents only when it was shared); a
trainee sees their cohorts and can leave one."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from workbook.accounts.cohorts import Cohort, Member, MemberProgress
from workbook.framework.progress import Progress, progress
from workbook.plain import md
from ui import state
from ui.account import session_user, settings_auth_base
from ui.accounts.sharing import permission_word
from ui.i18n import t
from ui.resources import cohorts, framework_for, catalogue


def page() -> None:
    target = st.session_state.pop("_switch_to", None)
    if target:  # a shared case was opened: show it on the case page
        st.switch_page(target)
    st.title(t("cohort.title"))
    user = session_user()
    if user.is_local:
        st.info(t("cohort.local_mode"))
        return
    access = cohorts()
    st.caption(t("cohort.intro_facilitator" if access.facilitator else "cohort.intro_trainee"))
    mine = access.mine()
    if access.facilitator:
        _new_form(user.name)
    elif not mine:
        st.info(t("cohort.none"))
    for cohort in mine:
        with st.container(border=True, key=f"cohort:{cohort.id}"):
            if cohort.role == "facilitator" and access.facilitator:
                _facilitating(cohort)
            else:
                _membership(cohort)


def _new_form(name: str) -> None:
    with st.expander(t("cohort.new"), icon=":material/group_add:"):
        with st.form("new_cohort", border=False):
            st.text_input(t("cohort.new_name"), key="cohort_name", max_chars=200)
            st.text_input(t("cohort.your_name"), key="cohort_my_name", value=name[:120],
                          max_chars=120, help=t("cohort.your_name_help"))
            st.form_submit_button(t("cohort.create"), type="primary", on_click=_create,
                                  icon=":material/add:")


@state.storing
def _create() -> None:
    name = (st.session_state.get("cohort_name") or "").strip()
    if not name:
        st.session_state["_notice"] = ("warning", t("cohort.need_name"))
        return
    made = cohorts().create(name, st.session_state.get("cohort_my_name") or "")
    st.session_state["_notice"] = ("success", t("cohort.created", name=md(made.name)))


def join_link(code: str) -> str:
    """The cohort's join link at the app's public address (the login's redirect_uri)."""
    return f"{settings_auth_base()}/join?code={quote(code)}"


def _facilitating(cohort: Cohort) -> None:
    st.subheader(md(cohort.name), anchor=False)
    st.caption(t("cohort.role_facilitator"))
    if cohort.join_code:
        st.markdown(f"**{t('cohort.join_link')}**")
        st.code(join_link(cohort.join_code), language=None, wrap_lines=True)
        st.caption(t("cohort.join_link_help"))
    else:
        st.caption(t("cohort.link_revoked"))
    with st.container(horizontal=True):
        st.button(t("cohort.new_link"), key=f"relink:{cohort.id}", on_click=_relink,
                  args=(cohort.id,), icon=":material/autorenew:")
        if cohort.join_code:
            st.button(t("cohort.revoke_link"), key=f"unlink:{cohort.id}", on_click=_unlink,
                      args=(cohort.id,), icon=":material/link_off:")
    _progress(cohort)
    _shared(cohort)


@state.storing
def _relink(cohort_id: str) -> None:
    cohorts().new_link(cohort_id)


@state.storing
def _unlink(cohort_id: str) -> None:
    cohorts().revoke_link(cohort_id)


def _measure(case) -> Progress | None:
    fw = framework_for(case.framework.id)
    return progress(case, fw) if fw is not None else None


def _progress(cohort: Cohort) -> None:
    """One table: every member, and each trainee's progress per part (counts only)."""
    access = cohorts()
    members = access.members(cohort.id)
    measured = {r.member.user: r for r in access.progress(cohort.id, _measure)}
    st.markdown(f"**{t('cohort.members')}** ({len(members)}) · **{t('cohort.progress')}**")
    st.caption(t("cohort.progress_help"))
    rows = [_row(m, measured.get(m.user)) for m in members]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    st.dataframe([{k: row.get(k, "") for k in columns} for row in rows], hide_index=True,
                 width="stretch")
    if not measured:
        st.caption(t("cohort.no_trainees"))


def _row(member: Member, row: MemberProgress | None) -> dict[str, object]:
    out: dict[str, object] = {t("cohort.col_name"): member.name,
                              t("cohort.col_role"): t(f"cohort.role_{member.role}")}
    if row is None:
        return out
    out[t("cohort.col_cases")] = str(row.cases)
    out[t("cohort.col_changed")] = f"{row.updated_at:%Y-%m-%d}" if row.updated_at else ""
    measured: Progress | None = row.measured
    fw = catalogue().default()
    done = {n: (d, total) for n, d, total in measured.parts} if measured else {}
    for number in [p.number for p in fw.parts] if fw is not None else sorted(done):
        d, total = done.get(number, (0, 0))
        out[t("cohort.col_part", n=number)] = f"{d}/{total}" if total else ""
    if measured is not None:
        out[t("cohort.col_exercises")] = f"{measured.exercises_done}/{measured.exercises_total}"
    return out


def _shared(cohort: Cohort) -> None:
    st.markdown(f"**{t('cohort.shared')}**")
    shared = cohorts().shared_cases(cohort.id)
    if not shared:
        st.caption(t("cohort.shared_none"))
    for info, permission in shared:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(f"{md(info.title or t('sidebar.untitled'))} · "
                      f"{permission_word(permission)} · {info.updated_at:%Y-%m-%d}")
        right.button(t("cohort.open_case"), key=f"open:{cohort.id}:{info.id}",
                     on_click=_open, args=(info.id,), icon=":material/open_in_new:")


@state.storing
def _open(case_id: str) -> None:
    state.open_case(case_id)
    st.session_state["_switch_to"] = "app_pages/case.py"


def _membership(cohort: Cohort) -> None:
    st.subheader(md(cohort.name), anchor=False)
    st.caption(t(f"cohort.role_{cohort.role}"))
    st.button(t("cohort.leave"), key=f"leave:{cohort.id}", on_click=_leave,
              args=(cohort.id, cohort.name), icon=":material/logout:")


@state.storing
def _leave(cohort_id: str, name: str) -> None:
    cohorts().leave(cohort_id)
    st.session_state["_notice"] = ("info", t("cohort.left", name=md(name)))
