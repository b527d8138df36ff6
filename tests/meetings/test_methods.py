"""Intervision methods in YAML: the shipped ones load and say where they come from; a broken
method file is named with its file and line (in the app and by `python -m workbook validate`),
and the other methods still load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from workbook.meetings.methods import load_methods, read_method

GOOD = (ROOT / "frameworks" / "brandsma" / "methods" / "20_incident.yaml").read_text()


def test_the_shipped_methods(methods, framework):
    ids = [m.id for m in methods.methods]
    assert ids == ["wij_zij_advice", "incident"]  # the network's own format first
    advice = methods.get("wij_zij_advice")
    # the seed's format: question, understanding, input, advice, the municipality chooses,
    # follow-up
    assert [p.id for p in advice.phases] == ["authentic_question", "understand", "input",
                                             "advice", "choice", "follow_up"]
    assert "advice" in advice.phase("advice").collects
    assert "choice" in advice.phase("choice").collects
    assert "follow_up" in advice.phase("follow_up").collects
    assert "readings" in advice.phase("input").collects
    assert advice.sources == ["vlaanderen_2023"]
    incident = methods.get("incident")
    assert incident.sources == ["hendriksen", "eenmeesterinleren"]
    assert "Hendriksen" in incident.origin("nl") and "Hendriksen" in incident.origin("en")
    assert 55 <= incident.minutes <= 75  # about an hour
    for method in methods.methods:
        for phase in method.phases:
            for text in (phase.title, phase.facilitator, phase.participants):
                assert text("nl") != text("en")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("broken,words", [
    (GOOD.replace("    minutes: 10\n", "    minutes: tien\n", 1), "whole number"),
    (GOOD.replace("collects: [question]", "collects: [vragen]", 1), "allowed value"),
    (GOOD.replace("    minutes: 5\n", "    minuten: 5\n", 1), "unknown key"),
    (GOOD.replace("sources: [hendriksen, eenmeesterinleren]", "sources: [hendriksen, nobody]"),
     "source"),
])
def test_a_broken_method_is_named_with_file_and_line(tmp_path, framework, broken, words):
    path = write(tmp_path, "30_broken.yaml", broken)
    method, problems = read_method(path.read_bytes(), str(path), framework)
    assert method is None and problems
    # the problem that says what is wrong names the file and the very line of the mistake
    wrong = next(i for i, (a, b) in enumerate(zip(GOOD.splitlines(), broken.splitlines()),
                                              start=1) if a != b)
    said = next(p.format("en") for p in problems if words in p.format("en"))
    assert said.startswith(f"{path}:{wrong}: ")


def test_a_broken_file_leaves_the_others_loaded(tmp_path, framework):
    write(tmp_path, "10_good.yaml", GOOD)
    write(tmp_path, "20_bad.yaml", "id: bad\nphases: nope\n")
    write(tmp_path, "30_twice.yaml", GOOD)
    found = load_methods(framework, tmp_path)
    assert [m.id for m in found.methods] == ["incident"]
    kinds = sorted(p.kind for p in found.problems)
    assert "duplicate_method" in kinds and len(found.problems) >= 2


def test_validate_names_file_and_line_of_a_broken_method(tmp_path):
    broken = GOOD.replace("    minutes: 5\n", "    minutes: 0\n", 1)
    path = write(tmp_path, "broken.yaml", broken)
    wrong = next(i for i, (a, b) in enumerate(zip(GOOD.splitlines(), broken.splitlines()),
                                              start=1) if a != b)
    done = subprocess.run([sys.executable, "-m", "workbook", "validate", str(path)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert f"{path}:{wrong}:" in done.stdout
    assert "Traceback" not in done.stderr
    good = write(tmp_path, "good.yaml", GOOD)
    done = subprocess.run([sys.executable, "-m", "workbook", "--lang", "nl", "validate",
                           str(good)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
