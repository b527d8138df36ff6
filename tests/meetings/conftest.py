"""Fixtures for the meetings' tests: the shipped methods and a worked case."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from workbook.case.files import read_case
from workbook.meetings.methods import load_methods

CASE = ROOT / "casestudies" / "politie_jongeren.yaml"


@pytest.fixture(scope="session")
def methods(framework):
    found = load_methods(framework)
    assert not found.problems, [p.format() for p in found.problems]
    return found


@pytest.fixture
def case():
    return read_case(CASE.read_bytes(), "case")
