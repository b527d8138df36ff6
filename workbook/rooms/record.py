"""What a closed room leaves in the case: its submissions as the meeting's record, as
operations (rows by id; one revision with undo and history).

- A question, a concern or an advice becomes a meeting item of its phase and kind, naming
  who gave it (`by`): the name the participant gave, only if they agreed; otherwise
  'Participant n'. An item the facilitator hid is kept, marked hidden.
- Each participant's role readings become one reading (their latest place per actor), the
  reader named the same way.
- Those who agreed are added to the meeting's participants (the minutes name them).
"""

from __future__ import annotations

from workbook import i18n
from workbook.case.model import Case, Meeting, MeetingItem, Placement, Reading
from workbook.case.ops import AddOp, Op
from workbook.meetings.meeting import ITEMS, MEETINGS, READINGS, _row, edit
from workbook.rooms.entry import TEXT_KINDS
from workbook.rooms.room import Member, Submission


def record_ops(case: Case, meeting: Meeting, members: list[Member],
               submissions: list[Submission], lang: str = "nl") -> list[Op]:
    word = i18n.t("room.participant", lang)
    label = {m.user: m.label(word) for m in members}
    ops: list[Op] = []
    placements: dict[str, dict[str, Placement]] = {}
    known = {a.id for a in case.actors}
    for sub in submissions:
        by = label.get(sub.user, f"{word} {sub.number}")
        if sub.kind in TEXT_KINDS:
            item = MeetingItem(meeting=meeting.id, phase=sub.phase, kind=sub.kind,
                               text=sub.text[:20_000], by=by[:300], hidden=sub.hidden,
                               game_changer=str(sub.payload.get("game_changer") or "")[:300],
                               pitfalls=[str(p)[:300] for p in sub.payload.get("pitfalls", [])])
            ops.append(AddOp(collection=ITEMS, row=_row(item)))
        elif sub.kind == "readings" and not sub.hidden:
            mine = placements.setdefault(sub.user, {})
            for actor_id, place in (sub.payload.get("placements") or {}).items():
                if actor_id in known and isinstance(place, dict):
                    mine[actor_id] = Placement(role=place.get("role") or "",
                                               side=place.get("side") or "none")
    numbers = {m.user: m.number for m in members}
    for user in sorted(placements, key=lambda u: numbers.get(u, 0)):
        if placements[user]:
            reading = Reading(meeting=meeting.id, reader=label.get(user, word)[:300],
                              placements=placements[user])
            ops.append(AddOp(collection=READINGS, row=_row(reading)))
    named = [m.name for m in members if m.consent and m.name and m.admitted
             and m.name not in meeting.participants]
    if named:
        ops += edit(meeting, participants=[*meeting.participants, *named])
    return ops


__all__ = ["record_ops", "MEETINGS"]
