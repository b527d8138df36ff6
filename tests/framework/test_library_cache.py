"""The case library is read once per change of its files, and hands out copies."""

from __future__ import annotations

import shutil
from pathlib import Path

from workbook.framework import casestudies as library
from workbook.framework.casestudies import load_library

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"


def test_changing_a_returned_case_does_not_change_the_library():
    first = load_library()[0]
    first[0].title = "Changed by a page"
    first[0].actors.clear()
    first.pop()
    again = load_library()[0]
    assert again[0].title != "Changed by a page" and again[0].actors
    assert len(again) == len(first) + 1


def test_a_folder_is_read_again_only_when_a_file_changes(tmp_path, monkeypatch):
    shutil.copy(EXAMPLE, tmp_path / "one.yaml")
    reads = []
    real = library._read_dir
    monkeypatch.setattr(library, "_read_dir", lambda d: reads.append(d) or real(d))
    title = load_library(tmp_path)[0][0].title
    assert title == "Jongeren en politie aan het stationsplein"
    load_library(tmp_path)
    assert reads == [tmp_path]

    text = EXAMPLE.read_text(encoding="utf-8").replace("title: ", "title: Nieuw - ", 1)
    (tmp_path / "one.yaml").write_text(text, encoding="utf-8")
    assert load_library(tmp_path)[0][0].title.startswith("Nieuw - ")
    shutil.copy(EXAMPLE, tmp_path / "two.yaml")
    (tmp_path / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    cases, problems = load_library(tmp_path)
    assert len(cases) == 2 and [p.kind for p in problems] == ["syntax"]
    assert reads == [tmp_path] * 3
