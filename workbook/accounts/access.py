"""The one access check: what a user may do with a case.

`CaseAccess(store, user)` offers the store's reading and writing of cases, each first asking
`permission`: the owner may do everything; a share lets its grantee read, or read and
comment; anyone else gets CaseNotFound, exactly as for a case that does not exist, with no
hint that it does. A grantee who tries to change a case gets ReadOnly (they can see it).
Deleted cases are seen by their owner only, in the bin.

A share names a user, or a cohort (`cohort:ID`): then the cohort's facilitators are its
grantees, for as long as the configuration names them facilitators and they are in it. Each
time a grantee opens a shared case it is noted, and its owner sees who opened it when.
Comments (workbook.accounts.comments) and the retention warnings pass the same check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, or_, select

from workbook.case.cohortrows import MemberRow, OpenedRow
from workbook.case.model import Case
from workbook.case.caserows import CaseRow, LastCaseRow, ShareRow
from workbook.case.revisions import RevisionInfo
from workbook.case.store import CaseInfo, CaseNotFound, NotOwner, Saved, Store, StoreUnavailable
from workbook.accounts import comments as notes
from workbook.accounts import retention
from workbook.accounts.users import User

Permission = Literal["read", "comment", "owner"]
SHARE_PERMISSIONS: tuple[str, ...] = ("read", "comment")
_RANK = {"read": 1, "comment": 2, "owner": 3}


class ReadOnly(PermissionError):
    """The case was shared with this user to read (or comment on), not to change."""


@dataclass(frozen=True)
class ShareInfo:
    grantee: str  # the user's store key, "ISSUER SUBJECT"
    permission: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


@dataclass(frozen=True)
class Opening:
    """Someone opened a shared case: their name in a cohort (empty if they have none)."""

    name: str
    at: dt.datetime


COHORT = "cohort:"  # a share with a cohort names "cohort:ID" as its grantee
OPENING_GAP = dt.timedelta(minutes=10)  # openings by one person closer than this: one


def cohort_grantee(cohort_id: str) -> str:
    return f"{COHORT}{cohort_id}"


def now() -> dt.datetime:
    """The store's time: UTC, without a time zone."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)




class CaseAccess:
    """The store as one user may use it. Cheap to make: one per page run is fine (a
    facilitator's costs one small query for their cohorts, when a check first needs it)."""

    def __init__(self, store: Store, user: User, facilitator: bool = False):
        self._store = store
        self.user = user
        self.facilitator = facilitator and not user.is_local
        self._grantees: tuple[str, ...] | None = None

    @property
    def grantees(self) -> tuple[str, ...]:
        """Whom a share may name for this user: themselves, and the cohorts they facilitate
        (only while the configuration names them a facilitator)."""
        if self._grantees is None:
            found: tuple[str, ...] = ()
            if self.facilitator:
                q = select(MemberRow.cohort_id).where(MemberRow.user == self.user.key,
                                                      MemberRow.role == "facilitator")
                with self._store.reading() as conn:
                    found = tuple(cohort_grantee(c) for c in conn.execute(q).scalars())
            self._grantees = (self.user.key, *found)
        return self._grantees

    # -- the check -----------------------------------------------------------------------
    def permission(self, case_id: str, allow_deleted: bool = False) -> Permission | None:
        """What this user may do with the case: owner, comment or read; None when it is not
        theirs to see, does not exist, or was deleted (only its owner sees it in the bin)."""
        found = self._look(case_id, allow_deleted)
        return found[0] if found else None

    def _look(self, case_id: str, allow_deleted: bool) -> tuple[Permission, int] | None:
        """(permission, newest revision) in one query; None when this user may not see it."""
        if not isinstance(case_id, str):
            return None
        share = and_(ShareRow.case_id == CaseRow.id, ShareRow.grantee.in_(self.grantees),
                     ShareRow.revoked_at.is_(None))
        q = (select(CaseRow.owner, CaseRow.head, CaseRow.deleted_at, ShareRow.permission)
             .outerjoin(ShareRow, share).where(CaseRow.id == case_id))
        with self._store.reading() as conn:
            rows = conn.execute(q).all()
        if not rows:
            return None
        owner, head, deleted_at = rows[0][:3]
        if owner == self.user.key:
            permission: Permission = "owner"
        else:
            granted = [r[3] for r in rows if r[3] in SHARE_PERMISSIONS]
            if not granted:
                return None
            permission = max(granted, key=_RANK.__getitem__)
        if deleted_at is not None and not (allow_deleted and permission == "owner"):
            return None
        return permission, head

    def _need(self, case_id: str, level: Permission, allow_deleted: bool = False) -> int:
        """Raise CaseNotFound (not this user's to see: as if it did not exist) or ReadOnly
        (seen, not theirs to change); returns the newest revision's number."""
        found = self._look(case_id, allow_deleted)
        if found is None:
            raise CaseNotFound(case_id)
        if _RANK[found[0]] < _RANK[level]:
            raise ReadOnly(case_id)
        return found[1]

    def _visible(self) -> ColumnElement[bool]:
        shared = select(ShareRow.case_id).where(ShareRow.grantee.in_(self.grantees),
                                                 ShareRow.revoked_at.is_(None))
        return or_(CaseRow.owner == self.user.key, CaseRow.id.in_(shared))

    def owns(self, info: CaseInfo) -> bool:
        return info.owner == self.user.key

    # -- reading -------------------------------------------------------------------------
    def ping(self) -> None:
        """Whether the database answers (no case is read): StoreUnreachable while away."""
        self._store.ping()

    def list(self, deleted: bool = False) -> list[CaseInfo]:
        """This user's cases and those shared with them, newest first; the bin (`deleted`)
        holds only their own."""
        where = CaseRow.owner == self.user.key if deleted else self._visible()
        return self._store.list(deleted=deleted, where=where)

    def info(self, case_id: str) -> CaseInfo:
        self._need(case_id, "read", allow_deleted=True)
        return self._store.info(case_id)

    def head(self, case_id: str) -> int:
        """The newest revision's number: one query, asked on every page run."""
        return self._need(case_id, "read")

    def get(self, case_id: str) -> Saved:
        """The case; a grantee's opening is noted for its owner to see."""
        found = self._look(case_id, False)
        if found is None:
            raise CaseNotFound(case_id)
        saved = self._store.get(case_id)
        if found[0] != "owner":
            self._opened(case_id)
        return saved

    def _opened(self, case_id: str) -> None:
        """Note that this grantee opened the case (once per OPENING_GAP)."""
        q = (select(OpenedRow.at).where(OpenedRow.case_id == case_id,
                                        OpenedRow.viewer == self.user.key)
             .order_by(OpenedRow.at.desc()).limit(1))
        with self._store.writing() as s:
            last = s.execute(q).scalar()
            if last is None or now() - last >= OPENING_GAP:
                s.add(OpenedRow(case_id=case_id, viewer=self.user.key, at=now()))

    def openings(self, case_id: str) -> list[Opening]:
        """Who opened one of this user's cases while it was shared, newest first."""
        self._need(case_id, "owner", allow_deleted=True)
        q = (select(OpenedRow.viewer, OpenedRow.at).where(OpenedRow.case_id == case_id)
             .order_by(OpenedRow.at.desc()).limit(200))
        with self._store.reading() as conn:
            rows = conn.execute(q).all()
            names = notes.names(conn, {viewer for viewer, _ in rows})
        return [Opening(names.get(viewer, ""), at) for viewer, at in rows]

    def history(self, case_id: str) -> list[RevisionInfo]:
        self._need(case_id, "read", allow_deleted=True)
        return self._store.history(case_id)

    def revision(self, case_id: str, number: int) -> Case:
        self._need(case_id, "read", allow_deleted=True)  # deleted: its owner's only
        return self._store.revision(case_id, number)

    def document(self, case_id: str, number: int) -> dict[str, Any]:
        self._need(case_id, "read")
        return self._store.document(case_id, number)

    def can_undo(self, case_id: str) -> bool:
        """Whether this user can take back a change: never in a case shared to read."""
        self._need(case_id, "read")
        return self.permission(case_id) == "owner" and self._store.can_undo(case_id)

    # -- writing -------------------------------------------------------------------------
    def create(self, case: Case, kind: str = "create", note: str = "") -> Saved:
        """A new case of this user's own."""
        return self._store.create(case, kind=kind, note=note, owner=self.user.key)

    def apply(self, case_id: str, *args: Any, **kwargs: Any) -> Saved:
        return self._as_owner(self._store.apply, case_id, *args, **kwargs)

    def apply_ops(self, case_id: str, *args: Any, **kwargs: Any) -> Saved:
        return self._as_owner(self._store.apply_ops, case_id, *args, **kwargs)

    def _as_owner(self, change, case_id: str, *args: Any, **kwargs: Any) -> Saved:
        """A change only the owner may make, saved every couple of seconds while someone
        types: the write checks the owner on the row it locks, with no query of its own.
        Anyone else (or a case missing or deleted) gets what `_need` says, as every other
        change does: ReadOnly for a grantee, CaseNotFound for the rest; and when the store
        refuses the write, that, unless the check first would have said otherwise."""
        if isinstance(case_id, str):
            try:
                return change(case_id, *args, owner=self.user.key, **kwargs)
            except NotOwner:
                pass  # nothing was written
            except StoreUnavailable:
                self._need(case_id, "owner")
                raise
        self._need(case_id, "owner")
        return change(case_id, *args, **kwargs)

    def undo(self, case_id: str) -> Saved | None:
        self._need(case_id, "owner")
        return self._store.undo(case_id)

    def restore(self, case_id: str, number: int) -> Saved:
        self._need(case_id, "owner")
        return self._store.restore(case_id, number)

    def rename(self, case_id: str, title: str, expected_head: int | None = None) -> Saved:
        self._need(case_id, "owner")
        return self._store.rename(case_id, title, expected_head)

    def duplicate(self, case_id: str, title: str) -> Saved:
        """A copy of a case this user may read, as a new case of their own."""
        self._need(case_id, "read")
        return self._store.duplicate(case_id, title, owner=self.user.key)

    def delete(self, case_id: str) -> None:
        self._need(case_id, "owner")
        self._store.delete(case_id)

    def undelete(self, case_id: str) -> None:
        self._need(case_id, "owner", allow_deleted=True)
        self._store.undelete(case_id)

    # -- the last case -------------------------------------------------------------------
    def last_case(self, listed: list[str]) -> str | None:
        """The case to reopen, of those `listed` (this user's list, newest first): the one
        they had open last, if still listed; else the newest. Local mode: the newest."""
        if not listed:
            return None
        if not self.user.is_local:
            q = select(LastCaseRow.case_id).where(LastCaseRow.user == self.user.key)
            with self._store.reading() as conn:
                last = conn.execute(q).scalar()
            if last in listed:
                return last
        return listed[0]

    def remember(self, case_id: str) -> None:
        """Note the case as the one this user has open (hosted mode; local mode writes
        nothing on a visit)."""
        if self.user.is_local or self.permission(case_id) is None:
            return
        with self._store.writing() as s:
            row = s.get(LastCaseRow, self.user.key)
            if row is None:
                s.add(LastCaseRow(user=self.user.key, case_id=case_id, at=now()))
            else:
                row.case_id, row.at = case_id, now()

    # -- data rights -------------------------------------------------------------------------
    def download(self, lang: str = "nl") -> bytes:
        """All of this user's data as a zip (workbook.accounts.data_rights)."""
        from workbook.accounts import data_rights

        return data_rights.download(self, lang)

    def delete_account(self) -> int:
        """Remove this user and everything of theirs for good; how many cases went."""
        from workbook.accounts import data_rights

        return data_rights.delete_account(self._store, self.user)

    # -- comments --------------------------------------------------------------------------
    def comments(self, case_id: str) -> list[notes.Comment]:
        """The comments on a case, oldest first: for its owner and for those it was shared
        with to comment (ReadOnly for those who may only read it)."""
        self._need(case_id, "comment")
        with self._store.reading() as conn:
            return notes.of_case(conn, case_id, self.user.key)

    def comment(self, case_id: str, worksheet: str, field: str, text: str) -> None:
        """Leave a comment next to a question (owner, or shared to comment)."""
        self._need(case_id, "comment")
        with self._store.writing() as s:
            notes.add(s, case_id, worksheet, field, self.user.key, text, now())

    def delete_comment(self, case_id: str, comment_id: int) -> None:
        """Take back one of this user's own comments."""
        self._need(case_id, "comment")
        with self._store.writing() as s:
            notes.remove(s, case_id, comment_id, self.user.key)

    # -- retention ---------------------------------------------------------------------------
    def due(self) -> list[retention.Due]:
        """This user's cases that retention will delete, and when (soonest first)."""
        with self._store.reading() as conn:
            return retention.due_of(conn, self.user.key)

    def keep(self, case_id: str) -> None:
        """Keep a case that retention would delete (as if it had been changed now)."""
        self._need(case_id, "owner", allow_deleted=True)
        with self._store.writing() as s:
            retention.keep(s, case_id, now())

    # -- shares ------------------------------------------------------------------------------
    def share_cohort(self, case_id: str, cohort_id: str, permission: str = "read") -> None:
        """Share one of this user's cases with the facilitators of a cohort they are in."""
        if permission not in SHARE_PERMISSIONS:
            raise ValueError(f"permission must be one of {SHARE_PERMISSIONS}")
        self._need(case_id, "owner")
        q = select(MemberRow.role).where(MemberRow.cohort_id == cohort_id,
                                         MemberRow.user == self.user.key)
        with self._store.reading() as conn:
            if conn.execute(q).scalar() is None:
                raise CaseNotFound(cohort_id)
        self._grant(case_id, cohort_grantee(cohort_id), permission)

    def revoke_cohort(self, case_id: str, cohort_id: str) -> None:
        """Take a share with a cohort back: its facilitators no longer see the case."""
        self._need(case_id, "owner")
        self._end(case_id, cohort_grantee(cohort_id))

    def share(self, case_id: str, grantee: User, permission: str = "read") -> None:
        """Let `grantee` read (or comment on) one of this user's cases; again after a
        revoke, or with another permission, it replaces the earlier share."""
        if permission not in SHARE_PERMISSIONS:
            raise ValueError(f"permission must be one of {SHARE_PERMISSIONS}")
        self._need(case_id, "owner")
        if grantee.key != self.user.key:
            self._grant(case_id, grantee.key, permission)

    def _grant(self, case_id: str, grantee: str, permission: str) -> None:
        with self._store.writing() as s:
            row = s.get(ShareRow, (case_id, grantee))
            if row is None:
                s.add(ShareRow(case_id=case_id, grantee=grantee, permission=permission,
                               created_at=now()))
            else:
                row.permission, row.created_at, row.revoked_at = permission, now(), None

    def revoke(self, case_id: str, grantee: User) -> None:
        """End a share: from now on the case answers `grantee` as one that does not exist."""
        self._need(case_id, "owner")
        self._end(case_id, grantee.key)

    def _end(self, case_id: str, grantee: str) -> None:
        with self._store.writing() as s:
            row = s.get(ShareRow, (case_id, grantee))
            if row is not None and row.revoked_at is None:
                row.revoked_at = now()

    def shares(self, case_id: str) -> list[ShareInfo]:
        """Who one of this user's cases is shared with (revoked shares too), oldest first."""
        self._need(case_id, "owner")
        q = (select(ShareRow.grantee, ShareRow.permission, ShareRow.created_at,
                    ShareRow.revoked_at)
             .where(ShareRow.case_id == case_id).order_by(ShareRow.created_at, ShareRow.grantee))
        with self._store.reading() as conn:
            return [ShareInfo(*row) for row in conn.execute(q)]
