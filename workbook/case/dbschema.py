"""The database's layout as older versions left it, brought up to date when a store opens.

`Base.metadata.create_all` adds missing tables, never missing columns: what a newer version
adds to an existing table is added here, the same way on SQLite and PostgreSQL. New features
add tables of their own (cohorts, their session dates, comments, openings, retention:
workbook.case.cohortrows), which `create_all` makes on the next start; nothing of an older
table changes for them.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Every table of the store (workbook.case.store, workbook.case.cohortrows)."""

# The owner of every case in local mode, and of every case stored before cases had owners.
# An owner is a login's "ISSUER SUBJECT" (workbook.accounts.users); an OpenID Connect issuer
# is an https URL, so this one can never be a login's.
LOCAL_OWNER = "local user"
OWNER_LENGTH = 600  # an issuer URL and a subject of at most 255 characters, with room


def upgrade(engine: Engine) -> None:
    """Give the cases table the owner column if it lacks it (its cases then belong to the
    local user), with its index. Several processes may open the same database at once: the
    first one changes it, the others wait for it (PostgreSQL: an advisory lock; SQLite: its
    write lock) and then find nothing left to do."""
    if "owner" in _columns(engine.execution_options(workbook_read=True)):
        return
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        if "owner" in _columns(conn):
            return
        conn.execute(text(f"ALTER TABLE cases ADD COLUMN owner VARCHAR({OWNER_LENGTH}) "
                          f"NOT NULL DEFAULT '{LOCAL_OWNER}'"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_cases_owner ON cases (owner)"))


_LOCK_KEY = 0x776F726B626F6F6B  # "workbook": this upgrade's advisory lock


def _columns(bind: Engine | Connection) -> set[str]:
    """The cases table's columns (SQLite: a read that takes no write lock)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return _columns(conn)
    return {column["name"] for column in inspect(bind).get_columns("cases")}
