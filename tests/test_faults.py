"""Faults: the process killed in the middle of saving, two sessions editing one case, and the
framework changed (or broken) under cases that were saved against it.

The same faults in a real browser: tests/browser/test_persistence.py (server killed and
restarted) and tests/browser/test_two_tabs.py (two tabs).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests import apptest
from tests.browser.storecheck import consistency_problems, snapshot
from workbook.framework import loader as frameworks_module
from workbook import i18n
from workbook.case.model import Case
from workbook.case.files import dump_case, read_case
from workbook.framework.casestudies import load_library
from workbook.analysis.polarmap import build_map
from workbook.case.store import Store

ROOT = Path(__file__).resolve().parent.parent

# -- killed while saving -------------------------------------------------------------------
# Saves one change after another and prints each acknowledged save (the revision number it
# got, and the title it wrote) before starting the next.
HAMMER = r"""
import sys
from workbook.case.model import Case
from workbook.case.store import Store
url, case_id, tag = sys.argv[1:4]
store = Store(url)
i = 0
while True:
    i += 1
    saved = store.apply(case_id, ("title",), f"{tag} {i}")
    print(f"{saved.head} {tag} {i}\n", end="", flush=True)  # one write, so a kill cannot split it
    saved = store.apply(case_id, ("answers", "intake", "where"), f"{tag} where {i}")
    if i % 7 == 0:
        store.create(Case(title=f"{tag} new {i}"))
    if i % 11 == 0:
        store.undo(case_id)
"""


def _hammer(url: str, case_id: str, tag: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", HAMMER, url, case_id, tag], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def test_killing_the_process_during_saves_leaves_the_store_consistent(tmp_path):
    """Two processes save to one case as fast as they can; each is killed (SIGKILL) at a
    random moment, several times over. Afterwards SQLite's integrity check passes, every
    revision decodes, the head is the last revision, and no acknowledged save is lost."""
    url = f"sqlite:///{tmp_path / 'workbook.db'}"
    case_id = Store(url).create(Case(title="hammered")).case.id
    rng = random.Random(6)
    acknowledged: list[tuple[int, str]] = []
    for _ in range(4):
        procs = [_hammer(url, case_id, tag) for tag in ("A", "B")]
        # wait for each one's first save (imports take a second or more on a busy machine)
        firsts = [proc.stdout.readline() for proc in procs]
        time.sleep(0.3 + rng.random() * 1.0)
        for proc in procs:
            time.sleep(rng.random() * 0.2)
            proc.send_signal(signal.SIGKILL)
        for proc, first in zip(procs, firsts):
            out, err = proc.communicate(timeout=60)
            assert "Traceback" not in err, err[-2000:]
            # a line without its newline was cut off by the kill: not an acknowledgement
            for line in (first + out).splitlines(keepends=True):
                if not line.endswith("\n"):
                    continue
                number, title = line.rstrip("\n").split(" ", 1)
                acknowledged.append((int(number), title))
        assert consistency_problems(url) == []
    assert len(acknowledged) > 20, "the processes hardly saved anything before being killed"
    store = Store(url)
    lost = [(n, title) for n, title in acknowledged if store.revision(case_id, n).title != title]
    assert lost == [], "saves that were acknowledged are gone or changed"
    # the store is still in use: one more change goes on top of whatever was last
    head = store.head(case_id)
    assert store.apply(case_id, ("title",), "after the crashes").head == head + 1


# -- two sessions, one case ----------------------------------------------------------------
def test_a_stale_session_keeps_both_edits_and_is_told(store):
    case_id = store.create(Case(title="shared")).case.id
    first = store.apply(case_id, ("answers", "intake", "where"), "the square", expected_head=1)
    assert not first.conflict
    second = store.apply(case_id, ("answers", "intake", "what"), "a fight", expected_head=1)
    assert second.conflict, "the session that had not seen revision 2 must be told"
    case = store.get(case_id).case
    assert (case.answer("intake", "where"), case.answer("intake", "what")) == ("the square",
                                                                               "a fight")
    # the same field: the later one wins, the earlier one stays in the history
    store.apply(case_id, ("title",), "title of session one", expected_head=3)
    late = store.apply(case_id, ("title",), "title of session two", expected_head=3)
    assert late.conflict
    titles = [store.revision(case_id, r.number).title for r in store.history(case_id)]
    assert titles[:2] == ["title of session two", "title of session one"]


def _part2_sheet_with_two_texts():
    fw = frameworks_module.load_dir().get("brandsma")
    for ws in fw.worksheets_of(2):
        texts = [f for f in ws.fields if f.type == "text"]
        if texts:
            return ws, texts[0]
    pytest.skip("no short text field in part 2")


def test_two_app_sessions_on_one_case_both_keep_their_edits(store):
    """Two sessions of the app (AppTest) open the same case; each changes something else."""
    ws, field = _part2_sheet_with_two_texts()
    case_id = store.create(Case(title="before")).case.id
    one = apptest.start(case_id, "en")
    two = apptest.start(case_id, "en", page="app_pages/part2.py")
    two.session_state[f"ws2"] = ws.id
    two.run()

    one.text_input(key="case_title").set_value("renamed in session one").run()
    assert not one.exception
    two.text_input(key=f"w:{ws.id}:{field.id}").set_value("typed in session two").run()
    assert not two.exception
    case = store.get(case_id).case
    assert case.title == "renamed in session one"
    assert case.answer(ws.id, field.id) == "typed in session two"
    shown = apptest.texts(two)
    assert i18n.t("app.saved_conflict", "en") in shown, shown[:500]
    one.run()  # session one's next step: it shows the newer case, and says so at once
    assert i18n.t("app.reloaded", "en") in apptest.texts(one), \
        "the 'changed elsewhere' notice must come with the reload, not one step later"


# -- the framework changed under saved cases -----------------------------------------------
def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _field(data: dict, worksheet: str, field: str) -> dict:
    ws = next(w for w in data["worksheets"] if w["id"] == worksheet)
    return next(f for f in ws["fields"] if f["id"] == field)


def _retype(data, worksheet, field, new_type, **extra):
    f = _field(data, worksheet, field)
    f["type"] = new_type
    f.pop("options", None)
    f.pop("options_from", None)
    f.update(extra)


def _sheet_file(folder: Path, worksheet_id: str) -> Path:
    for path in sorted((folder / "brandsma" / "worksheets").glob("*.yaml")):
        if any(w.get("id") == worksheet_id for w in yaml.safe_load(path.read_text())["worksheets"]):
            return path
    raise LookupError(worksheet_id)


def _remove_a_worksheet(folder: Path) -> None:
    """Delete the last worksheet file that no other part of the framework refers to."""
    for path in sorted((folder / "brandsma" / "worksheets").glob("*.yaml"), reverse=True):
        text = path.read_text(encoding="utf-8")
        path.unlink()
        if not frameworks_module.load_dir(folder).problems:
            return
        path.write_text(text, encoding="utf-8")


# Each change is a thing a facilitator might do to the framework after trainees saved cases.
CHANGES = {
    "new version": lambda d: _edit_yaml(d / "brandsma.yaml", lambda y: y.update(version="2")),
    "a checklist became a text": lambda d: _edit_yaml(
        _sheet_file(d, "intake"), lambda y: _retype(y, "intake", "signals", "text")),
    "a choice lost its options": lambda d: _edit_yaml(
        _sheet_file(d, "intake"), lambda y: _field(y, "intake", "phase").update(
            options=[{"id": "other", "label": {"nl": "Anders", "en": "Other"}}])),
    "a long text became a scale": lambda d: _edit_yaml(
        _sheet_file(d, "middle"), lambda y: _retype(y, "middle", "concerns", "scale")),
    "a scale became a date": lambda d: _edit_yaml(
        _sheet_file(d, "middle"), lambda y: _retype(y, "middle", "size", "date")),
    "a worksheet was removed": _remove_a_worksheet,
    "a role was removed": lambda d: _edit_yaml(
        d / "brandsma.yaml", lambda y: y["concepts"].__setitem__(
            "roles", [r for r in y["concepts"]["roles"] if r["id"] != "scapegoat"])),
}


@pytest.fixture
def changed_frameworks(tmp_path, monkeypatch):
    """A copy of frameworks/ with every change of CHANGES that keeps it loadable, served to
    the app in place of the real one."""
    folder = tmp_path / "frameworks"
    shutil.copytree(ROOT / "frameworks", folder)
    applied, refused = [], {}
    for name, change in CHANGES.items():
        backup = tmp_path / "backup"
        shutil.copytree(folder, backup)
        change(folder)
        problems = frameworks_module.load_dir(folder).problems
        if problems:  # this framework does not allow the change (a rule refers to it): undo
            shutil.rmtree(folder)
            backup.rename(folder)
            refused[name] = problems[0].format()
        else:
            shutil.rmtree(backup)
            applied.append(name)
    _serve(monkeypatch, folder)
    return folder, applied, refused


def _serve(monkeypatch, folder: Path) -> None:
    real_load, real_signature = frameworks_module.load_dir, frameworks_module.signature
    monkeypatch.setattr(frameworks_module, "load_dir", lambda directory=None: real_load(folder))
    monkeypatch.setattr(frameworks_module, "signature",
                        lambda directory=None: real_signature(folder))


def _views(fw):
    views = [(page, None) for page in apptest.PAGES]
    for part in (fw.parts if fw else []):
        for ws in fw.worksheets_of(part.number):  # those its picker offers (not step by step)
            if ws.steps:
                continue
            views.append((f"app_pages/part{part.number}.py", (part.number, ws.id)))
    return views


def _open_everywhere(case_id: str, fw) -> list[str]:
    """Every page and worksheet of the app on a case; the errors shown, if any."""
    broken = []
    at = apptest.start(case_id, "en")
    for page, worksheet in _views(fw):
        if worksheet:
            at.session_state[f"ws{worksheet[0]}"] = worksheet[1]
        at.switch_page(page).run()
        broken += [f"{page} {worksheet or ''}: {e.message[:200]}" for e in at.exception]
        if at.exception:
            at = apptest.start(case_id, "en")
    return broken


def test_saved_cases_still_open_after_the_framework_changed(store, changed_frameworks):
    folder, applied, refused = changed_frameworks
    assert len(applied) >= 4, f"too few changes applied: {applied}; refused: {refused}"
    print(f"framework changes applied: {applied}; refused by the framework's own rules: {refused}")
    fw = frameworks_module.load_dir(folder).get("brandsma")
    cases = [store.create(case, kind="import").case for case in load_library()[0]]
    before = snapshot(store.url)
    problems = {}
    for case in cases:
        broken = _open_everywhere(case.id, fw)
        if broken:
            problems[case.id] = broken
        # every actor is still drawn, and nothing the trainee wrote is dropped from the file
        fig = build_map(case, fw, "en")
        ids = {a.id for a in case.actors}
        drawn = sum(1 for trace in fig.data for cd in list(trace.customdata or ())
                    if (cd[0] if isinstance(cd, (list, tuple)) or hasattr(cd, "tolist") else cd)
                    in ids)
        assert drawn >= len(case.actors), f"{case.id}: {drawn} of {len(case.actors)} actors drawn"
        again = read_case(dump_case(store.get(case.id).case).encode(), "x")
        assert again.to_doc() == case.to_doc()
    assert problems == {}, f"with changes {applied}"
    assert snapshot(store.url) == before, "opening cases under a changed framework changed them"


def test_saved_cases_still_open_when_the_framework_file_is_broken(store, tmp_path, monkeypatch):
    folder = tmp_path / "frameworks"
    shutil.copytree(ROOT / "frameworks", folder)
    main = folder / "brandsma.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("parts:", "parts:\n\t- broken", 1),
                    encoding="utf-8")
    _serve(monkeypatch, folder)
    assert frameworks_module.load_dir(folder).problems, "the file should be broken"
    case = store.create(load_library()[0][0], kind="import").case
    before = snapshot(store.url)
    at = apptest.start(case.id, "en")
    shown = apptest.texts(at)
    assert "brandsma.yaml" in shown, "the broken file is named"
    broken = []
    for page in apptest.PAGES:
        at.switch_page(page).run()
        broken += [f"{page}: {e.message[:200]}" for e in at.exception]
    assert broken == []
    assert snapshot(store.url) == before
