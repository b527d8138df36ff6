"""Several writers on one case, on both backends: threads sharing a Store, two Store objects
(two app sessions' worth of connections), two processes (two app replicas). No revision is
ever lost or given twice: a write locks the case's row (PostgreSQL: SELECT ... FOR UPDATE;
SQLite: BEGIN IMMEDIATE), so each one builds on the newest revision."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.pgserver import connect
from workbook.case.model import Case
from workbook.case.store import Store

ROOT = Path(__file__).resolve().parents[2]


def check_chain(store: Store, case_id: str, writes: int) -> None:
    """Every write is a revision of its own, 1..head without gaps, each on the one before."""
    head = store.head(case_id)
    history = store.history(case_id)
    assert head == 1 + writes
    assert [r.number for r in history] == list(range(head, 0, -1))
    assert all(r.base == r.number - 1 for r in history if r.kind == "edit")


def hammer(stores: list[Store], case_id: str, threads: int, writes: int) -> list[str]:
    """Each store gets `threads` threads; each thread writes its own fields. Returns errors."""
    errors: list[str] = []

    def write(store: Store, tag: str) -> None:
        try:
            for i in range(writes):
                store.apply(case_id, ("answers", tag, f"f{i}"), f"{tag}-{i}")
        except Exception as exc:  # noqa: BLE001 - the failure is the finding
            errors.append(f"{tag}: {exc!r}")

    workers = [threading.Thread(target=write, args=(store, f"s{n}t{k}"))
               for n, store in enumerate(stores) for k in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    return errors


def test_two_store_objects_in_threads_lose_no_revision(db_url):
    first, second = Store(db_url), Store(db_url)  # each with its own lock, as two processes
    case_id = first.create(Case(title="hammered")).case.id
    assert hammer([first, second], case_id, threads=3, writes=12) == []
    case = second.get(case_id).case
    assert {(tag, f): v for tag, fields in case.answers.items() for f, v in fields.items()} \
        == {(f"s{n}t{k}", f"f{i}"): f"s{n}t{k}-{i}"
            for n in range(2) for k in range(3) for i in range(12)}
    check_chain(first, case_id, 2 * 3 * 12)


# Saves one field after another and prints each acknowledged save's revision number.
WRITER = r"""
import sys
from workbook.case.store import Store
url, case_id, tag, count = sys.argv[1:5]
store = Store(url)
print("ready", flush=True)
sys.stdin.readline()  # all start together
for i in range(int(count)):
    saved = store.apply(case_id, ("answers", tag, f"f{i}"), f"{tag}-{i}")
    print(saved.head, flush=True)
"""


def test_two_processes_lose_no_revision(db_url):
    store = Store(db_url)
    case_id = store.create(Case(title="two replicas")).case.id
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, db_url, case_id, tag, "25"],
                              cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for tag in ("A", "B")]
    try:
        assert [proc.stdout.readline().strip() for proc in procs] == ["ready", "ready"]
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        done = [proc.communicate(timeout=300) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    for proc, (_out, err) in zip(procs, done):
        assert proc.returncode == 0, err[-2000:]
    acknowledged = [int(n) for out, _ in done for n in out.split()]
    assert len(acknowledged) == 50
    assert sorted(acknowledged) == list(range(2, 52)), "each save got a revision of its own"
    check_chain(store, case_id, 50)
    case = store.get(case_id).case
    assert [case.answer(tag, f"f{i}") for tag in "AB" for i in range(25)] \
        == [f"{tag}-{i}" for tag in "AB" for i in range(25)]


def _hold_the_write_lock(url: str, case_id: str):
    """Another writer, in the middle of its write on this case; returns a way to finish it."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    else:
        conn = connect(url)
        conn.execute("SELECT head FROM cases WHERE id = %s FOR UPDATE", (case_id,))
    return conn


def test_a_write_waits_for_another_writer_of_the_case_and_reads_do_not(db_url):
    store = Store(db_url)
    case_id = store.create(Case(title="locked")).case.id
    other = _hold_the_write_lock(db_url, case_id)
    saved = []
    writer = threading.Thread(target=lambda: saved.append(store.apply(case_id, ("title",), "x")))
    try:
        writer.start()
        started = time.monotonic()
        assert store.get(case_id).case.title == "locked", "a read does not wait"
        assert time.monotonic() - started < 5
        writer.join(timeout=1.0)
        assert writer.is_alive() and not saved, "the write waits for the other writer"
    finally:
        other.commit()
        other.close()
    writer.join(timeout=60)
    assert [s.head for s in saved] == [2] and store.get(case_id).case.title == "x"


def test_writes_hold_when_the_server_defaults_to_a_stricter_isolation(postgres, pg_url):
    """An administrator may make SERIALIZABLE the database's default: a write that waited for
    the row lock would then fail with a serialization error. The store asks for READ
    COMMITTED itself, so concurrent writers still all succeed."""
    name = pg_url.rsplit("/", 1)[-1]
    postgres.admin(f"ALTER DATABASE \"{name}\" SET default_transaction_isolation "
                   "TO 'serializable'")
    first, second = Store(pg_url), Store(pg_url)
    case_id = first.create(Case(title="strict")).case.id
    assert hammer([first, second], case_id, threads=2, writes=10) == []
    check_chain(first, case_id, 40)
