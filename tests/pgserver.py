"""A private PostgreSQL server for tests: Debian's own binaries (`postgresql` package), a
cluster in a temporary folder, listening on loopback only, that a test may stop and start
again (a store that goes away and comes back). Run as the `postgres` user when we are root.

One cluster serves the whole test session (`initdb` takes seconds); each test gets a fresh
database of its own, copied from a template that already has the store's tables, and dropped
after the test. `tests/conftest.py` makes the fixtures below available everywhere.

Without PostgreSQL or the psycopg driver the tests that need it skip and say why; with
REQUIRE_POSTGRES=1 they fail instead, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import glob
import os
import random
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

PORTS = range(55400, 55500)
TEMPLATE = "wb_template"


def require_postgres() -> bool:
    return os.environ.get("REQUIRE_POSTGRES", "").strip() not in ("", "0")


def pg_bin() -> Path | None:
    """The folder with initdb and pg_ctl: WORKBOOK_PG_BIN, Debian's newest, or the PATH."""
    if os.environ.get("WORKBOOK_PG_BIN"):
        return Path(os.environ["WORKBOOK_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_postgres() -> str | None:
    """Why a PostgreSQL server cannot be run here, or None when it can."""
    binaries = pg_bin()
    if binaries is None or not (binaries / "pg_ctl").exists():
        return "PostgreSQL is not installed (Debian: apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install -r requirements-dev.txt)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no 'postgres' user to run the server as"
    return None


def skip_without_postgres() -> None:
    reason = missing_postgres()
    if reason:
        if require_postgres():
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL cannot run: {reason}", pytrace=False)
        pytest.skip(reason)


def connect(url: str, **options):
    """A plain psycopg connection to a store's PostgreSQL URL, to reach past the store."""
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), **options)


def _free_port() -> int:
    for port in random.sample(list(PORTS), len(PORTS)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


class PgServer:
    """One cluster in a temporary folder; `stop()` and `start()` as often as a test likes."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="workbook-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.bin = pg_bin()
        self._template_made = False
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8", "--locale", "C")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}"
                               f"{self.log.read_text() if self.log.exists() else ''}")

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log),
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        """Stop at once (fast shutdown): open connections are cut, as when a server goes."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def running(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, *statements: str) -> None:
        """Run statements as the superuser, outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True, connect_timeout=10) as conn:
            for statement in statements:
                conn.execute(statement)

    def new_database(self) -> str:
        """A fresh database of its own, with the store's tables; returns its SQLAlchemy URL."""
        name = f"wb_{uuid.uuid4().hex[:12]}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{self._template()}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by new_database, cutting off whoever is still connected."""
        from workbook.case.dbengine import release

        release(url)
        name = url.rsplit("/", 1)[-1]
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _template(self) -> str:
        """A database with the store's tables, made once, to copy for each test (quicker
        than creating the tables each time). Nobody may stay connected to a template."""
        if not self._template_made:
            from workbook.case.dbengine import release
            from workbook.case.store import Store

            self.admin(f'CREATE DATABASE "{TEMPLATE}"')
            Store(self.url(TEMPLATE))
            release(self.url(TEMPLATE))
            self._template_made = True
        return TEMPLATE

    def remove(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    """The session's private PostgreSQL server, running (skips without one)."""
    skip_without_postgres()
    server = PgServer()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def pg_url(postgres) -> str:
    """A fresh database on the private server, dropped after the test (the server is started
    again first if the test stopped it)."""
    url = postgres.new_database()
    yield url
    if not postgres.running():
        postgres.start()
    postgres.drop_database(url)
