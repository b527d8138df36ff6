"""The architecture is checked, not only described: `.importlinter`'s contracts (the domain's
layers, no Streamlit and no interface in the domain) hold, and a wrong import breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = str(Path(sys.executable).with_name("lint-imports"))


def lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LINT, "--no-cache", "--config", str(folder / ".importlinter")],
                          cwd=folder, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"})


def test_every_contract_is_kept():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


def _copy(tmp_path: Path) -> Path:
    for name in ("workbook", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.yaml"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_a_lower_layer_importing_a_higher_one_is_refused(tmp_path):
    tree = _copy(tmp_path)
    model = tree / "workbook" / "case" / "model.py"
    model.write_text(model.read_text() + "\nfrom workbook.analysis import balance  # noqa\n")
    done = lint(tree)
    assert done.returncode == 1
    assert "workbook.case.model -> workbook.analysis.balance" in done.stdout


def test_streamlit_in_the_domain_is_refused(tmp_path):
    tree = _copy(tmp_path)
    text = tree / "workbook" / "text.py"
    text.write_text(text.read_text() + "\nimport streamlit  # noqa\n")
    done = lint(tree)
    assert done.returncode == 1
    assert "workbook.text -> streamlit" in done.stdout
