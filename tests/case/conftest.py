"""The store's tests run on both backends: each test here that uses `db_url` (or `store`)
runs once on a SQLite file and once on a fresh PostgreSQL database of the session's private
server (tests/pgserver.py), unless it is marked `sqlite_only` (it reaches into SQLite itself,
or tests what the app shows, which does not depend on the database)."""

from __future__ import annotations

from tests.conftest import BACKENDS


def pytest_generate_tests(metafunc) -> None:
    if "db_url" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    metafunc.parametrize("db_url", BACKENDS, indirect=True)
