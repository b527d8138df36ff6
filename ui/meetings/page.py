"""The meeting page: pick (or plan) an intervision meeting of the open case, then run it,
open a live room where participants add their input from their own devices (ui/rooms/),
compare readings, or take its minutes, each in a tab whose id is in the URL (`?tab=`)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from workbook.case.model import Case, Meeting
from workbook.meetings import meeting as mt
from workbook.meetings.methods import Method, Methods
from workbook.meetings.minutes import meeting_title
from workbook.plain import md
from ui import state
from ui.i18n import lang, t
from ui.pagetabs import open_tab
from ui.resources import framework_for, methods_for
from ui.meetings import compare, minutes, run
from ui.rooms import facilitator

TABS = ("run", "room", "compare", "minutes")
PICK = "meeting_pick"  # the meeting shown (its id), kept in the session
NEW = "_meeting_new"  # the value of the picker that plans a new meeting


def show() -> None:
    st.title(t("meeting.title"))
    case = state.current()
    fw = framework_for(case.framework.id) if case else None
    if case is None or fw is None:
        st.info(t("meeting.need_case"))  # the sidebar hides the case list here (anonymised)
        st.page_link("app_pages/case.py", label=t("nav.case"), icon=":material/folder_open:")
        return
    methods = methods_for(fw)
    for problem in methods.problems:  # a file's own words are text, never markup
        st.error(f"{t('meeting.method_problem')}: {md(problem.format(lang()))}")
    if not methods.methods:
        st.warning(t("meeting.no_methods"))
        return
    meeting, anonymised = choose(case, methods, fw)
    if meeting is None:
        return
    method = methods.get(meeting.method)
    if method is None:
        st.error(t("meeting.unknown_method", id=md(meeting.method)))
        return
    labels = [t(f"meeting.tab_{tab}") for tab in TABS]
    tab, box = open_tab("meeting", TABS, labels)
    with box:
        if tab == "run":
            run.view(case, meeting, method, fw,
                     shown=compare.shown_case(case, fw) if anonymised else case)
        elif tab == "room":
            facilitator.view(case, meeting, method, fw)
        elif tab == "compare":
            compare.view(case, meeting, fw, anonymised)
        else:
            minutes.view(case, meeting, method, fw, anonymised)


def choose(case: Case, methods: Methods, fw) -> tuple[Meeting | None, bool]:
    """The meeting picker, the switch to anonymise, planning a new one. The meeting shown
    (or None) and whether the page shows it anonymised."""
    left, middle, right = st.columns([4, 1.4, 1.2], vertical_alignment="bottom")
    with middle:
        anonymised = compare.anonymised_toggle()
    shown = compare.shown_case(case, fw) if anonymised else case
    titles = {m.id: meeting_title(m, methods.get(m.method), lang()) for m in shown.meetings}
    options = [*reversed(list(titles)), NEW]  # the newest first
    if st.session_state.get(PICK) not in options:
        st.session_state[PICK] = options[0]
    names = {**titles, NEW: t("meeting.new")}
    picked = left.selectbox(t("meeting.pick"), options=options, format_func=names.get, key=PICK)
    if picked == NEW:
        plan_form(methods)
        return None, anonymised
    meeting = case.meeting(picked)
    if meeting is not None:
        with right.popover(t("meeting.delete"), icon=":material/delete:"):
            st.write(t("meeting.delete_confirm"))
            st.button(t("meeting.delete_yes"), key="meeting_delete", type="primary",
                      on_click=_delete, args=(meeting.id,))
    return meeting, anonymised


@state.storing
def _delete(meeting_id: str) -> None:
    case = state.current()
    meeting = case.meeting(meeting_id) if case else None
    if meeting is not None and state.change(mt.remove(case, meeting), note="meeting"):
        st.session_state.pop(PICK, None)


def plan_form(methods: Methods) -> None:
    """Plan a meeting: the method (what it is, how long, where it comes from), a title, the
    date and who takes part."""
    names = {m.id: m.title(lang()) for m in methods.methods}
    method_id = st.radio(t("meeting.method"), options=list(names), format_func=names.get,
                         key="meeting_new_method")
    method = methods.get(method_id) or methods.methods[0]
    describe(method)
    with st.form("meeting_new", border=True, enter_to_submit=False):
        st.text_input(t("meeting.name"), key="meeting_new_title", max_chars=300,
                      placeholder=t("meeting.name_placeholder"))
        left, right = st.columns(2)
        left.date_input(t("meeting.date"), value=dt.date.today(), key="meeting_new_date",
                        format="DD/MM/YYYY")
        right.text_input(t("meeting.facilitator"), key="meeting_new_facilitator", max_chars=300)
        left.text_input(t("meeting.case_bringer"), key="meeting_new_bringer", max_chars=300,
                        help=t("meeting.case_bringer_help"))
        right.text_area(t("meeting.participants"), key="meeting_new_participants", height=100,
                        help=t("meeting.participants_help"))
        st.form_submit_button(t("meeting.plan"), type="primary", icon=":material/event:",
                              on_click=_plan, args=(method.id,))


def describe(method: Method) -> None:
    """What a method is, in a few lines: summary, who, phases and time, origin."""
    phases = " → ".join(f"{p.title(lang())} ({p.minutes}′)" for p in method.phases)
    st.caption(method.summary(lang()))
    if method.group is not None:
        st.caption(f"{t('meeting.group')}: {method.group(lang())}")
    st.caption(t("meeting.phases_total", n=len(method.phases), minutes=method.minutes)
               + f": {phases}")
    st.caption(f"{t('meeting.origin')}: {method.origin(lang())}")


@state.storing
def _plan(method_id: str) -> None:
    case = state.current()
    fw = framework_for(case.framework.id) if case else None
    method = methods_for(fw).get(method_id) if fw else None
    if case is None or method is None:
        return
    text = st.session_state.get("meeting_new_participants") or ""
    people = [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]
    meeting, ops = mt.plan(method, st.session_state.get("meeting_new_title") or "",
                           st.session_state.get("meeting_new_date"),
                           st.session_state.get("meeting_new_facilitator") or "",
                           st.session_state.get("meeting_new_bringer") or "", people)
    if state.change(ops, note="meeting"):
        st.session_state[PICK] = meeting.id
        st.session_state["_notice"] = ("success", t("meeting.planned"))
