"""Removing cases for good: every row of them, in every table (retention, a deleted
account). Deleting a case in the app only marks it (the bin); this really removes it."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workbook.case.cohortrows import CommentRow, OpenedRow, RetentionRow
from workbook.case.roomrows import RoomMemberRow, RoomRow, SubmissionRow
from workbook.case.caserows import BatchRow, CaseRow, LastCaseRow, RevisionRow, ShareRow

# the tables that name a case, the case's own row last (the others point at it)
_BY_CASE = ((CommentRow, CommentRow.case_id), (OpenedRow, OpenedRow.case_id),
            (RetentionRow, RetentionRow.case_id), (ShareRow, ShareRow.case_id),
            (BatchRow, BatchRow.case_id), (RevisionRow, RevisionRow.case_id),
            (LastCaseRow, LastCaseRow.case_id), (CaseRow, CaseRow.id))
_CHUNK = 500  # ids per statement: well within every database's limit of parameters


def purge(s: Session, case_ids: Collection[str]) -> int:
    """Delete these cases and everything stored of them, in the write transaction `s`.
    Returns how many cases were removed."""
    ids = list(dict.fromkeys(case_ids))
    removed = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        rooms = select(RoomRow.code).where(RoomRow.case_id.in_(chunk))  # live rooms first
        s.execute(delete(SubmissionRow).where(SubmissionRow.code.in_(rooms)))
        s.execute(delete(RoomMemberRow).where(RoomMemberRow.code.in_(rooms)))
        s.execute(delete(RoomRow).where(RoomRow.case_id.in_(chunk)))
        for table, column in _BY_CASE:
            done = s.execute(delete(table).where(column.in_(chunk)))
            if table is CaseRow:
                removed += done.rowcount or 0
    # once committed, the store forgets the revisions it kept in memory (workbook.case.store)
    s.info.setdefault("purged", []).extend(ids)
    return removed
