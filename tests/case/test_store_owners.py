"""Cases have owners in the store: a database from before (no owner column, no shares) is
brought up to date when a store opens it, on SQLite and PostgreSQL, and keeps every case,
each now belonging to the local user."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import (JSON, Column, DateTime, ForeignKey, Integer, MetaData, String, Table,
                        create_engine, inspect)

from tests.pgserver import pg_url, postgres  # noqa: F401 - fixtures
from workbook.accounts.access import CaseAccess
from workbook.accounts.users import LOCAL, User
from workbook.case.dbschema import LOCAL_OWNER, upgrade
from workbook.case.model import Case
from workbook.case.store import Store

OLD = MetaData()  # the tables as the version before accounts made them
Table("cases", OLD, Column("id", String(40), primary_key=True),
      Column("title", String(300), nullable=False),
      Column("created_at", DateTime, nullable=False), Column("updated_at", DateTime, nullable=False),
      Column("deleted_at", DateTime), Column("head", Integer, nullable=False))
Table("revisions", OLD, Column("case_id", ForeignKey("cases.id"), primary_key=True),
      Column("number", Integer, primary_key=True), Column("created_at", DateTime, nullable=False),
      Column("kind", String(20), nullable=False), Column("note", String(300), nullable=False),
      Column("base", Integer), Column("doc", JSON, nullable=False))


def old_database(url: str) -> list[str]:
    """A database as the version before accounts left it, with two cases (one deleted)."""
    engine = create_engine(url)
    fresh = MetaData()  # a test database may come with today's tables: begin without them
    fresh.reflect(engine)
    fresh.drop_all(engine)
    OLD.create_all(engine)
    now = dt.datetime(2026, 11, 1, 12, 0)
    ids = ["a1b2c3d4e5", "f6a7b8c9d0"]  # the short ids of that time
    with engine.begin() as conn:
        for n, cid in enumerate(ids):
            conn.execute(OLD.tables["cases"].insert().values(
                id=cid, title=f"Oud {n}", created_at=now, updated_at=now,
                deleted_at=now if n else None, head=1))
            conn.execute(OLD.tables["revisions"].insert().values(
                case_id=cid, number=1, created_at=now, kind="create", note="", base=None,
                doc=Case(id=cid, title=f"Oud {n}").to_doc()))
    engine.dispose()
    return ids


def check_upgraded(url: str, ids: list[str]) -> None:
    store = Store(url)
    columns = {c["name"] for c in inspect(store.engine).get_columns("cases")}
    assert "owner" in columns
    assert {"shares", "last_cases"} <= set(inspect(store.engine).get_table_names())
    assert "ix_cases_owner" in {i["name"] for i in inspect(store.engine).get_indexes("cases")}
    assert [(c.id, c.owner) for c in store.list()] == [(ids[0], LOCAL_OWNER)]
    assert [(c.id, c.owner) for c in store.list(deleted=True)] == [(ids[1], LOCAL_OWNER)]
    local = CaseAccess(store, LOCAL)
    assert local.get(ids[0]).case.title == "Oud 0"  # an old short id keeps working
    assert local.apply(ids[0], ("title",), "Nog steeds van mij").head == 2
    someone = CaseAccess(store, User("https://id.example.org", "someone"))
    assert someone.list() == [] and someone.permission(ids[0]) is None
    Store(url)  # opening it again changes nothing
    assert [c.title for c in Store(url).list()] == ["Nog steeds van mij"]


def test_an_old_sqlite_database_gets_owners_and_keeps_its_cases(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    check_upgraded(url, old_database(url))


def test_an_old_postgresql_database_gets_owners_and_keeps_its_cases(pg_url):  # noqa: F811
    check_upgraded(pg_url, old_database(pg_url))


def test_two_processes_upgrading_an_old_postgresql_database_at_once(pg_url):  # noqa: F811
    ids = old_database(pg_url)
    engines = [create_engine(pg_url) for _ in range(3)]  # each as another process has
    errors: list[BaseException] = []

    def upgrade_it(engine) -> None:
        try:
            upgrade(engine)
        except BaseException as exc:  # noqa: BLE001 - the finding
            errors.append(exc)

    threads = [threading.Thread(target=upgrade_it, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert errors == []
    check_upgraded(pg_url, ids)


def test_new_cases_get_ids_no_one_can_guess_and_old_ids_still_open(store):
    ids = {Case().id for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) >= 22 and not i.startswith("-") for i in ids)  # >= 128 random bits
    old = store.create(Case(id="a1b2c3d4e5", title="Kort")).case.id
    assert old == "a1b2c3d4e5" and store.get(old).case.title == "Kort"
