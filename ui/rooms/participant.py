"""The participant's page of a live room (`/room?room=CODE`), made for a phone (390 px wide)
as much as a laptop: join under a name (and say whether it may appear in the minutes), wait
to be let in, then see the anonymised case (never the real names), the meeting's current
phase and what it asks for: a question, a concern of the middle, an advice with its game
changer and the pitfalls it avoids, or a reading of each actor's role and side (a tap per
actor). Every refusal is said in the participant's language, and nothing is stored then.

One fragment with `run_every` asks the store for the room's version (what this screen
shows: open or closed, admitted, the case's revision) and runs the page again only when it
changed."""

from __future__ import annotations

import streamlit as st

from workbook.case.model import SIDES, Case
from workbook.case.store import CaseNotFound, StoreUnavailable
from workbook.framework.schema import Framework
from workbook.meetings.methods import Method
from workbook.plain import md, md_lines
from workbook.rooms.entry import KINDS, MAX_TEXT, Refused
from workbook.rooms.room import Member, Room, valid_code
from workbook.share.anonymise import anonymise
from ui import urlstate
from ui.account import session_user
from ui.i18n import lang, t, tx
from ui.resources import framework_for, methods_for, rooms

CODE = "room_code"  # the room this session is in
SEEN = "_room_seen"  # the version this screen was drawn from
SAID = "_room_said"  # what the last submission's answer was: (kind, level, text)
POLL_S = 1.5


def page() -> None:
    st.title(t("room.title"))
    code = _code()
    if code is None:
        st.info(t("room.no_code"))
        return
    if not code:  # the link held no room code at all
        st.error(t("room.refused_unknown"))
        return
    access = rooms()
    try:
        version = access.version(code)
        room = access.room(code)
    except StoreUnavailable:
        st.error(t("room.store_down"))
        return
    if room is None or version is None:
        st.error(t("room.refused_unknown"))
        return
    st.session_state[SEEN] = version.participant
    if not room.is_open:
        st.warning(t("room.refused_closed"))
        return
    me = access.me(code)
    said()
    if me is None:
        join_form(code)
    elif not me.admitted:
        st.info(t("room.waiting", n=me.number))
        _rename(code, me)
    else:
        inside(code, room, me)
    watch(code)


def _code() -> str | None:
    linked = urlstate.linked_value("room")
    if linked is not None:
        st.session_state[CODE] = linked if valid_code(linked) else ""
    code = st.session_state.get(CODE)
    if code:
        urlstate.show("room", code)
    return code


def watch(code: str) -> None:
    """The one live part: every POLL_S seconds, the room's version; the page runs again only
    when it changed (the facilitator let this participant in, moved to another phase,
    closed the room)."""
    @st.fragment(run_every=POLL_S)
    def tick() -> None:
        try:
            version = rooms().version(code)
        except StoreUnavailable:
            return
        now = version.participant if version is not None else None
        if now != st.session_state.get(SEEN):
            st.rerun(scope="app")

    tick()


def said() -> None:
    """The answer to the last submission, once."""
    found = st.session_state.pop(SAID, None)
    if found:
        level, text = found
        getattr(st, level)(text)
        # on a phone the form may be far below the top: said where the eye is, too
        st.toast(text, icon=":material/check_circle:" if level == "success"
                 else ":material/error:")


# -- joining ---------------------------------------------------------------------------------
def join_form(code: str) -> None:
    user = session_user()
    st.markdown(t("room.join_intro"))
    with st.form("room_join", enter_to_submit=True):
        st.text_input(t("room.your_name"), key="room_name", max_chars=120,
                      value=user.name[:120] if not user.is_local else "",
                      placeholder=t("room.your_name_placeholder"))
        st.checkbox(t("room.consent"), key="room_consent", help=t("room.consent_help"))
        st.form_submit_button(t("room.join"), type="primary", icon=":material/login:",
                              on_click=_join, args=(code,), width="stretch")


def _join(code: str) -> None:
    name = st.session_state.get("room_name") or ""
    if not name.strip() and session_user().is_local:
        st.session_state[SAID] = ("warning", t("room.need_name"))
        return
    try:
        rooms().join(code, name, bool(st.session_state.get("room_consent")))
    except Refused as err:
        st.session_state[SAID] = ("error", err.message(lang()))
    except StoreUnavailable:
        st.session_state[SAID] = ("error", t("room.store_down"))


def _rename(code: str, me: Member) -> None:
    st.caption(t("room.joined_as", name=md(me.name) or "—",
                 consent=t("room.consent_yes") if me.consent else t("room.consent_no")))


# -- inside the room -------------------------------------------------------------------------
def inside(code: str, room: Room, me: Member) -> None:
    access = rooms()
    try:
        saved = access.case(code)
    except Refused as err:
        st.error(err.message(lang()))
        return
    except (CaseNotFound, StoreUnavailable):
        st.error(t("room.store_down"))
        return
    fw = framework_for(saved.case.framework.id)
    if fw is None:
        st.error(t("room.store_down"))
        return
    case = _anonymised(saved.case, saved.head, fw)
    meeting = saved.case.meeting(room.meeting_id)
    method = methods_for(fw).get(meeting.method) if meeting else None
    st.caption(t("room.you_are", n=me.number) + (f" · {md(me.name)}" if me.name else ""))
    st.markdown(f"**{md(case.title) or t('room.untitled')}**")
    the_case(case, fw)
    if meeting is None or method is None:
        st.warning(t("room.no_meeting"))
        return
    phase = method.phase(meeting.phase)
    if phase is None:
        st.info(t("room.not_started"))
        return
    if meeting.ended:
        st.info(t("room.meeting_ended"))
        return
    index = (method.index(phase.id) or 0) + 1
    st.subheader(t("room.phase", n=index, total=len(method.phases), title=phase.title(lang())),
                 anchor=False)
    st.markdown(tx(phase.participants))
    asked = [k for k in KINDS if k in phase.collects]
    if not asked:
        st.info(t("room.nothing_asked"))
    for kind in asked:
        with st.container(border=True):
            if kind == "readings":
                reading_form(code, phase.id, case, saved.case, fw, method)
            elif kind == "advice":
                advice_form(code, phase.id, fw, method, phase.reveal_at_once)
            else:
                text_form(code, phase.id, kind, method, phase.reveal_at_once)
    sent(code, fw)


def the_case(case: Case, fw: Framework) -> None:
    """The anonymised case, folded: its story and its map (pseudonyms only)."""
    from workbook.analysis.polarmap import build_map

    with st.expander(t("room.the_case")):
        if case.narrative.strip():
            st.markdown(md_lines(case.narrative))
        if case.actors:
            fig = build_map(case, fw, lang(), width=360, height=340)
            st.plotly_chart(fig, key="room_case_map", config={"displaylogo": False})


def _anonymised(case: Case, head: int, fw: Framework) -> Case:
    """The case as a participant sees it: pseudonyms for every actor and listed phrase
    (workbook.share.anonymise); made once per revision and language in this session."""
    key = ("_room_anon", case.id, head, lang())
    found = st.session_state.get("_room_anon")
    if found and found[0] == key:
        return found[1]
    shown = anonymise(case, fw, lang())
    st.session_state["_room_anon"] = (key, shown)
    return shown


def text_form(code: str, phase: str, kind: str, method: Method, hidden: bool) -> None:
    key = f"room_text_{kind}"
    with st.form(f"room_form_{kind}", clear_on_submit=True, border=False,
                 enter_to_submit=False):
        st.text_area(t(f"room.ask_{kind}"), key=key, height=110, max_chars=MAX_TEXT,
                     placeholder=t(f"meeting.kind_{kind}_placeholder"))
        if hidden:
            st.caption(t("room.hidden_until_reveal"))
        st.form_submit_button(t("room.send"), type="primary", icon=":material/send:",
                              on_click=_send, args=(code, phase, kind, method.id),
                              width="stretch")


def advice_form(code: str, phase: str, fw: Framework, method: Method, hidden: bool) -> None:
    key = "room_text_advice"
    gcs = {g.id: tx(g.name) for g in fw.concepts.game_changers}
    pits = {p.id: tx(p.name) for p in fw.concepts.pitfalls}
    with st.form("room_form_advice", clear_on_submit=True, border=False,
                 enter_to_submit=False):
        st.text_area(t("room.ask_advice"), key=key, height=110, max_chars=MAX_TEXT,
                     placeholder=t("meeting.kind_advice_placeholder"))
        st.pills(t("meeting.serves"), options=list(gcs), format_func=gcs.get,
                 key=f"{key}_gc", selection_mode="single", help=t("meeting.serves_help"))
        st.pills(t("room.avoids"), options=list(pits), format_func=pits.get,
                 key=f"{key}_pitfalls", selection_mode="multi", help=t("meeting.pitfalls_help"))
        if hidden:
            st.caption(t("room.hidden_until_reveal"))
        st.form_submit_button(t("room.send"), type="primary", icon=":material/send:",
                              on_click=_send, args=(code, phase, "advice", method.id),
                              width="stretch")


def reading_form(code: str, phase: str, shown: Case, case: Case, fw: Framework,
                 method: Method) -> None:
    """A tap per actor for its role and one for its side; actors by their pseudonyms (the
    widgets are keyed by the actor's place, never by its id, which may be made of a name)."""
    roles = {r.id: tx(r.name) for r in fw.concepts.roles}
    sides = {s: t(f"room.side_{s}") for s in SIDES}
    st.markdown(f"**{t('room.ask_readings')}**")
    st.caption(t("room.readings_help"))
    if not case.actors:
        st.caption(t("field.no_actors_yet"))
        return
    with st.form("room_form_readings", border=False, enter_to_submit=False):
        for i, actor in enumerate(shown.actors):
            st.markdown(f"**{md(actor.name) or t('compare.actor_n', n=i + 1)}**")
            st.pills(t("room.role_of", n=i + 1), options=list(roles), format_func=roles.get,
                     key=f"room_role_{i}", selection_mode="single",
                     label_visibility="collapsed")
            st.segmented_control(t("room.side_of", n=i + 1), options=list(sides),
                                 format_func=sides.get, key=f"room_side_{i}",
                                 label_visibility="collapsed")
        st.form_submit_button(t("room.send_reading"), type="primary", icon=":material/send:",
                              on_click=_send, args=(code, phase, "readings", method.id),
                              width="stretch")


def _payload(kind: str, case: Case | None) -> dict:
    get = st.session_state.get
    if kind == "readings":
        placements = {}
        for i, actor in enumerate(case.actors if case else []):
            role, side = get(f"room_role_{i}"), get(f"room_side_{i}")
            if role or side:
                placements[actor.id] = {"role": role or "", "side": side or "none"}
        return {"placements": placements}
    text = get(f"room_text_{kind}") or ""
    if kind == "advice":
        return {"text": text, "game_changer": get("room_text_advice_gc") or "",
                "pitfalls": list(get("room_text_advice_pitfalls") or [])}
    return {"text": text}


def _send(code: str, phase: str, kind: str, method_id: str) -> None:
    access = rooms()
    try:
        saved = access.case(code)
        fw = framework_for(saved.case.framework.id)
        method = methods_for(fw).get(method_id) if fw else None
        access.submit(code, phase, kind, _payload(kind, saved.case), method, fw)
    except Refused as err:
        st.session_state[SAID] = ("error", err.message(lang()))
        return
    except (CaseNotFound, StoreUnavailable):
        st.session_state[SAID] = ("error", t("room.store_down"))
        return
    st.session_state[SAID] = ("success", t(f"room.sent_{kind}"))


def sent(code: str, fw: Framework) -> None:
    """What this participant sent, newest first (as typed: plain text)."""
    every = rooms().mine(code)
    mine = [s for s in every if s.kind != "readings"]
    readings = sum(1 for s in every if s.kind == "readings")
    if not mine and not readings:
        return
    with st.expander(t("room.what_you_sent", n=len(mine) + readings)):
        for s in reversed(mine):
            st.markdown(md_lines(s.text))
            st.caption(t(f"room.kind_{s.kind}"))
        if readings:
            st.caption(t("room.readings_sent", n=readings))
