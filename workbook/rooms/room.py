"""A live room in the store, and who may do what in it.

`RoomAccess(store, user, who=...)` is the rooms' sibling of `CaseAccess`: every read and write
of a room by the interface goes through it. `who` names the participant: the login (its
issuer and subject) in hosted mode; in local mode, where everyone is the local user, a key
of the browser session (a participant there gives a display name).

- The facilitator (the owner of the case, who runs the meeting) opens a room for a meeting:
  a code of 144 random bits, the only way in. They choose who gets in: those they admit one
  by one, or everyone in a cohort they are in (local mode: everyone with the link).
- A room answers only while it is open and only to its code; a participant sees the case
  (the interface shows it anonymised) only once admitted, and sends what the meeting's
  current phase asks for (workbook.rooms.entry). Anything refused changes nothing stored.
- `version(code)` is one small query: (everything, what every participant's screen shows,
  the case's newest revision, whether the asking participant is let in). Screens poll it
  and redraw only when what they show changed (a participant's page: not when others join
  or send).
- Closing writes everything into the case as one revision (workbook.rooms.record).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from workbook.accounts.access import CaseAccess
from workbook.accounts.users import User
from workbook.case.cohortrows import MemberRow
from workbook.case.model import Case
from workbook.case.roomrows import (NAME_LENGTH, RoomMemberRow, RoomRow, SubmissionRow)
from workbook.case.caserows import CaseRow
from workbook.case.store import CaseNotFound, Saved, Store
from workbook.framework.schema import Framework
from workbook.meetings.methods import Method
from workbook.rooms import entry
from workbook.rooms.entry import Refused

CODE_BYTES = 18  # 144 random bits; 24 characters in a link
ADMISSIONS = ("admitted", "cohort")
_CODE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_MEMBERS = 200  # a room is a meeting, not a lecture hall
MAX_SUBMISSIONS = 400  # per participant per room: a button held down cannot fill the store


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def valid_code(code: Any) -> bool:
    return isinstance(code, str) and _CODE.fullmatch(code) is not None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Room:
    code: str
    case_id: str
    meeting_id: str
    admission: str
    cohort_id: str | None
    is_open: bool


@dataclass(frozen=True)
class Member:
    user: str  # the store's key: never shown
    number: int  # 'Participant n'
    name: str
    consent: bool
    admitted: bool
    joined_at: dt.datetime

    def label(self, participant_word: str) -> str:
        """As the minutes may name them: their name only if they agreed."""
        return self.name if self.consent and self.name else f"{participant_word} {self.number}"


@dataclass(frozen=True)
class Submission:
    id: int
    user: str
    number: int  # the sender's number in the room
    phase: str
    kind: str
    payload: dict[str, Any]
    hidden: bool
    revealed: bool
    created_at: dt.datetime

    @property
    def text(self) -> str:
        return str(self.payload.get("text", ""))


@dataclass(frozen=True)
class Version:
    everything: int  # grows with every change (the facilitator's screen)
    state: int  # grows with what every participant's screen shows (open, who gets in)
    head: int  # the case's newest revision (the meeting's phase)
    is_open: bool
    admitted: bool | None = None  # whether the asking participant is in (None: not joined)

    @property
    def facilitator(self) -> tuple[int, int]:
        return (self.everything, self.head)

    @property
    def participant(self) -> tuple[int, int, bool, bool | None]:
        return (self.state, self.head, self.is_open, self.admitted)


class NotTheFacilitator(PermissionError):
    """Only the room's facilitator (the owner of its case) may do this."""


_cases: dict[tuple[str, str, int], Case] = {}  # (store, case, revision) -> case: a few only
_cases_lock = threading.Lock()


class RoomAccess:
    """The rooms as one user (one browser session in local mode) may use them."""

    def __init__(self, store: Store, user: User, facilitator: bool = False,
                 who: str | None = None):
        self._store = store
        self.user = user
        self.facilitator = facilitator
        self.who = who or user.key

    # -- the facilitator's -----------------------------------------------------------------
    def _cases(self) -> CaseAccess:
        return CaseAccess(self._store, self.user, self.facilitator)

    def open(self, case_id: str, meeting_id: str, admission: str = "admitted",
             cohort_id: str | None = None) -> Room:
        """Open a room for a meeting of a case this user owns (the open one if there is
        one already)."""
        if self._cases().permission(case_id) != "owner":
            raise CaseNotFound(case_id)
        found = self.open_room(case_id, meeting_id)
        if found is not None:
            return found
        admission, cohort_id = self._admission(admission, cohort_id)
        room = Room(new_code(), case_id, meeting_id, admission, cohort_id, True)
        with self._store.writing() as s:
            s.add(RoomRow(code=room.code, case_id=case_id, meeting_id=meeting_id,
                          owner=self.user.key, admission=admission, cohort_id=cohort_id,
                          is_open=True, version=1, state=1, created_at=_now()))
        return room

    def _admission(self, admission: str, cohort_id: str | None) -> tuple[str, str | None]:
        if admission not in ADMISSIONS:
            raise ValueError(admission)
        if admission == "cohort" and not self.user.is_local:
            if not cohort_id or self._in_cohort(self.user.key, cohort_id) is None:
                raise ValueError("not a cohort of this user")
            return admission, cohort_id
        return admission, None

    def _in_cohort(self, user_key: str, cohort_id: str | None) -> str | None:
        if not cohort_id:
            return None
        q = select(MemberRow.role).where(MemberRow.cohort_id == cohort_id,
                                         MemberRow.user == user_key)
        with self._store.reading() as conn:
            return conn.execute(q).scalar()

    def open_room(self, case_id: str, meeting_id: str) -> Room | None:
        """This user's open room for the meeting, if there is one."""
        q = (select(*_ROOM).where(RoomRow.case_id == case_id, RoomRow.meeting_id == meeting_id,
                                   RoomRow.owner == self.user.key, RoomRow.is_open.is_(True))
             .order_by(RoomRow.created_at.desc()))
        with self._store.reading() as conn:
            row = conn.execute(q).first()
        return _room(row) if row else None

    def _owned(self, code: str) -> Room:
        room = self.room(code)
        if room is None:
            raise NotTheFacilitator(code)
        with self._store.reading() as conn:
            owner = conn.execute(select(RoomRow.owner).where(RoomRow.code == code)).scalar()
        if owner != self.user.key:
            raise NotTheFacilitator(code)
        return room

    def set_admission(self, code: str, admission: str, cohort_id: str | None = None) -> None:
        self._owned(code)
        admission, cohort_id = self._admission(admission, cohort_id)
        with self._store.writing() as s:
            s.execute(update(RoomRow).where(RoomRow.code == code).values(
                admission=admission, cohort_id=cohort_id))
            if admission == "cohort":  # everyone of the cohort who waits is let in now
                for member in s.execute(select(RoomMemberRow).where(
                        RoomMemberRow.code == code, RoomMemberRow.admitted.is_(False))).scalars():
                    if cohort_id is None or s.execute(select(MemberRow.role).where(
                            MemberRow.cohort_id == cohort_id,
                            MemberRow.user == member.user)).scalar():
                        member.admitted = True
            _bump(s, code, state=True)

    def admit(self, code: str, user_key: str, admitted: bool = True) -> None:
        self._owned(code)
        with self._store.writing() as s:
            row = s.get(RoomMemberRow, (code, user_key))
            if row is None:
                return
            row.admitted = admitted
            _bump(s, code)

    def members(self, code: str) -> list[Member]:
        self._owned(code)
        return self._members(code)

    def _members(self, code: str) -> list[Member]:
        q = select(*_MEMBER).where(RoomMemberRow.code == code).order_by(
            RoomMemberRow.number)
        with self._store.reading() as conn:
            return [_member(r) for r in conn.execute(q)]

    def submissions(self, code: str) -> list[Submission]:
        """Everything sent to the room, oldest first (hidden and unrevealed ones too: the
        interface decides what the projector shows)."""
        self._owned(code)
        return self._submissions(code)

    def _submissions(self, code: str, user: str | None = None) -> list[Submission]:
        q = (select(*_SUBMISSION, RoomMemberRow.number)
             .join(RoomMemberRow, (RoomMemberRow.code == SubmissionRow.code)
                   & (RoomMemberRow.user == SubmissionRow.user))
             .where(SubmissionRow.code == code).order_by(SubmissionRow.id))
        if user is not None:
            q = q.where(SubmissionRow.user == user)
        with self._store.reading() as conn:
            rows = conn.execute(q).all()
        return [_submission(r) for r in rows]

    def hide(self, code: str, submission_id: int, hidden: bool = True) -> None:
        """Hide an item from the projector (it is kept, marked hidden), or show it again."""
        self._owned(code)
        with self._store.writing() as s:
            row = s.get(SubmissionRow, submission_id)
            if row is None or row.code != code:
                return
            row.hidden = hidden
            _bump(s, code)

    def reveal(self, code: str, phase: str) -> int:
        """Show everything written in `phase` at once; returns how many were revealed."""
        self._owned(code)
        with self._store.writing() as s:
            done = s.execute(update(SubmissionRow).where(
                SubmissionRow.code == code, SubmissionRow.phase == phase,
                SubmissionRow.revealed.is_(False)).values(revealed=True)).rowcount or 0
            _bump(s, code)
        return done

    def close(self, code: str, lang: str = "nl") -> Saved | None:
        """Close the room: everything it received goes into the meeting's record in the
        case (one revision; workbook.rooms.record), then the room opens nothing any more.
        Returns the case as saved (None when nothing was sent)."""
        from workbook.rooms.record import record_ops

        room = self._owned(code)
        if not room.is_open:
            raise Refused("closed")
        access = self._cases()
        saved = access.get(room.case_id)
        meeting = saved.case.meeting(room.meeting_id)
        result = None
        if meeting is not None:
            ops = record_ops(saved.case, meeting, self._members(code),
                             self._submissions(code), lang)
            if ops:
                result = access.apply_ops(room.case_id, ops, note="room",
                                          batch=f"room-{code}"[:64])
        with self._store.writing() as s:
            s.execute(update(RoomRow).where(RoomRow.code == code).values(
                is_open=False, closed_at=_now()))
            _bump(s, code, state=True)
        return result

    # -- everyone's ------------------------------------------------------------------------
    def room(self, code: str) -> Room | None:
        if not valid_code(code):
            return None
        with self._store.reading() as conn:
            row = conn.execute(select(*_ROOM).where(RoomRow.code == code)).first()
        return _room(row) if row else None

    def version(self, code: str) -> Version | None:
        """One small query: the room's counters and its case's newest revision."""
        if not valid_code(code):
            return None
        mine = (RoomMemberRow.code == RoomRow.code) & (RoomMemberRow.user == self.who)
        q = (select(RoomRow.version, RoomRow.state, CaseRow.head, RoomRow.is_open,
                    RoomMemberRow.admitted)
             .join(CaseRow, CaseRow.id == RoomRow.case_id).outerjoin(RoomMemberRow, mine)
             .where(RoomRow.code == code))
        with self._store.reading() as conn:
            row = conn.execute(q).first()
        if not row:
            return None
        *counts, admitted = row
        return Version(*counts, admitted=None if admitted is None else bool(admitted))

    # -- a participant's -------------------------------------------------------------------
    def _open(self, code: str) -> Room:
        room = self.room(code)
        if room is None:
            raise Refused("unknown")
        if not room.is_open:
            raise Refused("closed")
        return room

    def me(self, code: str) -> Member | None:
        if not valid_code(code):
            return None
        with self._store.reading() as conn:
            row = conn.execute(select(*_MEMBER).where(
                RoomMemberRow.code == code, RoomMemberRow.user == self.who)).first()
        return _member(row) if row else None

    def join(self, code: str, name: str, consent: bool = False) -> Member:
        """Join an open room (again: only the name and the consent change). Admitted at
        once when the room lets in the whole cohort and this user is in it (local mode:
        everyone with the link); otherwise waiting for the facilitator."""
        room = self._open(code)
        name = " ".join(str(name or "").replace("\x00", "").split())[:NAME_LENGTH]
        if name and entry._MARKUP.search(name):
            raise Refused("markup")
        if room.admission == "cohort":
            welcome = self.user.is_local or self._in_cohort(self.who, room.cohort_id) is not None
        else:
            welcome = False
        with self._store.writing() as s:
            # one join at a time per room, across app processes (PostgreSQL locks the room's
            # row; SQLite writes one at a time anyway): each newcomer gets a number of their own
            s.execute(select(RoomRow.code).where(RoomRow.code == code).with_for_update())
            row = s.get(RoomMemberRow, (code, self.who))
            if row is None:
                count = s.execute(select(func.count()).select_from(RoomMemberRow).where(
                    RoomMemberRow.code == code)).scalar() or 0
                if count >= MAX_MEMBERS:
                    raise Refused("full")
                number = (s.execute(select(func.max(RoomMemberRow.number)).where(
                    RoomMemberRow.code == code)).scalar() or 0) + 1
                row = RoomMemberRow(code=code, user=self.who, number=number, name=name,
                                    consent=bool(consent), admitted=welcome, joined_at=_now())
                s.add(row)
            else:
                row.name, row.consent = name, bool(consent)
                row.admitted = row.admitted or welcome
            s.flush()
            member = Member(row.user, row.number, row.name, bool(row.consent),
                            bool(row.admitted), row.joined_at)
            _bump(s, code)
        return member

    def _admitted(self, code: str) -> tuple[Room, Member]:
        room = self._open(code)
        member = self.me(code)
        if member is None:
            raise Refused("not_joined")
        if not member.admitted:
            raise Refused("not_admitted")
        return room, member

    def case(self, code: str) -> Saved:
        """The room's case, for an admitted participant of an open room (the interface
        shows it anonymised, never with the real names)."""
        room, _ = self._admitted(code)
        return self._case(room.case_id)

    def _case(self, case_id: str) -> Saved:
        head = self._store.head(case_id)
        key = (self._store.url, case_id, head)
        with _cases_lock:
            found = _cases.get(key)
        if found is None:
            saved = self._store.get(case_id)
            with _cases_lock:
                if len(_cases) > 32:
                    _cases.clear()
                _cases[(self._store.url, case_id, saved.head)] = saved.case
            return saved
        return Saved(found, head)

    def submit(self, code: str, phase: str, kind: str, payload: Any, method: Method | None,
               fw: Framework) -> Submission:
        """Send what the meeting's current phase asks for. Refused (nothing stored) when
        the room is unknown or closed, this user was not admitted, the phase has ended or
        does not ask for it, or the input is empty, too long or holds markup."""
        room, member = self._admitted(code)
        saved = self._case(room.case_id)
        meeting = saved.case.meeting(room.meeting_id)
        if meeting is None or method is None or meeting.method != method.id:
            raise Refused("phase_over")
        if meeting.ended or meeting.phase != phase or not phase:
            raise Refused("phase_over")
        step = method.phase(phase)
        if step is None or kind not in step.collects:
            raise Refused("not_asked")
        clean = entry.check(kind, payload, saved.case, fw)
        revealed = not (step.reveal_at_once and kind in entry.TEXT_KINDS)
        at = _now()
        with self._store.writing() as s:
            sent = s.execute(select(func.count()).select_from(SubmissionRow).where(
                SubmissionRow.code == code, SubmissionRow.user == self.who)).scalar() or 0
            if sent >= MAX_SUBMISSIONS:
                raise Refused("too_many")
            is_open = s.execute(select(RoomRow.is_open).where(RoomRow.code == code)).scalar()
            if not is_open:
                raise Refused("closed")
            row = SubmissionRow(code=code, user=self.who, phase=phase, kind=kind,
                                payload=json.dumps(clean, ensure_ascii=False), hidden=False,
                                revealed=revealed, created_at=at)
            s.add(row)
            s.flush()
            ident = row.id
            _bump(s, code)
        return Submission(ident, self.who, member.number, phase, kind, clean, False, revealed,
                          at)

    def mine(self, code: str) -> list[Submission]:
        """What this participant sent to the room."""
        if not valid_code(code):
            return []
        return self._submissions(code, self.who)


def _bump(s, code: str, state: bool = False) -> None:
    """One atomic step of the room's counters (never lost between two writers)."""
    values: dict[str, Any] = {"version": RoomRow.version + 1}
    if state:
        values["state"] = RoomRow.state + 1
    s.execute(update(RoomRow).where(RoomRow.code == code).values(**values))


_ROOM = (RoomRow.code, RoomRow.case_id, RoomRow.meeting_id, RoomRow.admission,
         RoomRow.cohort_id, RoomRow.is_open)
_MEMBER = (RoomMemberRow.user, RoomMemberRow.number, RoomMemberRow.name,
           RoomMemberRow.consent, RoomMemberRow.admitted, RoomMemberRow.joined_at)
_SUBMISSION = (SubmissionRow.id, SubmissionRow.user, SubmissionRow.phase, SubmissionRow.kind,
               SubmissionRow.payload, SubmissionRow.hidden, SubmissionRow.revealed,
               SubmissionRow.created_at)


def _room(row) -> Room:
    code, case_id, meeting_id, admission, cohort_id, is_open = row
    return Room(code, case_id, meeting_id, admission, cohort_id, bool(is_open))


def _member(row) -> Member:
    user, number, name, consent, admitted, joined_at = row
    return Member(user, number, name, bool(consent), bool(admitted), joined_at)


def _submission(row) -> Submission:
    ident, user, phase, kind, payload, hidden, revealed, created_at, number = row
    try:
        data = json.loads(payload)
    except ValueError:
        data = {}
    return Submission(ident, user, number, phase, kind, data if isinstance(data, dict) else {},
                      bool(hidden), bool(revealed), created_at)
