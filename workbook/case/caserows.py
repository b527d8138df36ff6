"""The store's own tables: the cases, their revisions, the batches of operations already
applied, the shares and each user's last case; and the error for a case that has no row.

`workbook.case.store` reads and writes them (the revisions are read back through
`workbook.case.revisions`); `workbook.case.purge` removes them for good. The tables of cohorts
and of live rooms are in `cohortrows` and `roomrows`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from workbook.case.dbschema import LOCAL_OWNER, OWNER_LENGTH, Base


class CaseNotFound(KeyError):
    """No such case, or no such revision of it (a deleted case, where only live ones count)."""


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
