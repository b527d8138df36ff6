"""Quick entry in a real browser: nine actors with their roles onto the map through the form
beside the table, with the keyboard alone; dates in an American English browser are still
read day first; clicking an actor on the map opens its form in view."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.helpers import (add_actor_by_keyboard, exceptions, focused, framework,
                                   main, map_texts, open_app, open_entry_form, rerun, t,
                                   table_column, wait_for_map_text)

pytestmark = pytest.mark.browser

POLES = """format_version: 3
title: Nine actors
poles:
  - {id: pa, side: a, label: Skaters}
  - {id: pb, side: b, label: Neighbours}
"""
NINE = [("Sam", "pusher", "a"), ("Noor", "pusher", "b"), ("Skate crew", "joiner", "a"),
        ("Residents' group", "joiner", "b"), ("Parents", "silent", "none"),
        ("Shopkeepers", "silent", "none"), ("Youth worker", "bridge_builder", "none"),
        ("Community officer", "scapegoat", "none"), ("Local paper", "joiner", "b")]


@pytest.fixture
def empty_case(app, tmp_path) -> str:
    path = tmp_path / "nine.yaml"
    path.write_text(POLES, encoding="utf-8")
    return app.import_case(path)


def date_box(page):
    return main(page).get_by_role("textbox", name=f"{t('fuel.date')} ({t('dates.format')})")


def role_name(role_id: str) -> str:
    return framework().role(role_id).name("en")


def test_nine_actors_onto_the_map_with_the_keyboard_alone(app, tab, empty_case):
    open_app(tab, app, "part2", case=empty_case, ws="actors", lang="en")
    open_entry_form(tab, "actor")
    for name, role, side in NINE:
        add_actor_by_keyboard(tab, name, role_name(role), side)
        wait_for_map_text(tab, name)
    stored = app.store().get(empty_case).case.actors
    assert [(a.name, a.role, a.side) for a in stored] == NINE
    drawn = " ".join(map_texts(tab))
    assert all(name.split()[0] in drawn for name, _, _ in NINE), drawn
    assert focused(tab) == t("actor.name"), "the form stays open, ready for the next"
    assert exceptions(tab) == []


def test_a_date_in_an_american_browser_is_still_read_day_first(app, chromium, empty_case):
    from tests.browser.conftest import check_watch, new_context

    context = new_context(chromium, locale="en-US", timezone_id="America/New_York")
    try:
        page = context.new_page()
        open_app(page, app, "part2", case=empty_case, ws="fuel", lang="en")
        open_entry_form(page, "fuel")
        page.keyboard.type("Letter to the council")
        date_box(page).fill("15/09/2026")
        with rerun(page):
            page.keyboard.press("Enter")
        event = app.store().get(empty_case).case.fuel[-1]
        assert (event.description, event.date) == ("Letter to the council", dt.date(2026, 9, 15))
        main(page).get_by_role("textbox", name=t("fuel.description"), exact=True).fill("Poster")
        date_box(page).fill("09/15/2026")
        with rerun(page):
            main(page).get_by_role("textbox", name=t("fuel.description"), exact=True).press("Enter")
        assert len(app.store().get(empty_case).case.fuel) == 1, "refused, not swapped"
        assert "there is no month 15" in main(page).inner_text()
        assert table_column(page, 1) == ["15 Sep 2026"], "the table shows the month's name"
    finally:
        context.close()
    check_watch(context)


def test_clicking_an_actor_on_the_map_opens_its_form_in_view(app, tab, empty_case):
    app.store().apply_ops(empty_case, [])  # nothing: the case as imported
    open_app(tab, app, "part2", case=empty_case, ws="actors", lang="en")
    open_entry_form(tab, "actor")
    add_actor_by_keyboard(tab, "Sam", role_name("pusher"), "a")
    wait_for_map_text(tab, "Sam")
    marker = tab.locator(".js-plotly-plot .scatterlayer .point").first
    marker.scroll_into_view_if_needed()
    with rerun(tab):
        marker.click(force=True)
    dialog = tab.get_by_role("dialog")
    dialog.wait_for()
    box, view = dialog.bounding_box(), tab.viewport_size
    assert 0 <= box["y"] and box["y"] + 80 < view["height"], "the form opens in view"
    name = dialog.get_by_label(t("actor.name"), exact=True)
    name.fill("Sam the skater")
    with rerun(tab):
        name.press("Enter")
    dialog.wait_for(state="detached")
    assert app.store().get(empty_case).case.actors[0].name == "Sam the skater"
    wait_for_map_text(tab, "Sam the skater")
