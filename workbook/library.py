"""The case studies shipped in casestudies/: worked cases to start from or practise on."""

from __future__ import annotations

from pathlib import Path

from workbook.case import Case
from workbook.cases import read_case
from workbook.frameworks import ROOT, display_name
from workbook.problems import InputRejected, Problem

CASESTUDIES_DIR = ROOT / "casestudies"


def load_library(directory: Path = CASESTUDIES_DIR) -> tuple[list[Case], list[Problem]]:
    cases, problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        try:
            cases.append(read_case(path.read_bytes(), display_name(path)))
        except InputRejected as exc:
            problems.extend(exc.problems)
    return cases, problems
