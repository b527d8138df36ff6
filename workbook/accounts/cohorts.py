"""Cohorts: a facilitator makes one and gets a join link; a trainee who follows it joins.

`CohortAccess(store, user, facilitator)` is the cohorts' sibling of `CaseAccess`: every read
and write of a cohort by the interface goes through it. Only a user the configuration names
a facilitator (workbook.accounts.facilitators) makes cohorts; whoever joins with the link
joins as a trainee, or as a facilitator if the configuration names them one. A cohort's
facilitators see its members and each one's progress per part, measured by a function the
caller hands in (so this layer needs no framework), never a case's contents; the cases
shared with the cohort they open through `CaseAccess`, like any shared case.

A join code is 128 random bits; it is compared as a whole, never listed, and a revoked one
opens nothing (the facilitator can make a new one).

A cohort's facilitator may set the dates of its three sessions (`set_sessions`; checked by
`check_sessions`: all three, in order, within a year). Its members read them (`sessions`),
and a trainee's case takes the schedule of their cohort (`schedule_for`): their only one;
of several, the one the case is shared with, else the one they joined last. Without dates
the course's rhythm applies (workbook.framework.course, a layer above this one).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Sequence, TypeVar

from sqlalchemy import delete, select

from workbook import i18n
from workbook.accounts.access import CaseAccess, cohort_grantee, now
from workbook.accounts.users import User
from workbook.case.cohortrows import NAME_LENGTH, CohortRow, MemberRow, SessionRow
from workbook.case.model import Case
from workbook.case.caserows import CaseRow, ShareRow
from workbook.case.store import CaseInfo, Store

T = TypeVar("T")
ROLES = ("trainee", "facilitator")
CODE_BYTES = 16  # a join code: 128 random bits, 22 characters in a link
MAX_COHORT_NAME = 200
SESSIONS = 3  # the course's three half days
MAX_COURSE_DAYS = 366  # first to last session: a few weeks apart, never more than a year
YEARS = range(2000, 2100)


class NotAFacilitator(PermissionError):
    """Only a facilitator may do this (make a cohort; see its members or its link)."""


class JoinRefused(LookupError):
    """The join code opens no cohort: unknown, mistyped or revoked."""


class NotInCohort(PermissionError):
    """Only a cohort's members may read its session dates."""


@dataclass
class ScheduleRefused(ValueError):
    """Why session dates were refused: a locale key (`cohort.sessions_*`) and its
    parameters."""

    key: str
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return i18n.t(f"cohort.{self.key}", lang, **self.params)


def check_sessions(days: Sequence[dt.date | None]) -> tuple[dt.date, ...]:
    """The cohort's session dates, checked: all three given, each a later day than the one
    before, the course within a year, in a year from 2000 to 2099. Raises ScheduleRefused."""
    if len(days) != SESSIONS or any(d is None for d in days):
        missing = [n for n, d in enumerate(days, 1) if d is None] or [len(days) + 1]
        raise ScheduleRefused("sessions_missing", {"n": missing[0]})
    checked = tuple(d for d in days if d is not None)
    for n, day in enumerate(checked, 1):
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ScheduleRefused("sessions_missing", {"n": n})
        if day.year not in YEARS:
            raise ScheduleRefused("sessions_year", {"n": n, "year": day.year})
    for n in range(1, len(checked)):
        if checked[n] <= checked[n - 1]:
            raise ScheduleRefused("sessions_order", {"n": n + 1, "before": n})
    if (checked[-1] - checked[0]).days > MAX_COURSE_DAYS:
        raise ScheduleRefused("sessions_span", {"days": (checked[-1] - checked[0]).days})
    return checked


@dataclass(frozen=True)
class Cohort:
    id: str
    name: str
    role: str  # this user's role in it
    join_code: str | None  # only for its facilitators; None for trainees or when revoked
    sessions: tuple[dt.date, ...] = ()  # the dates its facilitator set; () while not set
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class Schedule:
    """The cohort whose session dates a case follows, and why that one: `only` (the user's
    only cohort), `shared` (of several, the one the case is shared with) or `latest` (of
    several, the one joined last). `sessions` is () while its facilitator set none."""

    cohort_id: str
    cohort_name: str
    sessions: tuple[dt.date, ...]
    why: str


@dataclass(frozen=True)
class Member:
    user: str  # the store's key of the member; never shown
    name: str
    role: str
    joined_at: dt.datetime


@dataclass(frozen=True)
class MemberProgress:
    """A trainee's progress: how many cases, when last changed, and `measured` (whatever the
    caller's measure returned) for their most recently changed case."""

    member: Member
    cases: int
    updated_at: dt.datetime | None
    measured: Any


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def clean_name(name: str, limit: int = NAME_LENGTH) -> str:
    """A name as typed, on one line, within its column (no NUL: PostgreSQL refuses it)."""
    return " ".join(str(name).replace("\x00", "").split())[:limit]


class CohortAccess:
    """The cohorts as one user may use them. Cheap to make."""

    def __init__(self, store: Store, user: User, facilitator: bool = False):
        self._store = store
        self.user = user
        self.facilitator = facilitator and not user.is_local

    # -- a facilitator's -------------------------------------------------------------------
    def create(self, name: str, member_name: str) -> Cohort:
        """A new cohort with this facilitator in it and a join link."""
        if not self.facilitator:
            raise NotAFacilitator()
        name = clean_name(name, MAX_COHORT_NAME)
        if not name:
            raise ValueError("a cohort needs a name")
        made = Cohort(secrets.token_urlsafe(12), name, "facilitator", new_code())
        with self._store.writing() as s:
            s.add(CohortRow(id=made.id, name=name, created_by=self.user.key, created_at=now(),
                            join_code=made.join_code))
            s.flush()
            s.add(MemberRow(cohort_id=made.id, user=self.user.key, role="facilitator",
                            name=clean_name(member_name), joined_at=now()))
        return made

    def new_link(self, cohort_id: str) -> str:
        """A new join code for the cohort; the old link opens nothing any more."""
        code = new_code()
        self._set_code(cohort_id, code)
        return code

    def revoke_link(self, cohort_id: str) -> None:
        """The cohort's join link opens nothing any more (until a new one is made)."""
        self._set_code(cohort_id, None)

    def _set_code(self, cohort_id: str, code: str | None) -> None:
        self._facilitating(cohort_id)
        with self._store.writing() as s:
            s.get(CohortRow, cohort_id).join_code = code

    def set_sessions(self, cohort_id: str, days: Sequence[dt.date | None] | None
                     ) -> tuple[dt.date, ...]:
        """Set the cohort's three session dates (checked: ScheduleRefused); None or () takes
        them away (the course's rhythm again). Only the cohort's facilitators may."""
        self._facilitating(cohort_id)
        checked = check_sessions(days) if days else ()
        with self._store.writing() as s:
            s.execute(delete(SessionRow).where(SessionRow.cohort_id == cohort_id))
            s.add_all(SessionRow(cohort_id=cohort_id, number=n, day=day)
                      for n, day in enumerate(checked, 1))
        return checked

    def members(self, cohort_id: str) -> list[Member]:
        """Who is in the cohort (facilitators first, then by name)."""
        self._facilitating(cohort_id)
        q = (select(MemberRow.user, MemberRow.name, MemberRow.role, MemberRow.joined_at)
             .where(MemberRow.cohort_id == cohort_id))
        with self._store.reading() as conn:
            found = [Member(*row) for row in conn.execute(q)]
        return sorted(found, key=lambda m: (m.role != "facilitator", m.name.lower(), m.user))

    def progress(self, cohort_id: str, measure: Callable[[Case], T]) -> list[MemberProgress]:
        """Each trainee's progress: the number of their cases and `measure` of the one they
        changed last. `measure` sees the case; only what it returns leaves this method."""
        out = []
        for member in self.members(cohort_id):
            if member.role != "trainee":
                continue
            cases = self._store.list(where=CaseRow.owner == member.user)
            latest = cases[0] if cases else None
            measured = measure(self._store.get(latest.id).case) if latest else None
            out.append(MemberProgress(member, len(cases),
                                      latest.updated_at if latest else None, measured))
        return out

    def shared_cases(self, cohort_id: str) -> list[tuple[CaseInfo, str]]:
        """The cases shared with the cohort (not revoked), with their permission."""
        self._facilitating(cohort_id)
        q = (select(ShareRow.case_id, ShareRow.permission)
             .where(ShareRow.grantee == cohort_grantee(cohort_id), ShareRow.revoked_at.is_(None)))
        with self._store.reading() as conn:
            permission = dict(conn.execute(q).all())
        if not permission:
            return []
        infos = self._store.list(where=CaseRow.id.in_(list(permission)))
        return [(info, permission[info.id]) for info in infos]

    def _facilitating(self, cohort_id: str) -> None:
        """NotAFacilitator unless this user facilitates that cohort (now and in it)."""
        if not self.facilitator or self._role(cohort_id) != "facilitator":
            raise NotAFacilitator()

    # -- everyone's ------------------------------------------------------------------------
    def mine(self) -> list[Cohort]:
        """The cohorts this user is in, with their session dates; the join code only where
        they facilitate."""
        if self.user.is_local:
            return []
        q = (select(CohortRow.id, CohortRow.name, MemberRow.role, CohortRow.join_code,
                    CohortRow.created_at)
             .join(MemberRow, MemberRow.cohort_id == CohortRow.id)
             .where(MemberRow.user == self.user.key).order_by(CohortRow.name, CohortRow.id))
        with self._store.reading() as conn:
            rows = conn.execute(q).all()
        days = self._sessions_of([row[0] for row in rows])
        return [Cohort(cid, name, role, code if role == "facilitator" and self.facilitator
                       else None, days.get(cid, ()), created)
                for cid, name, role, code, created in rows]

    def sessions(self, cohort_id: str) -> tuple[dt.date, ...]:
        """The cohort's session dates, () while none are set; for its members only."""
        if self.user.is_local or self._role(cohort_id) is None:
            raise NotInCohort(cohort_id)
        return self._sessions_of([cohort_id]).get(cohort_id, ())

    def schedule_for(self, case_id: str) -> Schedule | None:
        """The cohort whose session dates this case follows for this user: their only
        cohort; of several, the one the case is shared with (joined last, if it is shared
        with more), else the one they joined last. None in no cohort, or for a case this
        user may not see (as for one that does not exist)."""
        if self.user.is_local:
            return None
        if CaseAccess(self._store, self.user, self.facilitator).permission(case_id) is None:
            return None
        q = (select(CohortRow.id, CohortRow.name, MemberRow.joined_at)
             .join(MemberRow, MemberRow.cohort_id == CohortRow.id)
             .where(MemberRow.user == self.user.key))
        shared_q = select(ShareRow.grantee).where(ShareRow.case_id == case_id,
                                                  ShareRow.revoked_at.is_(None))
        with self._store.reading() as conn:
            rows = conn.execute(q).all()
            shared = set(conn.execute(shared_q).scalars()) if len(rows) > 1 else set()
        if not rows:
            return None
        latest = sorted(rows, key=lambda r: (r[2], r[0]), reverse=True)
        if len(rows) == 1:
            chosen, why = rows[0], "only"
        else:
            with_case = [r for r in latest if cohort_grantee(r[0]) in shared]
            chosen, why = (with_case[0], "shared") if with_case else (latest[0], "latest")
        days = self._sessions_of([chosen[0]]).get(chosen[0], ())
        return Schedule(chosen[0], chosen[1], days, why)

    def _sessions_of(self, cohort_ids: list[str]) -> dict[str, tuple[dt.date, ...]]:
        if not cohort_ids:
            return {}
        q = (select(SessionRow.cohort_id, SessionRow.day)
             .where(SessionRow.cohort_id.in_(cohort_ids))
             .order_by(SessionRow.cohort_id, SessionRow.number))
        found: dict[str, list[dt.date]] = {}
        with self._store.reading() as conn:
            for cid, day in conn.execute(q):
                found.setdefault(cid, []).append(day)
        return {cid: tuple(days) for cid, days in found.items()}

    def invited_to(self, code: str) -> tuple[str, str] | None:
        """(id, name) of the cohort a join code opens, or None (unknown or revoked)."""
        if not isinstance(code, str) or not code or len(code) > 64:
            return None
        q = select(CohortRow.id, CohortRow.name).where(CohortRow.join_code == code)
        with self._store.reading() as conn:
            row = conn.execute(q).first()
        return (row[0], row[1]) if row else None

    def join(self, code: str, name: str) -> Cohort:
        """Join the cohort of this code under `name`; JoinRefused if it opens none. Joining
        again changes only the name."""
        if self.user.is_local:
            raise JoinRefused(code)
        role = "facilitator" if self.facilitator else "trainee"
        with self._store.writing() as s:
            cohort = s.execute(select(CohortRow).where(CohortRow.join_code == code)
                               ).scalar_one_or_none() if isinstance(code, str) else None
            if cohort is None:
                raise JoinRefused(code)
            row = s.get(MemberRow, (cohort.id, self.user.key))
            if row is None:
                s.add(MemberRow(cohort_id=cohort.id, user=self.user.key, role=role,
                                name=clean_name(name), joined_at=now()))
            else:
                row.name = clean_name(name)
                role = row.role
            joined = Cohort(cohort.id, cohort.name, role,
                            cohort.join_code if role == "facilitator" else None)
        return joined

    def leave(self, cohort_id: str) -> None:
        """Leave a cohort: the membership goes, and so do the shares with it of this user's
        cases (its facilitators no longer see them)."""
        with self._store.writing() as s:
            s.execute(delete(MemberRow).where(MemberRow.cohort_id == cohort_id,
                                              MemberRow.user == self.user.key))
            mine = select(CaseRow.id).where(CaseRow.owner == self.user.key)
            for share in s.execute(select(ShareRow).where(
                    ShareRow.grantee == cohort_grantee(cohort_id), ShareRow.case_id.in_(mine),
                    ShareRow.revoked_at.is_(None))).scalars():
                share.revoked_at = now()

    def _role(self, cohort_id: str) -> str | None:
        q = select(MemberRow.role).where(MemberRow.cohort_id == cohort_id,
                                         MemberRow.user == self.user.key)
        with self._store.reading() as conn:
            return conn.execute(q).scalar()
