"""Comments next to a worksheet's questions: a facilitator's remark, the trainee's answer.

Plain text, never Markdown (the interface shows it as text). Who may read and write them is
`CaseAccess`'s check (the owner, and those a case was shared with to comment); these are
the queries behind it. An author is named by the name they chose in a cohort, never by
their login.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session

from workbook.case.cohortrows import COMMENT_LENGTH, CommentRow, MemberRow

MAX_PER_CASE = 2000  # shown at most (newest kept)


@dataclass(frozen=True)
class Comment:
    id: int
    worksheet: str
    field: str
    author_name: str  # their name in a cohort; empty when they have none (any more)
    mine: bool  # written by the user who asked
    text: str
    created_at: dt.datetime


def clean(text: str) -> str:
    """A comment as typed, without NUL (PostgreSQL refuses it), within its limit."""
    return str(text).replace("\x00", "").strip()[:COMMENT_LENGTH]


def names(conn: Connection, users: Collection[str]) -> dict[str, str]:
    """Each user's name in a cohort (the first they joined), for those that have one."""
    if not users:
        return {}
    q = (select(MemberRow.user, MemberRow.name).where(MemberRow.user.in_(list(users)))
         .order_by(MemberRow.joined_at.desc()))
    return {user: name for user, name in conn.execute(q) if name}


def of_case(conn: Connection, case_id: str, reader: str) -> list[Comment]:
    q = (select(CommentRow).where(CommentRow.case_id == case_id)
         .order_by(CommentRow.created_at.desc(), CommentRow.id.desc()).limit(MAX_PER_CASE))
    rows = list(reversed(conn.execute(q).all()))
    known = names(conn, {r.author for r in rows})
    return [Comment(r.id, r.worksheet, r.field, known.get(r.author, ""), r.author == reader,
                    r.text, r.created_at) for r in rows]


def add(s: Session, case_id: str, worksheet: str, field: str, author: str, text: str,
        at: dt.datetime) -> None:
    text = clean(text)
    if not text:
        raise ValueError("an empty comment")
    s.add(CommentRow(case_id=case_id, worksheet=str(worksheet)[:80], field=str(field)[:80],
                     author=author, text=text, created_at=at))


def remove(s: Session, case_id: str, comment_id: int, author: str) -> None:
    """Remove a comment of `author`'s own on this case (another's stays)."""
    s.execute(delete(CommentRow).where(CommentRow.id == comment_id,
                                       CommentRow.case_id == case_id,
                                       CommentRow.author == author))
