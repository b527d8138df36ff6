"""Running a meeting: the phases as steps, the open phase's instructions, its clock (visible,
pausable, over time shown; one fragment redraws the clock alone every second while it runs),
and what the phase collects: questions, analyses, notes, advice (with the game changer it
serves and the pitfalls it names), the case-bringer's choice of advice (taken advice goes into
the action plan), the follow-up, the participants' readings."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from workbook.case.model import SIDES, Case, Meeting, MeetingItem
from workbook.framework.schema import Framework
from workbook.meetings import clock as clk
from workbook.meetings import meeting as mt
from workbook.meetings.methods import ITEM_KINDS, Method, Phase
from workbook.plain import md, md_lines
from ui import state
from ui.i18n import lang, t, tx
from ui.resources import framework_for, methods_for


def view(case: Case, meeting: Meeting, method: Method, fw: Framework,
         shown: Case | None = None) -> None:
    """The open step. `shown` is the case as the page shows it (anonymised while the switch
    is on): what the meeting recorded is read from it; what is edited is the case itself."""
    shown = shown or case
    steps(meeting, method)
    phase = method.phase(meeting.phase)
    if phase is None:
        st.info(t("meeting.not_started", minutes=method.minutes))
        st.button(t("meeting.start"), key="meeting_start", type="primary",
                  icon=":material/play_arrow:", on_click=_do, args=("start", meeting.id))
        return
    left, right = st.columns([3, 2], gap="large")
    with left:
        index = method.index(phase.id) or 0
        st.subheader(t("meeting.phase_of", n=index + 1, total=len(method.phases),
                       title=phase.title(lang())), anchor=False)
        if meeting.ended:
            st.success(t("meeting.ended"))
        with st.container(border=True):
            st.markdown(f"**{t('meeting.for_facilitator')}**")
            st.markdown(tx(phase.facilitator))
        record(shown, meeting, method, phase, fw)
    with right:
        clock_panel(meeting, method)
        controls(meeting, method)
        instructions(phase)


def steps(meeting: Meeting, method: Method) -> None:
    """The phases in a row: done, open, to come; a click opens a phase."""
    now_at = method.index(meeting.phase)
    labels = {}
    for i, p in enumerate(method.phases):
        mark = "✓ " if now_at is not None and i < now_at else ""
        labels[p.id] = f"{mark}{i + 1}. {p.title(lang())}"
    key = f"meeting_steps_{meeting.id}"
    st.session_state[key] = meeting.phase if meeting.phase else None
    st.segmented_control(t("meeting.phases"), options=[p.id for p in method.phases],
                         format_func=labels.get, key=key, on_change=_go_to,
                         args=(meeting.id, key), label_visibility="collapsed")


def instructions(phase: Phase) -> None:
    """What the participants and the case-bringer do in this phase (the facilitator's part
    stands above what the phase records)."""
    with st.container(border=True):
        st.markdown(f"**{t('meeting.for_participants')}**")
        st.markdown(tx(phase.participants))
    if phase.case_bringer:
        with st.container(border=True):
            st.markdown(f"**{t('meeting.for_case_bringer')}**")
            st.markdown(tx(phase.case_bringer))


def clock_panel(meeting: Meeting, method: Method) -> None:
    """The clock, in a fragment of its own that reruns every second while it runs (only
    the clock is redrawn); paused, it is drawn once."""
    running = meeting.running_since is not None and not meeting.ended

    @st.fragment(run_every=1 if running else None)
    def draw() -> None:
        shown = clk.clock(meeting, method)
        if shown is None:
            return
        with st.container(border=True, key="meeting_clock"):
            if meeting.ended:
                st.caption(t("meeting.clock_stopped"))
            elif not shown.running:
                st.caption(t("meeting.clock_paused"))
            else:
                st.caption(t("meeting.clock_running"))
            if shown.over:
                st.markdown(f"## :red[{t('meeting.over', time=clk.mmss(-shown.left))}]")
                st.caption(t("meeting.over_help", time=clk.mmss(shown.elapsed),
                             planned=clk.mmss(shown.planned)))
            else:
                st.markdown(f"## {clk.mmss(shown.elapsed)}")
                st.caption(t("meeting.left", left=clk.mmss(shown.left),
                             planned=clk.mmss(shown.planned)))
            st.progress(shown.share)

    draw()


def controls(meeting: Meeting, method: Method) -> None:
    """Back and pause side by side; the next step (or the end) as one wide button under
    them, the one a facilitator presses most."""
    index = method.index(meeting.phase) or 0
    cols = st.columns(2)
    cols[0].button(t("meeting.previous"), key="meeting_prev", icon=":material/skip_previous:",
                   disabled=index == 0, help=t("meeting.previous_help"),
                   on_click=_do, args=("prev", meeting.id), width="stretch")
    if meeting.ended:
        cols[1].button(t("meeting.reopen"), key="meeting_reopen", icon=":material/replay:",
                       on_click=_do, args=("reopen", meeting.id), width="stretch")
    elif meeting.running_since is not None:
        cols[1].button(t("meeting.pause"), key="meeting_pause", icon=":material/pause:",
                       on_click=_do, args=("pause", meeting.id), width="stretch")
    else:
        cols[1].button(t("meeting.resume"), key="meeting_resume", icon=":material/play_arrow:",
                       on_click=_do, args=("resume", meeting.id), width="stretch")
    if index >= len(method.phases) - 1:
        st.button(t("meeting.end"), key="meeting_end", icon=":material/stop:", type="primary",
                  help=t("meeting.end_help"), disabled=meeting.ended, on_click=_do,
                  args=("end", meeting.id), width="stretch")
    else:
        st.button(t("meeting.next"), key="meeting_next", icon=":material/skip_next:",
                  type="primary", help=t("meeting.next_help"), on_click=_do,
                  args=("next", meeting.id), width="stretch")


def _loaded() -> tuple[Case | None, Method | None, Framework | None]:
    case = state.current()
    fw = framework_for(case.framework.id) if case else None
    return case, fw, (methods_for(fw) if fw else None)


@state.storing
def _do(what: str, meeting_id: str) -> None:
    case, fw, methods = _loaded()
    meeting = case.meeting(meeting_id) if case else None
    method = methods.get(meeting.method) if meeting and methods else None
    if meeting is None or method is None:
        return
    ops = {"start": lambda: mt.start(meeting, method),
           "next": lambda: mt.step(meeting, method, 1),
           "prev": lambda: mt.step(meeting, method, -1),
           "pause": lambda: mt.pause(meeting),
           "resume": lambda: mt.resume(meeting),
           "end": lambda: mt.end(meeting),
           "reopen": lambda: mt.go_to(meeting, method, meeting.phase)}[what]()
    state.change(ops, note="meeting")


@state.storing
def _go_to(meeting_id: str, key: str) -> None:
    phase = st.session_state.get(key)
    case, fw, methods = _loaded()
    meeting = case.meeting(meeting_id) if case else None
    method = methods.get(meeting.method) if meeting and methods else None
    if meeting is None or method is None or not phase:
        return
    state.change(mt.go_to(meeting, method, phase), note="meeting")


# -- what the phase collects --------------------------------------------------------------------
def record(case: Case, meeting: Meeting, method: Method, phase: Phase, fw: Framework) -> None:
    kinds = [k for k in ITEM_KINDS if k in phase.collects]
    if not phase.collects:
        st.caption(t("meeting.collects_nothing"))
    for kind in kinds:
        with st.container(border=True):
            if kind == "advice":
                advice_form(meeting, phase, fw)
            else:
                item_form(meeting, phase, kind)
            item_list(case, meeting, phase, kind, fw)
    if "choice" in phase.collects:
        with st.container(border=True):
            choice(case, meeting, fw)
    if "follow_up" in phase.collects:
        with st.container(border=True):
            follow_up(meeting)
    if "readings" in phase.collects:
        with st.container(border=True):
            readings(case, meeting, fw)


def item_form(meeting: Meeting, phase: Phase, kind: str) -> None:
    key = f"meeting_new_{kind}"
    with st.form(f"meeting_form_{kind}", clear_on_submit=True, border=False,
                 enter_to_submit=False):
        st.text_area(t(f"meeting.kind_{kind}_new"), key=key, height=80,
                     placeholder=t(f"meeting.kind_{kind}_placeholder"))
        st.form_submit_button(t("meeting.add"), icon=":material/add:",
                              on_click=_add, args=(meeting.id, phase.id, kind, key))


def advice_form(meeting: Meeting, phase: Phase, fw: Framework) -> None:
    key = "meeting_new_advice"
    gcs = {g.id: f"{g.number}. {tx(g.name)}" for g in fw.concepts.game_changers}
    pits = {p.id: tx(p.name) for p in fw.concepts.pitfalls}
    with st.form("meeting_form_advice", clear_on_submit=True, border=False,
                 enter_to_submit=False):
        st.text_area(t("meeting.kind_advice_new"), key=key, height=80,
                     placeholder=t("meeting.kind_advice_placeholder"))
        left, right = st.columns(2)
        left.selectbox(t("meeting.serves"), options=list(gcs), format_func=gcs.get,
                       key=f"{key}_gc", index=None, placeholder=t("meeting.serves_pick"),
                       help=t("meeting.serves_help"))
        right.multiselect(t("meeting.names_pitfalls"), options=list(pits), format_func=pits.get,
                          key=f"{key}_pitfalls", placeholder=t("meeting.pitfalls_pick"),
                          help=t("meeting.pitfalls_help"))
        st.form_submit_button(t("meeting.add_advice"), icon=":material/add:",
                              on_click=_add, args=(meeting.id, phase.id, "advice", key))


@state.storing
def _add(meeting_id: str, phase_id: str, kind: str, key: str) -> None:
    text = (st.session_state.get(key) or "").strip()
    case = state.current()
    meeting = case.meeting(meeting_id) if case else None
    if not text or meeting is None:
        if not text:
            st.session_state["_notice"] = ("warning", t("meeting.empty_item"))
        return
    _, ops = mt.add_item(meeting, phase_id, kind, text,
                         st.session_state.get(f"{key}_gc") or "",
                         st.session_state.get(f"{key}_pitfalls") or [])
    state.change(ops, note="meeting")


def item_list(case: Case, meeting: Meeting, phase: Phase, kind: str, fw: Framework) -> None:
    found = mt.items_of(case, meeting.id, phase.id, kind)
    if not found:
        st.caption(t(f"meeting.kind_{kind}_none"))
        return
    st.markdown(f"**{t(f'meeting.kind_{kind}_plural')}** ({len(found)})")
    for item in found:
        text_col, button_col = st.columns([12, 1], vertical_alignment="top")
        with text_col:
            st.markdown(md_lines(item.text) or "—")
            tags = tags_of(item, fw)
            if tags:
                st.caption(tags)
        button_col.button("", key=f"meeting_del_{item.id}", icon=":material/delete:",
                          help=t("meeting.delete_item"), on_click=_delete_item,
                          args=(item.id,))


def tags_of(item: MeetingItem, fw: Framework) -> str:
    """The advice's game changer and pitfalls, and whether it was taken (Markdown: framework
    words and our own, no user text)."""
    parts = []
    gc = next((g for g in fw.concepts.game_changers if g.id == item.game_changer), None)
    if gc is not None:
        parts.append(f"{t('meeting.serves_short', name=tx(gc.name))}")
    pits = [tx(p.name) for p in fw.concepts.pitfalls if p.id in item.pitfalls]
    if pits:
        parts.append(f"{t('meeting.pitfalls_short', names=', '.join(pits))}")
    if item.taken:
        parts.append(f"{t('meeting.taken_short')}")
    return " · ".join(parts)


@state.storing
def _delete_item(item_id: str) -> None:
    case = state.current()
    item = next((i for i in case.meeting_items if i.id == item_id), None) if case else None
    if item is not None:
        state.change(mt.delete_item(case, item), note="meeting")


def choice(case: Case, meeting: Meeting, fw: Framework) -> None:
    """The case-bringer marks the advice they take; taken advice becomes an action."""
    st.markdown(f"**{t('meeting.choice')}**")
    st.caption(t("meeting.choice_help"))
    advice = mt.items_of(case, meeting.id, kind="advice")
    if not advice:
        st.caption(t("meeting.no_advice_yet"))
        return
    for item in advice:
        key = f"meeting_take_{item.id}"
        st.session_state[key] = item.taken
        st.checkbox(md(item.text), key=key, on_change=_take, args=(item.id, key))
        tags = tags_of(item, fw)
        if tags:
            st.caption(tags)
    taken = mt.actions_of(case, meeting.id)
    if taken:
        st.success(t("meeting.in_plan", n=len(taken)))
        st.page_link("app_pages/part3.py", label=t("meeting.open_plan"),
                     icon=":material/flag:", query_params={"ws": "plan"})


@state.storing
def _take(item_id: str, key: str) -> None:
    case = state.current()
    item = next((i for i in case.meeting_items if i.id == item_id), None) if case else None
    if item is not None:
        state.change(mt.take(case, item, bool(st.session_state.get(key))), note="meeting")


def follow_up(meeting: Meeting) -> None:
    st.markdown(f"**{t('meeting.follow_up')}**")
    with st.form("meeting_follow_up", border=False, enter_to_submit=False):
        date_key, note_key = f"meeting_fu_date_{meeting.id}", f"meeting_fu_note_{meeting.id}"
        st.date_input(t("meeting.follow_up_date"), value=meeting.follow_up, key=date_key,
                      format="DD/MM/YYYY", min_value=dt.date(2000, 1, 1))
        st.text_area(t("meeting.follow_up_note"), value=meeting.follow_up_note, key=note_key,
                     height=80, placeholder=t("meeting.follow_up_placeholder"))
        st.form_submit_button(t("meeting.save"), icon=":material/save:", on_click=_follow_up,
                              args=(meeting.id, date_key, note_key))
    if meeting.follow_up:
        from workbook import dates
        st.caption(t("meeting.follow_up_set", date=dates.show(meeting.follow_up, lang())))


@state.storing
def _follow_up(meeting_id: str, date_key: str, note_key: str) -> None:
    case = state.current()
    meeting = case.meeting(meeting_id) if case else None
    if meeting is None:
        return
    state.change(mt.edit(meeting, follow_up=st.session_state.get(date_key),
                         follow_up_note=(st.session_state.get(note_key) or "").strip()),
                 note="meeting")


# -- readings -----------------------------------------------------------------------------------
def readings(case: Case, meeting: Meeting, fw: Framework) -> None:
    """A participant's reading: where they place each actor (role, side, stance)."""
    import pandas as pd

    st.markdown(f"**{t('meeting.readings')}**")
    st.caption(t("meeting.readings_help"))
    kept = mt.readings_of(case, meeting.id)
    if kept:
        st.caption(t("meeting.readings_kept", n=len(kept),
                     names=", ".join(md(r.reader) or "?" for r in kept)))
    if not case.actors:
        st.caption(t("field.no_actors_yet"))
        return
    roles = {r.id: tx(r.name) for r in fw.concepts.roles}
    sides = {s: t(f"actor.side_{s}") for s in SIDES}
    frame = pd.DataFrame([{"name": a.name, "role": a.role or None, "side": a.side,
                           "stance": a.stance} for a in case.actors]).astype({"stance": float})
    with st.form("meeting_reading", border=False, enter_to_submit=False, clear_on_submit=True):
        st.text_input(t("meeting.reader"), key="meeting_reader", max_chars=300,
                      placeholder=t("meeting.reader_placeholder"))
        st.data_editor(frame, key="meeting_reading_table", hide_index=True, num_rows="fixed",
                       width="stretch", disabled=["name"], column_config={
                           "name": st.column_config.TextColumn(t("actor.name")),
                           "role": st.column_config.SelectboxColumn(
                               t("actor.role"), options=list(roles), format_func=roles.get),
                           "side": st.column_config.SelectboxColumn(
                               t("actor.side"), options=list(sides), format_func=sides.get),
                           "stance": st.column_config.NumberColumn(
                               t("actor.stance"), min_value=-1.0, max_value=1.0, step=0.1)})
        st.form_submit_button(t("meeting.keep_reading"), icon=":material/add:",
                              on_click=_keep_reading, args=(meeting.id,))
    for reading in kept:
        left, right = st.columns([12, 1])
        left.markdown(f"- {md(reading.reader) or '?'}: "
                      + t("meeting.reading_count", n=len(reading.placements)))
        right.button("", key=f"meeting_del_reading_{reading.id}", icon=":material/delete:",
                     help=t("meeting.delete_reading"), on_click=_delete_reading,
                     args=(reading.id,))


@state.storing
def _keep_reading(meeting_id: str) -> None:
    case = state.current()
    meeting = case.meeting(meeting_id) if case else None
    if meeting is None:
        return
    edited = (st.session_state.get("meeting_reading_table") or {}).get("edited_rows") or {}
    placements = {}
    for index, actor in enumerate(case.actors):
        values = {k: (None if v != v else v) for k, v in edited.get(index, edited.get(str(index), {})).items()}
        place = {"role": actor.role, "side": actor.side, "stance": actor.stance, **values}
        placements[actor.id] = {"role": place["role"] or "", "side": place["side"] or "none",
                                "stance": place["stance"]}
    reader = (st.session_state.get("meeting_reader") or "").strip()
    if not reader:
        reader = t("compare.reader_n", n=len(mt.readings_of(case, meeting.id)) + 1)
    state.change(mt.keep_reading(case, meeting, reader, placements), note="meeting_readings")


@state.storing
def _delete_reading(reading_id: str) -> None:
    case = state.current()
    reading = next((r for r in case.meeting_readings if r.id == reading_id), None) if case else None
    if reading is not None:
        state.change(mt.delete_reading(reading), note="meeting_readings")
