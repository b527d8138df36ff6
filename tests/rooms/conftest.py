"""The rooms' tests run on both backends, as the store's: each test that uses `db_url` (or
`store`) runs on a SQLite file and on a fresh PostgreSQL database (tests/pgserver.py)."""

from __future__ import annotations

import pytest

from tests.conftest import BACKENDS, ROOT
from workbook.accounts.users import LOCAL, User
from workbook.case.files import read_case
from workbook.meetings import meeting as mt
from workbook.meetings.methods import load_methods

CASE = ROOT / "casestudies" / "politie_jongeren.yaml"
FACILITATOR = User("https://id.example.org", "griet")


def pytest_generate_tests(metafunc) -> None:
    if "db_url" in metafunc.fixturenames:
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def methods(framework):
    found = load_methods(framework)
    assert not found.problems, [p.format() for p in found.problems]
    return found


@pytest.fixture
def method(methods):
    return methods.get("wij_zij_advice")


@pytest.fixture
def owner():
    return FACILITATOR


@pytest.fixture
def meeting_case(store, method, owner):
    """A worked case with a planned, started meeting, owned by the facilitator: (case id,
    meeting id)."""
    case = read_case(CASE.read_bytes(), "case")
    saved = store.create(case, owner=owner.key)
    meeting, ops = mt.plan(method, "Intervisie")
    saved = store.apply_ops(saved.case.id, ops)
    store.apply_ops(saved.case.id, mt.start(saved.case.meeting(meeting.id), method))
    return saved.case.id, meeting.id


def go_to(store, case_id, meeting_id, method, phase):
    case = store.get(case_id).case
    store.apply_ops(case_id, mt.go_to(case.meeting(meeting_id), method, phase))


__all__ = ["LOCAL", "go_to"]
