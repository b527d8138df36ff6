"""AppTest: the live room. The facilitator opens a room on the meeting page (link and QR
code), a participant joins on the room page, waits, is admitted, sends what the phase asks
for; every bad input gets a message in the participant's language and stores nothing;
hidden until revealed; closing puts everything in the meeting's record."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.apptest import start, texts
from tests.conftest import ROOT
from workbook import i18n
from workbook.case.files import read_case
from workbook.case.roomrows import SubmissionRow
from workbook.case.store import Store
from workbook.meetings import meeting as mt
from workbook.meetings.methods import load_methods

CASE = ROOT / "casestudies" / "politie_jongeren.yaml"
MEETING = "app_pages/meeting.py"
ROOM = "app_pages/room.py"


@pytest.fixture
def setup(store, framework):
    """A worked case with a started meeting (wij_zij_advice): (case id, meeting id, method)."""
    method = load_methods(framework).get("wij_zij_advice")
    saved = store.create(read_case(CASE.read_bytes(), "case"))
    meeting, ops = mt.plan(method, "Intervisie")
    saved = store.apply_ops(saved.case.id, ops)
    store.apply_ops(saved.case.id, mt.start(saved.case.meeting(meeting.id), method))
    return saved.case.id, meeting.id, method


def go(store, case_id, meeting_id, method, phase):
    case = store.get(case_id).case
    store.apply_ops(case_id, mt.go_to(case.meeting(meeting_id), method, phase))


def submissions(store) -> int:
    with store.reading() as conn:
        return conn.execute(select(func.count()).select_from(SubmissionRow)).scalar()


def open_room(case_id, admission="admitted"):
    at = start(case_id, page=MEETING, tab="room")
    assert not at.exception
    assert i18n.t("room.intro", "nl") in texts(at)
    at.radio(key="room_admission").set_value(admission).run()
    at.button(key="room_open").click().run()
    assert not at.exception
    code = next(c.value for c in at.code if "/room?room=" in c.value).rsplit("=", 1)[1]
    assert len(code) >= 22
    assert any(el.proto.imgs for el in at.get("imgs")) if at.get("imgs") else True
    return at, code


def participant(code, lang="nl"):
    at = start(page=ROOM, lang=lang, room=code)
    assert not at.exception
    return at


def test_join_wait_admit_and_send(store, setup):
    case_id, meeting_id, method = setup
    fac, code = open_room(case_id)
    p = participant(code)
    p.text_input(key="room_name").input("Koen Maes")
    p.checkbox(key="room_consent").check()
    p.button[0].click().run()
    assert i18n.t("room.waiting", "nl", n=1) in texts(p)
    fac.run()
    assert "Koen Maes" in texts(fac)
    fac.button(key="room_admit_1").click().run()
    p.run()
    assert not p.exception
    shown = texts(p)
    assert "Stap 1 van 6" in shown
    case = store.get(case_id).case
    assert not any(a.name in shown for a in case.actors if len(a.name) > 3)  # never a name
    go(store, case_id, meeting_id, method, "understand")
    p.run()
    p.text_area(key="room_text_question").input("Wat deed de wijkagent?")
    p.button[0].click().run()
    assert i18n.t("room.sent_question", "nl") in texts(p)
    assert submissions(store) == 1
    fac.run()
    assert "Wat deed de wijkagent?" in texts(fac)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_bad_input_is_said_and_stores_nothing(store, setup, lang):
    case_id, meeting_id, method = setup
    fac, code = open_room(case_id, admission="cohort")  # local mode: everyone with the link
    p = participant(code, lang)
    p.text_input(key="room_name").input("Lien")
    p.button[0].click().run()
    go(store, case_id, meeting_id, method, "understand")
    p.run()
    for text, key, params in (("   ", "empty", {}), ("Wie is <b>x</b>?", "markup", {}), ("[klik](https://x.example)", "markup", {}),
                              ("<script>alert(1)</script>", "markup", {})):
        p.text_area(key="room_text_question").input(text)
        p.button[0].click().run()
        assert i18n.t(f"room.refused_{key}", lang, **params) in texts(p), key
    assert submissions(store) == 0
    # the phase ends while the form is open
    p.text_area(key="room_text_question").input("Te laat?")
    go(store, case_id, meeting_id, method, "input")
    p.button[0].click().run()
    assert i18n.t("room.refused_phase_over", lang) in texts(p)
    assert submissions(store) == 0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_unknown_malformed_and_closed_rooms(store, setup, lang):
    case_id, _, _ = setup
    assert i18n.t("room.refused_unknown", lang) in texts(participant("A" * 24, lang))
    assert i18n.t("room.refused_unknown", lang) in texts(participant("<script>", lang))
    fac, code = open_room(case_id)
    fac.button(key="room_close").click().run()
    assert not fac.exception
    assert i18n.t("room.refused_closed", lang) in texts(participant(code, lang))


def test_not_admitted_sees_nothing_of_the_case(store, setup):
    case_id, _, _ = setup
    _, code = open_room(case_id)
    p = participant(code)
    p.text_input(key="room_name").input("Eve")
    p.button[0].click().run()
    case = store.get(case_id).case
    assert case.title not in texts(p)
    assert i18n.t("room.waiting", "nl", n=1) in texts(p)


def test_reveal_readings_and_close_into_the_record(store, setup):
    case_id, meeting_id, method = setup
    fac, code = open_room(case_id, admission="cohort")
    people = []
    for name in ("Ann", "Bob"):
        p = participant(code)
        p.text_input(key="room_name").input(name)
        p.button[0].click().run()
        people.append(p)
    go(store, case_id, meeting_id, method, "input")
    for p, role in zip(people, ("pusher", "joiner")):
        p.run()
        p.text_area(key="room_text_concern").input(f"Zorg van {role}")
        next(b for b in p.button if b.label == i18n.t("room.send", "nl")).click().run()
        assert i18n.t("room.sent_concern", "nl") in texts(p)
        p.button_group(key="room_role_0").set_value(role)
        p.button_group(key="room_side_0").set_value("a")
        next(b for b in p.button if b.label == i18n.t("room.send_reading", "nl")).click().run()
        assert i18n.t("room.sent_readings", "nl") in texts(p), texts(p)
    fac.run()
    shown = texts(fac)
    assert "Zorg van pusher" not in shown  # hidden until revealed
    assert i18n.t("room.waiting_reveal", "nl", n=2) in shown
    assert i18n.t("room.readings", "nl", n=2) in shown
    fac.button(key="room_reveal").click().run()
    assert "Zorg van pusher" in texts(fac)
    fac.button(key="room_close").click().run()
    case = Store().get(case_id).case
    assert [i.text for i in case.meeting_items if i.kind == "concern"] == [
        "Zorg van pusher", "Zorg van joiner"]
    assert len([r for r in case.meeting_readings if r.meeting == meeting_id]) == 2


def test_what_participants_send_is_text_on_both_screens(store, setup, framework):
    """The markup corpus that passes the room's check (bare addresses, colours, maths,
    emphasis, icons, emoji; tags and links are refused) in names and in every kind of input
    reaches neither screen as markup; what is refused says so."""
    from tests.markup import CORPUS
    from workbook.accounts.users import LOCAL
    from workbook.rooms.entry import Refused
    from workbook.rooms.room import RoomAccess

    case_id, meeting_id, method = setup
    allowed = " ".join(c for c in CORPUS if "<" not in c and "](" not in c)
    room = RoomAccess(store, LOCAL).open(case_id, meeting_id, "cohort")
    ann = RoomAccess(store, LOCAL, who="session:ann")
    ann.join(room.code, allowed[:120], consent=True)
    with pytest.raises(Refused):
        RoomAccess(store, LOCAL, who="session:eve").join(room.code, "<b>Eve</b>")
    actors = store.get(case_id).case.actors
    for phase, kind, payload in (
            ("understand", "question", {"text": allowed}),
            ("input", "concern", {"text": allowed}),
            ("input", "readings", {"placements": {actors[0].id: {"role": "pusher", "side": "a"}}}),
            ("advice", "advice", {"text": allowed, "game_changer": "topic"})):
        go(store, case_id, meeting_id, method, phase)
        ann.submit(room.code, phase, kind, payload, method, framework)
        if phase == "input" and kind == "concern":
            RoomAccess(store, LOCAL).reveal(room.code, "input")
            at = start(case_id, lang="en", page=MEETING, tab="room")
            assert markup(at, "facilitator input") == []
            assert "me@evil.example" in texts(at)  # shown, as text
    at = start(case_id, lang="en", page=MEETING, tab="room")
    assert markup(at, "facilitator advice") == []
    assert "me@evil.example" in texts(at)
    p = participant(room.code, "en")
    p.session_state["_room_who"] = "session:ann"
    p.run()
    assert markup(p, "participant") == []
    assert "me@evil.example" in texts(p)


def markup(at, where: str) -> list[str]:
    """What of the corpus would be drawn as markup (tests/pages/test_markup.py); escaped
    Markdown never holds the corpus as typed, so whether it was shown is asked of texts()."""
    from tests.pages.test_markup import problems

    return [p for p in problems(at, where) if "was not on the page" not in p]


def test_advice_with_its_game_changer_and_pitfalls(store, setup, framework):
    case_id, meeting_id, method = setup
    fac, code = open_room(case_id, admission="cohort")
    p = participant(code, "en")
    p.text_input(key="room_name").input("Ann")
    p.button[0].click().run()
    go(store, case_id, meeting_id, method, "advice")
    p.run()
    pit = framework.concepts.pitfalls[0].id
    p.text_area(key="room_text_advice").input("Talk with the parents first")
    p.button_group(key="room_text_advice_gc").set_value("target_group")
    p.button_group(key="room_text_advice_pitfalls").set_value([pit])
    next(b for b in p.button if b.label == i18n.t("room.send", "en")).click().run()
    assert i18n.t("room.sent_advice", "en") in texts(p)
    fac.run()
    shown = texts(fac)
    gc = next(g for g in framework.concepts.game_changers if g.id == "target_group")
    assert "Talk with the parents first" in shown and gc.name("nl") in shown


def _hosted(login: dict, page: str, **params: str):
    from streamlit.testing.v1 import AppTest

    from tests.apptest import APP
    from tests.pages.test_pages_accounts import AUTH

    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = dict(login)
    at.query_params.update({"lang": "en", **params})
    at.run()
    if login.get("is_logged_in"):
        at.switch_page(page).run()
    return at


def test_hosted_a_cohort_room_lets_its_members_in_and_no_one_else(db_url, framework):
    """Hosted mode: the case's owner opens a room for their cohort; the link is at the
    public address; a member is let in at once, someone else waits, and someone not logged
    in is asked to log in first."""
    from tests.pages.test_pages_accounts import ANNA, BERT, ISSUER
    from workbook.accounts.cohorts import CohortAccess
    from workbook.accounts.users import User

    anna, bert = User.from_claims(ANNA), User.from_claims(BERT)
    store = Store(db_url)
    method = load_methods(framework).get("wij_zij_advice")
    saved = store.create(read_case(CASE.read_bytes(), "case"), owner=anna.key)
    meeting, ops = mt.plan(method, "Intervisie")
    store.apply_ops(saved.case.id, ops)
    cohort = CohortAccess(store, anna, facilitator=True).create("Gent", "Anna")
    CohortAccess(store, bert).join(cohort.join_code, "Bert")
    at = _hosted(ANNA, MEETING, case=saved.case.id, tab="room")
    at.radio(key="room_admission").set_value("cohort").run()
    at.selectbox(key="room_cohort").set_value(cohort.id)
    at.button(key="room_open").click().run()
    assert not at.exception
    link = next(c.value for c in at.code if "/room?room=" in c.value)
    assert link.startswith("http://localhost:8501/room?room=")
    code = link.rsplit("=", 1)[1]
    carl = {"is_logged_in": True, "iss": ISSUER, "sub": "carl-3", "name": "Carl",
            "email": "carl@example.org"}
    for login, admitted in ((BERT, True), (carl, False)):
        p = _hosted(login, ROOM, room=code)
        assert p.text_input(key="room_name").value == login["name"]  # the login's name
        p.button[0].click().run()
        shown = texts(p)
        if admitted:
            assert i18n.t("room.not_started", "en") in shown, shown
        else:
            assert i18n.t("room.waiting", "en", n=2) in shown, shown
    nobody = _hosted({"is_logged_in": False}, ROOM, room=code)
    assert i18n.t("room.login_first", "en") in texts(nobody)
