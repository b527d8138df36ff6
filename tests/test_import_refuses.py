"""Importing a case: only a regular file of bounded size is read, and every imported case gets
a new, unguessable id of its own.

`/dev/zero`, a pipe (FIFO), a folder and a huge file are refused at once, before anything is
read, with one line in the user's language and exit code 1; the store is left as it was. The
id written in a case file is never used: the file may name a case that exists, and a short
id can be guessed. The app's upload gets the same in tests/browser/test_upload.py and below.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.apptest import start, texts
from tests.browser.storecheck import snapshot
from workbook.plain import md_list
from workbook import cli, i18n
from workbook.case.files import MAX_CASE_BYTES
from workbook.case.model import CASE_ID_BYTES, Case, new_case_id
from workbook.case.store import Store
from workbook.inputfile import read_input
from workbook.problems import InputRejected

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"
EXAMPLE_ID = "ex-stationsplein"  # the id written in that file
ANSWER_WITHIN_S = 15  # the command's whole run, Python's start included: /dev/zero ran >20 s
TOKEN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{21,39}$")


def what(kind: str, hint: str, lang: str) -> str:
    """The refusal as the user reads it, without the file's name."""
    return f"{i18n.t(f'errors.{kind}', lang)} ({i18n.t(f'errors.{hint}', lang)})"


@pytest.fixture
def inputs(tmp_path) -> dict[str, tuple[Path, str]]:
    """Each input that is not a readable case file, and what the user is told about it."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # nobody writes to it: reading it would wait for ever
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as fh:
        fh.truncate(10 * 1024 ** 3)  # 10 GB of zeros, sparse: nothing is written to disk
    return {"/dev/zero": (Path("/dev/zero"), "special"), "fifo": (fifo, "special"),
            "folder": (folder, "folder"), "huge": (huge, "huge")}


def said(kind: str, lang: str) -> str:
    if kind == "huge":
        return i18n.t("errors.too_large", lang, mb=MAX_CASE_BYTES // 1024 ** 2)
    return what("not_a_file", f"is_{kind}", lang)


def run_cli(*args: str, db: str) -> subprocess.CompletedProcess:
    """`python -m workbook ARGS` as a user runs it; TimeoutExpired fails the test."""
    env = {**os.environ, "WORKBOOK_DB": db, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("WORKBOOK_LANG", None)
    return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=ANSWER_WITHIN_S,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def seeded(db_url) -> str:
    """A store that already holds a case, so 'nothing changed' means something."""
    Store(db_url).create(Case(title="already here"))
    return db_url


# -- refused at once: the command line ------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", ["/dev/zero", "fifo", "folder", "huge"])
def test_import_refuses_what_is_not_a_regular_file_at_once(name, lang, inputs, seeded):
    path, kind = inputs[name]
    before = snapshot(seeded)
    run = run_cli("--lang", lang, "import", str(path), db=seeded)
    assert run.returncode == 1, run.stderr
    assert run.stdout == "" and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [f"{path}: {said(kind, lang)}"]
    assert snapshot(seeded) == before


def test_validate_and_import_actors_refuse_them_too(inputs, seeded):
    paths = [str(path) for path, _ in inputs.values()]
    run = run_cli("--lang", "nl", "validate", *paths, db=seeded)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert run.stdout.splitlines() == [f"{path}: {said(kind, 'nl')}"
                                       for path, kind in inputs.values()
                                       if kind != "huge"] + [
        f"{inputs['huge'][0]}: {i18n.t('errors.too_large', 'nl', mb=8)}"]
    case_id = Store(seeded).list()[0].id
    before = snapshot(seeded)
    run = run_cli("import-actors", case_id, "/dev/zero", db=seeded)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [f"/dev/zero: {said('special', 'en')}"]
    assert snapshot(seeded) == before


def test_a_missing_file_is_one_line(tmp_path, seeded):
    run = run_cli("import", str(tmp_path / "absent.yaml"), db=seeded)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [f"{tmp_path / 'absent.yaml'}: "
                                       f"{what('unreadable', 'no_such_file', 'en')}"]


def test_read_input_reads_a_regular_file_up_to_its_limit(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_bytes(b"x" * 100)
    assert read_input(path, 100) == b"x" * 100
    with pytest.raises(InputRejected) as refused:
        read_input(path, 99)
    assert [p.kind for p in refused.value.problems] == ["too_large"]


# -- a new, unguessable id ------------------------------------------------------------------
def test_a_new_case_id_has_at_least_128_random_bits():
    assert CASE_ID_BYTES * 8 >= 128
    ids = {new_case_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(TOKEN.match(i) for i in ids), "URL-safe, and never read as a --option"
    assert TOKEN.match(Case().id)


def test_import_ignores_the_id_in_the_file_and_importing_twice_gives_two_cases(store,
                                                                               capsys):
    assert cli.main(["import", str(EXAMPLE)]) == 0
    assert cli.main(["import", str(EXAMPLE)]) == 0
    first, second = [line for line in capsys.readouterr().out.splitlines()
                     if TOKEN.match(line)]
    assert first != second and EXAMPLE_ID not in (first, second)
    assert {c.id for c in store.list()} == {first, second}


def test_an_existing_id_keeps_working_and_an_import_never_takes_it(store, capsys, tmp_path):
    old = store.create(Case(id=EXAMPLE_ID, title="made before ids were long")).case
    assert store.get(EXAMPLE_ID).case.title == old.title
    assert cli.main(["import", str(EXAMPLE)]) == 0
    new = capsys.readouterr().out.splitlines()[-1]
    assert new != EXAMPLE_ID and TOKEN.match(new)
    assert store.get(EXAMPLE_ID).case.title == "made before ids were long"
    assert store.history(EXAMPLE_ID)[0].number == 1
    target = tmp_path / "old.yaml"
    assert cli.main(["export", EXAMPLE_ID, "--output", str(target)]) == 0
    assert f"id: {EXAMPLE_ID}" in target.read_text()


# -- the app's upload -----------------------------------------------------------------------
def _upload(at, name: str, data: bytes, lang: str = "en"):
    at.file_uploader(key="import_file").set_value((name, data, "application/x-yaml")).run()
    buttons = [b for b in at.button if b.label == i18n.t("case.import_button", lang)]
    if buttons:
        buttons[0].click().run()
    return at


def test_the_app_imports_under_a_new_id_every_time(store):
    at = start(lang="en")
    data = EXAMPLE.read_bytes()
    _upload(at, "stationsplein.yaml", data)
    first = at.session_state["case"]
    _upload(at, "stationsplein.yaml", data)
    second = at.session_state["case"]
    assert not at.exception
    assert first != second and EXAMPLE_ID not in (first, second)
    assert TOKEN.match(first) and TOKEN.match(second)
    assert {c.id for c in store.list()} == {first, second}


@pytest.mark.parametrize("name,data,kind", [
    ("zero.yaml", b"", "empty"),  # what a browser sends for /dev/zero picked as a file
    ("huge.yaml", b"# " + b"x" * (9 * 1024 ** 2), "too_large"),
])
def test_the_app_refuses_an_empty_or_too_large_upload_in_one_line(store, name, data, kind):
    at = start(lang="nl")
    before = snapshot(store.url)
    at = _upload(at, name, data, "nl")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(i18n.t("case.import_refused", "nl"))
    problems = errors[0].split("\n\n", 1)[1].splitlines()
    fragment = i18n.t(f"errors.{kind}", "nl", mb=8)
    assert problems == [md_list([f"{name}: {fragment}"])], texts(at)
    assert snapshot(store.url) == before
