"""The map keeps the user's zoom: zoom in on Part 2, change the case, and the rebuilt map
opens where the user was looking; "whole map" goes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import (exceptions, main, open_app, rerun, settle, t, type_answer,
                                   worksheet_with)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"
CHART = ".st-key-part2_map .js-plotly-plot"
RANGES_JS = "el => [el._fullLayout.xaxis.range, el._fullLayout.yaxis.range]"


def ranges(page) -> list[list[float]]:
    chart = page.locator(CHART)
    chart.wait_for()
    return chart.evaluate(RANGES_JS)


def width(r: list[float]) -> float:
    return r[1] - r[0]


def drag_zoom(page) -> None:
    """Drag a box over the middle of the plot area, as a user zooms in."""
    box = page.locator(f"{CHART} .nsewdrag").first.bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3
    x1, y1 = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
    page.mouse.move(x1, y1, steps=5)
    page.mouse.up()


def test_the_zoom_survives_a_change_to_the_case_and_whole_map_resets_it(app, tab):
    case_id = app.import_case(EXAMPLE)
    sheet, field = worksheet_with("text", part=2)
    open_app(tab, app, "part2", case=case_id, lang="en", ws=sheet.id)
    whole = ranges(tab)

    with rerun(tab):  # the zoom watcher reports the new view; the page reruns
        drag_zoom(tab)
    zoomed = ranges(tab)
    assert width(zoomed[0]) < 0.6 * width(whole[0]), (whole, zoomed)

    type_answer(tab, field.label("en"), "On the square behind the station")
    assert app.store().get(case_id).case.answer(sheet.id, field.id).startswith("On the square")
    settle(tab)
    kept = ranges(tab)
    for got, want in zip(kept, zoomed):
        assert abs(got[0] - want[0]) < 0.02 * width(whole[0]), (kept, zoomed)
        assert abs(got[1] - want[1]) < 0.02 * width(whole[0]), (kept, zoomed)

    with rerun(tab):
        main(tab).get_by_role("button", name=t("mapview.whole_map")).click()
    settle(tab)
    back = ranges(tab)
    assert abs(width(back[0]) - width(whole[0])) < 0.02 * width(whole[0]), (back, whole)
    assert exceptions(tab) == []
