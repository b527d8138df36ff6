"""Looking straight into a store's SQLite file: a snapshot to prove nothing changed, and a
consistency check to run after a crash. Shared by the browser, hostile-input and fault tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbook.case.delta import patch
from workbook.case.files import case_from_doc
from workbook.case.revdata import unpack


def sqlite_path(url: str) -> Path:
    assert url.startswith("sqlite:///"), url
    return Path(url.removeprefix("sqlite:///"))


def _connect(url: str) -> sqlite3.Connection:
    path = sqlite_path(url)
    # Read-write (not ?mode=ro): a reader after a crash may need to replay the WAL.
    return sqlite3.connect(str(path), timeout=30)


def snapshot(url: str) -> dict:
    """Every row of every table, in a stable order; equal snapshots mean nothing changed."""
    if not sqlite_path(url).exists():
        return {}
    with _connect(url) as con:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY 1, 2').fetchall() for t in tables}


def heads(url: str) -> dict[str, int]:
    with _connect(url) as con:
        return dict(con.execute("SELECT id, head FROM cases"))


def consistency_problems(url: str) -> list[str]:
    """What is wrong with a store: SQLite's own integrity check, then per case that its
    revisions run 1..head without gaps, that every revision decodes as a case (rebuilt from
    its keyframe and the patches after it), that the case row's newest document is the head
    revision's, and that the row's title is the head revision's title (without NUL
    characters, which the store keeps out of its plain columns)."""
    problems: list[str] = []
    with _connect(url) as con:
        check = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            problems.append(f"integrity_check: {check}")
        for cid, head, title, head_doc in con.execute(
                "SELECT id, head, title, head_doc FROM cases ORDER BY id"):
            revs = con.execute("SELECT number, keyframe, data FROM revisions "
                               "WHERE case_id = ? ORDER BY number", (cid,)).fetchall()
            numbers = [n for n, _, _ in revs]
            if numbers != list(range(1, head + 1)):
                problems.append(f"{cid}: revisions {numbers[:5]}…{numbers[-3:]} but head {head}")
            doc = None
            for number, keyframe, data in revs:
                try:
                    value = unpack(data)
                    doc = value if number == keyframe else patch(doc, value)
                    case = case_from_doc(doc)
                except Exception as exc:  # noqa: BLE001 - any failure is the finding
                    problems.append(f"{cid}@{number}: does not decode: {exc!r}"[:300])
                    break
                if number == head and case.title.replace("\x00", "") != title:
                    problems.append(f"{cid}: row title {title!r} != head title {case.title!r}")
                if number == head and (head_doc is None or unpack(head_doc) != doc):
                    problems.append(f"{cid}: the row's newest document is not revision {head}")
    return problems
