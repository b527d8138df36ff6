"""A user's rights over their data: a copy of all of it, and deleting their account.

`download(access)` is a zip of every case the user owns (the bin's too), each as its
lossless case file (YAML, as an export gives it), with the comments on them and a short
README that says what is inside. `delete_account(store, user)` removes, for good and in one
transaction, every case the user owns with every revision, share, comment, opening,
retention mark and applied batch; their memberships, the shares of others' cases with them,
the comments they wrote elsewhere, their openings of others' cases and their last case. A
cohort they made stays for its other members (without their name as its maker).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from sqlalchemy import delete, select, update

from workbook import i18n, yamlio
from typing import TYPE_CHECKING
from workbook.accounts.users import User
from workbook.case.cohortrows import CohortRow, CommentRow, MemberRow, OpenedRow
from workbook.case.roomrows import RoomMemberRow, SubmissionRow
from workbook.case.files import dump_case
from workbook.case.purge import purge
from workbook.case.caserows import CaseRow, LastCaseRow, ShareRow
from workbook.case.store import Store

if TYPE_CHECKING:  # the access check offers these to the interface; no import cycle
    from workbook.accounts.access import CaseAccess


def download(access: "CaseAccess", lang: str = "nl", at: dt.datetime | None = None) -> bytes:
    """The user's data as a zip: cases/NN-slug.yaml per case, comments.yaml, README.txt."""
    infos = access.list() + access.list(deleted=True)
    buffer = io.BytesIO()
    listed, comments = [], []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, info in enumerate(infos, 1):
            name = f"cases/{number:03d}-{info.id}.yaml"
            case = (access.get(info.id).case if info.deleted_at is None
                    else access.revision(info.id, info.head))
            archive.writestr(name, dump_case(case))
            listed.append(f"- {name}: {info.title or '-'}"
                          + (f" ({i18n.t('rights.in_bin', lang)})" if info.deleted_at else ""))
            if info.deleted_at is None:
                comments += [{"case": info.id, "worksheet": c.worksheet, "question": c.field,
                              "by": c.author_name if not c.mine else "me", "text": c.text,
                              "at": c.created_at.isoformat(timespec="seconds")}
                             for c in access.comments(info.id)]
        archive.writestr("comments.yaml", yamlio.dump({"comments": comments}))
        when = (at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
        archive.writestr("README.txt", i18n.t("rights.readme", lang, when=when,
                                              count=len(infos)) + "\n\n" + "\n".join(listed)
                         + "\n")
    return buffer.getvalue()


def delete_account(store: Store, user: User) -> int:
    """Remove everything of this user; returns how many of their cases were removed."""
    if user.is_local:
        raise ValueError("local mode has no account to delete")
    key = user.key
    with store.writing() as s:
        own = list(s.execute(select(CaseRow.id).where(CaseRow.owner == key)).scalars())
        removed = purge(s, own)
        s.execute(delete(CommentRow).where(CommentRow.author == key))
        s.execute(delete(OpenedRow).where(OpenedRow.viewer == key))
        s.execute(delete(ShareRow).where(ShareRow.grantee == key))
        s.execute(delete(MemberRow).where(MemberRow.user == key))
        s.execute(delete(SubmissionRow).where(SubmissionRow.user == key))  # live rooms
        s.execute(delete(RoomMemberRow).where(RoomMemberRow.user == key))
        s.execute(delete(LastCaseRow).where(LastCaseRow.user == key))
        s.execute(update(CohortRow).where(CohortRow.created_by == key).values(created_by=""))
    return removed
