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
    assert "Fase 1 van 6" in shown
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
