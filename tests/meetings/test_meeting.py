"""A meeting as operations on the case: planned, started, phases moved with the clock kept per
phase, paused and resumed, items recorded by id, advice taken into the plan (an action naming
the meeting) and taken back, the follow-up; every step a revision that undo takes back; and
older case files (before meetings) still load."""

from __future__ import annotations

import datetime as dt

from workbook.case.files import read_case
from workbook.case.model import FORMAT_VERSION
from workbook.case.ops import apply_ops
from workbook.case.store import Store
from workbook.meetings import clock as clk
from workbook.meetings import meeting as mt

T0 = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.timezone.utc)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def apply(case, ops):
    new, report = apply_ops(case, ops)
    return new


def started(case, method):
    meeting, ops = mt.plan(method, "Intervisie", dt.date(2026, 12, 6), "Griet", "Stad",
                           ["Koen Maes", "Lien"])
    case = apply(case, ops)
    case = apply(case, mt.start(case.meeting(meeting.id), method, T0))
    return case, case.meeting(meeting.id)


def test_the_clock_runs_pauses_and_shows_over_time(case, methods):
    method = methods.get("wij_zij_advice")
    case, meeting = started(case, method)
    assert meeting.phase == "authentic_question"
    shown = clk.clock(meeting, method, at(4))
    assert shown.running and shown.elapsed == 240 and shown.left == 360 and not shown.over
    case = apply(case, mt.pause(meeting, at(4)))
    meeting = case.meeting(meeting.id)
    assert meeting.running_since is None and meeting.elapsed == 240
    assert clk.clock(meeting, method, at(30)).elapsed == 240  # paused: time stands still
    case = apply(case, mt.resume(meeting, at(30)))
    meeting = case.meeting(meeting.id)
    shown = clk.clock(meeting, method, at(38))
    assert shown.elapsed == 720 and shown.over and shown.left == -120
    assert clk.mmss(-shown.left) == "02:00" and clk.mmss(3725) == "1:02:05"


def test_moving_through_phases_keeps_each_phases_time(case, methods):
    method = methods.get("wij_zij_advice")
    case, meeting = started(case, method)
    case = apply(case, mt.step(meeting, method, 1, at(12)))
    meeting = case.meeting(meeting.id)
    assert meeting.phase == "understand" and meeting.phase_times == {"authentic_question": 720}
    assert clk.clock(meeting, method, at(13)).elapsed == 60  # the new phase starts at zero
    case = apply(case, mt.step(meeting, method, -1, at(14)))
    meeting = case.meeting(meeting.id)
    assert meeting.phase == "authentic_question"
    assert meeting.phase_times == {"authentic_question": 720, "understand": 120}
    last = method.phases[-1].id
    case = apply(case, mt.go_to(meeting, method, last, at(20)))
    meeting = case.meeting(meeting.id)
    assert mt.step(meeting, method, 1, at(21)) == []  # nothing after the last phase
    case = apply(case, mt.end(meeting, at(25)))
    meeting = case.meeting(meeting.id)
    assert meeting.ended and meeting.running_since is None
    assert meeting.phase_times[last] == 300 and meeting.phase_times["authentic_question"] == 1080


def test_taken_advice_becomes_an_action_naming_the_meeting(case, methods):
    method = methods.get("wij_zij_advice")
    case, meeting = started(case, method)
    before = len(case.strategy.actions)
    item, ops = mt.add_item(meeting, "advice", "advice", "Spreek de ouders aan.\n\nNiet de pushers.",
                            "target_group", ["podium_for_pushers"])
    case = apply(case, ops)
    item = case.meeting_items[0]
    case = apply(case, mt.take(case, item))
    assert len(case.strategy.actions) == before + 1
    action = case.strategy.actions[-1]
    assert action.meeting == meeting.id and action.game_changers == ["target_group"]
    assert action.title == "Spreek de ouders aan. Niet de pushers."
    assert action.status == "planned"
    item = case.meeting_items[0]
    assert item.taken and item.action == action.id
    assert mt.actions_of(case, meeting.id) == [action]
    # taken back while only planned: the action leaves the plan
    case = apply(case, mt.take(case, item, False))
    assert len(case.strategy.actions) == before and not case.meeting_items[0].taken
    # an action already worked on stays when the advice is taken back
    case = apply(case, mt.take(case, case.meeting_items[0]))
    action = case.strategy.actions[-1]
    case = apply(case, [*mt._update(mt.ACTIONS, action, status="done")])
    case = apply(case, mt.take(case, case.meeting_items[0], False))
    assert case.strategy.actions[-1].id == action.id


def test_a_long_advice_keeps_every_word(case, methods):
    method = methods.get("incident")
    case, meeting = started(case, method)
    text = "Woord " * 100
    _, ops = mt.add_item(meeting, "read_out", "advice", text)
    case = apply(case, ops)
    case = apply(case, mt.take(case, case.meeting_items[0]))
    action = case.strategy.actions[-1]
    assert len(action.title) <= 300 and action.title.endswith("…")
    assert action.reflection == text.strip()  # the whole advice, not cut


def test_removing_a_meeting_removes_its_items_and_readings_not_its_actions(case, methods):
    method = methods.get("wij_zij_advice")
    case, meeting = started(case, method)
    _, ops = mt.add_item(meeting, "advice", "advice", "Advies")
    case = apply(case, ops)
    case = apply(case, mt.take(case, case.meeting_items[0]))
    case = apply(case, mt.keep_reading(case, meeting, "Koen", {case.actors[0].id: {
        "role": "pusher", "side": "a", "stance": -0.8}, "no-such-actor": {"role": "pusher"}}))
    assert list(case.meeting_readings[0].placements) == [case.actors[0].id]
    actions = len(case.strategy.actions)
    case = apply(case, mt.remove(case, meeting))
    assert case.meetings == [] and case.meeting_items == [] and case.meeting_readings == []
    assert len(case.strategy.actions) == actions


def test_every_step_is_a_revision_that_undo_takes_back(store, case, methods):
    method = methods.get("wij_zij_advice")
    saved = store.create(case)
    cid = saved.case.id
    meeting, ops = mt.plan(method, "Intervisie")
    store.apply_ops(cid, ops, note="meeting")
    store.apply_ops(cid, mt.start(store.get(cid).case.meeting(meeting.id), method, T0),
                    note="meeting")
    _, ops = mt.add_item(store.get(cid).case.meeting(meeting.id), "authentic_question",
                         "note", "De vraag")
    store.apply_ops(cid, ops, note="meeting")
    assert len(store.get(cid).case.meeting_items) == 1
    store.undo(cid)
    case_now = store.get(cid).case
    assert case_now.meeting_items == [] and case_now.meeting(meeting.id).phase == "authentic_question"
    store.undo(cid)
    assert store.get(cid).case.meeting(meeting.id).phase == ""


def test_an_older_case_file_loads_with_no_meetings(case):
    text = case.to_doc()
    for key in ("meetings", "meeting_items", "meeting_readings"):
        del text[key]
    for action in text["strategy"]["actions"]:
        action.pop("meeting", None)
    text["format_version"] = 4
    import yaml
    old = read_case(yaml.safe_dump(text, allow_unicode=True).encode(), "old.yaml")
    assert old.format_version == FORMAT_VERSION and old.meetings == []
