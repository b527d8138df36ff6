"""The store as it was before revisions stored what changed: every revision the whole
document. `WholeDocs` does in memory what that store did (the same rules for edits, undo
and restore), so a test can say what every revision must read back as; `old_database`
writes a database as that store left it, for the upgrade's tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (JSON, Column, DateTime, ForeignKey, Integer, MetaData, String, Table,
                        create_engine)

from workbook.case.files import case_from_doc
from workbook.case.model import Case
from workbook.case.ops import Op, apply_ops, note_of


@dataclass(frozen=True)
class Rev:
    kind: str
    note: str
    base: int | None
    doc: dict[str, Any]


class WholeDocs:
    """One case's revisions, each its whole document, numbered from 1."""

    def __init__(self, case: Case, kind: str = "create", note: str = ""):
        self.revs = [Rev(kind, note, None, case.to_doc())]

    @property
    def head(self) -> int:
        return len(self.revs)

    def apply_ops(self, ops: list[Op], note: str = "") -> None:
        current = case_from_doc(self.revs[-1].doc)
        changed, report = apply_ops(current, ops)
        if report.changed:
            self.revs.append(Rev("edit", (note or note_of(ops))[:300], self.head,
                                 changed.to_doc()))

    def undo(self) -> None:
        target = self.revs[-1].base
        if target is None:
            return
        prev = self.revs[target - 1]
        self.revs.append(Rev("undo", f"#{target}", prev.base,
                             case_from_doc(prev.doc).to_doc()))

    def restore(self, number: int) -> None:
        self.revs.append(Rev("restore", f"#{number}", self.head,
                             case_from_doc(self.revs[number - 1].doc).to_doc()))


OLD = MetaData()  # the tables as the store before this change made them
Table("cases", OLD, Column("id", String(40), primary_key=True),
      Column("title", String(300), nullable=False),
      Column("created_at", DateTime, nullable=False), Column("updated_at", DateTime, nullable=False),
      Column("deleted_at", DateTime), Column("head", Integer, nullable=False),
      Column("owner", String(600), nullable=False, server_default="local user"))
Table("revisions", OLD, Column("case_id", ForeignKey("cases.id"), primary_key=True),
      Column("number", Integer, primary_key=True), Column("created_at", DateTime, nullable=False),
      Column("kind", String(20), nullable=False), Column("note", String(300), nullable=False),
      Column("base", Integer), Column("doc", JSON, nullable=False))


def old_database(url: str, cases: dict[str, WholeDocs], deleted: set[str] = frozenset()
                 ) -> None:
    """A database (emptied first) holding `cases` as the whole-document store kept them."""
    engine = create_engine(url)
    gone = MetaData()
    gone.reflect(engine)
    gone.drop_all(engine)
    OLD.create_all(engine)
    start = dt.datetime(2026, 11, 1, 12, 0)
    with engine.begin() as conn:
        for case_id, whole in cases.items():
            conn.execute(OLD.tables["cases"].insert().values(
                id=case_id, title=str(whole.revs[-1].doc.get("title", ""))[:300],
                created_at=start, updated_at=start + dt.timedelta(seconds=whole.head),
                deleted_at=start if case_id in deleted else None, head=whole.head))
            conn.execute(OLD.tables["revisions"].insert(), [
                {"case_id": case_id, "number": n, "created_at": start + dt.timedelta(seconds=n),
                 "kind": r.kind, "note": r.note, "base": r.base, "doc": r.doc}
                for n, r in enumerate(whole.revs, start=1)])
    engine.dispose()
