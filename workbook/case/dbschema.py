"""The database's layout as older versions left it, brought up to date when a store opens.

`Base.metadata.create_all` adds missing tables, never missing columns: what a newer version
adds to an existing table is added here, the same way on SQLite and PostgreSQL. Several
processes may open the same database at once: the first one changes it, the others wait for
it (PostgreSQL: an advisory lock; SQLite: its write lock) and then find nothing left to do.
New features add tables of their own (cohorts, their session dates, comments, openings,
retention: workbook.case.cohortrows), which `create_all` makes on the next start; nothing of
an older table changes for them.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.orm import DeclarativeBase

from workbook.case.dbrevisions import revisions_as_changes


class Base(DeclarativeBase):
    """Every table of the store (workbook.case.caserows, cohortrows, roomrows)."""


# The owner of every case in local mode, and of every case stored before cases had owners.
# An owner is a login's "ISSUER SUBJECT" (workbook.accounts.users); an OpenID Connect issuer
# is an https URL, so this one can never be a login's.
LOCAL_OWNER = "local user"
OWNER_LENGTH = 600  # an issuer URL and a subject of at most 255 characters, with room


def upgrade(engine: Engine) -> None:
    """Bring an older database up to date: the owner column (its cases then belong to the
    local user), and revisions that store what changed instead of the whole document."""
    _add_owner(engine)
    _store_changes(engine)


def _add_owner(engine: Engine) -> None:
    """Give the cases table the owner column if it lacks it, with its index."""
    if "owner" in _columns(engine.execution_options(workbook_read=True)):
        return
    with engine.begin() as conn:
        _lock(conn)
        if "owner" in _columns(conn):
            return
        conn.execute(text(f"ALTER TABLE cases ADD COLUMN owner VARCHAR({OWNER_LENGTH}) "
                          f"NOT NULL DEFAULT '{LOCAL_OWNER}'"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_cases_owner ON cases (owner)"))


def _store_changes(engine: Engine) -> None:
    """Revisions stored as whole documents (the `doc` column) become patches with keyframes
    (workbook.case.dbrevisions), in one transaction: every revision reads back as it was. A
    SQLite file is then compacted, to give the space back to the disk."""
    if "doc" not in _columns(engine.execution_options(workbook_read=True), "revisions"):
        return
    with engine.begin() as conn:
        _lock(conn)
        if "doc" not in _columns(conn, "revisions"):
            return
        count = revisions_as_changes(conn)
    log.info("stored %d revisions as changes", count)
    if engine.dialect.name == "sqlite":
        _compact(engine)


def _compact(engine: Engine) -> None:
    """VACUUM a SQLite file after the upgrade; while another process holds it open in a
    transaction this waits, and gives up without harm."""
    raw = engine.raw_connection()
    try:  # the driver's own connection: VACUUM runs outside any transaction
        raw.driver_connection.execute("VACUUM")
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception as err:  # noqa: BLE001 - compacting is a bonus, never a failure
        log.warning("could not compact the database after the upgrade: %s", err)
    finally:
        raw.close()


def _lock(conn: Connection) -> None:
    """PostgreSQL: wait for any other process upgrading (SQLite: BEGIN IMMEDIATE did)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


_LOCK_KEY = 0x776F726B626F6F6B  # "workbook": the upgrades' advisory lock
log = logging.getLogger(__name__)


def _columns(bind: Engine | Connection, table: str = "cases") -> set[str]:
    """A table's columns (SQLite: a read that takes no write lock)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return _columns(conn, table)
    return {column["name"] for column in inspect(bind).get_columns(table)}
