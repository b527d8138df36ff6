"""Where cases live: SQLAlchemy over a SQLite file by default, any SQLAlchemy URL if set
(PostgreSQL when hosted; the tests run every store test on both).

Every change is a new revision; nothing is overwritten. Undo, history and restore read the
revisions. A revision stores what changed since the one before it, with the whole document
every so many revisions (workbook.case.revdata); the newest document is kept whole on the
case's row, so reading or changing a case reads one row. Deleting a case only marks it, so it can be brought back. A write locks the case's
row (SQLite: BEGIN IMMEDIATE; PostgreSQL: SELECT ... FOR UPDATE, READ COMMITTED), so writers
in several processes each build on the newest revision and none is lost.

Every case has an owner (`LOCAL_OWNER` in local mode); the shares and each user's last case
live here too. Who may see or change what is decided in `workbook.accounts`, not here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Callable, Iterator, NamedTuple, TypeVar

from sqlalchemy import (ColumnElement, Connection, DateTime, ForeignKey, Integer, LargeBinary,
                        String, create_engine, event, select)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column, undefer
from sqlalchemy.pool import StaticPool

from workbook.case.model import Case
from workbook.case.files import case_from_doc, fresh_copy
from workbook.case.edits import Path
from workbook.case.ops import Op, Report, apply_ops, from_path, note_of
from workbook.case.unavailable import StoreUnavailable, StoreUnreachable, store_error
from workbook.case.dbschema import LOCAL_OWNER, OWNER_LENGTH, Base, upgrade
from workbook.case import cohortrows, roomrows  # noqa: F401 - their tables are made with the others
from workbook.case.revdata import encode, rebuild, unpack

__all__ = ["Store", "Saved", "CaseInfo", "RevisionInfo", "CaseNotFound", "StoreUnavailable",
           "StoreUnreachable", "default_url", "release"]

ROOT = FsPath(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = ROOT / "data"


def default_url() -> str:
    """`WORKBOOK_DB` if set, else a SQLite file in the project's data folder."""
    url = os.environ.get("WORKBOOK_DB", "").strip()
    if url:
        return url
    try:
        DEFAULT_DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # a read-only disk: opening the store says so, in words
    return f"sqlite:///{DEFAULT_DATA_DIR / 'workbook.db'}"


class CaseRow(Base):
    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    head: Mapped[int] = mapped_column(Integer, default=0)
    # whose case it is: a login's "ISSUER SUBJECT" (workbook.accounts), LOCAL_OWNER in local
    # mode and for every case stored before cases had owners
    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), default=LOCAL_OWNER,
                                       server_default=LOCAL_OWNER, index=True)
    # the newest revision's document, whole (compressed JSON: workbook.case.revdata); read
    # only where a case's content is needed, not for the list of cases
    head_doc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)


class RevisionRow(Base):
    __tablename__ = "revisions"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))  # create, edit, undo, restore, import, copy
    note: Mapped[str] = mapped_column(String(300), default="")
    # The revision this one's state builds on; undo walks back along it.
    base: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # What changed since revision number - 1 (a patch), or the whole document when this
    # revision is a keyframe (keyframe == number): compressed JSON text, so the document
    # comes back exactly as it was written (workbook.case.revdata).
    data: Mapped[bytes] = mapped_column(LargeBinary)
    keyframe: Mapped[int] = mapped_column(Integer)  # the revision it is rebuilt from


class BatchRow(Base):
    """A batch of operations already applied: replayed again (a tab that kept it while the
    store refused, a browser that kept it over a restart), it changes nothing."""

    __tablename__ = "applied_batches"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    batch: Mapped[str] = mapped_column(String(64), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)  # the newest revision once it was applied
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ShareRow(Base):
    """A case shared with someone (a grantee: a user's "ISSUER SUBJECT"), to read or to
    comment. Revoking keeps the row, with the time it was revoked."""

    __tablename__ = "shares"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    grantee: Mapped[str] = mapped_column(String(OWNER_LENGTH), primary_key=True, index=True)
    permission: Mapped[str] = mapped_column(String(20))  # read, comment
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class LastCaseRow(Base):
    """The case each user had open last, to reopen it on their next visit (hosted mode)."""

    __tablename__ = "last_cases"
    user: Mapped[str] = mapped_column(String(OWNER_LENGTH), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


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


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    created_at: dt.datetime
    kind: str
    note: str
    base: int | None


class CaseNotFound(KeyError):
    pass


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
            self.engine = _engine(self.url)
            Base.metadata.create_all(self.engine)
            upgrade(self.engine)  # a database from before cases had owners gets its column
        except (SQLAlchemyError, ImportError, ValueError, OSError) as err:
            raise store_error(err, reading=True) from err
        # reads take no write lock: they never wait for, or hold up, a save
        self._reads = self.engine.execution_options(workbook_read=True)
        self._lock = threading.Lock()
        # the documents of revisions this process wrote last, as written (compressed): undo
        # and restore of a recent revision read one of them instead of rebuilding it
        self._recent = _Recent()

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
            doc = unpack(data) if data is not None else _chain(conn, case_id, head)[0]
        return Saved(case_from_doc(doc), head)

    @_reading
    def history(self, case_id: str) -> list[RevisionInfo]:
        with Session(self._reads) as s:
            self._row(s, case_id, allow_deleted=True)
            q = (select(RevisionRow.number, RevisionRow.created_at, RevisionRow.kind,
                        RevisionRow.note, RevisionRow.base)
                 .where(RevisionRow.case_id == case_id).order_by(RevisionRow.number.desc()))
            return [RevisionInfo(*r) for r in s.execute(q).all()]

    @_reading
    def revision(self, case_id: str, number: int) -> Case:
        return case_from_doc(self.document(case_id, number))

    @_reading
    def document(self, case_id: str, number: int) -> dict[str, Any]:
        """Revision `number`'s document as it was stored (an older format is not migrated):
        what checks of the store compare."""
        with self._reads.connect() as conn:  # from the database: a read tells it is there
            return _chain(conn, case_id, number)[0]

    @_reading
    def can_undo(self, case_id: str) -> bool:
        q = (select(RevisionRow.base)
             .join(CaseRow, (CaseRow.id == RevisionRow.case_id)
                   & (CaseRow.head == RevisionRow.number))
             .where(CaseRow.id == case_id, CaseRow.deleted_at.is_(None)))
        with self._reads.connect() as conn:
            found = conn.execute(q).first()
        if found is None:
            raise CaseNotFound(case_id)
        return found.base is not None

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
            s.info["written"] = [((case.id, 1), (stored.head_doc, None, stored.keyframe))]
        return Saved(case, 1)

    def apply(self, case_id: str, path: Path, value: Any, expected_head: int | None = None,
              note: str = "") -> Saved:
        """Set one value on the newest revision; the result is a new revision. A path through
        a list position (("actors", 0, "name")) names the row at that place in the newest
        revision; the app itself names rows by id (`apply_ops`)."""
        return self._change(case_id, lambda case: from_path(case, path, value), expected_head,
                            note or _path_note(path), batch=None)

    def apply_ops(self, case_id: str, ops: list[Op], expected_head: int | None = None,
                  note: str = "", batch: str | None = None) -> Saved:
        """Apply what the user did to the newest revision, in one write: a new revision when
        anything changed. `batch` names this set of operations: stored once, a replay of the
        same batch changes nothing (`report.replayed`)."""
        return self._change(case_id, lambda case: ops, expected_head, note or note_of(ops),
                            batch)

    def _change(self, case_id: str, make_ops, expected_head: int | None, note: str,
                batch: str | None) -> Saved:
        with self._write() as s:
            row = self._row(s, case_id, doc=True)
            stored = _head_doc(s, row)
            current = case_from_doc(stored)
            conflict = expected_head is not None and expected_head != row.head
            if batch and s.get(BatchRow, (case_id, batch)) is not None:
                return Saved(current, row.head, conflict, Report(replayed=True))
            changed, report = apply_ops(current, make_ops(current))
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
            newest = _meta(s, case_id, row.head)
            if newest.base is None:
                return None
            doc, base = self._document(s.connection(), case_id, newest.base)
            case = case_from_doc(doc)
            head = self._add(s, row, case, "undo", f"#{newest.base}", base=base,
                             before=_head_doc(s, row), keyframe=newest.keyframe)
            return Saved(case, head)

    def restore(self, case_id: str, number: int) -> Saved:
        """Make an earlier revision the newest one (itself undoable)."""
        with self._write() as s:
            row = self._row(s, case_id, doc=True)
            case = case_from_doc(self._document(s.connection(), case_id, number)[0])
            head = self._add(s, row, case, "restore", f"#{number}", base=row.head,
                             before=_head_doc(s, row))
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
            recent = self._recent.get((row.id, row.head))
            keyframe = recent[2] if recent is not None else _meta(s, row.id, row.head).keyframe
        stored = encode(number, case.to_doc(), before, keyframe)
        s.add(RevisionRow(case_id=row.id, number=number, created_at=now, kind=kind,
                          note=_column_text(note[:300]), base=base, data=stored.data,
                          keyframe=stored.keyframe))
        row.head_doc = stored.head_doc
        s.info.setdefault("written", []).append(
            ((row.id, number), (stored.head_doc, base, stored.keyframe)))
        row.head = number
        row.title = _column_text(case.title)
        row.updated_at = now
        return number

    def _document(self, conn: Connection, case_id: str, number: int
                  ) -> tuple[dict[str, Any], int | None]:
        """Revision `number`'s document as stored, and its base. A revision is never changed
        once written, so one this process wrote lately is read from memory."""
        recent = self._recent.get((case_id, number))
        if recent is not None:
            return unpack(recent[0]), recent[1]
        return _chain(conn, case_id, number)

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
                self.store._recent.forget(self.session.info.get("purged", ()))
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


class _Recent:
    """The last RECENT revisions written, by (case id, number): their documents (compressed,
    as on the case's row), bases and keyframes. Safe between threads."""

    RECENT = 256  # about 10 kB each for a 60-actor case

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, int], tuple[bytes, int | None, int]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: tuple[str, int], value: tuple[bytes, int | None, int]) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.RECENT:
                self._items.popitem(last=False)

    def get(self, key: tuple[str, int]) -> tuple[bytes, int | None, int] | None:
        with self._lock:
            return self._items.get(key)

    def forget(self, case_ids) -> None:
        """Drop every revision of these cases (removed for good: nothing of them stays)."""
        gone = set(case_ids)
        if gone:
            with self._lock:
                for key in [k for k in self._items if k[0] in gone]:
                    del self._items[key]


class _RevisionMeta(NamedTuple):
    """A revision's small columns, without its data."""

    base: int | None
    keyframe: int


def _meta(s: Session, case_id: str, number: int) -> _RevisionMeta:
    q = select(RevisionRow.base, RevisionRow.keyframe).where(
        RevisionRow.case_id == case_id, RevisionRow.number == number)
    found = s.connection().execute(q).first()
    if found is None:
        raise CaseNotFound(f"{case_id}@{number}")
    return _RevisionMeta(*found)


def _chain(conn: Connection, case_id: str, number: int) -> tuple[dict[str, Any], int | None]:
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


def _head_doc(s: Session, row: CaseRow) -> dict[str, Any]:
    """The newest revision's document, as stored (rebuilt if the row lacks it)."""
    if row.head_doc is not None:
        return unpack(row.head_doc)
    return _chain(s.connection(), row.id, row.head)[0]


def _path_note(path: Path) -> str:
    return ".".join(str(p) for p in path)


_INFO_COLUMNS = (CaseRow.id, CaseRow.title, CaseRow.created_at, CaseRow.updated_at, CaseRow.head,
                 CaseRow.deleted_at, CaseRow.owner)


def _info(r: CaseRow) -> CaseInfo:
    return CaseInfo(r.id, r.title, r.created_at, r.updated_at, r.head, r.deleted_at, r.owner)


_ENGINES: dict[str, Any] = {}
_ENGINES_LOCK = threading.Lock()


def _engine(url: str):
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = _make_engine(url)
        return _ENGINES[url]


def release(url: str) -> None:
    """Close this process's connections to a database (before it is dropped, say); a Store
    opened on it afterwards connects again."""
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


CONNECT_TIMEOUT_S = 5  # a database server that does not answer is said so within seconds


def _make_engine(url: str):
    if url.startswith("postgresql"):
        return _postgres_engine(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    args = {"timeout": 30, "check_same_thread": False}
    if url in ("sqlite://", "sqlite:///:memory:"):
        engine = create_engine(url, connect_args=args, poolclass=StaticPool)
    else:
        engine = create_engine(url, connect_args=args)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        # a write takes the write lock at once, so two processes never both read the same
        # head; a read sees one consistent snapshot (WAL) without blocking anyone
        read = conn.get_execution_options().get("workbook_read", False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")

    return engine


def _postgres_engine(url: str):
    """Every transaction READ COMMITTED, whatever the server's default: a write that waited
    for a case's row lock (FOR UPDATE) then reads the newest revision and builds on it, where
    REPEATABLE READ or SERIALIZABLE would refuse it. A server that does not answer is said
    so within seconds."""
    args = {} if "connect_timeout" in url else {"connect_timeout": CONNECT_TIMEOUT_S}
    return create_engine(url, pool_pre_ping=True, isolation_level="READ COMMITTED",
                         connect_args=args)

