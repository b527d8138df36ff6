"""The store applies operations to the newest revision in one write: two Store objects on
one SQLite file (as two app processes have) never lose each other's rows or fields, and a
batch replayed (a kept edit, a browser's copy) is stored once."""

from __future__ import annotations

import multiprocessing
import threading

from workbook.case.model import Actor, Case
from workbook.case.ops import AddOp, DeleteOp, MoveOp, SetOp, UpdateOp
from workbook.case.store import Store

ACTORS = ("actors",)


def _case(store: Store) -> str:
    return store.create(Case(title="Plein", actors=[Actor(id="a", name="Ann"),
                                                     Actor(id="b", name="Bo")])).case.id


def test_two_processes_adding_editing_and_deleting_rows_keep_all_of_it(db_url):
    one, two = Store(db_url), Store(db_url)
    cid = _case(one)
    seen = one.head(cid)  # both opened the case at revision 1
    one.apply_ops(cid, [AddOp(collection=ACTORS, row={"id": "alice", "name": "Alice"})],
                  expected_head=seen)
    saved = two.apply_ops(cid, [AddOp(collection=ACTORS, row={"id": "bob", "name": "Bob"}),
                                UpdateOp(collection=ACTORS, id="a", fields={"notes": "stil"},
                                         was={"notes": ""}),
                                DeleteOp(collection=ACTORS, id="b")], expected_head=seen)
    assert saved.conflict and saved.report.overwritten == ()
    one.apply_ops(cid, [MoveOp(collection=ACTORS, id="bob", after=None),
                        UpdateOp(collection=ACTORS, id="a", fields={"influence": 5})])
    case = Store(db_url).get(cid).case
    assert [a.name for a in case.actors] == ["Bob", "Ann", "Alice"]
    assert (case.actor("a").notes, case.actor("a").influence) == ("stil", 5)
    assert Store(db_url).head(cid) == 4


def test_the_same_field_changed_by_two_keeps_the_later_and_both_revisions(db_url):
    one, two = Store(db_url), Store(db_url)
    cid = _case(one)
    one.apply_ops(cid, [UpdateOp(collection=ACTORS, id="a", fields={"name": "Anna"},
                                 was={"name": "Ann"})], expected_head=1)
    saved = two.apply_ops(cid, [UpdateOp(collection=ACTORS, id="a", fields={"name": "Annie"},
                                         was={"name": "Ann"})], expected_head=1)
    [over] = saved.report.overwritten
    assert (over.row, over.field, over.stored) == ("a", "name", "Anna")
    assert one.get(cid).case.actor("a").name == "Annie"
    kept = [one.revision(cid, r.number).actor("a").name for r in one.history(cid)]
    assert kept == ["Annie", "Anna", "Ann"]


def test_a_batch_is_stored_once_however_often_it_is_replayed(db_url):
    one, two = Store(db_url), Store(db_url)
    cid = _case(one)
    ops = [AddOp(collection=ACTORS, row={"id": "c", "name": "Cas"}),
           SetOp(path=("title",), value="Plein 2", was="Plein")]
    first = one.apply_ops(cid, ops, batch="batch-0001", note="actors")
    one.apply_ops(cid, [SetOp(path=("title",), value="Plein 3")])
    again = two.apply_ops(cid, ops, batch="batch-0001")  # a kept copy, replayed later
    assert first.report.changed and again.report.replayed
    assert one.get(cid).case.title == "Plein 3", "a replay never undoes a newer change"
    assert one.head(cid) == 3


def test_a_change_that_changes_nothing_adds_no_revision(db_url):
    store = Store(db_url)
    cid = _case(store)
    saved = store.apply_ops(cid, [DeleteOp(collection=ACTORS, id="ghost")])
    assert store.head(cid) == 1 and saved.head == 1
    assert [(g.row, g.op) for g in saved.report.gone] == [("ghost", "delete")]


def test_apply_with_a_list_position_still_works_and_names_the_row_by_id(db_url):
    store = Store(db_url)
    cid = _case(store)
    store.apply(cid, ("actors", 1, "name"), "Bob")
    store.apply(cid, ("actors", 0), {"id": "a", "name": "Anna", "influence": 4})
    case = store.get(cid).case
    assert [(a.name, a.influence) for a in case.actors] == [("Anna", 4), ("Bob", 3)]
    assert [r.note for r in store.history(cid)][:2] == ["actors.0", "actors.1.name"]


def test_threads_of_two_store_objects_adding_rows_lose_none(db_url):
    stores = [Store(db_url), Store(db_url)]
    cid = _case(stores[0])

    def write(n: int) -> None:
        for i in range(8):
            stores[n % 2].apply_ops(cid, [AddOp(collection=ACTORS,
                                                row={"id": f"t{n}-{i}", "name": f"{n}.{i}"})],
                                    expected_head=1)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(stores[1].get(cid).case.actors) == 2 + 32


def _process(db_url: str, cid: str, n: int) -> None:
    store = Store(db_url)
    for i in range(6):
        store.apply_ops(cid, [AddOp(collection=ACTORS, row={"id": f"p{n}-{i}", "name": "x"}),
                              UpdateOp(collection=ACTORS, id="a",
                                       fields={"notes": f"{n}-{i}"})], expected_head=1)


def test_two_real_processes_on_one_sqlite_file_lose_no_row(db_url):
    cid = _case(Store(db_url))
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_process, args=(db_url, cid, n)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    case = Store(db_url).get(cid).case
    assert {a.id for a in case.actors} == {"a", "b"} | {f"p{n}-{i}" for n in range(2)
                                                          for i in range(6)}
    assert Store(db_url).head(cid) == 1 + 12
