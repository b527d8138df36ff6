"""Retention: cases nobody touched for a configured period (say 12 months) are deleted for
good, after their owner was warned in the app for a month.

A run (`python -m workbook retention`, or the app itself at most once an hour) does two
things. A case untouched for the period less a month is marked as warned, now: from then on
its owner sees, in the app, that it will be deleted and when, with a button to keep it.
A case warned at least a month ago and untouched since is removed with every revision,
share, comment and opening (workbook.case.purge). Touching means changing the case, or
asking to keep it; so every case gets its full month of warning, even when the period is
set for the first time on old cases, or when runs are far apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from workbook.case.cohortrows import RetentionRow
from workbook.case.purge import purge
from workbook.case.caserows import CaseRow
from workbook.case.store import Store

WARNING = dt.timedelta(days=30)  # how long an owner is warned before a case goes
MIN_MONTHS = 2  # a period shorter than this leaves no room for the month of warning
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class Due:
    case_id: str
    title: str
    delete_on: dt.datetime  # not before then


@dataclass(frozen=True)
class Result:
    warned: int
    deleted: int


def period(months: float) -> dt.timedelta:
    """A retention period in months; ValueError below MIN_MONTHS."""
    if not isinstance(months, (int, float)) or isinstance(months, bool) or months < MIN_MONTHS:
        raise ValueError(f"a retention period of at least {MIN_MONTHS} months")
    return dt.timedelta(days=months * DAYS_PER_MONTH)


def _touched(updated_at: dt.datetime, kept_at: dt.datetime | None) -> dt.datetime:
    return max(updated_at, kept_at) if kept_at else updated_at


def _rows(conn: Connection | Session, owner: str | None = None):
    q = (select(CaseRow.id, CaseRow.title, CaseRow.updated_at, RetentionRow.warned_at,
                RetentionRow.kept_at)
         .outerjoin(RetentionRow, RetentionRow.case_id == CaseRow.id))
    if owner is not None:
        q = q.where(CaseRow.owner == owner)
    return conn.execute(q).all()


def run(store: Store, keep_for: dt.timedelta, at: dt.datetime) -> Result:
    """Warn the owners of cases that are due within a month, and delete those whose month
    of warning has passed untouched. `at` is now (a test hands in another clock)."""
    warn_from = at - (keep_for - WARNING)
    warned, gone = 0, []
    with store.writing() as s:
        for cid, _title, updated_at, warned_at, kept_at in _rows(s):
            touched = _touched(updated_at, kept_at)
            if warned_at is not None and touched <= warned_at:
                if warned_at <= at - WARNING:
                    gone.append(cid)
            elif touched <= warn_from:
                row = s.get(RetentionRow, cid)
                if row is None:
                    s.add(RetentionRow(case_id=cid, warned_at=at))
                else:
                    row.warned_at = at
                warned += 1
        deleted = purge(s, gone)
    return Result(warned, deleted)


def due_of(conn: Connection, owner: str) -> list[Due]:
    """An owner's cases that are warned and untouched since, soonest first."""
    found = [Due(cid, title, warned_at + WARNING)
             for cid, title, updated_at, warned_at, kept_at in _rows(conn, owner)
             if warned_at is not None and _touched(updated_at, kept_at) <= warned_at]
    return sorted(found, key=lambda d: (d.delete_on, d.case_id))


def keep(s: Session, case_id: str, at: dt.datetime) -> None:
    row = s.get(RetentionRow, case_id)
    if row is None:
        s.add(RetentionRow(case_id=case_id, kept_at=at))
    else:
        row.kept_at = at
