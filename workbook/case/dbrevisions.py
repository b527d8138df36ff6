"""Revisions stored whole, as versions before 'a revision stores what changed' kept them (a
`doc` column with the whole JSON document), rewritten as changes (workbook.case.revdata).

Run by `workbook.case.dbschema.upgrade` inside its transaction, under its lock: either every
revision of every case is rewritten, or nothing is. Each revision's document reads back as
it was stored, exactly; the case's row gets its newest document whole (`head_doc`).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, LargeBinary, inspect, text

from workbook.case.revdata import encode

CHUNK = 200  # revisions read at a time: a long history never sits in memory whole


def revisions_as_changes(conn: Connection) -> int:
    """Rewrite every revision as a patch or a keyframe, drop the `doc` column; returns how
    many revisions were rewritten."""
    binary = LargeBinary().compile(dialect=conn.dialect)
    conn.execute(text(f"ALTER TABLE revisions ADD COLUMN data {binary}"))
    conn.execute(text("ALTER TABLE revisions ADD COLUMN keyframe INTEGER"))
    if "head_doc" not in {c["name"] for c in inspect(conn).get_columns("cases")}:
        conn.execute(text(f"ALTER TABLE cases ADD COLUMN head_doc {binary}"))
    count = 0
    for case_id, head in conn.execute(text("SELECT id, head FROM cases ORDER BY id")).all():
        count += _rewrite_case(conn, case_id, head)
    conn.execute(text("ALTER TABLE revisions DROP COLUMN doc"))
    return count


def _rewrite_case(conn: Connection, case_id: str, head: int) -> int:
    before: Any = None
    keyframe: int | None = None
    last, count = 0, 0
    head_doc: bytes | None = None
    while True:
        rows = conn.execute(text(
            "SELECT number, doc FROM revisions WHERE case_id = :c AND number > :n "
            "ORDER BY number LIMIT :limit"), {"c": case_id, "n": last, "limit": CHUNK}).all()
        if not rows:
            break
        for number, raw in rows:
            doc = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
            if number != last + 1:  # a gap in the numbers: start again from a whole one
                before = None
            stored = encode(number, doc, before, keyframe)
            # the whole document goes at once ('null'): its space is free again
            conn.execute(text("UPDATE revisions SET data = :data, keyframe = :keyframe, "
                              "doc = 'null' WHERE case_id = :c AND number = :n"),
                         {"data": stored.data, "keyframe": stored.keyframe, "c": case_id,
                          "n": number})
            before, keyframe, last = doc, stored.keyframe, number
            count += 1
            if number == head:
                head_doc = stored.head_doc
    conn.execute(text("UPDATE cases SET head_doc = :doc WHERE id = :c"),
                 {"doc": head_doc, "c": case_id})
    return count
