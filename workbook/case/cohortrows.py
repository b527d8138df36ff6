"""The store's tables for hosting a cohort: cohorts, their members and their session dates,
comments on a case's worksheet questions, who opened a shared case when, and the retention
warnings.

Each is a table of its own, made by `create_all` on the next start: an older database gains
them without any change to the tables it has. Who may read or write them is decided in
`workbook.accounts`, never here. A user is named as everywhere in the store: "ISSUER SUBJECT".
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbook.case.dbschema import OWNER_LENGTH, Base

NAME_LENGTH = 120  # a member's name as they chose it for their cohort
COMMENT_LENGTH = 4000


class CohortRow(Base):
    """A cohort: a group of trainees and their facilitators. `join_code` is the secret of
    its join link; None once a facilitator revoked it (a new one can be made)."""

    __tablename__ = "cohorts"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    join_code: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)


class MemberRow(Base):
    """Someone in a cohort, as a trainee or a facilitator, under the name they chose there
    (the only name the store keeps; removed when they leave or delete their account)."""

    __tablename__ = "cohort_members"
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id"), primary_key=True)
    user: Mapped[str] = mapped_column(String(OWNER_LENGTH), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20))  # trainee, facilitator
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SessionRow(Base):
    """One session of a cohort's course on the date its facilitator set (sessions 1, 2, 3).
    A cohort without rows has no schedule of its own: its trainees see the course's rhythm.
    A table of its own, so a database from before session dates gains it on the next start
    (`create_all`) and its cohorts start without a schedule."""

    __tablename__ = "cohort_sessions"
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)


class CommentRow(Base):
    """A comment next to one question (field) of one worksheet of a case: plain text."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    worksheet: Mapped[str] = mapped_column(String(80))
    field: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(OWNER_LENGTH), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class OpenedRow(Base):
    """Someone other than the owner opened a shared case (the owner sees who and when)."""

    __tablename__ = "case_openings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    viewer: Mapped[str] = mapped_column(String(OWNER_LENGTH), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class RetentionRow(Base):
    """A case's retention: when its owner was first warned that it will be deleted, and when
    they last asked to keep it (which counts as touching it)."""

    __tablename__ = "retention"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    warned_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    kept_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
