"""`python -m workbook`: the verbs, their output and their exit codes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"


def cli(*args: str, db: str, lang: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKBOOK_DB": db}
    env.pop("WORKBOOK_LANG", None)
    extra = ["--lang", lang] if lang else []
    return subprocess.run([sys.executable, "-m", "workbook", *extra, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_import_prints_the_new_id_last_and_list_shows_it(db):
    out = cli("import", str(EXAMPLE), db=db)
    assert out.returncode == 0, out.stderr
    case_id = out.stdout.strip().splitlines()[-1]
    listing = cli("list", db=db)
    assert listing.stdout.splitlines()[0].split("\t")[0] == case_id
    assert "stationsplein" in listing.stdout


def test_importing_twice_makes_two_cases(db):
    first = cli("import", str(EXAMPLE), db=db).stdout.splitlines()[-1]
    second = cli("import", str(EXAMPLE), db=db).stdout.splitlines()[-1]
    assert first != second
    assert len(cli("list", db=db).stdout.splitlines()) == 2


def test_export_yaml_to_stdout_and_file_round_trips(db, tmp_path):
    case_id = cli("import", str(EXAMPLE), db=db).stdout.splitlines()[-1]
    out = cli("export", case_id, "--format", "yaml", db=db)
    assert out.returncode == 0 and f"id: {case_id}" in out.stdout
    target = tmp_path / "out.yaml"
    assert cli("export", case_id, "--format", "yaml", "--output", str(target), db=db).returncode == 0
    again = cli("import", str(target), db=db).stdout.splitlines()[-1]
    assert cli("export", again, db=db).stdout.replace(again, case_id) == out.stdout


def test_validate_reports_one_line_per_problem_with_file_and_line(tmp_path, db):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nactors:\n  - name: X\n    influence: 9\n    role: villain\n")
    out = cli("validate", str(EXAMPLE), str(bad), db=db)
    assert out.returncode == 1
    problems = [line for line in out.stdout.splitlines() if line.startswith(str(bad))]
    assert len(problems) == 1 and problems[0].startswith(f"{bad}:4: actors[0].influence")
    assert "Traceback" not in out.stdout + out.stderr


def test_validate_accepts_the_shipped_frameworks_and_cases(db):
    paths = [str(p) for p in (ROOT / "frameworks").rglob("*.yaml")]
    paths += [str(p) for p in (ROOT / "casestudies").glob("*.yaml")]
    out = cli("validate", *paths, db=db)
    assert out.returncode == 0, out.stdout


def test_bad_import_changes_nothing_and_speaks_dutch_when_asked(tmp_path, db):
    cli("import", str(EXAMPLE), db=db)
    before = cli("list", db=db).stdout
    bad = tmp_path / "future.yaml"
    bad.write_text("format_version: 99\n")
    out = cli("import", str(bad), db=db, lang="nl")
    assert out.returncode == 1
    assert "nieuwer dan deze app kent" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert cli("list", db=db).stdout == before


def test_missing_case_and_missing_file_are_one_line_errors(db, tmp_path):
    out = cli("export", "nope", db=db)
    assert out.returncode == 1 and out.stderr.strip() == "No case with id nope"
    out = cli("import", str(tmp_path / "absent.yaml"), db=db)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_store_that_refuses_to_write_is_a_one_line_error(db):
    from tests.case.test_store_refuses import refuse_writes
    from workbook.case.store import Store

    Store(db)  # the tables exist
    refuse_writes(db)
    out = cli("import", str(EXAMPLE), db=db, lang="nl")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().startswith("Niet bewaard: de opslag weigerde te schrijven")
    assert cli("list", db=db).stdout == ""


def test_import_names_the_owner_and_list_shows_owners(db):
    from workbook.accounts.access import CaseAccess
    from workbook.accounts.users import User
    from workbook.case.store import Store

    mine = cli("import", str(EXAMPLE), db=db).stdout.splitlines()[-1]
    out = cli("import", str(EXAMPLE), "--owner", "https://login.example.org/v2.0", "a b-7",
              db=db)
    assert out.returncode == 0, out.stderr
    theirs = out.stdout.splitlines()[-1]
    rows = {line.split("\t")[0]: line.split("\t") for line in cli("list", db=db).stdout.splitlines()}
    assert rows[mine][2] == "local user"
    assert rows[theirs][2] == "https://login.example.org/v2.0 a b-7"
    assert "Stationsplein" in rows[theirs][3] or "stationsplein" in rows[theirs][3].lower()
    only = cli("list", "--owner", "https://login.example.org/v2.0", "a b-7", db=db).stdout
    assert [line.split("\t")[0] for line in only.splitlines()] == [theirs]
    user = User("https://login.example.org/v2.0", "a b-7")
    assert [c.id for c in CaseAccess(Store(db), user).list()] == [theirs]


@pytest.mark.parametrize("owner", [["https://id example.org", "x"], ["https://id.example.org", ""]])
def test_an_owner_that_names_no_user_is_refused_and_nothing_is_stored(db, owner):
    out = cli("import", str(EXAMPLE), "--owner", *owner, db=db, lang="nl")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "--owner vraagt de uitgever" in out.stderr
    assert cli("list", db=db).stdout == ""


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_before_or_after_the_command(tmp_path, where):
    db = f"sqlite:///{tmp_path / 'w.db'}"
    args = ["export", "no-such-case"]
    args = ["--lang", "nl", *args] if where == "before" else [*args, "--lang", "nl"]
    out = subprocess.run([sys.executable, "-m", "workbook", *args], cwd=ROOT,
                         env={**os.environ, "WORKBOOK_DB": db}, capture_output=True, text=True)
    assert out.returncode == 1 and "Geen casus met id no-such-case" in out.stderr


def test_retention_reads_its_period_warns_and_deletes_nothing_yet(db, tmp_path):
    from workbook.case.model import Case
    from workbook.case.caserows import CaseRow
    from workbook.case.store import Store
    import datetime as dt

    store = Store(db)
    old = store.create(Case(title="Oud")).case.id
    store.create(Case(title="Nieuw"))
    with store.writing() as s:
        s.get(CaseRow, old).updated_at -= dt.timedelta(days=400)
    missing = cli("retention", "--secrets", str(tmp_path / "none.toml"), db=db)
    assert missing.returncode == 1 and "No retention period" in missing.stderr
    short = cli("retention", "--months", "1", db=db, lang="nl")
    assert short.returncode == 1 and "minstens 2 maanden" in short.stderr
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[workbook]\nretention_months = 12\n")
    done = cli("retention", "--secrets", str(secrets), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1 owner(s) warned, 0 case(s) deleted for good."
    assert {c.title for c in store.list()} == {"Oud", "Nieuw"}
