"""Reading a case's revisions back: the list of them (the history), any one's document as it
was stored (its keyframe and the patches after it: workbook.case.revdata), what undo goes back
to; and the revisions this process wrote lately, kept in memory, so undo and restore of a
recent one need not rebuild it. A revision is never changed once written.

The store (`workbook.case.store`) reads through these, in its own connections and
transactions; it alone writes revisions.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from workbook.case.caserows import CaseNotFound, CaseRow, RevisionRow
from workbook.case.revdata import rebuild, unpack

# a revision kept in memory: its document (compressed, as on the case's row), base, keyframe
Kept = tuple[bytes, int | None, int]


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    created_at: dt.datetime
    kind: str
    note: str
    base: int | None


class RevisionMeta(NamedTuple):
    """A revision's small columns, without its data."""

    base: int | None
    keyframe: int


class Recent:
    """The last RECENT revisions written, by (case id, number): their documents (compressed,
    as on the case's row), bases and keyframes. Safe between threads."""

    RECENT = 256  # about 10 kB each for a 60-actor case

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, int], Kept] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: tuple[str, int], value: Kept) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.RECENT:
                self._items.popitem(last=False)

    def get(self, key: tuple[str, int]) -> Kept | None:
        with self._lock:
            return self._items.get(key)

    def forget(self, case_ids: Iterable[str]) -> None:
        """Drop every revision of these cases (removed for good: nothing of them stays)."""
        gone = set(case_ids)
        if gone:
            with self._lock:
                for key in [k for k in self._items if k[0] in gone]:
                    del self._items[key]


def listing(s: Session, case_id: str) -> list[RevisionInfo]:
    """Every revision of the case, newest first, without their documents."""
    q = (select(RevisionRow.number, RevisionRow.created_at, RevisionRow.kind,
                RevisionRow.note, RevisionRow.base)
         .where(RevisionRow.case_id == case_id).order_by(RevisionRow.number.desc()))
    return [RevisionInfo(*r) for r in s.execute(q).all()]


def can_undo(conn: Connection, case_id: str) -> bool:
    """Whether the newest revision of a case that is not deleted builds on an earlier one."""
    q = (select(RevisionRow.base)
         .join(CaseRow, (CaseRow.id == RevisionRow.case_id)
               & (CaseRow.head == RevisionRow.number))
         .where(CaseRow.id == case_id, CaseRow.deleted_at.is_(None)))
    found = conn.execute(q).first()
    if found is None:
        raise CaseNotFound(case_id)
    return found.base is not None


def meta(s: Session, case_id: str, number: int) -> RevisionMeta:
    q = select(RevisionRow.base, RevisionRow.keyframe).where(
        RevisionRow.case_id == case_id, RevisionRow.number == number)
    found = s.connection().execute(q).first()
    if found is None:
        raise CaseNotFound(f"{case_id}@{number}")
    return RevisionMeta(*found)


def keyframe_of(s: Session, recent: Recent, case_id: str, number: int) -> int:
    """The keyframe revision `number` is rebuilt from; from memory when written lately."""
    kept = recent.get((case_id, number))
    return kept[2] if kept is not None else meta(s, case_id, number).keyframe


def chain(conn: Connection, case_id: str, number: int) -> tuple[dict[str, Any], int | None]:
    """Revision `number`'s document as stored, and its base: its keyframe and the patches
    after it, read in one query."""
    keyframe = (select(RevisionRow.keyframe)
                .where(RevisionRow.case_id == case_id, RevisionRow.number == number)
                .scalar_subquery())
    q = (select(RevisionRow.number, RevisionRow.keyframe, RevisionRow.data, RevisionRow.base)
         .where(RevisionRow.case_id == case_id, RevisionRow.number >= keyframe,
                RevisionRow.number <= number)
         .order_by(RevisionRow.number))
    rows = conn.execute(q).all()
    if not rows:
        raise CaseNotFound(f"{case_id}@{number}")
    return rebuild(row[:3] for row in rows), rows[-1].base


def stored(conn: Connection, recent: Recent, case_id: str, number: int
           ) -> tuple[dict[str, Any], int | None]:
    """Revision `number`'s document as stored, and its base. A revision is never changed
    once written, so one this process wrote lately is read from memory."""
    kept = recent.get((case_id, number))
    if kept is not None:
        return unpack(kept[0]), kept[1]
    return chain(conn, case_id, number)


def head_document(s: Session, row: CaseRow) -> dict[str, Any]:
    """The newest revision's document, as stored (rebuilt if the row lacks it)."""
    if row.head_doc is not None:
        return unpack(row.head_doc)
    return chain(s.connection(), row.id, row.head)[0]
