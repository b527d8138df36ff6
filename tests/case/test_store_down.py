"""A store that cannot be reached, at the start or later: every read, write and opening raises
StoreUnreachable (a StoreUnavailable) with a reason in the user's words; the driver's message,
with its paths and addresses, is kept for the log only. Once the store answers, the same
Store works again and nothing was lost. The command line says so in one line, exit code 1.

What the app shows: tests/pages/test_pages_store_down.py and tests/browser/test_store_down.py.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from workbook import i18n
from workbook.case.model import Case
from workbook.case.dbengine import CONNECT_TIMEOUT_S, engine_for
from workbook.case.store import Store, StoreUnavailable, StoreUnreachable
from workbook.case.unavailable import REASONS, reason_of, store_error

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"


@contextmanager
def away(url: str, words: str = "unable to open database file"):
    """While inside, every statement on this store fails in the database driver, as when the
    disk holding an SQLite file goes away (the app in this process shares the engine)."""
    engine = engine_for(url)

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError(words)

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def unopenable(tmp_path: Path) -> tuple[str, Path]:
    """An SQLite URL whose folder is a plain file: it cannot be opened, not even by root."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    return f"sqlite:///{blocker / 'workbook.db'}", blocker


def shows_no_detail(text: str, *details: str) -> bool:
    return not any(d and d in text for d in details)


# -- why, in words ---------------------------------------------------------------------------
@pytest.mark.parametrize("driver_says,reason", [
    ("database or disk is full", "full"),
    ("attempt to write a readonly database", "read_only"),
    ("cannot execute INSERT in a read-only transaction", "read_only"),
    ("database is locked", "busy"),
    ("unable to open database file", "cannot_open"),
    ("disk I/O error", "io"),
    ('connection failed: connection to server at "10.1.2.3", port 5432 failed: '
     "Connection refused", "unreachable"),
    ("server closed the connection unexpectedly", "unreachable"),
    ('connection to server at "db", port 5432 failed: FATAL:  password authentication '
     'failed for user "wb"', "access"),
    ('connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: FATAL:  '
     'database "wb" does not exist', "config"),
    ("something nobody foresaw", "other"),
])
def test_each_failure_has_a_reason_in_both_languages(driver_says, reason):
    err = sqlite3.OperationalError(driver_says)
    assert reason_of(err) == reason
    refused = store_error(err)
    for lang in ("nl", "en"):
        said = refused.message(lang)
        assert said and not said.startswith("store.reason"), "a reason without words"
        assert shows_no_detail(said, driver_says, "10.1.2.3", "/run/postgresql", "5432")
    assert refused.detail == driver_says, "the driver's words are kept, for the log"


def test_every_reason_has_words():
    for reason in REASONS:
        for lang in ("nl", "en"):
            assert i18n.t(f"store.reason.{reason}", lang) != f"store.reason.{reason}"


def test_a_failed_read_is_unreachable_a_refused_write_is_not():
    assert isinstance(store_error(sqlite3.OperationalError("database is locked"), reading=True),
                      StoreUnreachable)
    refused = store_error(sqlite3.OperationalError("database or disk is full"))
    assert isinstance(refused, StoreUnavailable) and not isinstance(refused, StoreUnreachable)
    gone = store_error(sqlite3.OperationalError("server closed the connection unexpectedly"))
    assert isinstance(gone, StoreUnreachable), "a write to a server that went is unreachable"


# -- SQLite: at the start, and gone for a while ----------------------------------------------
def test_a_store_that_cannot_be_opened_says_so(tmp_path):
    url, blocker = unopenable(tmp_path)
    with pytest.raises(StoreUnreachable) as caught:
        Store(url)
    assert caught.value.reason == "cannot_open"
    assert shows_no_detail(caught.value.message("en"), str(blocker))
    blocker.unlink()
    blocker.mkdir()
    assert Store(url).list() == [], "once it can be opened, it works"


@pytest.mark.parametrize("url", ["not a database address", "mysql://wb@localhost/wb",
                                 "sqlite+nodriver:///x.db"])
def test_a_wrong_address_or_a_missing_driver_is_a_setting_to_fix(url):
    with pytest.raises(StoreUnreachable) as caught:
        Store(url)
    assert caught.value.reason == "config"


@pytest.mark.sqlite_only  # `away` fakes SQLite's failure; PostgreSQL's is real, below
def test_reads_and_writes_raise_unreachable_while_away_and_work_after(store):
    cid = store.create(Case(title="Klas")).case.id
    with away(store.url):
        for read in (store.list, lambda: store.head(cid), lambda: store.get(cid),
                     lambda: store.history(cid), lambda: store.info(cid), store.ping,
                     lambda: store.revision(cid, 1), lambda: store.can_undo(cid)):
            with pytest.raises(StoreUnreachable):
                read()
        for write in (lambda: store.apply(cid, ("title",), "Klas 3B"),
                      lambda: store.create(Case(title="new")), lambda: store.undo(cid)):
            with pytest.raises(StoreUnavailable):
                write()
    assert store.head(cid) == 1 and [c.title for c in store.list()] == ["Klas"]
    assert store.apply(cid, ("title",), "Klas 3B").head == 2


# -- the command line --------------------------------------------------------------------------
def cli(*args: str, db: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKBOOK_DB": db, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("WORKBOOK_LANG", None)
    return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def assert_one_line(run: subprocess.CompletedProcess, lang: str, reason: str,
                    *hidden: str) -> None:
    assert run.returncode == 1 and run.stdout == ""
    assert "Traceback" not in run.stderr
    said = i18n.t("store.cli_unreachable", lang, reason=i18n.t(f"store.reason.{reason}", lang))
    assert run.stderr.splitlines() == [said]
    assert shows_no_detail(run.stderr, *hidden)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_cli_says_in_one_line_that_the_store_cannot_be_opened(tmp_path, lang):
    url, blocker = unopenable(tmp_path)
    assert_one_line(cli("--lang", lang, "list", db=url), lang, "cannot_open", str(blocker))
    assert_one_line(cli("--lang", lang, "import", str(EXAMPLE), db=url), lang, "cannot_open",
                    str(blocker))


# -- PostgreSQL: a server that stops and starts again ------------------------------------------
def test_a_stopped_server_is_unreachable_and_the_store_works_again_after(postgres, pg_url):
    store = Store(pg_url)
    cid = store.create(Case(title="Klas")).case.id
    postgres.stop()
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnreachable) as caught:
            Store(pg_url)
        assert caught.value.reason == "unreachable"
        for step in (store.list, lambda: store.get(cid), store.ping,
                     lambda: store.apply(cid, ("title",), "Klas 3B")):
            with pytest.raises(StoreUnreachable):
                step()
        assert time.monotonic() - started < 4 * CONNECT_TIMEOUT_S, "said within seconds"
        assert shows_no_detail(caught.value.message("en"), str(postgres.port), "127.0.0.1")
    finally:
        postgres.start()
    assert store.head(cid) == 1, "the same store answers again, as it was"
    assert store.apply(cid, ("title",), "Klas 3B").head == 2


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_cli_says_in_one_line_that_the_server_does_not_answer(postgres, pg_url, lang):
    postgres.stop()
    try:
        assert_one_line(cli("--lang", lang, "list", db=pg_url), lang, "unreachable",
                        str(postgres.port), "127.0.0.1", "psycopg")
        assert_one_line(cli("--lang", lang, "import", str(EXAMPLE), db=pg_url), lang,
                        "unreachable", str(postgres.port))
    finally:
        postgres.start()
    assert Store(pg_url).list() == [], "nothing was imported"
