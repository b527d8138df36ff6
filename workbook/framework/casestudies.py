"""The case studies shipped in casestudies/: worked cases to start from or practise on.

Pages ask for them on every rerun, so a folder is read again only when one of its files
changed; callers get their own copies, so nothing they change reaches the cache.
"""

from __future__ import annotations

from pathlib import Path

from workbook.case.model import Case
from workbook.case.files import read_case
from workbook.framework.loader import ROOT, display_name
from workbook.problems import InputRejected, Problem
from workbook.yamlio import files_signature

CASESTUDIES_DIR = ROOT / "casestudies"


def load_library(lang: str | Path | None = None) -> tuple[list[Case], list[Problem]]:
    """The case studies: with no argument (or "nl") the Dutch ones in casestudies/; with "en"
    the English versions in casestudies/en/, plus the Dutch ones that have no English version
    (English ids end in `-en`); a Path reads that folder only."""
    if isinstance(lang, Path):
        return _load_dir(lang)
    cases, problems = _load_dir(CASESTUDIES_DIR)
    if lang != "en":
        return cases, problems
    english, en_problems = _load_dir(CASESTUDIES_DIR / "en")
    translated = {c.id.removesuffix("-en") for c in english}
    return english + [c for c in cases if c.id not in translated], problems + en_problems


_cache: dict[Path, tuple[tuple, list[Case], list[Problem]]] = {}


def _load_dir(directory: Path) -> tuple[list[Case], list[Problem]]:
    key = files_signature(list(directory.glob("*.yaml")))
    hit = _cache.get(directory)
    if hit is None or hit[0] != key:
        hit = _cache[directory] = (key, *_read_dir(directory))
    return [c.model_copy(deep=True) for c in hit[1]], list(hit[2])


def _read_dir(directory: Path) -> tuple[list[Case], list[Problem]]:
    cases, problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        try:
            cases.append(read_case(path.read_bytes(), display_name(path)))
        except InputRejected as exc:
            problems.extend(exc.problems)
    return cases, problems
