"""Shared fixtures: a fresh store per test, the framework catalogue, the example cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workbook.framework.loader import load_dir  # noqa: E402
from workbook.framework.casestudies import load_library  # noqa: E402
from workbook.case.store import Store  # noqa: E402
from tests.pgserver import pg_url, postgres  # noqa: E402,F401 - fixtures for every test

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(autouse=True)
def fresh_framework_check():
    """The app looks at the framework files at most once a second; a test that swaps them
    must be seen at once."""
    from ui import resources

    resources.recheck_frameworks()


@pytest.fixture
def db_url(request, tmp_path, monkeypatch) -> str:
    """A store of this test's own, also given to the app through WORKBOOK_DB: a SQLite file,
    or, parametrised with "postgresql" (tests/case/conftest.py), a fresh database on the
    session's private PostgreSQL server."""
    backend = getattr(request, "param", "sqlite")
    assert backend in BACKENDS, backend
    if backend == "postgresql":
        url = request.getfixturevalue("pg_url")
    else:
        url = f"sqlite:///{tmp_path / 'workbook.db'}"
    monkeypatch.setenv("WORKBOOK_DB", url)
    return url


@pytest.fixture
def store(db_url) -> Store:
    return Store(db_url)


@pytest.fixture(scope="session")
def catalogue():
    cat = load_dir()
    assert not cat.problems, [p.format() for p in cat.problems]
    return cat


@pytest.fixture(scope="session")
def framework(catalogue):
    return catalogue.get("brandsma")


@pytest.fixture(scope="session")
def library():
    cases, problems = load_library()
    assert not problems, [p.format() for p in problems]
    return cases
