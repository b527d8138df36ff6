"""A live room in the store: opened for a meeting with an unguessable code, joined,
admitted (one by one or the whole cohort), what arrives in which phase, hidden and revealed,
a version number that moves with every change, and closing it into the meeting's record.
Every refusal leaves the store as it was. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.rooms.conftest import go_to
from workbook.accounts.cohorts import CohortAccess
from workbook.accounts.users import User
from workbook.case.roomrows import RoomMemberRow, SubmissionRow
from workbook.case.store import CaseNotFound
from workbook.meetings.minutes import build
from workbook.rooms.entry import Refused
from workbook.rooms.room import NotTheFacilitator, RoomAccess

ANN = User("https://id.example.org", "ann")
BOB = User("https://id.example.org", "bob")
EVE = User("https://id.example.org", "eve")


def counts(store) -> tuple[int, int]:
    with store.reading() as conn:
        return (conn.execute(select(func.count()).select_from(SubmissionRow)).scalar(),
                conn.execute(select(func.count()).select_from(RoomMemberRow)).scalar())


def refused(key, fn, *args, **kwargs):
    with pytest.raises(Refused) as err:
        fn(*args, **kwargs)
    assert err.value.key == key, err.value.key
    assert err.value.message("nl") != err.value.message("en")


@pytest.fixture
def room(store, owner, meeting_case):
    case_id, meeting_id = meeting_case
    return RoomAccess(store, owner).open(case_id, meeting_id)


def test_a_room_has_an_unguessable_code_and_only_the_owner_opens_one(store, owner,
                                                                       meeting_case, room):
    case_id, meeting_id = meeting_case
    assert len(room.code) >= 22 and room.is_open  # 144 random bits
    assert RoomAccess(store, owner).open(case_id, meeting_id) == room  # the open one again
    with pytest.raises(CaseNotFound):
        RoomAccess(store, ANN).open(case_id, meeting_id)
    with pytest.raises(NotTheFacilitator):
        RoomAccess(store, ANN).members(room.code)
    assert RoomAccess(store, ANN).room("x" * 24) is None
    assert RoomAccess(store, ANN).version("<script>") is None


def test_admitted_one_by_one(store, owner, room, method, framework):
    ann = RoomAccess(store, ANN)
    version = ann.version(room.code)
    member = ann.join(room.code, "Ann", consent=True)
    assert member.number == 1 and not member.admitted
    after = ann.version(room.code)
    assert after.everything > version.everything and after.admitted is False
    assert after.state == version.state  # others' screens need not redraw
    assert RoomAccess(store, BOB).version(room.code).admitted is None
    refused("not_admitted", ann.case, room.code)
    before = counts(store)
    refused("not_admitted", ann.submit, room.code, "authentic_question", "question",
            {"text": "Wie?"}, method, framework)
    assert counts(store) == before
    RoomAccess(store, owner).admit(room.code, ANN.key)
    assert ann.me(room.code).admitted and ann.version(room.code).admitted
    assert ann.case(room.code).case.id == room.case_id
    refused("not_joined", RoomAccess(store, BOB).case, room.code)


def test_the_whole_cohort_is_let_in(store, owner, meeting_case, method, framework):
    case_id, meeting_id = meeting_case
    cohorts = CohortAccess(store, owner, facilitator=True)
    cohort = cohorts.create("Groep 3", "Griet")
    CohortAccess(store, ANN).join(cohort.join_code, "Ann")
    with pytest.raises(ValueError):  # not a cohort of the facilitator
        RoomAccess(store, owner).open(case_id, meeting_id, "cohort", "nope")
    room = RoomAccess(store, owner).open(case_id, meeting_id, "cohort", cohort.id)
    assert RoomAccess(store, ANN).join(room.code, "Ann").admitted
    assert not RoomAccess(store, EVE).join(room.code, "Eve").admitted  # not in the cohort


def test_what_a_phase_asks_for_and_nothing_else(store, owner, meeting_case, room, method,
                                                framework):
    case_id, meeting_id = meeting_case
    ann = RoomAccess(store, ANN)
    ann.join(room.code, "Ann")
    RoomAccess(store, owner).admit(room.code, ANN.key)
    before = counts(store)
    # phase 1 collects notes only: a question is not asked for
    refused("not_asked", ann.submit, room.code, "authentic_question", "question",
            {"text": "Wie?"}, method, framework)
    go_to(store, case_id, meeting_id, method, "understand")
    refused("phase_over", ann.submit, room.code, "authentic_question", "question",
            {"text": "Wie?"}, method, framework)
    for payload, key in (({"text": ""}, "empty"), ({"text": "   \n "}, "empty"),
                         ({"text": "x" * 2001}, "too_long"), ({"text": "x" * 100_000}, "too_long"),
                         ({"text": "<script>alert(1)</script>"}, "markup"),
                         ({"text": "Kijk [hier](https://evil.example)"}, "markup"),
                         ({"text": "<img src=x onerror=alert(1)>"}, "markup"),
                         ({"text": "javascript:alert(1)"}, "markup"),
                         ({"text": "Wie?", "extra": 1}, "empty"), ("Wie?", "empty")):
        refused(key, ann.submit, room.code, "understand", "question", payload, method,
                framework)
    assert counts(store) == before
    sent = ann.submit(room.code, "understand", "question",
                      {"text": "Wat deed de wijkagent? 3 < 4 & x > y"}, method, framework)
    assert sent.revealed and sent.text.startswith("Wat deed")
    assert [s.id for s in ann.mine(room.code)] == [sent.id]


def test_reveal_at_once_and_hide(store, owner, meeting_case, room, method, framework):
    case_id, meeting_id = meeting_case
    fac = RoomAccess(store, owner)
    ann = RoomAccess(store, ANN)
    ann.join(room.code, "Ann")
    fac.admit(room.code, ANN.key)
    go_to(store, case_id, meeting_id, method, "input")  # reveals written input at once
    case = store.get(case_id).case
    actor = case.actors[0]
    concern = ann.submit(room.code, "input", "concern", {"text": "Veiligheid op het plein"},
                         method, framework)
    reading = ann.submit(room.code, "input", "readings",
                         {"placements": {actor.id: {"role": "pusher", "side": "a"}}},
                         method, framework)
    assert not concern.revealed and reading.revealed  # readings feed the comparison live
    refused("bad_choice", ann.submit, room.code, "input", "readings",
            {"placements": {actor.id: {"role": "king", "side": "a"}}}, method, framework)
    refused("bad_choice", ann.submit, room.code, "input", "readings",
            {"placements": {"nobody": {"role": "pusher", "side": "a"}}}, method, framework)
    refused("empty_reading", ann.submit, room.code, "input", "readings",
            {"placements": {actor.id: {"role": "", "side": "none"}}}, method, framework)
    v = fac.version(room.code)
    assert fac.reveal(room.code, "input") == 1
    assert fac.version(room.code).everything > v.everything
    assert fac.version(room.code).state == v.state  # participants' screens need not redraw
    assert all(s.revealed for s in fac.submissions(room.code))
    fac.hide(room.code, concern.id)
    assert [s.hidden for s in fac.submissions(room.code)] == [True, False]
    with pytest.raises(NotTheFacilitator):
        ann.hide(room.code, concern.id)


def test_closing_puts_everything_in_the_record(store, owner, meeting_case, room, method,
                                               framework):
    case_id, meeting_id = meeting_case
    fac = RoomAccess(store, owner)
    people = [(ANN, "Ann Peeters", True), (BOB, "Bob Janssens", False)]
    for user, name, consent in people:
        RoomAccess(store, user).join(room.code, name, consent)
        fac.admit(room.code, user.key)
    go_to(store, case_id, meeting_id, method, "understand")
    ann, bob = RoomAccess(store, ANN), RoomAccess(store, BOB)
    ann.submit(room.code, "understand", "question", {"text": "Wie belde de politie?"}, method,
               framework)
    hidden = bob.submit(room.code, "understand", "question", {"text": "Een grap"}, method,
                        framework)
    fac.hide(room.code, hidden.id)
    go_to(store, case_id, meeting_id, method, "input")
    actors = store.get(case_id).case.actors
    for who, role in ((ann, "pusher"), (bob, "joiner")):
        who.submit(room.code, "input", "readings",
                   {"placements": {actors[0].id: {"role": role, "side": "a"},
                                   actors[1].id: {"role": "silent", "side": "none"}}},
                   method, framework)
    bob.submit(room.code, "input", "concern", {"text": "Rust in de wijk"}, method, framework)
    go_to(store, case_id, meeting_id, method, "advice")
    gc = framework.concepts.game_changers[0].id
    pit = framework.concepts.pitfalls[0].id
    ann.submit(room.code, "advice", "advice",
               {"text": "Praat met de ouders", "game_changer": gc, "pitfalls": [pit]},
               method, framework)
    head = store.head(case_id)
    saved = fac.close(room.code, "nl")
    assert saved.head == head + 1  # one revision
    case = saved.case
    items = [i for i in case.meeting_items if i.meeting == meeting_id]
    assert [(i.kind, i.phase, i.by, i.hidden) for i in items] == [
        ("question", "understand", "Ann Peeters", False),
        ("question", "understand", "Deelnemer 2", True),
        ("concern", "input", "Deelnemer 2", False),
        ("advice", "advice", "Ann Peeters", False)]
    assert items[-1].game_changer == gc and items[-1].pitfalls == [pit]
    readings = [r for r in case.meeting_readings if r.meeting == meeting_id]
    assert [r.reader for r in readings] == ["Ann Peeters", "Deelnemer 2"]
    assert readings[1].placements[actors[0].id].role == "joiner"
    assert case.meeting(meeting_id).participants == ["Ann Peeters"]
    text = repr(build(case, case.meeting(meeting_id), method, framework, "nl"))
    assert "Wie belde de politie?" in text and "Een grap" not in text
    assert "Bob Janssens" not in text and "Ann Peeters" in text
    # closed: nothing reaches it any more, and closing again changes nothing
    refused("closed", ann.submit, room.code, "advice", "advice", {"text": "Nog één"}, method,
            framework)
    refused("closed", RoomAccess(store, EVE).join, room.code, "Eve")
    refused("closed", fac.close, room.code)
    refused("unknown", RoomAccess(store, EVE).join, "A" * 24, "Eve")
    assert store.head(case_id) == head + 1
    assert fac.open_room(case_id, meeting_id) is None


def test_local_mode_participants_are_browser_sessions(store, meeting_case, method, framework):
    from workbook.accounts.users import LOCAL
    case_id, meeting_id = meeting_case
    local_case = store.create(store.get(case_id).case.model_copy(update={"id": "localcase"}))
    fac = RoomAccess(store, LOCAL)
    room = fac.open(local_case.case.id, meeting_id, "cohort")  # everyone with the link
    one = RoomAccess(store, LOCAL, who="session:one")
    two = RoomAccess(store, LOCAL, who="session:two")
    assert one.join(room.code, "Een").admitted and two.join(room.code, "Twee").number == 2
    assert [m.name for m in fac.members(room.code)] == ["Een", "Twee"]


def test_eight_people_on_their_own_devices(store, owner, meeting_case, method, framework):
    """The issue's done-when, in the store: eight participants add questions, role readings
    and advice; the facilitator sees all of them, the readings compared; closing leaves
    eight readings and every item in the minutes, names only of those who agreed."""
    from workbook.meetings import compare as cmp

    case_id, meeting_id = meeting_case
    fac = RoomAccess(store, owner)
    room = fac.open(case_id, meeting_id)
    people = [RoomAccess(store, User("https://id.example.org", f"p{n}")) for n in range(8)]
    for n, person in enumerate(people):
        person.join(room.code, f"Persoon {n}", consent=n % 2 == 0)
        fac.admit(room.code, person.who)
    actors = store.get(case_id).case.actors
    roles = ["pusher", "pusher", "pusher", "joiner", "pusher", "silent", "pusher", "pusher"]
    go_to(store, case_id, meeting_id, method, "understand")
    for n, person in enumerate(people):
        person.submit(room.code, "understand", "question", {"text": f"Vraag {n}"}, method,
                      framework)
    go_to(store, case_id, meeting_id, method, "input")
    for person, role in zip(people, roles):
        person.submit(room.code, "input", "readings",
                      {"placements": {actors[0].id: {"role": role, "side": "a"}}}, method,
                      framework)
    go_to(store, case_id, meeting_id, method, "advice")
    for n, person in enumerate(people):
        person.submit(room.code, "advice", "advice", {"text": f"Advies {n}",
                                                      "game_changer": "target_group"},
                      method, framework)
    subs = fac.submissions(room.code)
    assert len(subs) == 24 and {s.number for s in subs} == set(range(1, 9))
    saved = fac.close(room.code)
    case = saved.case
    readings = [r for r in case.meeting_readings if r.meeting == meeting_id]
    assert len(readings) == 8
    result = cmp.compare([cmp.from_reading(case, r) for r in readings])
    first = next(r for r in result.rows if r.key == actors[0].id)
    assert first.role == "pusher" and first.agreement == 6 / 8
    minutes = repr(build(case, case.meeting(meeting_id), method, framework, "nl"))
    assert all(f"Vraag {n}" in minutes and f"Advies {n}" in minutes for n in range(8))
    assert "Persoon 0" in minutes and "Persoon 1" not in minutes and "Deelnemer 2" in minutes


def test_many_join_at_once_and_each_gets_a_number_of_their_own(store, owner, room):
    """Everyone scans the QR code at the same moment (threads: as several app processes
    would): every participant gets a number of their own."""
    from concurrent.futures import ThreadPoolExecutor

    def join(n: int) -> int:
        return RoomAccess(Store(store.url), User("https://id.example.org", f"j{n}")).join(
            room.code, f"J{n}").number

    from workbook.case.store import Store
    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(join, range(16)))
    assert sorted(numbers) == list(range(1, 17))
