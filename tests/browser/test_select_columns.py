"""The actor table's select columns (role, kind, side) show translated labels but store ids.

Streamlit keeps a choice widget's *label* as browser state; a language switch once stored a
translated label as an answer. This journey opens a worked case in Dutch, switches to English
and back, changes one actor's role in the grid, and then reads the store: every actor keeps
valid ids, the untouched ones exactly as they were, and the switch itself saved nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import (ROW_HEIGHT, ROW_MARKER, exceptions, framework, go_to, main,
                                   open_app, pick_worksheet, rerun, settle, switch_language, t,
                                   worksheet_with)
from workbook.case.model import ACTOR_KINDS, SIDES, Actor

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"
COLUMNS = ("name", "role", "side", "influence")  # the grid's columns, left to right


def grid_cell(page, row: int, column: str) -> None:
    """Select a cell of the actor grid: click the row's name, then walk right with the
    keyboard (the grid is narrower than its columns and scrolls as the cursor moves)."""
    grid = main(page).locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + ROW_MARKER + 30, box["y"] + ROW_HEIGHT * (row + 1.5))
    page.wait_for_timeout(300)
    for _ in range(COLUMNS.index(column)):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)


def options_in_cell(page, row: int, column: str) -> list[str]:
    """The options a select cell offers (its list opened with Enter, then closed unchanged)."""
    grid_cell(page, row, column)
    page.keyboard.press("Enter")
    listbox = page.get_by_role("listbox")
    listbox.get_by_role("option").last.wait_for()
    shown = [o.strip() for o in listbox.get_by_role("option").all_inner_texts() if o.strip()]
    page.keyboard.press("Escape")
    listbox.wait_for(state="detached")
    return shown


def choose_in_cell(page, row: int, column: str, label: str) -> None:
    """Open a select cell's list (Enter) and click the option with this label."""
    grid_cell(page, row, column)
    page.keyboard.press("Enter")
    option = page.get_by_role("listbox").get_by_role("option", name=label, exact=True)
    option.wait_for()
    with rerun(page):
        option.click()


def other_role(actor: Actor) -> str:
    return next(r.id for r in framework().concepts.roles if r.id != actor.role)


def assert_valid_ids(actors: list[Actor], roles: set[str]) -> None:
    for a in actors:
        assert a.role in roles | {""}, f"{a.name}: role {a.role!r} is not a role id"
        assert a.side in SIDES, f"{a.name}: side {a.side!r} is not a side id"
        assert a.kind in ACTOR_KINDS, f"{a.name}: kind {a.kind!r} is not a kind id"


def test_a_language_switch_keeps_ids_in_the_actor_table(app, tab):
    case_id = app.import_case(EXAMPLE)
    store = app.store()
    sheet, _ = worksheet_with("actors", part=2)
    own_role = next(f for f in sheet.fields if f.type == "choice")  # a radio of role names
    store.apply(case_id, ("answers", sheet.id, own_role.id), "bridge_builder")
    start = store.get(case_id).case
    before = start.actors
    roles = {r.id for r in framework().concepts.roles}
    assert len(before) >= 3 and before[2].role, "the example should have actors with roles"

    open_app(tab, app, case=case_id, lang="nl")
    go_to(tab, t("nav.part2", "nl"))
    pick_worksheet(tab, sheet.title("nl"), "nl")

    switch_language(tab, "English")
    pick_worksheet(tab, sheet.title("en"), "en")
    settle(tab)
    english = [r.name("en") for r in framework().concepts.roles]
    assert options_in_cell(tab, edited := 2, "role") == english  # the grid speaks English now
    switch_language(tab, "Nederlands")
    pick_worksheet(tab, sheet.title("nl"), "nl")
    settle(tab)
    assert store.get(case_id).case == start, "switching the language changed the case"

    new_role = other_role(before[edited])
    choose_in_cell(tab, edited, "role", framework().role(new_role).name("nl"))

    saved = store.get(case_id).case
    assert [r.kind for r in store.history(case_id)] == ["edit"] * 2 + ["import"], "one change"
    assert saved.model_copy(update={"actors": before}) == start, "only the actors changed"
    after = saved.actors
    assert_valid_ids(after, roles)
    assert [a.id for a in after] == [a.id for a in before]
    assert after[edited].role == new_role
    assert after[edited].model_copy(update={"role": before[edited].role}) == before[edited]
    untouched = [(b, a) for i, (b, a) in enumerate(zip(before, after)) if i != edited]
    assert all(a == b for b, a in untouched), [a for b, a in untouched if a != b]
    assert exceptions(tab) == []
