"""The one access check: what a user may do with a case.

`CaseAccess(store, user)` offers the store's reading and writing of cases, each first asking
`permission`: the owner may do everything; a share lets its grantee read (and, later,
comment); anyone else gets CaseNotFound, exactly as for a case that does not exist, with no
hint that it does. A grantee who tries to change a case gets ReadOnly (they can see it).
Deleted cases are seen by their owner only, in the bin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, or_, select

from workbook.case.model import Case
from workbook.case.store import (CaseInfo, CaseNotFound, CaseRow, LastCaseRow, RevisionInfo,
                                 Saved, ShareRow, Store)
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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class CaseAccess:
    """The store as one user may use it. Cheap to make: one per page run is fine."""

    def __init__(self, store: Store, user: User):
        self._store = store
        self.user = user
        # who a share may name for this user; the cohort work may add the user's cohorts
        self.grantees: tuple[str, ...] = (user.key,)

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
        self._need(case_id, "read")
        return self._store.get(case_id)

    def history(self, case_id: str) -> list[RevisionInfo]:
        self._need(case_id, "read", allow_deleted=True)
        return self._store.history(case_id)

    def revision(self, case_id: str, number: int) -> Case:
        self._need(case_id, "read")
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
        self._need(case_id, "owner")
        return self._store.apply(case_id, *args, **kwargs)

    def apply_ops(self, case_id: str, *args: Any, **kwargs: Any) -> Saved:
        self._need(case_id, "owner")
        return self._store.apply_ops(case_id, *args, **kwargs)

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
                s.add(LastCaseRow(user=self.user.key, case_id=case_id, at=_now()))
            else:
                row.case_id, row.at = case_id, _now()

    # -- shares (the cohort work adds the screens) --------------------------------------------
    def share(self, case_id: str, grantee: User, permission: str = "read") -> None:
        """Let `grantee` read (or comment on) one of this user's cases; again after a
        revoke, or with another permission, it replaces the earlier share."""
        if permission not in SHARE_PERMISSIONS:
            raise ValueError(f"permission must be one of {SHARE_PERMISSIONS}")
        self._need(case_id, "owner")
        if grantee.key == self.user.key:
            return
        with self._store.writing() as s:
            row = s.get(ShareRow, (case_id, grantee.key))
            if row is None:
                s.add(ShareRow(case_id=case_id, grantee=grantee.key, permission=permission,
                               created_at=_now()))
            else:
                row.permission, row.created_at, row.revoked_at = permission, _now(), None

    def revoke(self, case_id: str, grantee: User) -> None:
        """End a share: from now on the case answers `grantee` as one that does not exist."""
        self._need(case_id, "owner")
        with self._store.writing() as s:
            row = s.get(ShareRow, (case_id, grantee.key))
            if row is not None and row.revoked_at is None:
                row.revoked_at = _now()

    def shares(self, case_id: str) -> list[ShareInfo]:
        """Who one of this user's cases is shared with (revoked shares too), oldest first."""
        self._need(case_id, "owner")
        q = (select(ShareRow.grantee, ShareRow.permission, ShareRow.created_at,
                    ShareRow.revoked_at)
             .where(ShareRow.case_id == case_id).order_by(ShareRow.created_at, ShareRow.grantee))
        with self._store.reading() as conn:
            return [ShareInfo(*row) for row in conn.execute(q)]
