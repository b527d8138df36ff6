"""Opening the database: which one (`default_url`), and one engine per URL in each process,
shared by every Store opened on it. SQLite: WAL, a write takes the write lock at once (BEGIN
IMMEDIATE), a read none; PostgreSQL: READ COMMITTED, a server that does not answer is said
so within seconds. `workbook.case.store` reads and writes through these engines.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

ROOT = Path(__file__).resolve().parents[2]
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


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(url: str) -> Engine:
    """This process's engine for the database at `url`, made on first use."""
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = make_engine(url)
        return _ENGINES[url]


def release(url: str) -> None:
    """Close this process's connections to a database (before it is dropped, say); a Store
    opened on it afterwards connects again."""
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


CONNECT_TIMEOUT_S = 5  # a database server that does not answer is said so within seconds


def make_engine(url: str) -> Engine:
    """A new engine for `url` (`engine_for` shares one per URL)."""
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


def _postgres_engine(url: str) -> Engine:
    """Every transaction READ COMMITTED, whatever the server's default: a write that waited
    for a case's row lock (FOR UPDATE) then reads the newest revision and builds on it, where
    REPEATABLE READ or SERIALIZABLE would refuse it. A server that does not answer is said
    so within seconds."""
    args = {} if "connect_timeout" in url else {"connect_timeout": CONNECT_TIMEOUT_S}
    return create_engine(url, pool_pre_ping=True, isolation_level="READ COMMITTED",
                         connect_args=args)

