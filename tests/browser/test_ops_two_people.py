"""Two people (two browser profiles) work on one case at the same time, each on the view they
last saw: they add, edit, delete and reorder rows in every table, taking turns, and nothing
of either is missing from the newest revision. When both change the same field of the same
row, the later one wins, both versions are in the history and the later tab is told which
field of which row it overwrote."""

from __future__ import annotations

import pytest

from tests.browser.conftest import check_watch, keep_screenshot, new_context
from tests.browser.helpers import (add_row, choose, delete_row, edit_cell, exceptions, main,
                                   move_row, notices_seen, open_app, rerun, settle, t)
from workbook.case.model import Action, Actor, Case, FuelEvent

pytestmark = pytest.mark.browser


@pytest.fixture
def two_people(chromium, request):
    """Two browser profiles: two people, each with their own session and storage."""
    contexts = [new_context(chromium), new_context(chromium)]
    pages = [c.new_page() for c in contexts]
    yield pages
    for n, page in enumerate(pages):
        keep_screenshot(request, page, f"-person{n + 1}")
    for context in contexts:
        context.close()
        check_watch(context)


def _case(app) -> str:
    case = Case(title="Samen", actors=[Actor(id=i.lower(), name=i) for i in
                                       ("Ann", "Bo", "Cas", "Dina", "Eva")],
                fuel=[FuelEvent(id="f1", description="Brand"),
                      FuelEvent(id="f2", description="Post"),
                      FuelEvent(id="f3", description="Affiche")],
                strategy={"actions": [Action(id="x1", title="Gesprek"),
                                      Action(id="x2", title="Brief")]},
                answers={"tone": {"rewrites": [{"id": "r1", "original": "Tuig"},
                                               {"id": "r2", "original": "Schande"}]}})
    return app.store().create(case).case.id


def _open(app, pages, case_id: str, page: str, ws: str) -> None:
    for tab in pages:
        open_app(tab, app, page, case=case_id, lang="en", ws=ws)


def _names(app, case_id: str) -> list[str]:
    return [a.name for a in app.store().get(case_id).case.actors]


def test_two_people_edit_the_actor_table_at_once_and_lose_nothing(app, two_people):
    one, two = two_people
    case_id = _case(app)
    _open(app, two_people, case_id, "part2", "actors")

    add_row(one, "Alice")
    add_row(two, "Zoe")  # two had not seen Alice
    edit_cell(one, 1, 0, "Bob")  # one had not seen Zoe
    edit_cell(two, 3, 0, "Dinah")  # two had not seen Bob
    delete_row(one, 2)  # Cas
    delete_row(two, 0)  # Ann
    move_row(one, "Eva")  # one sees Ann, Bob, Dinah, Eva, Alice, Zoe: Eva above Dinah
    move_row(two, "Zoe")  # two sees Bob, Dinah, Eva, Alice, Zoe: Zoe above Alice

    names = _names(app, case_id)
    assert sorted(names) == ["Alice", "Bob", "Dinah", "Eva", "Zoe"], names
    assert names.index("Eva") < names.index("Dinah") and names.index("Zoe") < names.index("Alice")

    # the same field of the same row, in both: the later one wins and says so
    _open(app, two_people, case_id, "part2", "actors")  # both see the same rows again
    edit_cell(one, names.index("Alice"), 0, "Alicia")
    edit_cell(two, names.index("Alice"), 0, "Ali")
    names = _names(app, case_id)
    assert "Ali" in names and "Alicia" not in names, names
    store = app.store()
    history = [a.name for r in store.history(case_id)
               for a in store.revision(case_id, r.number).actors]
    assert "Alicia" in history, "the overwritten version stays in the history"
    said = " ".join(notices_seen(two))
    assert t("app.saved_conflict") in said
    assert "Your change replaced what had been changed elsewhere" in said
    assert "Name of actor ‘Ali’" in said, said
    assert exceptions(one) == [] and exceptions(two) == []


def test_two_people_edit_fuel_and_thought_constructs_at_once(app, two_people):
    one, two = two_people
    case_id = _case(app)
    _open(app, two_people, case_id, "part2", "fuel")
    description = 0  # the fuel table's column "What was said or done?" (pinned, first)

    add_row(one, "Petitie", column=description)
    add_row(two, "Betoging", column=description)
    edit_cell(one, 0, description, "Brand in de wijk")
    delete_row(two, 1)  # Post
    move_row(one, "Affiche")
    events = [e.description for e in app.store().get(case_id).case.fuel]
    assert sorted(events) == ["Affiche", "Betoging", "Brand in de wijk", "Petitie"], events
    assert events.index("Affiche") < events.index("Brand in de wijk"), events

    _open(app, two_people, case_id, "part2", "constructs")
    label = t("field.pole_label")
    _type_live(one, main(one).get_by_label(label, exact=True).nth(0), "De jongeren")
    _type_live(two, main(two).get_by_label(label, exact=True).nth(1), "De buurt")
    _click(one, t("field.add_construct"))
    _click(two, t("field.add_construct"))  # two had not seen one's construct
    _click(two, t("ops.move_construct_up"), nth=1)  # two's own construct, now third
    _click(one, t("field.remove_construct"))  # one sees two constructs: removes its own
    poles = app.store().get(case_id).case.poles
    assert [p.side for p in poles] == ["a", "b", "a", "b"], poles
    assert (poles[0].label, poles[1].label) == ("De jongeren", "De buurt")
    assert exceptions(one) == [] and exceptions(two) == []


def test_two_people_edit_the_action_plan_and_a_table_answer_at_once(app, two_people):
    one, two = two_people
    case_id = _case(app)
    _open(app, two_people, case_id, "part3", "plan")

    add_row(one, "Buurtgesprek")
    add_row(two, "Brief aan ouders")
    edit_cell(one, 1, 0, "Brief aan de buurt")  # x2
    delete_row(two, 0)  # Gesprek
    move_row(one, "Buurtgesprek")
    actions = [a.title for a in app.store().get(case_id).case.strategy.actions]
    assert sorted(actions) == ["Brief aan de buurt", "Brief aan ouders", "Buurtgesprek"]
    assert actions.index("Buurtgesprek") < actions.index("Brief aan de buurt"), actions

    _open(app, two_people, case_id, "part3", "tone")
    add_row(one, "Ze doen maar")
    add_row(two, "Altijd hetzelfde")
    edit_cell(one, 0, 1, "Wat maakt het onveilig?")  # r1: the rewrite column
    delete_row(two, 1)  # Schande
    move_row(two, "Altijd hetzelfde")
    rows = app.store().get(case_id).case.answer("tone", "rewrites")
    originals = [r["original"] for r in rows]
    assert sorted(originals) == ["Altijd hetzelfde", "Tuig", "Ze doen maar"], rows
    assert rows[0]["rewrite"] == "Wat maakt het onveilig?"
    assert originals.index("Altijd hetzelfde") < originals.index("Ze doen maar")
    assert exceptions(one) == [] and exceptions(two) == []


def test_two_people_keep_and_remove_snapshots_at_once(app, two_people):
    one, two = two_people
    case_id = _case(app)
    for tab in two_people:
        open_app(tab, app, "map", case=case_id, lang="en")
        choose(tab, t("mapview.view"), t("mapview.view_snapshots"))
    _keep_snapshot(one, "Eerste")
    _keep_snapshot(two, "Tweede")  # two had not seen Eerste
    _click(two, t("mapview.remove"), nth=0)  # two sees both: removes Eerste
    _keep_snapshot(one, "Derde")  # one had not seen Tweede, nor the removal
    labels = sorted(s.label for s in app.store().get(case_id).case.snapshots)
    assert labels == ["Derde", "Tweede"], labels
    assert exceptions(one) == [] and exceptions(two) == []


def _type_live(page, box, value: str) -> None:
    box.scroll_into_view_if_needed()
    box.fill(value)
    with rerun(page):
        box.evaluate("e => e.blur()")


def _click(page, name: str, nth: int = 0) -> None:
    button = main(page).get_by_role("button", name=name).nth(nth)
    button.scroll_into_view_if_needed()
    with rerun(page):
        button.click()
    settle(page)


def _keep_snapshot(page, label: str) -> None:
    box = main(page).get_by_label(t("mapview.snapshot_label"), exact=True)
    box.fill(label)
    _click(page, t("mapview.keep_snapshot"))
