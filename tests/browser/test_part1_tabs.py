"""Part 1's tabs in a real browser: a link opens its tab, each click on a tab goes there and
puts it in the URL, a reload and a language switch stay on it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.helpers import exceptions, main, open_app, reload, rerun, switch_language, t

pytestmark = pytest.mark.browser


def tab_param(page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("tab", [None])[0]


def selected(page) -> str:
    return main(page).get_by_role("tab", selected=True).inner_text().strip()


def click_tab(page, label: str) -> None:
    with rerun(page):
        main(page).get_by_role("tab", name=label).click()


def test_a_link_opens_its_tab_and_every_click_is_followed(app, tab):
    open_app(tab, app, "part1", lang="en", tab="cheatsheet")
    assert selected(tab) == t("part1.tabs.cheatsheet")
    assert main(tab).get_by_text(t("part1.cheat.download")).count() == 1
    # every click counts, also one after another (the tabs' identity stays the same)
    for tab_id in ("exercises", "dynamic", "my_role", "dynamic", "cheatsheet"):
        click_tab(tab, t(f"part1.tabs.{tab_id}"))
        assert selected(tab) == t(f"part1.tabs.{tab_id}")
        assert tab_param(tab) == tab_id
    click_tab(tab, t("part1.tabs.dynamic"))
    main(tab).locator(".js-plotly-plot").first.wait_for()  # the animation, drawn when opened
    reload(tab)
    assert selected(tab) == t("part1.tabs.dynamic") and tab_param(tab) == "dynamic"
    switch_language(tab, "Nederlands")
    assert selected(tab) == t("part1.tabs.dynamic", "nl") and tab_param(tab) == "dynamic"
    click_tab(tab, t("part1.tabs.explorer", "nl"))
    assert tab_param(tab) is None  # the first tab needs no parameter
    assert exceptions(tab) == []
