"""The cohort page: a facilitator makes cohorts, hands out their join link, sets the dates of
the three sessions and follows the members' progress per part and their assignments between
the sessions (counts and done or open only; a case's contents only when it was shared); a
trainee sees their cohorts (with their dates) and can leave one."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import streamlit as st

from workbook import dates
from workbook.accounts.cohorts import (SESSIONS, Cohort, Member, MemberProgress,
                                       ScheduleRefused)
from workbook.framework import course
from workbook.framework.progress import Progress, progress
from workbook.plain import md
from ui import state
from ui.account import session_user, settings_auth_base
from ui.accounts.sharing import permission_word
from ui.framework.course import forget_schedule
from ui.i18n import lang, t
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
    _sessions(cohort)
    _progress(cohort)
    _shared(cohort)


def _session_keys(cohort_id: str) -> list[str]:
    return [f"sessions:{cohort_id}:{n}" for n in range(1, SESSIONS + 1)]


def _sessions(cohort: Cohort) -> None:
    """The three session dates, typed day first; until they are set, the course's rhythm
    from the day the cohort was made (or from session 1 as typed) shows in the empty
    fields."""
    st.markdown(f"**{t('cohort.sessions')}**")
    st.caption(t("cohort.sessions_help"))
    keys = _session_keys(cohort.id)
    for n, key in enumerate(keys):
        state.widget_value(key, dates.typed(cohort.sessions[n]) if n < len(cohort.sessions)
                           else "")
    shown = _defaults(cohort, keys[0])
    for column, key, n, default in zip(st.columns(len(keys)), keys, range(1, len(keys) + 1),
                                       shown):
        column.text_input(f"{t('cohort.session_n', n=n)} ({t('dates.format')})", key=key,
                          max_chars=40, placeholder=dates.typed(default), help=t("dates.hint"))
        if n <= len(cohort.sessions):
            column.caption(dates.show(cohort.sessions[n - 1], lang()))
    st.caption(t("cohort.sessions_set") if cohort.sessions else t("cohort.sessions_default"))
    with st.container(horizontal=True):
        st.button(t("cohort.sessions_save"), key=f"sessions_save:{cohort.id}",
                  on_click=_save_sessions, args=(cohort.id, cohort.name),
                  icon=":material/event:")
        if cohort.sessions:
            st.button(t("cohort.sessions_clear"), key=f"sessions_clear:{cohort.id}",
                      on_click=_clear_sessions, args=(cohort.id, cohort.name),
                      icon=":material/event_busy:")


def _defaults(cohort: Cohort, first_key: str) -> list[dt.date]:
    """The course's rhythm from session 1 as typed, else from the day the cohort was made."""
    try:
        first = dates.parse(st.session_state.get(first_key))
    except dates.DateRefused:
        first = None
    if first is None:
        first = cohort.created_at.date() if cohort.created_at else dt.date.today()
    return course.session_dates(first)


@state.storing
def _save_sessions(cohort_id: str, name: str) -> None:
    keys = _session_keys(cohort_id)
    try:
        typed = [dates.parse(st.session_state.get(key)) for key in keys]
    except dates.DateRefused as err:
        st.session_state["_notice"] = ("error", t("cohort.sessions_refused",
                                                  reason=md(err.message(lang()))))
        return
    if typed[0] is not None:  # the last ones left empty follow the course's rhythm
        rhythm = course.session_dates(typed[0], sessions=len(keys))
        typed = [rhythm[n] if all(d is None for d in typed[n:]) else day
                 for n, day in enumerate(typed)]
    try:
        saved = cohorts().set_sessions(cohort_id, typed)
    except ScheduleRefused as err:
        st.session_state["_notice"] = ("error", t("cohort.sessions_refused",
                                                  reason=md(err.message(lang()))))
        return
    forget_schedule()
    for key, day in zip(keys, saved):
        st.session_state[key] = dates.typed(day)
    st.session_state["_notice"] = ("success", t(
        "cohort.sessions_saved", name=md(name),
        dates=", ".join(dates.show(day, lang()) for day in saved)))


@state.storing
def _clear_sessions(cohort_id: str, name: str) -> None:
    cohorts().set_sessions(cohort_id, None)
    forget_schedule()
    for key in _session_keys(cohort_id):
        st.session_state[key] = ""
    st.session_state["_notice"] = ("info", t("cohort.sessions_cleared", name=md(name)))


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
    rows = [_row(m, measured.get(m.user), list(cohort.sessions) or None) for m in members]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    st.dataframe([{k: row.get(k, "") for k in columns} for row in rows], hide_index=True,
                 width="stretch")
    if not measured:
        st.caption(t("cohort.no_trainees"))


def _row(member: Member, row: MemberProgress | None,
         sessions: list[dt.date] | None) -> dict[str, object]:
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
    if measured is not None and fw is not None:  # done or open, never the note
        states = course.assignment_states(fw, dict(measured.assignments), sessions,
                                          dt.date.today())
        for part, status in states:
            out[t("cohort.col_task", n=part)] = t(f"cohort.task_{status}")
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
    if cohort.sessions:
        st.markdown(f"**{t('cohort.sessions')}**: "
                    + ", ".join(dates.show(day, lang()) for day in cohort.sessions))
    st.button(t("cohort.leave"), key=f"leave:{cohort.id}", on_click=_leave,
              args=(cohort.id, cohort.name), icon=":material/logout:")


@state.storing
def _leave(cohort_id: str, name: str) -> None:
    cohorts().leave(cohort_id)
    forget_schedule()
    st.session_state["_notice"] = ("info", t("cohort.left", name=md(name)))
