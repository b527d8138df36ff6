"""What a facilitator does in an intervision meeting, as operations on the case (rows by id,
workbook.case.ops), so each step is a revision with undo and history: plan a meeting, start
it, move to a phase, pause and resume the clock, record what a phase yields, take an advice
into the action plan (an action that names the meeting), set the follow-up, end it, and keep
the participants' readings of the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbook.case.model import (Action, Case, Meeting, MeetingItem, Placement, Reading,
                                 new_id)
from workbook.case.ops import AddOp, DeleteOp, Op, update
from workbook.meetings.clock import elapsed, now
from workbook.meetings.methods import Method

MEETINGS = ("meetings",)
ITEMS = ("meeting_items",)
READINGS = ("meeting_readings",)
ACTIONS = ("strategy", "actions")
ACTION_TITLE = 300  # an action's title is short text: a longer advice is cut there


def _row(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _update(collection: tuple[str, ...], before: Any, **fields: Any) -> list[Op]:
    row = _row(before)
    after = {**row, **{k: _row_value(v) for k, v in fields.items()}}
    return update(collection, row, after)


def _row_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- the meeting ----------------------------------------------------------------------------
def plan(method: Method, title: str = "", date: dt.date | None = None, facilitator: str = "",
         case_bringer: str = "", participants: list[str] | None = None) -> tuple[Meeting, list[Op]]:
    """A new meeting with this method, not started yet: the meeting and the op adding it."""
    meeting = Meeting(method=method.id, title=title.strip()[:300], date=date,
                      facilitator=facilitator.strip()[:300], case_bringer=case_bringer.strip()[:300],
                      participants=[p.strip()[:300] for p in participants or [] if p.strip()])
    return meeting, [AddOp(collection=MEETINGS, row=_row(meeting))]


def edit(meeting: Meeting, **fields: Any) -> list[Op]:
    """Change the meeting's own fields (title, date, facilitator, follow-up, ...)."""
    return _update(MEETINGS, meeting, **fields)


def _times_after(meeting: Meeting, at: dt.datetime) -> dict[str, float]:
    """The phase times, with the open phase's clock added in."""
    times = dict(meeting.phase_times)
    if meeting.phase:
        times[meeting.phase] = round(times.get(meeting.phase, 0.0) + elapsed(meeting, at), 1)
    return times


def go_to(meeting: Meeting, method: Method, phase_id: str, at: dt.datetime | None = None
          ) -> list[Op]:
    """Open a phase (the first one starts the meeting): the phase left keeps the time it
    ran, the new phase's clock starts at zero and runs."""
    if method.phase(phase_id) is None or (phase_id == meeting.phase and not meeting.ended):
        return []
    at = at or now()
    return _update(MEETINGS, meeting, phase=phase_id, phase_times=_times_after(meeting, at),
                   elapsed=0.0, running_since=at, ended=False)


def start(meeting: Meeting, method: Method, at: dt.datetime | None = None) -> list[Op]:
    return go_to(meeting, method, method.phases[0].id, at)


def step(meeting: Meeting, method: Method, by: int, at: dt.datetime | None = None) -> list[Op]:
    """The next (by 1) or previous (by -1) phase; past the last one, nothing."""
    index = method.index(meeting.phase)
    target = 0 if index is None else index + by
    if not 0 <= target < len(method.phases):
        return []
    return go_to(meeting, method, method.phases[target].id, at)


def pause(meeting: Meeting, at: dt.datetime | None = None) -> list[Op]:
    if meeting.running_since is None:
        return []
    return _update(MEETINGS, meeting, elapsed=round(elapsed(meeting, at or now()), 1),
                   running_since=None)


def resume(meeting: Meeting, at: dt.datetime | None = None) -> list[Op]:
    if meeting.running_since is not None or not meeting.phase or meeting.ended:
        return []
    return _update(MEETINGS, meeting, running_since=at or now())


def end(meeting: Meeting, at: dt.datetime | None = None) -> list[Op]:
    """Close the meeting: the open phase keeps its time, the clock stops."""
    if meeting.ended:
        return []
    at = at or now()
    return _update(MEETINGS, meeting, phase_times=_times_after(meeting, at), elapsed=0.0,
                   running_since=None, ended=True)


def remove(case: Case, meeting: Meeting) -> list[Op]:
    """Delete a meeting with what it recorded. Actions it put in the plan stay: they are the
    case-bringer's now (they keep the meeting's id, which then names no meeting)."""
    ops: list[Op] = [DeleteOp(collection=ITEMS, id=i.id) for i in items_of(case, meeting.id)]
    ops += [DeleteOp(collection=READINGS, id=r.id) for r in readings_of(case, meeting.id)]
    ops.append(DeleteOp(collection=MEETINGS, id=meeting.id))
    return ops


# -- what a phase yields ----------------------------------------------------------------------
def items_of(case: Case, meeting_id: str, phase: str | None = None,
             kind: str | None = None) -> list[MeetingItem]:
    return [i for i in case.meeting_items if i.meeting == meeting_id
            and (phase is None or i.phase == phase) and (kind is None or i.kind == kind)]


def add_item(meeting: Meeting, phase: str, kind: str, text: str, game_changer: str = "",
             pitfalls: list[str] | None = None) -> tuple[MeetingItem, list[Op]]:
    item = MeetingItem(meeting=meeting.id, phase=phase, kind=kind, text=text.strip()[:20_000],
                       game_changer=game_changer or "", pitfalls=list(pitfalls or []))
    return item, [AddOp(collection=ITEMS, row=_row(item))]


def edit_item(item: MeetingItem, **fields: Any) -> list[Op]:
    return _update(ITEMS, item, **fields)


def delete_item(case: Case, item: MeetingItem) -> list[Op]:
    """Delete an item; an action it put in the plan goes too while it is still only planned."""
    return [*_drop_action(case, item), DeleteOp(collection=ITEMS, id=item.id)]


def _drop_action(case: Case, item: MeetingItem) -> list[Op]:
    action = next((a for a in case.strategy.actions if a.id == item.action), None)
    if action is None or action.status != "planned":
        return []
    return [DeleteOp(collection=ACTIONS, id=action.id)]


def action_for(item: MeetingItem, meeting: Meeting) -> Action:
    """The plan's action an advice becomes: its text, the game changer it serves, the
    meeting it came from."""
    text = " ".join(item.text.split())
    title = text if len(text) <= ACTION_TITLE else text[:ACTION_TITLE - 1].rstrip() + "…"
    return Action(title=title, game_changers=[item.game_changer] if item.game_changer else [],
                  meeting=meeting.id, reflection=item.text if len(text) > ACTION_TITLE else "")


def take(case: Case, item: MeetingItem, taken: bool = True) -> list[Op]:
    """The case-bringer takes an advice (it becomes an action in the plan, naming the
    meeting) or takes it back (its action leaves the plan while it is still only planned)."""
    meeting = case.meeting(item.meeting)
    if meeting is None or item.kind != "advice" or item.taken == taken:
        return []
    if taken:
        existing = next((a for a in case.strategy.actions if a.id == item.action), None)
        if existing is not None:  # taken before, its action kept: link it again
            return edit_item(item, taken=True)
        action = action_for(item, meeting)
        return [AddOp(collection=ACTIONS, row=_row(action)),
                *edit_item(item, taken=True, action=action.id)]
    return [*_drop_action(case, item), *edit_item(item, taken=False, action="")]


def actions_of(case: Case, meeting_id: str) -> list[Action]:
    return [a for a in case.strategy.actions if a.meeting == meeting_id]


# -- readings -----------------------------------------------------------------------------------
def readings_of(case: Case, meeting_id: str) -> list[Reading]:
    return [r for r in case.meeting_readings if r.meeting == meeting_id]


def keep_reading(case: Case, meeting: Meeting, reader: str,
                 placements: dict[str, dict[str, Any]], reading_id: str | None = None
                 ) -> list[Op]:
    """Add a participant's reading (actor id -> role, side, stance), or replace the one with
    `reading_id`. Only actors of the case count."""
    known = {a.id for a in case.actors}
    clean = {aid: Placement(**{k: v for k, v in p.items() if k in ("role", "side", "stance")})
             for aid, p in placements.items() if aid in known}
    reading = Reading(id=reading_id or new_id(), meeting=meeting.id, reader=reader.strip()[:300],
                      placements=clean)
    old = next((r for r in case.meeting_readings if r.id == reading.id), None)
    if old is None:
        return [AddOp(collection=READINGS, row=_row(reading))]
    return update(READINGS, _row(old), _row(reading))


def delete_reading(reading: Reading) -> list[Op]:
    return [DeleteOp(collection=READINGS, id=reading.id)]
