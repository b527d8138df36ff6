"""The facilitator's live room, a tab of the meeting page, made for the projector (1280 x 720):
open a room for the meeting (who gets in: those admitted one by one, or the whole cohort),
its join link and QR code (made here with segno, never by a remote service), who joined
(admit them), the phase and its controls, what arrives (revealed at once where the method
asks for it; an item can be hidden: it is kept, marked hidden), the role readings compared
live (agreement matrix and consensus map, anonymised), and closing the room, which puts
everything into the meeting's record.

One fragment with `run_every` holds the live part: each second it asks the store for the
room's version (one small query) and reads what arrived only when it changed."""

from __future__ import annotations

import io
from urllib.parse import quote, urlsplit

import streamlit as st

from workbook.case.model import Case, Meeting
from workbook.case.store import StoreUnavailable
from workbook.framework.schema import Framework
from workbook.meetings import compare as cmp
from workbook.meetings.methods import Method, Phase
from workbook.plain import md, md_lines
from workbook.rooms.entry import TEXT_KINDS, Refused
from workbook.rooms.room import Member, Room, Submission
from ui import state
from ui.account import session_user, settings_auth_base
from ui.i18n import lang, t, tx
from ui.meetings import run
from ui.meetings.compare import shown_case
from ui.resources import cohorts, rooms

POLL_S = 1.0
ON_SCREEN = 24  # items of a phase on the projector at once, newest first
LIVE = "_room_live"  # (room code, version, members, submissions) last read


def view(case: Case, meeting: Meeting, method: Method, fw: Framework) -> None:
    try:
        room = rooms().open_room(case.id, meeting.id)
    except StoreUnavailable as err:
        state.store_failed(err)
        state.show_notice()
        return
    if room is None:
        open_form(case, meeting)
        return
    left, right = st.columns([1, 2], gap="large")
    with left:
        join_panel(room)
    with right:
        phase = method.phase(meeting.phase)
        if phase is None:
            st.info(t("room.facilitator_not_started"))
            st.button(t("meeting.start"), key="room_start", type="primary",
                      icon=":material/play_arrow:", on_click=run._do,
                      args=("start", meeting.id))
        else:
            index = (method.index(phase.id) or 0) + 1
            st.subheader(t("room.phase", n=index, total=len(method.phases),
                           title=phase.title(lang())), anchor=False)
            st.caption(tx(phase.participants))
        live(room, case, meeting, phase, fw)  # what arrives first: the projector shows it
        if phase is not None:
            st.divider()
            run.controls(meeting, method)


# -- opening ---------------------------------------------------------------------------------
def open_form(case: Case, meeting: Meeting) -> None:
    st.markdown(t("room.intro"))
    user = session_user()
    options = ["admitted", "cohort"]
    labels = {"admitted": t("room.admission_admitted"),
              "cohort": t("room.admission_link") if user.is_local
              else t("room.admission_cohort")}
    mine = [] if user.is_local else [c for c in cohorts().mine()]
    st.radio(t("room.admission"), options=options, format_func=labels.get,
             key="room_admission", horizontal=True)
    if st.session_state.get("room_admission") == "cohort" and not user.is_local:
        if not mine:
            st.caption(t("room.no_cohorts"))
        else:
            names = {c.id: c.name for c in mine}
            st.selectbox(t("room.cohort"), options=list(names),
                         format_func=lambda c: md(names.get(c, "")), key="room_cohort")
    st.button(t("room.open"), key="room_open", type="primary", icon=":material/podium:",
              on_click=_open, args=(case.id, meeting.id))


@state.storing
def _open(case_id: str, meeting_id: str) -> None:
    admission = st.session_state.get("room_admission") or "admitted"
    try:
        rooms().open(case_id, meeting_id, admission, st.session_state.get("room_cohort"))
    except ValueError:
        st.session_state["_notice"] = ("warning", t("room.pick_cohort"))


# -- the join panel --------------------------------------------------------------------------
def public_base() -> str:
    """The address participants open: the login's public address (hosted), else this
    browser's own."""
    if not session_user().is_local:
        base = settings_auth_base()
        if base:
            return base
    try:
        url = urlsplit(str(st.context.url or ""))
        if url.scheme and url.netloc:
            return f"{url.scheme}://{url.netloc}"
    except Exception:  # noqa: BLE001 - no request to look at (a test)
        pass
    return "http://localhost:8501"


def join_link(code: str) -> str:
    return f"{public_base()}/room?room={quote(code)}"


def qr_png(link: str) -> bytes:
    """The link as a QR code, made here (segno): nothing is sent anywhere."""
    import segno

    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def join_panel(room: Room) -> None:
    link = join_link(room.code)
    st.markdown(f"**{t('room.join_here')}**")
    st.image(qr_png(link), width=200, alt=t("room.qr_alt"))
    st.code(link, language=None, wrap_lines=True)
    user = session_user()
    admitted_label = t("room.admission_admitted")
    cohort_label = t("room.admission_link") if user.is_local else t("room.admission_cohort")
    st.caption(t("room.admission_now", how=cohort_label if room.admission == "cohort"
                 else admitted_label))
    if room.admission != "cohort" and user.is_local:
        st.button(t("room.let_everyone_in"), key="room_everyone", icon=":material/group:",
                  on_click=_everyone, args=(room.code,))
    with st.popover(t("room.close"), icon=":material/stop_circle:", width="stretch"):
        st.write(t("room.close_confirm"))
        st.button(t("room.close_yes"), key="room_close", type="primary",
                  on_click=_close, args=(room.code,))


@state.storing
def _everyone(code: str) -> None:
    rooms().set_admission(code, "cohort")


@state.storing
def _close(code: str) -> None:
    try:
        rooms().close(code, lang())
    except Refused as err:
        st.session_state["_notice"] = ("warning", err.message(lang()))
        return
    st.session_state.pop(LIVE, None)
    st.session_state["_notice"] = ("success", t("room.closed_done"))


# -- the live part ---------------------------------------------------------------------------
def _panel(room: Room, case: Case, phase: Phase | None, fw: Framework, drawn_at) -> None:
    try:
        members, subs = _read(room.code, drawn_at)
    except StoreUnavailable:
        st.caption(t("room.store_down"))
        return
    except Refused:
        return
    who_joined(room.code, members)
    if phase is not None:
        arrived(room.code, phase, subs, fw)
    readings(subs, members, case, fw)


def live(room: Room, case: Case, meeting: Meeting, phase: Phase | None,
         fw: Framework) -> None:
    drawn_at = state.head()  # the case's revision this page was drawn from

    @st.fragment(run_every=POLL_S)
    def panel() -> None:
        with state.run_body():  # this fragment reruns alone: its own body
            _panel(room, case, phase, fw, drawn_at)

    panel()


def _read(code: str, drawn_at: int | None) -> tuple[list[Member], list[Submission]]:
    """The members and submissions, read again only when the room's version moved. When
    the case changed elsewhere (another tab moved to the next phase), the whole page runs
    again."""
    access = rooms()
    version = access.version(code)
    if version is None:
        raise Refused("unknown")
    if drawn_at is not None and version.head != drawn_at:
        st.rerun(scope="app")
    found = st.session_state.get(LIVE)
    if found is None or found[0] != code or found[1] != version.facilitator:
        found = (code, version.facilitator, access.members(code), access.submissions(code))
        st.session_state[LIVE] = found
    return found[2], found[3]


def who_joined(code: str, members: list[Member]) -> None:
    admitted = [m for m in members if m.admitted]
    waiting = [m for m in members if not m.admitted]
    st.markdown(f"**{t('room.joined', n=len(admitted))}**")
    if admitted:
        st.caption(" · ".join(_who(m) for m in admitted))
    for m in waiting:
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(t("room.waiting_for", who=_who(m)))
        right.button(t("room.admit"), key=f"room_admit_{m.number}", icon=":material/check:",
                     on_click=_admit, args=(code, m.user), width="stretch")


def _who(m: Member) -> str:
    word = t("room.participant")
    return f"{md(m.name)} ({word} {m.number})" if m.name else f"{word} {m.number}"


@state.storing
def _admit(code: str, user_key: str) -> None:
    rooms().admit(code, user_key)


def arrived(code: str, phase: Phase, subs: list[Submission], fw: Framework) -> None:
    """What this phase received: shown, waiting to be revealed, hidden."""
    here = [s for s in subs if s.phase == phase.id and s.kind in TEXT_KINDS]
    waiting = [s for s in here if not s.revealed and not s.hidden]
    shown = [s for s in here if s.revealed and not s.hidden]
    hidden = [s for s in here if s.hidden]
    if not here and not any(k in phase.collects for k in TEXT_KINDS):
        return
    st.markdown(f"**{t('room.arrived', n=len(here))}**")
    if waiting:
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.info(t("room.waiting_reveal", n=len(waiting)), icon=":material/visibility_off:")
        right.button(t("room.reveal"), key="room_reveal", type="primary",
                     icon=":material/visibility:", on_click=_reveal, args=(code, phase.id),
                     width="stretch")
    elif not here:
        st.caption(t("room.nothing_yet"))
    newest = list(reversed(shown))
    if len(newest) > ON_SCREEN and not st.toggle(t("room.show_all", n=len(newest)),
                                                 key="room_show_all"):
        newest = newest[:ON_SCREEN]  # the projector shows the newest; the rest on request
    cols = st.columns(2)
    for n, s in enumerate(newest):
        with cols[n % 2].container(border=True):
            st.markdown(md_lines(s.text))
            st.caption(_tags(s, fw))
            st.button(t("room.hide"), key=f"room_hide_{s.id}", icon=":material/visibility_off:",
                      on_click=_hide, args=(code, s.id, True), type="tertiary")
    if hidden:
        with st.expander(t("room.hidden", n=len(hidden))):
            for s in hidden:
                st.markdown(md_lines(s.text))
                st.button(t("room.unhide"), key=f"room_unhide_{s.id}",
                          icon=":material/visibility:", on_click=_hide,
                          args=(code, s.id, False), type="tertiary")


def _tags(s: Submission, fw: Framework) -> str:
    parts = [f"{t('room.participant')} {s.number}", t(f"room.kind_{s.kind}")]
    gc = next((g for g in fw.concepts.game_changers if g.id == s.payload.get("game_changer")),
              None)
    if gc is not None:
        parts.append(t("meeting.serves_short", name=tx(gc.name)))
    pits = [tx(p.name) for p in fw.concepts.pitfalls if p.id in (s.payload.get("pitfalls") or [])]
    if pits:
        parts.append(t("room.avoids_short", names=", ".join(pits)))
    return " · ".join(parts)


@state.storing
def _reveal(code: str, phase_id: str) -> None:
    rooms().reveal(code, phase_id)


@state.storing
def _hide(code: str, submission_id: int, hidden: bool) -> None:
    rooms().hide(code, submission_id, hidden)


def reading_reads(subs: list[Submission], members: list[Member], case: Case,
                  shown: Case) -> list[cmp.Read]:
    """Each participant's latest place per actor, as a reading of the anonymised case
    ('Participant n'; actors by pseudonym)."""
    by_id = dict(zip([a.id for a in case.actors], shown.actors))
    placed: dict[int, dict[str, dict]] = {}
    for s in subs:
        if s.kind == "readings" and not s.hidden:
            placed.setdefault(s.number, {}).update(s.payload.get("placements") or {})
    reads = []
    for number in sorted(placed):
        actors = []
        for actor_id, place in placed[number].items():
            actor = by_id.get(actor_id)
            if actor is not None:
                actors.append(actor.model_copy(update={"role": place.get("role") or "",
                                                       "side": place.get("side") or "none",
                                                       "stance": None}))
        reads.append(cmp.Read(f"{t('room.participant')} {number}", actors))
    return reads


def readings(subs: list[Submission], members: list[Member], case: Case,
             fw: Framework) -> None:
    if not any(s.kind == "readings" for s in subs):
        return
    shown = shown_case(case, fw)
    reads = reading_reads(subs, members, case, shown)
    st.markdown(f"**{t('room.readings', n=len(reads))}**")
    if len(reads) < 2:
        st.caption(t("compare.need_two"))
        return
    import pandas as pd

    result = cmp.compare(reads, lang())
    header = [t("compare.actor"), *result.readers, t("compare.consensus"),
              t("compare.agreement")]
    st.dataframe(pd.DataFrame(result.matrix(fw, lang()), columns=header), hide_index=True,
                 width="stretch", key="room_matrix")
    st.caption(t("compare.consensus_help", n=len(result.disputed)))
    fig = cmp.consensus_map(result, shown, fw, lang(), width=760, height=430)
    st.plotly_chart(fig, key="room_consensus", config={"displaylogo": False})
