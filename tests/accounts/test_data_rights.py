"""Data rights and retention, on SQLite and PostgreSQL: a user downloads all their data (a
zip of case files and a README); deleting an account really removes every row of it; cases
nobody touched for the period are deleted after a month of warning (a fake clock)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from sqlalchemy import inspect, select, text

from tests.conftest import BACKENDS
from workbook.accounts import retention
from workbook.accounts.access import CaseAccess
from workbook.accounts.cohorts import CohortAccess
from workbook.accounts.data_rights import delete_account, download
from workbook.accounts.users import LOCAL, User
from workbook.case.files import read_case
from workbook.case.model import Case
from workbook.case.ops import SetOp
from workbook.case.caserows import CaseRow, RevisionRow
from workbook.case.store import CaseNotFound
from workbook.case.cohortrows import RetentionRow

ISS = "https://id.example.org"
FRIDA = User(ISS, "frida-01", verified_email="frida@example.org")
TOM = User(ISS, "tom-02")
UMA = User(ISS, "uma-03")


def pytest_generate_tests(metafunc) -> None:
    if "db_url" in metafunc.fixturenames:
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


def rows_naming(store, *needles: str) -> dict[str, int]:
    """Per table, the rows whose text holds any of `needles` (every column, as text)."""
    found = {}
    with store.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                if any(n in repr(tuple(row)) for n in needles):
                    found[table] = found.get(table, 0) + 1
    return found


def test_the_download_holds_every_case_of_the_user_lossless_and_a_readme(store):
    tom = CaseAccess(store, TOM)
    one = tom.create(Case(title="Ahmed en de wijkagent")).case
    tom.apply(one.id, ("title",), "Ahmed en agent Claes")
    two = tom.create(Case(title="In de prullenbak")).case.id
    tom.delete(two)
    CaseAccess(store, UMA).create(Case(title="Van Uma"))
    data = zipfile.ZipFile(io.BytesIO(download(tom, "en")))
    names = sorted(data.namelist())
    assert {"README.txt", "comments.yaml"} <= set(names) and len(names) == 4
    cases = {read_case(data.read(n), n).title for n in names if n.startswith("cases/")}
    assert cases == {"Ahmed en agent Claes", "In de prullenbak"}
    readme = data.read("README.txt").decode()
    assert "2 case" in readme and "Ahmed en agent Claes" in readme and "(in the bin)" in readme
    assert "Van Uma" not in repr([data.read(n) for n in names])
    again = read_case(data.read(next(n for n in names if one.id in n)), "x")
    assert again.to_doc() == tom.get(one.id).case.to_doc()


def test_deleting_an_account_removes_every_row_of_it_and_nothing_else(store):
    made = CohortAccess(store, FRIDA, True).create("Gent", "Frida")
    CohortAccess(store, TOM).join(made.join_code, "Tom T.")
    tom, frida, uma = CaseAccess(store, TOM), CaseAccess(store, FRIDA, True), CaseAccess(store, UMA)
    cid = tom.create(Case(title="Klas 3B")).case.id
    tom.apply_ops(cid, [SetOp(path=("title",), value="Klas 3B bis")], batch="b" * 32)
    tom.share_cohort(cid, made.id, "comment")
    tom.share(cid, UMA)
    frida.get(cid)
    frida.comment(cid, "intake", "what", "Vraag van Frida")
    tom.comment(cid, "intake", "what", "Antwoord van Tom")
    tom.remember(cid)
    theirs = uma.create(Case(title="Van Uma")).case.id
    uma.share(theirs, TOM)
    tom.get(theirs)
    uma.comment(theirs, "intake", "what", "Uma zelf")
    tom.keep(cid)
    gone = tom.create(Case(title="Weg")).case.id
    tom.delete(gone)
    assert rows_naming(store, TOM.key)  # before: in many tables

    assert delete_account(store, TOM) == 2
    assert rows_naming(store, TOM.key, "Klas 3B", "Antwoord van Tom", "Tom T.", cid, gone) == {}
    with pytest.raises(CaseNotFound):
        store.info(cid)
    # the others keep what is theirs
    assert uma.get(theirs).case.title == "Van Uma"
    assert [c.text for c in uma.comments(theirs)] == ["Uma zelf"]
    assert [m.name for m in CohortAccess(store, FRIDA, True).members(made.id)] == ["Frida"]
    with pytest.raises(ValueError):
        delete_account(store, LOCAL)


def test_retention_warns_for_a_month_then_deletes_untouched_cases(store):
    tom = CaseAccess(store, TOM)
    old = tom.create(Case(title="Oud")).case.id
    kept = tom.create(Case(title="Bewaard")).case.id
    edited = tom.create(Case(title="Bewerkt")).case.id
    fresh = tom.create(Case(title="Nieuw")).case.id
    made = store.info(old).updated_at
    year = retention.period(12)
    day = dt.timedelta(days=1)

    # eleven months on: the first three are due within a month, and their owner is told
    at = made + year - retention.WARNING + day
    with store.writing() as s:  # the fresh case was touched since
        s.get(CaseRow, fresh).updated_at = at - day
    assert retention.run(store, year, at) == retention.Result(warned=3, deleted=0)
    due = tom.due()
    assert {d.title for d in due} == {"Oud", "Bewaard", "Bewerkt"}
    assert all(d.delete_on == at + retention.WARNING for d in due)
    assert CaseAccess(store, UMA).due() == []
    assert retention.run(store, year, at + day) == retention.Result(0, 0)  # warned once

    tom.keep(kept)  # "keep this case", a day later
    with store.writing() as s:
        s.get(RetentionRow, kept).kept_at = at + day
    with store.writing() as s:  # and an edit of another, two days later
        s.get(CaseRow, edited).updated_at = at + 2 * day
    assert {d.title for d in tom.due()} == {"Oud"}

    # a day short of the month: nothing goes; on the day: only the untouched one
    assert retention.run(store, year, at + retention.WARNING - day).deleted == 0
    assert retention.run(store, year, at + retention.WARNING).deleted == 1
    with pytest.raises(CaseNotFound):
        store.info(old)
    with store.engine.connect() as conn:
        assert conn.execute(select(RevisionRow).where(RevisionRow.case_id == old)).all() == []
    assert {c.title for c in tom.list()} == {"Bewaard", "Bewerkt", "Nieuw"}


def test_a_first_period_on_old_cases_still_gives_a_month_of_warning(store):
    tom = CaseAccess(store, TOM)
    cid = tom.create(Case(title="Heel oud")).case.id
    at = store.info(cid).updated_at + dt.timedelta(days=3 * 365)
    assert retention.run(store, retention.period(12), at) == retention.Result(1, 0)
    assert retention.run(store, retention.period(12), at + dt.timedelta(days=29)).deleted == 0
    assert retention.run(store, retention.period(12), at + dt.timedelta(days=30)).deleted == 1


@pytest.mark.parametrize("months", [0, 1, -5, "12", True])
def test_a_period_too_short_or_no_number_is_refused(months, db_url):
    with pytest.raises(ValueError):
        retention.period(months)
