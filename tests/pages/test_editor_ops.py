"""Every editor stores what the user did as operations on the rows it changed, named by id:
a tab that saw an older revision never removes, doubles or overwrites rows that another tab
changed meanwhile, and is told which field of which row it overwrote.

AppTest does not fire a data editor's change callback, so the grid editors' callbacks are
called here as Streamlit would call them: with the grid's edit in session state, while the
tab still shows the revision it opened.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from workbook.plain import md
from tests.apptest import start, texts
from workbook.case.model import Action, Actor, Case, FuelEvent
from workbook.case.ops import AddOp, DeleteOp, MoveOp, UpdateOp
from workbook.case.store import Store

ACTORS = ("actors",)


def _tab(case_id: str) -> None:
    """A tab: the first run opens the case; a later run does what `todo` says, as a widget's
    callback would (with `values` in session state), then shows the notices."""
    import importlib

    import streamlit as st

    from ui import state

    st.session_state["case"] = case_id
    state.current()
    todo = st.session_state.pop("todo", None)
    if todo:
        module, name, args = todo
        for key, value in st.session_state.pop("values", {}).items():
            st.session_state[key] = value
        getattr(importlib.import_module(module), name)(*args)
    state.show_notice()


def open_tab(case_id: str) -> AppTest:
    return AppTest.from_function(_tab, args=(case_id,), default_timeout=30).run()


def do(at: AppTest, module: str, name: str, *args, **values) -> AppTest:
    at.session_state["todo"] = (module, name, args)
    at.session_state["values"] = values
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def case_id(store) -> str:
    case = Case(title="Plein",
                actors=[Actor(id="a", name="Ann"), Actor(id="b", name="Bo"),
                        Actor(id="c", name="Cas")],
                fuel=[FuelEvent(id="f1", description="Brand"),
                      FuelEvent(id="f2", description="Post")],
                strategy={"actions": [Action(id="x1", title="Gesprek"),
                                      Action(id="x2", title="Brief")]},
                answers={"tone": {"rewrites": [{"id": "r1", "original": "Tuig"},
                                               {"id": "r2", "original": "Schande"}]}})
    return store.create(case).case.id


def elsewhere(store: Store, case_id: str, *ops) -> None:
    """Another tab (or person, or process) changes the case meanwhile."""
    store.apply_ops(case_id, list(ops))


def test_the_actor_table_merges_onto_rows_changed_elsewhere(store, case_id):
    at = open_tab(case_id)
    elsewhere(store, case_id, DeleteOp(collection=ACTORS, id="a"),
              AddOp(collection=ACTORS, row={"id": "e", "name": "Eva"}),
              UpdateOp(collection=ACTORS, id="b", fields={"notes": "stil"}))
    # this tab still shows Ann, Bo, Cas: it renames Bo (row 1), adds Dina, deletes Cas (row 2)
    do(at, "ui.worksheets.tables", "_save_actors", set(), **{"w:actors": {
        "edited_rows": {1: {"name": "Bob"}}, "added_rows": [{"name": "Dina"}],
        "deleted_rows": [2]}})
    case = store.get(case_id).case
    assert [(a.name, a.notes) for a in case.actors] == [("Bob", "stil"), ("Eva", ""),
                                                        ("Dina", "")]
    assert "w:actors" not in at.session_state, "the grid starts again from the stored case"
    shown = at.session_state["_loaded"].case
    assert [a.name for a in shown.actors] == ["Bob", "Eva", "Dina"], "the tab shows both"


def test_a_grid_edit_handed_over_twice_adds_its_row_once(store, case_id):
    """A grid's widget keeps its edit until its rows change; handed over again on the same
    rows, the added row keeps its id, so it is not added a second time."""
    at = open_tab(case_id)
    shown = at.session_state["_loaded"]
    edit = {"w:actors": {"added_rows": [{"name": "Dina"}]}}
    do(at, "ui.worksheets.tables", "_save_actors", set(), **edit)
    head = store.head(case_id)
    at.session_state["_loaded"] = shown  # the tab's view as it was when the grid was drawn
    do(at, "ui.worksheets.tables", "_save_actors", set(), **edit)
    assert [a.name for a in store.get(case_id).case.actors] == ["Ann", "Bo", "Cas", "Dina"]
    assert store.head(case_id) == head


def test_the_fuel_table_and_the_action_plan_merge_alike(store, case_id):
    at, other = open_tab(case_id), open_tab(case_id)
    elsewhere(store, case_id, UpdateOp(collection=("fuel",), id="f1", fields={"channel": "tv"}),
              MoveOp(collection=("strategy", "actions"), id="x2", after=None))
    do(at, "ui.worksheets.tables", "_save_fuel", **{"w:fuel": {
        "edited_rows": {0: {"intensity": 5}}, "added_rows": [{"description": "Affiche",
                                                              "date": "2026-03-01"}],
        "deleted_rows": [1]}})
    do(other, "ui.worksheets.plan", "_save_actions", {"topic"}, **{"w:actions": {
        "edited_rows": {0: {"status": "done"}}, "added_rows": [{"title": "Buurtfeest"}]}})
    case = store.get(case_id).case
    assert [(e.description, e.channel, e.intensity) for e in case.fuel] == [
        ("Brand", "tv", 5), ("Affiche", "", 3)]
    assert case.fuel[1].date == dt.date(2026, 3, 1)
    assert [(a.title, a.status) for a in case.strategy.actions] == [
        ("Brief", "planned"), ("Gesprek", "done"), ("Buurtfeest", "planned")]


def test_a_table_answer_merges_rows_by_id(store, case_id, framework):
    field = framework.worksheet("tone").field("rewrites")
    columns = [c.id for c in field.columns]
    page = start(case_id, page="app_pages/part3.py", ws="tone")
    assert not page.exception
    assert any(getattr(el, "key", None) == "w:tone:rewrites" for el in page.get("dataframe"))
    path = ("answers", "tone", "rewrites")
    at = open_tab(case_id)
    elsewhere(store, case_id, AddOp(collection=path, row={"id": "r3", "original": "Zij"}),
              UpdateOp(collection=path, id="r1", fields={"by": "Lotte"}),
              DeleteOp(collection=path, id="r2"))
    # this tab still shows r1, r2: it rewrites row 0 and adds a row
    do(at, "tests.pages.test_editor_ops", "_table_edit", "tone", "rewrites", columns,
       **{"w:tone:rewrites": {"edited_rows": {0: {"rewrite": "Wat is er gebeurd?"}},
                              "added_rows": [{"original": "Schandalig"}]}})
    rows = store.get(case_id).case.answer("tone", "rewrites")
    assert [(r["original"], r.get("rewrite"), r.get("by")) for r in rows] == [
        ("Tuig", "Wat is er gebeurd?", "Lotte"), ("Zij", None, None),
        ("Schandalig", None, None)]


def _table_edit(ws_id: str, field_id: str, columns: list[str]) -> None:
    """What plan.table_editor's on_change does, for a table drawn with these columns."""
    import streamlit as st

    from ui import state
    from ui.worksheets import plan, rows
    from workbook.case import tables

    key = f"w:{ws_id}:{field_id}"
    path = ("answers", ws_id, field_id)
    shown = plan._table_rows(state.current().answer(ws_id, field_id))
    delta = st.session_state.get(key) or {}
    state.change(tables.table_grid_ops(path, shown, delta, columns,
                                       rows.new_ids(key, shown, delta)),
                 note=f"{ws_id}.{field_id}")
    rows.grid_done(key)


def test_the_intended_map_changes_one_value_of_one_actor(store, case_id):
    at = open_tab(case_id)
    store.apply(case_id, ("strategy", "intended", "b", "side"), "none")  # elsewhere: Bo's side
    elsewhere(store, case_id, MoveOp(collection=ACTORS, id="c", after=None))
    # this tab (Ann, Bo, Cas) sets the role of row 1 (Bo) and the influence of row 0 (Ann)
    do(at, "ui.worksheets.plan", "_save_intended", **{"w:intended": {
        "edited_rows": {1: {"role": "silent"}, 0: {"influence": 5}}}})
    intended = store.get(case_id).case.strategy.intended
    assert (intended["b"].role, intended["b"].side) == ("silent", "none")
    assert intended["a"].influence == 5 and "c" not in intended


def test_the_order_menu_moves_the_row_the_tab_showed(store, case_id):
    at = open_tab(case_id)
    elsewhere(store, case_id, AddOp(collection=ACTORS, row={"id": "e", "name": "Eva"}),
              MoveOp(collection=ACTORS, id="e", after=None))
    at.session_state["w:order:actors"] = "c"
    do(at, "ui.worksheets.rows", "_move", "w:order:actors", ACTORS, ["a", "b", "c"], -1,
       "actors")
    assert [a.id for a in store.get(case_id).case.actors] == ["e", "a", "c", "b"]


def test_the_actor_form_saves_by_id_after_rows_moved_or_went_elsewhere(store, case_id):
    """The map's form used to save by list position: after another tab removed an actor it
    overwrote a different one, or failed with an IndexError."""
    at = start(case_id, page="app_pages/map.py")
    at.session_state["map_chart"] = {"selection": {"points": [{"customdata": "c"}],
                                                   "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    prefix = "w:mapform:map_chart:c:"
    assert at.text_input(key=prefix + "name").value == "Cas"
    elsewhere(store, case_id, DeleteOp(collection=ACTORS, id="a"),
              UpdateOp(collection=ACTORS, id="c", fields={"notes": "van elders"}))
    at.text_input(key=prefix + "name").input("Cas <b>Jansen</b>")
    at.slider(key=prefix + "influence").set_value(5)
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    case = store.get(case_id).case
    assert [(a.id, a.name, a.influence, a.notes) for a in case.actors] == [
        ("b", "Bo", 3, ""), ("c", "Cas <b>Jansen</b>", 5, "van elders")]


def test_the_actor_form_moves_its_actor_up(store, case_id):
    at = start(case_id, page="app_pages/map.py")
    at.session_state["map_chart"] = {"selection": {"points": [{"customdata": "c"}],
                                                   "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    next(b for b in at.button if b.key == "w:mapform:map_chart:c:up").click().run()
    assert not at.exception
    assert [a.id for a in store.get(case_id).case.actors] == ["a", "c", "b"]


def test_overwriting_a_field_changed_elsewhere_says_which_field_of_which_row(store, case_id):
    at = open_tab(case_id)
    elsewhere(store, case_id, UpdateOp(collection=ACTORS, id="b", fields={"name": "Bo <i>B</i>"},
                                       was={"name": "Bo"}))
    do(at, "ui.worksheets.tables", "_save_actors", set(), **{"w:actors": {
        "edited_rows": {1: {"name": "Bob"}}}})
    assert store.get(case_id).case.actor("b").name == "Bob"
    warnings = [w.value for w in at.warning]
    assert any("Naam van actor ‘Bob’" in w for w in warnings), warnings
    assert any("Deze casus werd intussen ook elders gewijzigd" in w for w in warnings)


def test_an_edit_of_a_row_removed_elsewhere_is_said_not_stored(store, case_id):
    at = open_tab(case_id)
    elsewhere(store, case_id, DeleteOp(collection=ACTORS, id="c"))
    do(at, "ui.worksheets.tables", "_save_actors", set(), **{"w:actors": {
        "edited_rows": {2: {"notes": "nog"}}}})
    assert [a.id for a in store.get(case_id).case.actors] == ["a", "b"]
    assert any("Intussen elders verwijderd" in w.value and "Cas" in w.value for w in at.warning)


def test_names_in_notices_are_text_not_markdown(store, case_id):
    at = open_tab(case_id)
    elsewhere(store, case_id, UpdateOp(collection=ACTORS, id="b", fields={"notes": "x"}))
    do(at, "ui.worksheets.tables", "_save_actors", set(), **{"w:actors": {
        "edited_rows": {1: {"name": "**[klik](http://x.test)**", "notes": "y"}}}})
    [warning] = [w.value for w in at.warning if "Notities" in w.value]
    assert "\\*\\*\\[klik\\]\\(http\\:" in warning and "](" not in warning


def test_poles_are_edited_added_moved_and_removed_by_id(store, case_id, framework):
    at = open_tab(case_id)
    case = store.get(case_id).case
    a1, b1 = case.poles
    do(at, "ui.worksheets.tables", "_add_pair")
    do(at, "ui.worksheets.tables", "_add_pair")
    poles = store.get(case_id).case.poles
    assert [p.side for p in poles] == ["a", "b", "a", "b", "a", "b"]
    elsewhere(store, case_id, UpdateOp(collection=("poles",), id=a1.id,
                                       fields={"label": "Jongeren"}))
    do(at, "ui.worksheets.tables", "_move_pair_up", 2)
    moved = store.get(case_id).case.poles
    assert [p.id for p in moved] == [a1.id, b1.id, poles[4].id, poles[2].id, poles[5].id,
                                     poles[3].id]
    assert moved[0].label == "Jongeren"
    do(at, "ui.worksheets.tables", "_remove_pair", poles[2].id, poles[3].id)
    left = store.get(case_id).case.poles
    assert [p.id for p in left] == [a1.id, b1.id, poles[4].id, poles[5].id]


def test_kept_batches_found_in_the_browser_are_stored_once_in_order(store, case_id):
    """A new session (server restart, reload, reopened tab) gets the browser's kept batches
    through the keeper component; they are stored in order, and once only."""
    from workbook.case.ops import Batch, SetOp

    at = start(case_id, lang="en", page="app_pages/case.py")
    batches = [Batch(id=f"kept-{n:04d}", case=case_id, note="title",
                     ops=[SetOp(path=("title",), value=title)],
                     at=dt.datetime(2026, 1, 1, 9, n)).model_dump(mode="json")
               for n, title in enumerate(["First", "Second"])]
    session = at.session_state["_kept_session"]
    at.session_state["_kept:sidebar"] = {"found": {"session": session,
                                                   "batches": batches[::-1]}}
    at.run()
    assert not at.exception
    assert store.get(case_id).case.title == "Second"
    assert [r.note for r in store.history(case_id)][:2] == ["title", "title"]
    assert "The 2 kept change(s) were stored at" in texts(at)
    head = store.head(case_id)
    again = start(case_id, lang="en")  # another session finds the same copy
    again.session_state["_kept:sidebar"] = {"found": {
        "session": again.session_state["_kept_session"], "batches": batches}}
    again.run()
    assert store.head(case_id) == head, "a batch is stored once"


def test_kept_batches_from_another_session_request_or_malformed_are_ignored(store, case_id):
    at = start(case_id, lang="en")
    at.session_state["_kept:sidebar"] = {"found": {"session": "not-this-one", "batches": [
        {"id": "kept-0001", "case": case_id, "ops": [], "at": "2026-01-01T09:00:00"}]}}
    at.run()
    bad = [{"id": "x", "case": case_id}, {"id": "kept-0002", "case": case_id, "at": "now",
                                          "ops": [{"op": "set", "path": ["id"], "value": 1}]}]
    at.session_state["_kept:sidebar"] = {"found": {"session": at.session_state["_kept_session"],
                                                   "batches": bad}}
    at.run()
    assert not at.exception and store.head(case_id) == 1


def test_the_order_menu_shows_names_as_text(store):
    cid = store.create(Case(actors=[Actor(id="a", name="**Vet** [link](http://x.test)"),
                                    Actor(id="b", name="")])).case.id
    at = start(cid, lang="en", page="app_pages/part2.py", ws="actors")
    at.session_state["order-open:actors"] = True
    at.run()
    assert not at.exception
    radio = next(r for r in at.radio if r.key == "w:order:actors")
    # escaped as every Markdown string of user text is (workbook.plain.md, tested on its own)
    assert radio.options == ["1 · " + md("**Vet** [link](http://x.test)"), "2 · (unnamed)"]
    assert "\\*\\*Vet\\*\\* \\[link\\]" in radio.options[0]
