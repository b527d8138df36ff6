"""The store's tables of live intervision rooms (workbook.rooms): a room, who joined it and
what they sent. Tables of their own, made by `create_all` on the next start, on SQLite and
PostgreSQL alike; so every app process (replica) sees the same room. Who may read or write
them is decided in `workbook.rooms`, never here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbook.case.dbschema import OWNER_LENGTH, Base

CODE_LENGTH = 64
NAME_LENGTH = 120


class RoomRow(Base):
    """A room for one meeting of one case. `code` is its secret (at least 128 random bits);
    `version` grows with every change (a join, a submission, a reveal), `state` only with
    what a participant's screen shows (open or closed, who is admitted), so screens ask one
    cheap question to know whether to redraw."""

    __tablename__ = "rooms"
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    meeting_id: Mapped[str] = mapped_column(String(40))
    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), index=True)
    admission: Mapped[str] = mapped_column(String(20))  # admitted, cohort
    cohort_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class RoomMemberRow(Base):
    """Someone who opened the room's link: admitted or waiting, their number in the room
    ('Participant n'), the name they gave and whether it may appear in the minutes."""

    __tablename__ = "room_members"
    code: Mapped[str] = mapped_column(ForeignKey("rooms.code"), primary_key=True)
    user: Mapped[str] = mapped_column(String(OWNER_LENGTH), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    admitted: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SubmissionRow(Base):
    """What a participant sent in a phase: a question, a concern, an advice, a reading
    (`payload`, JSON). `hidden`: the facilitator hid it (kept); `revealed`: shown on the
    projector (in a phase that reveals at once, only when the facilitator says so)."""

    __tablename__ = "room_submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(ForeignKey("rooms.code"), index=True)
    user: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    phase: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
