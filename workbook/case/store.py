"""Where cases live: SQLAlchemy over a SQLite file by default, any SQLAlchemy URL if set
(PostgreSQL when hosted; the tests run every store test on both).

Every change is a new revision; nothing is overwritten. Undo, history and restore read the
revisions. A revision stores what changed since the one before it, with the whole document
every so many revisions (workbook.case.revdata); the newest document is kept whole on the
case's row, so reading or changing a case reads one row (a change that builds on the revision
this process wrote last takes that one, parsed, from memory). Deleting a case only marks it,
so it can be brought back. A write locks the case's row (SQLite: BEGIN IMMEDIATE; PostgreSQL:
SELECT ... FOR UPDATE, READ COMMITTED), so writers in several processes each build on the
newest revision and none is lost.

Every case has an owner (`LOCAL_OWNER` in local mode); the shares and each user's last case
live here too. Who may see or change what is decided in `workbook.accounts`, not here.

The tables are in `workbook.case.caserows`, the reading of revisions (the history, an older
revision's document, what undo goes back to) in `workbook.case.revisions`, the opening of the
database in `workbook.case.dbengine`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar

from sqlalchemy import ColumnElement, Connection, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, undefer

from workbook.case.model import Case
from workbook.case.files import case_from_doc, fresh_copy
from workbook.case.edits import Path
from workbook.case.ops import Op, Report, apply_ops, from_path, note_of
from workbook.case.unavailable import StoreUnavailable, StoreUnreachable, store_error
from workbook.case.dbengine import default_url, engine_for
from workbook.case.dbschema import LOCAL_OWNER, Base, upgrade
from workbook.case.caserows import BatchRow, CaseNotFound, CaseRow, RevisionRow
from workbook.case import revisions
from workbook.case.revisions import RevisionInfo
from workbook.case import cohortrows, roomrows  # noqa: F401 - their tables are made with the others
from workbook.case.revdata import encode, unpack

__all__ = ["Store", "Saved", "CaseInfo", "CaseNotFound", "NotOwner", "StoreUnavailable",
           "StoreUnreachable"]


class NotOwner(CaseNotFound):
    """A change asked for by its owner (`owner=`) found the case owned by someone else;
    nothing was written. workbook.accounts then says what that user may do instead."""


@dataclass(frozen=True)
class Saved:
    case: Case
    head: int
    conflict: bool = False  # the case had changed elsewhere; this change went on top of that
    report: Report | None = None  # what the operations did (overwritten fields, gone rows)


@dataclass(frozen=True)
class CaseInfo:
    id: str
    title: str
    created_at: dt.datetime
    updated_at: dt.datetime
    head: int
    deleted_at: dt.datetime | None
    owner: str = LOCAL_OWNER


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


T = TypeVar("T")


def _reading(method: Callable[..., T]) -> Callable[..., T]:
    """A read that fails in the database (server gone, file unreadable) raises
    StoreUnreachable; CaseNotFound and the rest pass as they are."""
    @functools.wraps(method)
    def read(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except SQLAlchemyError as err:
            raise store_error(err, reading=True) from err
    return read


class Store:
    """All reading and writing of cases. Safe to share between threads (browser sessions).
    Opening it raises StoreUnreachable when the database cannot be opened or reached."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        try:
            self.engine = engine_for(self.url)
            Base.metadata.create_all(self.engine)
            upgrade(self.engine)  # a database from before cases had owners gets its column
        except (SQLAlchemyError, ImportError, ValueError, OSError) as err:
            raise store_error(err, reading=True) from err
        # reads take no write lock: they never wait for, or hold up, a save
        self._reads = self.engine.execution_options(workbook_read=True)
        self._lock = threading.Lock()
        # the documents of revisions this process wrote last, as written (compressed): undo
        # and restore of a recent revision read one of them instead of rebuilding it
        self._recent = revisions.Recent()
        # the newest revision this process wrote of each case lately, parsed: the next change
        # of the case builds on it without reading and validating the document again
        self._parsed = revisions.Parsed()

    @_reading
    def ping(self) -> None:
        """Ask the database one trivial thing: raises StoreUnreachable while it is away."""
        with self._reads.connect() as conn:
            conn.exec_driver_sql("SELECT 1").scalar()

    # -- reading -------------------------------------------------------------------------
    @_reading
    def list(self, deleted: bool = False, where: ColumnElement[bool] | None = None
             ) -> list[CaseInfo]:
        """Every case (or every deleted one), newest first; `where` narrows the list (the
        cases a user may see: workbook.accounts)."""
        q = (select(*_INFO_COLUMNS)
             .where(CaseRow.deleted_at.is_not(None) if deleted else CaseRow.deleted_at.is_(None))
             .order_by(CaseRow.updated_at.desc(), CaseRow.id))
        if where is not None:
            q = q.where(where)
        with self._reads.connect() as conn:  # plain rows: asked on every page run
            return [CaseInfo(*row) for row in conn.execute(q)]

    @_reading
    def info(self, case_id: str) -> CaseInfo:
        with Session(self._reads) as s:
            return _info(self._row(s, case_id, allow_deleted=True))

    @_reading
    def head(self, case_id: str) -> int:
        """The newest revision's number: one small query, asked on every page run."""
        q = select(CaseRow.head).where(CaseRow.id == case_id, CaseRow.deleted_at.is_(None))
        with self._reads.connect() as conn:
            head = conn.execute(q).scalar()
        if head is None:
            raise CaseNotFound(case_id)
        return head

    @_reading
    def get(self, case_id: str) -> Saved:
        q = select(CaseRow.head, CaseRow.head_doc).where(CaseRow.id == case_id,
                                                         CaseRow.deleted_at.is_(None))
        with self._reads.connect() as conn:  # plain rows: read on every change elsewhere
            found = conn.execute(q).first()
            if found is None:
                raise CaseNotFound(case_id)
            head, data = found
            doc = unpack(data) if data is not None else revisions.chain(conn, case_id, head)[0]
        return Saved(case_from_doc(doc), head)

    @_reading
    def history(self, case_id: str) -> list[RevisionInfo]:
        with Session(self._reads) as s:
            self._row(s, case_id, allow_deleted=True)
            return revisions.listing(s, case_id)

    @_reading
    def revision(self, case_id: str, number: int) -> Case:
        return case_from_doc(self.document(case_id, number))

    @_reading
    def document(self, case_id: str, number: int) -> dict[str, Any]:
        """Revision `number`'s document as it was stored (an older format is not migrated):
        what checks of the store compare."""
        with self._reads.connect() as conn:  # from the database: a read tells it is there
            return revisions.chain(conn, case_id, number)[0]

    @_reading
    def can_undo(self, case_id: str) -> bool:
        with self._reads.connect() as conn:
            return revisions.can_undo(conn, case_id)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading only (the queries of workbook.accounts); a read that
        fails in the database raises StoreUnreachable, as the store's own reads do."""
        try:
            with self._reads.connect() as conn:
                yield conn
        except SQLAlchemyError as err:
            raise store_error(err, reading=True) from err

    def writing(self) -> "_WriteTx":
        """One write transaction (a session), as the store's own writes use."""
        return self._write()

    # -- writing -------------------------------------------------------------------------
    def create(self, case: Case, kind: str = "create", note: str = "",
               owner: str = LOCAL_OWNER) -> Saved:
        now = _now()
        with self._write() as s:
            if s.get(CaseRow, case.id) is not None:
                case = fresh_copy(case)  # never overwrite an existing case
            stored = encode(1, case.to_doc())
            s.add(CaseRow(id=case.id, title=_column_text(case.title), created_at=now,
                          updated_at=now, head=1, owner=owner, head_doc=stored.head_doc))
            s.flush()
            s.add(RevisionRow(case_id=case.id, number=1, created_at=now, kind=kind,
                              note=_column_text(note[:300]), base=None, data=stored.data,
                              keyframe=stored.keyframe))
            s.info["written"] = [((case.id, now, 1), (stored.head_doc, None, stored.keyframe))]
        return Saved(case, 1)

    def apply(self, case_id: str, path: Path, value: Any, expected_head: int | None = None,
              note: str = "", owner: str | None = None) -> Saved:
        """Set one value on the newest revision; the result is a new revision. A path through
        a list position (("actors", 0, "name")) names the row at that place in the newest
        revision; the app itself names rows by id (`apply_ops`). `owner`: see `apply_ops`."""
        return self._change(case_id, lambda case: from_path(case, path, value), expected_head,
                            note or _path_note(path), batch=None, owner=owner)

    def apply_ops(self, case_id: str, ops: list[Op], expected_head: int | None = None,
                  note: str = "", batch: str | None = None, owner: str | None = None) -> Saved:
        """Apply what the user did to the newest revision, in one write: a new revision when
        anything changed. `batch` names this set of operations: stored once, a replay of the
        same batch changes nothing (`report.replayed`). `owner`: only if the case is theirs,
        checked on the row the write locks; else NotOwner, with nothing written."""
        return self._change(case_id, lambda case: ops, expected_head, note or note_of(ops),
                            batch, owner)

    def _change(self, case_id: str, make_ops, expected_head: int | None, note: str,
                batch: str | None, owner: str | None = None) -> Saved:
        with self._write() as s:
            row = self._row(s, case_id, doc=True)
            if owner is not None and row.owner != owner:
                raise NotOwner(case_id)
            kept = self._parsed.get(row)  # written by this process, still the newest
            if kept is not None:
                stored, current = kept.doc, kept.case
            else:
                stored = revisions.head_document(s, row)
                current = case_from_doc(stored)
            conflict = expected_head is not None and expected_head != row.head
            if batch and s.get(BatchRow, (case_id, batch)) is not None:
                return Saved(current, row.head, conflict, Report(replayed=True))
            changed, report = apply_ops(current, make_ops(current),
                                        before=kept.doc if kept is not None else None)
            head = row.head
            if report.changed:
                head = self._add(s, row, changed, "edit", note, base=row.head, before=stored)
            if batch:
                s.add(BatchRow(case_id=case_id, batch=batch, number=head, created_at=_now()))
            return Saved(changed, head, conflict, report)

    def undo(self, case_id: str) -> Saved | None:
        """Go back one change. Returns None when there is nothing left to undo."""
        with self._write() as s:
            row = self._row(s, case_id, doc=True)
            newest = revisions.meta(s, case_id, row.head)
            if newest.base is None:
                return None
            doc, base = revisions.stored(s.connection(), self._recent, row, newest.base)
            case = case_from_doc(doc)
            head = self._add(s, row, case, "undo", f"#{newest.base}", base=base,
                             before=revisions.head_document(s, row), keyframe=newest.keyframe)
            return Saved(case, head)

    def restore(self, case_id: str, number: int) -> Saved:
        """Make an earlier revision the newest one (itself undoable)."""
        with self._write() as s:
            row = self._row(s, case_id, doc=True)
            doc = revisions.stored(s.connection(), self._recent, row, number)[0]
            case = case_from_doc(doc)
            head = self._add(s, row, case, "restore", f"#{number}", base=row.head,
                             before=revisions.head_document(s, row))
            return Saved(case, head)

    def rename(self, case_id: str, title: str, expected_head: int | None = None) -> Saved:
        return self.apply(case_id, ("title",), title, expected_head, note="title")

    def duplicate(self, case_id: str, title: str, owner: str = LOCAL_OWNER) -> Saved:
        return self.create(fresh_copy(self.get(case_id).case, title), kind="copy",
                           note=case_id, owner=owner)

    def delete(self, case_id: str) -> None:
        with self._write() as s:
            self._row(s, case_id).deleted_at = _now()

    def undelete(self, case_id: str) -> None:
        with self._write() as s:
            self._row(s, case_id, allow_deleted=True).deleted_at = None

    # -- helpers -------------------------------------------------------------------------
    def _row(self, s: Session, case_id: str, allow_deleted: bool = False,
             doc: bool = False) -> CaseRow:
        """The case's row (with its newest document when `doc`)."""
        # In a write, lock the row (PostgreSQL); SQLite's BEGIN IMMEDIATE already locks.
        row = s.get(CaseRow, case_id, with_for_update=s.info.get("write", False),
                    options=[undefer(CaseRow.head_doc)] if doc else None)
        if row is None or (row.deleted_at is not None and not allow_deleted):
            raise CaseNotFound(case_id)
        return row

    def _add(self, s: Session, row: CaseRow, case: Case, kind: str, note: str,
             base: int | None, before: dict[str, Any], keyframe: int | None = None) -> int:
        """A new revision of `case` after the newest one, whose document is `before` and
        whose keyframe is `keyframe` (read here when not given)."""
        number, now = row.head + 1, _now()  # the case changed when its revision was made
        if keyframe is None:
            keyframe = revisions.keyframe_of(s, self._recent, row, row.head)
        doc = case.to_doc()
        stored = encode(number, doc, before, keyframe)
        s.add(RevisionRow(case_id=row.id, number=number, created_at=now, kind=kind,
                          note=_column_text(note[:300]), base=base, data=stored.data,
                          keyframe=stored.keyframe))
        row.head_doc = stored.head_doc
        s.info.setdefault("written", []).append(
            ((row.id, row.created_at, number), (stored.head_doc, base, stored.keyframe)))
        s.info.setdefault("parsed", []).append(
            (row.id, revisions.Newest(number, stored.head_doc, doc, case)))
        row.head = number
        row.title = _column_text(case.title)
        row.updated_at = now
        return number

    def _write(self) -> "_WriteTx":
        return _WriteTx(self)


class _WriteTx:
    """One write transaction, serialised within this process (SQLite also locks across them).
    A database that refuses it (locked too long, disk full, read-only, gone) raises
    StoreUnavailable, with nothing written."""

    def __init__(self, store: Store):
        self.store = store
        self.session: Session | None = None

    def __enter__(self) -> Session:
        self.store._lock.acquire()
        self.session = Session(self.store.engine, info={"write": True})
        try:
            self.session.begin()
        except SQLAlchemyError as err:
            self.session.close()
            self.store._lock.release()
            raise store_error(err) from err
        return self.session

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                self.session.commit()
                for key, value in self.session.info.get("written", ()):  # only once stored
                    self.store._recent.put(key, value)
                for case_id, newest in self.session.info.get("parsed", ()):
                    self.store._parsed.put(case_id, newest)
                purged = self.session.info.get("purged", ())
                self.store._recent.forget(purged)
                self.store._parsed.forget(purged)
            else:
                self.session.rollback()
        except SQLAlchemyError as err:
            _quietly(self.session.rollback)
            raise store_error(err) from err
        finally:
            _quietly(self.session.close)
            self.store._lock.release()
        if exc_type is not None and issubclass(exc_type, SQLAlchemyError):
            raise store_error(exc) from exc
        return False


def _quietly(step: Callable[[], None]) -> None:
    """Tidy up after a failed write; a connection that is gone cannot be tidied."""
    try:
        step()
    except SQLAlchemyError:
        pass


def _column_text(text: str) -> str:
    """Text for a plain column (the list's title, a note). PostgreSQL's text cannot hold NUL
    characters, SQLite's can: both store them without. The case document (JSON, where NUL
    is written as an escape) keeps the text exactly as it was entered."""
    return text.replace("\x00", "")


def _path_note(path: Path) -> str:
    return ".".join(str(p) for p in path)


_INFO_COLUMNS = (CaseRow.id, CaseRow.title, CaseRow.created_at, CaseRow.updated_at, CaseRow.head,
                 CaseRow.deleted_at, CaseRow.owner)


def _info(r: CaseRow) -> CaseInfo:
    return CaseInfo(r.id, r.title, r.created_at, r.updated_at, r.head, r.deleted_at, r.owner)
