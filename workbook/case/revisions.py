"""Reading a case's revisions back: the list of them (the history), any one's document as it
was stored (its keyframe and the patches after it: workbook.case.revdata), what undo goes back
to; and the revisions this process wrote lately, kept in memory, so undo and restore of a
recent one need not rebuild it, and the newest one this process wrote of each case, parsed, so
the next change need not parse it again. A revision is never changed once written.

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
from workbook.case.model import Case
from workbook.case.revdata import rebuild, unpack

# a revision kept in memory: its document (compressed, as on the case's row), base, keyframe
Kept = tuple[bytes, int | None, int]
RecentKey = tuple[str, dt.datetime, int]  # case id, its creation time, revision number


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
    """The last RECENT revisions written, by (case id, the case's creation time, number):
    their documents (compressed, as on the case's row), bases and keyframes. The creation
    time tells a case apart from one made later under the same id (after the first was
    removed for good, maybe by another process). Safe between threads."""

    RECENT = 256  # about 10 kB each for a 60-actor case

    def __init__(self) -> None:
        self._items: OrderedDict[RecentKey, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: RecentKey, value: Kept) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.RECENT:
                self._items.popitem(last=False)

    def get(self, key: RecentKey) -> Kept | None:
        with self._lock:
            return self._items.get(key)

    def holds(self, case_id: str, number: int) -> bool:
        """Whether revision `number` of a case with this id is kept."""
        with self._lock:
            return any(k[0] == case_id and k[2] == number for k in self._items)

    def forget(self, case_ids: Iterable[str]) -> None:
        """Drop every revision of these cases (removed for good: nothing of them stays)."""
        gone = set(case_ids)
        if gone:
            with self._lock:
                for key in [k for k in self._items if k[0] in gone]:
                    del self._items[key]


class Newest(NamedTuple):
    """The newest revision of a case as this process wrote it: its number, its document as
    stored on the case's row (compressed), the document (plain JSON, the case's `to_doc()`)
    and the case itself."""

    number: int
    head_doc: bytes
    doc: dict[str, Any]
    case: Case


class Parsed:
    """The newest revision this process wrote of each of the last CASES cases changed, parsed:
    a change that builds on it (the next save of the same user, most often) need not read
    and validate the document again. Used only while the case's row still holds exactly the
    document kept here (the same number, the same stored bytes): a revision written by
    another process, or anything else on the row, is read from the row as before.

    The case and document are shared, never copied: nothing changes a Case in place (the app
    makes new ones, `model_copy(update=...)`), nor the document (read only). Safe between
    threads."""

    CASES = 64  # a 60-actor case and its document: about 260 kB

    def __init__(self) -> None:
        self._items: OrderedDict[str, Newest] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, case_id: str, newest: Newest) -> None:
        with self._lock:
            self._items[case_id] = newest
            self._items.move_to_end(case_id)
            while len(self._items) > self.CASES:
                self._items.popitem(last=False)

    def get(self, row: CaseRow) -> Newest | None:
        """The kept revision when it is the one on the case's row (read with its document)."""
        with self._lock:
            kept = self._items.get(row.id)
        if kept is None or kept.number != row.head or row.head_doc is None:
            return None
        return kept if kept.head_doc == row.head_doc else None

    def forget(self, case_ids: Iterable[str]) -> None:
        with self._lock:
            for case_id in case_ids:
                self._items.pop(case_id, None)


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


def keyframe_of(s: Session, recent: Recent, row: CaseRow, number: int) -> int:
    """The keyframe revision `number` of the case on `row` is rebuilt from; from memory when
    written lately."""
    case_id = row.id
    kept = recent.get((case_id, row.created_at, number))
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


def stored(conn: Connection, recent: Recent, row: CaseRow, number: int
           ) -> tuple[dict[str, Any], int | None]:
    """Revision `number`'s document of the case on `row`, as stored, and its base. A
    revision is never changed once written, so one this process wrote lately is read from
    memory."""
    kept = recent.get((row.id, row.created_at, number))
    if kept is not None:
        return unpack(kept[0]), kept[1]
    return chain(conn, row.id, number)


def head_document(s: Session, row: CaseRow) -> dict[str, Any]:
    """The newest revision's document, as stored (rebuilt if the row lacks it)."""
    if row.head_doc is not None:
        return unpack(row.head_doc)
    return chain(s.connection(), row.id, row.head)[0]
