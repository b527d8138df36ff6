"""What the store costs: bytes per revision for typical edits, and the time of undo, of the
history and of reading an older revision, on a 60-actor case.

Typical edits are what a trainee does in Part 2 as the app saves them (`typical_edits`):
typing in an answer (saved after each pause: the text grows by a few words), changing an
actor in the map's form, adding, deleting or moving an actor or a fuel event, now and then
an undo. Each save goes through `Store.apply_ops` with a batch id, as the app's saves do.

SQLite: the database file's growth (after a checkpoint of its write-ahead log) over the
revisions added, so page overhead, indexes and the list of applied batches count too.
PostgreSQL: the sum of the sizes of the rows added (revisions and applied batches, as the
server stores them, compressed or not), over the revisions added.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from pathlib import Path
from typing import Callable

WORDS = ("de jongeren zeggen dat de politie hen altijd controleert op het plein terwijl "
         "bewoners klagen over lawaai en de gemeente een nieuwe regel maakt voor de zomer "
         "waarop ouders reageren in de wijkraad met vragen over veiligheid").split()


def typical_edits(store, case_id: str, count: int, seed: int = 18) -> int:
    """`count` saves of typical edits on the case; returns how many revisions they added."""
    from workbook.case import ops as O
    from workbook.case.model import Actor, FuelEvent

    rng = random.Random(seed)
    start = store.head(case_id)
    fields: list[tuple[str, str]] = []
    typing: tuple[str, str] | None = None
    for _ in range(count):
        case = store.get(case_id).case
        if not fields:
            fields = sorted((ws, f) for ws, answers in case.answers.items()
                            for f, v in answers.items() if isinstance(v, str))
        roll = rng.random()
        if roll < 0.5:  # typing in an answer: a few words more since the last pause
            if typing is None or rng.random() < 0.15:
                typing = rng.choice(fields)
            path = ("answers", *typing)
            text = case.answer(*typing) or ""
            new = (text + " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))))
            batch = O.from_path(case, path, new.strip())
        elif roll < 0.75:  # the actor form on the map: one or two fields
            actor = rng.choice(case.actors)
            after = actor.model_dump(mode="json")
            key = rng.choice(["stance", "influence", "side", "notes", "name", "role"])
            after[key] = {"stance": round(rng.uniform(-1, 1), 2),
                          "influence": rng.randint(1, 5),
                          "side": rng.choice(["a", "b", "none"]),
                          "notes": (actor.notes + " " + rng.choice(WORDS)).strip(),
                          "name": actor.name + "!",
                          "role": case.actors[rng.randrange(len(case.actors))].role}[key]
            batch = O.update(("actors",), actor.model_dump(mode="json"), after)
        elif roll < 0.83:
            row = Actor(name=f"Nieuw {rng.randint(1, 999)}", stance=round(rng.uniform(-1, 1), 2))
            batch = [O.AddOp(collection=("actors",), row=row.model_dump(mode="json"))]
        elif roll < 0.86:
            batch = [O.DeleteOp(collection=("actors",), id=rng.choice(case.actors).id)]
        elif roll < 0.89:
            ids = [a.id for a in case.actors]
            batch = O.moved(("actors",), ids, rng.choice(ids), rng.choice([-1, 1]))
        elif roll < 0.95:
            row = FuelEvent(description=" ".join(rng.choice(WORDS) for _ in range(8)),
                            source=rng.choice(case.actors).id, date="2026-03-01")
            batch = [O.AddOp(collection=("fuel",), row=row.model_dump(mode="json"))]
        else:
            store.undo(case_id)
            continue
        store.apply_ops(case_id, batch, expected_head=store.head(case_id),
                        batch=uuid.uuid4().hex)
    return store.head(case_id) - start


def _sqlite_size(url: str) -> int:
    import sqlite3

    path = url.split("sqlite:///", 1)[1]
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return Path(path).stat().st_size


def _pg_row_bytes(url: str, case_id: str, after: int) -> int:
    """The rows the edits added: revisions after `after`, and the applied batches."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        revisions = conn.execute(text(
            "SELECT coalesce(sum(pg_column_size(r.*)), 0) FROM revisions r "
            "WHERE case_id = :c AND number > :n"), {"c": case_id, "n": after}).scalar()
        batches = conn.execute(text(
            "SELECT coalesce(sum(pg_column_size(b.*)), 0) FROM applied_batches b "
            "WHERE case_id = :c"), {"c": case_id}).scalar()
    engine.dispose()
    return int(revisions) + int(batches)


def bytes_per_revision(url: str, case, count: int) -> tuple[float, object, str]:
    """Bytes the store adds per revision of typical edits; and the store and case id used."""
    from workbook.case.store import Store

    store = Store(url)
    case_id = store.create(case).case.id
    sqlite = url.startswith("sqlite")
    before = _sqlite_size(url) if sqlite else 0
    first = store.head(case_id)
    added = typical_edits(store, case_id, count)
    grown = (_sqlite_size(url) - before) if sqlite else _pg_row_bytes(url, case_id, first)
    return grown / added, store, case_id


def timings(store, case_id: str, repeat: int) -> dict:
    """Median ms of: an older revision read (the history page's preview), the history
    list, an undo (each one step further back), the case read as a page does."""
    head = store.head(case_id)
    rng = random.Random(8)
    numbers = [rng.randint(1, head) for _ in range(repeat)]
    revision = _median(lambda n: store.revision(case_id, n), numbers)
    history = _median(lambda _: store.history(case_id), range(repeat))
    get = _median(lambda _: store.get(case_id), range(repeat))
    undo = _median(lambda _: store.undo(case_id), range(repeat))
    return {"revision_ms": round(revision, 2), "history_ms": round(history, 2),
            "undo_ms": round(undo, 2), "get_ms": round(get, 2)}


def _median(fn: Callable, args) -> float:
    times = []
    for arg in args:
        start = time.perf_counter()
        fn(arg)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
