"""Operations: what the user did, applied to the newest revision. Rows by id, never by place;
a replay changes nothing; two tabs' work merges in any order; overwrites are reported."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from pydantic import ValidationError

from workbook.case import tables
from workbook.case.model import Action, Actor, Case, FuelEvent
from workbook.case.ops import (OPS, AddOp, Batch, DeleteOp, MoveOp, SetOp, UpdateOp,
                               apply_ops, from_path, moved)

ACTORS = ("actors",)


def case() -> Case:
    return Case(id="plein", title="Plein", poles=[{"side": "a"}, {"side": "b"}],
                actors=[Actor(id="a", name="Ann"), Actor(id="b", name="Bo"),
                        Actor(id="c", name="Cas")],
                fuel=[FuelEvent(id="f1", description="Brand")],
                strategy={"actions": [Action(id="x1", title="Gesprek")]},
                answers={"tone": {"rewrites": [{"id": "r1", "original": "Tuig"}]}})


def names(c: Case) -> list[str]:
    return [a.name for a in c.actors]


def test_add_update_delete_and_move_address_rows_by_id():
    c, report = apply_ops(case(), [
        AddOp(collection=ACTORS, row={"id": "d", "name": "Dina"}),
        UpdateOp(collection=ACTORS, id="b", fields={"name": "Bob"}, was={"name": "Bo"}),
        DeleteOp(collection=ACTORS, id="a"),
        MoveOp(collection=ACTORS, id="d", after=None),
    ])
    assert names(c) == ["Dina", "Bob", "Cas"]
    assert report.changed and report.overwritten == () and report.gone == ()


def test_every_kind_of_row_list_is_addressed_alike():
    shown = case()
    c, report = apply_ops(shown, [
        UpdateOp(collection=("fuel",), id="f1", fields={"intensity": 5}),
        AddOp(collection=("strategy", "actions"), row={"id": "x2", "title": "Brief"}, after=None),
        MoveOp(collection=("strategy", "actions"), id="x2", after=None),
        AddOp(collection=("answers", "tone", "rewrites"), row={"id": "r2", "original": "Schande"}),
        AddOp(collection=("answers", "new", "table"), row={"id": "n1", "x": 1}),
        UpdateOp(collection=("poles",), id=shown.poles[0].id, fields={"label": "Jongeren"}),
    ])
    assert report.gone == () and c.poles[0].label == "Jongeren"
    assert c.fuel[0].intensity == 5
    assert [a.id for a in c.strategy.actions] == ["x2", "x1"]
    assert [r["id"] for r in c.answer("tone", "rewrites")] == ["r1", "r2"]
    assert c.answer("new", "table") == [{"id": "n1", "x": 1}]


def test_a_replay_changes_nothing():
    ops = [AddOp(collection=ACTORS, row={"id": "d", "name": "Dina"}),
           UpdateOp(collection=ACTORS, id="b", fields={"name": "Bob"}),
           DeleteOp(collection=ACTORS, id="a"),
           MoveOp(collection=ACTORS, id="d", after="b"),
           SetOp(path=("title",), value="Plein 2", was="Plein")]
    once, _ = apply_ops(case(), ops)
    twice, report = apply_ops(once, ops)
    assert twice == once and not report.changed
    assert report.repeated == ("d",)
    assert [(g.row, g.op) for g in report.gone] == [("a", "delete")]


def _tab_one():
    return [AddOp(collection=ACTORS, row={"id": "alice", "name": "Alice"}),
            UpdateOp(collection=ACTORS, id="a", fields={"influence": 5}, was={"influence": 3}),
            MoveOp(collection=ACTORS, id="c", after=None)]


def _tab_two():
    return [AddOp(collection=ACTORS, row={"id": "bob", "name": "Bob"}),
            UpdateOp(collection=ACTORS, id="a", fields={"notes": "stil"}, was={"notes": ""}),
            DeleteOp(collection=ACTORS, id="b"),
            UpdateOp(collection=("fuel",), id="f1", fields={"channel": "krant"})]


@pytest.mark.parametrize("first, second", [(_tab_one, _tab_two), (_tab_two, _tab_one)])
def test_two_tabs_work_merges_in_either_order(first, second):
    c, _ = apply_ops(case(), first())
    c, report = apply_ops(c, second())
    assert set(names(c)) == {"Ann", "Cas", "Alice", "Bob"}
    ann = c.actor("a")
    assert (ann.influence, ann.notes) == (5, "stil")
    assert c.fuel[0].channel == "krant"
    assert names(c)[0] == "Cas"
    assert report.overwritten == ()


def test_interleaved_single_ops_of_two_tabs_lose_nothing_in_any_order():
    ops = [*_tab_one(), *_tab_two()]
    results = set()
    for order in itertools.permutations(ops):
        c, _ = apply_ops(case(), list(order))
        results.add(frozenset(names(c)))
        assert (c.actor("a").influence, c.actor("a").notes) == (5, "stil")
    assert results == {frozenset({"Ann", "Cas", "Alice", "Bob"})}


def test_the_later_change_of_the_same_field_wins_and_the_overwrite_is_reported():
    first, _ = apply_ops(case(), [UpdateOp(collection=ACTORS, id="a", fields={"name": "Anna"},
                                           was={"name": "Ann"})])
    second, report = apply_ops(first, [UpdateOp(collection=ACTORS, id="a",
                                                fields={"name": "Annie"}, was={"name": "Ann"})])
    assert second.actor("a").name == "Annie"
    [over] = report.overwritten
    assert (over.where, over.row, over.field) == (ACTORS, "a", "name")
    assert (over.stored, over.was, over.value) == ("Anna", "Ann", "Annie")


def test_the_same_change_made_twice_is_no_overwrite():
    op = UpdateOp(collection=ACTORS, id="a", fields={"name": "Anna"}, was={"name": "Ann"})
    once, _ = apply_ops(case(), [op])
    _, report = apply_ops(once, [op])
    assert report.overwritten == () and not report.changed


def test_a_set_reports_the_value_it_replaced():
    first, _ = apply_ops(case(), [SetOp(path=("answers", "intake", "what"), value="tab 1")])
    _, report = apply_ops(first, [SetOp(path=("answers", "intake", "what"), value="tab 2",
                                        was=None)])
    [over] = report.overwritten
    assert (over.where, over.field, over.stored) == (("answers", "intake"), "what", "tab 1")
    _, quiet = apply_ops(first, [SetOp(path=("answers", "intake", "what"), value="tab 2",
                                       check=False)])
    assert quiet.overwritten == ()


def test_rows_removed_elsewhere_are_reported_not_brought_back():
    gone, _ = apply_ops(case(), [DeleteOp(collection=ACTORS, id="b")])
    after, report = apply_ops(gone, [
        UpdateOp(collection=ACTORS, id="b", fields={"name": "Bob"}),
        MoveOp(collection=ACTORS, id="b", after=None),
        MoveOp(collection=ACTORS, id="c", after="b"),
        DeleteOp(collection=ACTORS, id="b")])
    assert names(after) == ["Ann", "Cas"] and not report.changed
    assert [(g.row, g.op) for g in report.gone] == [("b", "update"), ("b", "move"),
                                                   ("b", "move"), ("b", "delete")]


def test_an_add_after_a_row_that_is_gone_lands_at_the_end():
    c, _ = apply_ops(case(), [AddOp(collection=ACTORS, row={"id": "d"}, after="ghost")])
    assert [a.id for a in c.actors] == ["a", "b", "c", "d"]
    c, _ = apply_ops(case(), [AddOp(collection=ACTORS, row={"id": "d"}, after="a")])
    assert [a.id for a in c.actors] == ["a", "d", "b", "c"]


def test_move_one_place_up_and_down_as_shown():
    shown = ["a", "b", "c"]
    c, _ = apply_ops(case(), moved(ACTORS, shown, "c", -1))
    assert [a.id for a in c.actors] == ["a", "c", "b"]
    c, _ = apply_ops(case(), moved(ACTORS, shown, "b", -1))
    assert [a.id for a in c.actors] == ["b", "a", "c"]
    c, _ = apply_ops(case(), moved(ACTORS, shown, "a", +1))
    assert [a.id for a in c.actors] == ["b", "a", "c"]
    assert moved(ACTORS, shown, "a", -1) == [] and moved(ACTORS, shown, "c", +1) == []


def test_two_tabs_moving_different_rows_both_moves_hold():
    shown = ["a", "b", "c"]
    c, _ = apply_ops(case(), moved(ACTORS, shown, "c", -1))  # tab 1: a c b
    c, _ = apply_ops(c, moved(ACTORS, shown, "a", +1))  # tab 2 (saw a b c): b a ...
    order = [a.id for a in c.actors]
    assert order.index("a") > order.index("b") and order.index("c") < order.index("b")


def test_invalid_results_and_bad_operations_are_refused():
    with pytest.raises(ValidationError):
        apply_ops(case(), [UpdateOp(collection=ACTORS, id="a", fields={"influence": 9})])
    with pytest.raises(ValidationError):
        SetOp(path=("id",), value="other")
    with pytest.raises(ValidationError):
        UpdateOp(collection=ACTORS, id="a", fields={"id": "z"})
    with pytest.raises(ValidationError):
        AddOp(collection=("title",), row={"id": "z"})
    with pytest.raises(ValidationError):
        AddOp(collection=ACTORS, row={"name": "no id"})
    with pytest.raises(ValueError):
        apply_ops(case(), [SetOp(path=("actors", "0", "name"), value="x")])
    shown = case()
    with pytest.raises(ValidationError):  # two poles on one side only
        apply_ops(shown, [DeleteOp(collection=("poles",), id=shown.poles[0].id)])


def test_operations_round_trip_through_json():
    ops = [*_tab_one(), *_tab_two(), SetOp(path=("answers", "w", "d"), value=dt.date(2026, 1, 2))]
    again = OPS.validate_json(OPS.dump_json(ops))
    assert again == OPS.validate_python(OPS.dump_python(ops, mode="json"))
    assert apply_ops(case(), again)[0] == apply_ops(case(), ops)[0]
    batch = Batch(id="b" * 32, case="x", ops=ops, note="n", at=dt.datetime(2026, 1, 1, 12))
    assert Batch.model_validate_json(batch.model_dump_json()) == batch
    with pytest.raises(ValidationError):
        Batch.model_validate({**batch.model_dump(mode="json"), "extra": 1})


def test_a_path_through_a_list_position_names_the_row_by_id():
    [op] = from_path(case(), ("actors", 1, "name"), "Bob")
    assert (op.op, op.id, op.fields, op.was) == ("update", "b", {"name": "Bob"}, {"name": "Bo"})
    [row] = from_path(case(), ("actors", 2), {"id": "c", "name": "Cas", "influence": 4})
    assert row.id == "c" and row.fields["influence"] == 4 and "id" not in row.fields
    [plain] = from_path(case(), ("title",), "Nieuw")
    assert (plain.op, plain.was) == ("set", "Plein")
    with pytest.raises(ValueError):
        from_path(case(), ("actors", 7, "name"), "x")


def test_an_intended_place_that_changes_nothing_is_removed():
    c, _ = apply_ops(case(), [SetOp(path=("strategy", "intended", "a", "role"), value="silent")])
    assert c.strategy.intended["a"].role == "silent"
    c, _ = apply_ops(c, [SetOp(path=("strategy", "intended", "a", "role"), value=None)])
    assert "a" not in c.strategy.intended


def test_grid_edits_become_operations_on_the_rows_displayed():
    shown = case()
    delta = {"edited_rows": {1: {"name": "Bob", "influence": 9}},
             "added_rows": [{"name": "Dina"}], "deleted_rows": [0]}
    ops = tables.actor_grid_ops(shown, delta, set(), new_ids=["dina"])
    assert [o.op for o in ops] == ["update", "add", "delete"]
    assert ops[0].id == "b" and ops[0].fields == {"name": "Bob", "influence": 5}
    assert ops[0].was == {"name": "Bo", "influence": 3}
    assert ops[1].row["id"] == "dina" and ops[2].id == "a"
    # elsewhere, meanwhile: Ann moved to the end, Eva added. The edit still hits Bo and Ann.
    newest, _ = apply_ops(shown, [MoveOp(collection=ACTORS, id="a", after="c"),
                                  AddOp(collection=ACTORS, row={"id": "e", "name": "Eva"})])
    merged, _ = apply_ops(newest, ops)
    assert names(merged) == ["Bob", "Cas", "Eva", "Dina"]


def test_grid_row_ids_are_stable_per_seed_and_differ_between_seeds():
    assert tables.new_row_ids("tab1:3", 2) == tables.new_row_ids("tab1:3", 2)
    assert set(tables.new_row_ids("tab1:3", 2)).isdisjoint(tables.new_row_ids("tab2:3", 2))


def test_table_answer_rows_get_ids_and_keep_them():
    rows = Case(answers={"tone": {"rewrites": [{"original": "a"}, {"original": "b"}]}}
                ).answer("tone", "rewrites")
    assert [r["id"] for r in rows] == ["r1", "r2"]
    ops = tables.table_grid_ops(("answers", "tone", "rewrites"), rows,
                                {"edited_rows": {1: {"original": "B"}}}, ["original"])
    assert [(o.op, o.id, o.fields) for o in ops] == [("update", "r2", {"original": "B"})]


def test_a_table_column_cannot_take_the_rows_id():
    from workbook.framework.schema import Column

    with pytest.raises(ValidationError, match="cannot be called 'id'"):
        Column(id="id", label={"nl": "Id", "en": "Id"})
    assert Column(id="identity", label={"nl": "x", "en": "x"}).id == "identity"


def test_changed_rows_says_row_by_row_what_changed():
    """A list edited as a whole (the anonymisation list) is stored as what changed in it, so
    two tabs editing different lines keep both."""
    from workbook.case.model import Alias
    from workbook.case.ops import changed_rows

    base = Case(anonymisation=[Alias(id="x1", actor="a", pseudonym="P"),
                               Alias(id="x2", term="Kiel", pseudonym="")])
    rows = [a.model_dump(mode="json") for a in base.anonymisation]
    tab1 = changed_rows(("anonymisation",), rows,
                        [{**rows[0], "pseudonym": "Q"}, rows[1]])
    tab2 = changed_rows(("anonymisation",), rows,
                        [rows[0], {"id": "x3", "actor": "", "term": "Ter Heide",
                                   "pseudonym": "", "keep": False}])
    assert [op.op for op in tab1] == ["update"] and [op.op for op in tab2] == ["add", "delete"]
    merged, _ = apply_ops(apply_ops(base, tab1)[0], tab2)
    assert [(a.id, a.pseudonym) for a in merged.anonymisation] == [("x1", "Q"), ("x3", "")]
    assert changed_rows(("anonymisation",), rows, rows) == []
