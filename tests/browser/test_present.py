"""Presenting a case on a projector, as a facilitator would in an intervision meeting: every
step fits the screen at 1280 x 720 (and 1920 x 1080) with its names readable and clear of each
other; a clicker's keys move the step and the URL follows; pseudonyms by default, and a
reload never brings real names back."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.helpers import (add_actor, edit_cell, exceptions, framework, main, map_texts,
                                   open_app, reload, rerun, settle, t)
from workbook.analysis import presentation as pres

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "casestudies" / "en" / "politie_jongeren.yaml"
PROJECTOR = {"width": 1280, "height": 720}
WIDE = {"width": 1920, "height": 1080}

# Every text the map draws, every marker, and the axis line, as boxes on the screen.
LAYOUT_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const box = (e) => { const r = e.getBoundingClientRect();
    return {x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; };
  const texts = [...plot.querySelectorAll('.annotation-text-g, .scatterlayer .textpoint')]
    .filter(e => e.textContent.trim() && e.getBoundingClientRect().width > 0)
    .map(e => ({text: e.textContent.trim(), ...box(e)}));
  // the actors' markers (their traces carry names), not the heads of the fuel arrows
  const markers = [...plot.querySelectorAll('.scatterlayer .trace')]
    .filter(tr => tr.querySelector('.textpoint'))
    .flatMap(tr => [...tr.querySelectorAll('.points path.point')]).map(box);
  const lines = [...plot.querySelectorAll('.shapelayer path')].map(box)
    .filter(b => b.y1 - b.y0 < 4 && b.x1 - b.x0 > 300);
  return {texts, markers, axis: lines[0] || null, figure: box(plot),
          scroll: document.documentElement.scrollHeight, view: window.innerHeight};
}"""


@pytest.fixture(scope="module")
def case_id(app) -> str:
    return app.import_case(CASE)


def step_in_url(page) -> str:
    return parse_qs(urlparse(page.url).query).get("step", [""])[0]


def counter(page) -> str:
    return page.locator(".st-key-present_counter").inner_text().strip()


def chart_boxes(page, expected: int) -> list[dict]:
    """Where the charts are on the screen, once the page shows the `expected` number."""
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('.js-plotly-plot')].filter("
        "e => e.getBoundingClientRect().height > 0).length === n", arg=expected)
    settle(page)
    return [c.bounding_box() for c in page.locator(".js-plotly-plot").all() if c.is_visible()]


def layout(page) -> dict:
    page.wait_for_timeout(300)  # Plotly draws after the run ends
    return page.evaluate(LAYOUT_JS)


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (a["x0"] + slack < b["x1"] and b["x0"] + slack < a["x1"]
            and a["y0"] + slack < b["y1"] and b["y0"] + slack < a["y1"])


def clashes(found: dict) -> list:
    """Names that cross each other, a marker or the axis, as drawn by the browser."""
    texts, out = found["texts"], []
    for i, a in enumerate(texts):
        out += [(a["text"], b["text"]) for b in texts[i + 1:] if overlap(a, b)]
        out += [(a["text"], "marker") for m in found["markers"] if overlap(a, m, 2.0)]
        if found["axis"] and a["text"] not in ("◀", "▶") and overlap(a, found["axis"], 0.5):
            out.append((a["text"], "axis"))
    return out


def test_every_step_fits_a_projector_with_its_names_clear(app, tab, case_id):
    tab.set_viewport_size(PROJECTOR)
    case = app.store().get(case_id).case
    count = len(pres.steps(case, framework()))
    open_app(tab, app, "present", case=case_id, lang="en", step="1")
    assert tab.locator("[data-testid=stSidebar]").is_hidden()
    assert tab.locator("[data-testid=stHeader]").count() == 0 or \
        tab.locator("[data-testid=stHeader]").is_hidden()
    for step in range(1, count + 1):
        assert counter(tab) == f"{step} / {count}" and step_in_url(tab) == str(step)
        assert exceptions(tab) == [], step
        for box in chart_boxes(tab, 2 if step == count else 1):
            assert box["x"] >= 0 and box["y"] >= 0, step
            assert box["x"] + box["width"] <= PROJECTOR["width"], (step, box)
            assert box["y"] + box["height"] <= PROJECTOR["height"], (step, box)
        found = layout(tab)
        assert found["scroll"] <= found["view"] + 1, step  # nothing below the fold
        if step < count:  # (the last step, two maps side by side, is checked below)
            assert clashes(found) == [], step
        if step < count:
            with rerun(tab):
                tab.get_by_role("button", name=t("present.next")).click()


def test_the_widest_steps_fit_a_full_hd_projector(app, tab, case_id):
    tab.set_viewport_size(WIDE)
    case = app.store().get(case_id).case
    count = len(pres.steps(case, framework()))
    for step in (1, count - 1, count):
        open_app(tab, app, "present", case=case_id, lang="en", step=str(step))
        for box in chart_boxes(tab, 2 if step == count else 1):
            assert box["y"] + box["height"] <= WIDE["height"], (step, box)
            assert box["x"] + box["width"] <= WIDE["width"], (step, box)
        if step < count:
            assert clashes(layout(tab)) == [], step


def test_a_clickers_keys_move_the_step_and_the_url_follows(app, tab, case_id):
    tab.set_viewport_size(PROJECTOR)
    case = app.store().get(case_id).case
    count = len(pres.steps(case, framework()))
    open_app(tab, app, "present", case=case_id, lang="en", step="2")
    for key, expected in (("PageDown", 3), ("ArrowRight", 4), ("ArrowDown", 5),
                          ("PageUp", 4), ("ArrowLeft", 3), ("End", count), ("Home", 1)):
        with rerun(tab):
            tab.keyboard.press(key)
        assert step_in_url(tab) == str(expected), key
        assert counter(tab) == f"{expected} / {count}", key
    # three quick presses, faster than the app answers: none is lost
    tab.keyboard.press("PageDown")
    tab.keyboard.press("PageDown")
    tab.keyboard.press("PageDown")
    tab.wait_for_function("() => new URL(location.href).searchParams.get('step') === '4'",
                          timeout=30_000)
    settle(tab)
    assert counter(tab) == f"4 / {count}"


def test_pseudonyms_by_default_and_a_reload_never_shows_real_names(app, tab, case_id):
    tab.set_viewport_size(PROJECTOR)
    real = [a.name for a in app.store().get(case_id).case.actors]
    open_app(tab, app, "present", case=case_id, lang="en", step="2")
    drawn = " ".join(map_texts(tab))
    assert "Pusher A" in drawn and [n for n in real if n in drawn] == []
    with rerun(tab):
        tab.get_by_role("button", name=t("present.show_names")).click()
    dialog = tab.get_by_role("dialog")
    assert t("present.names_title") in dialog.inner_text()
    with rerun(tab):
        dialog.get_by_role("button", name=t("present.names_yes")).click()
    drawn = " ".join(map_texts(tab))
    assert "Ilyas (20)" in drawn
    banner = main(tab).get_by_text(t("present.names_on")[:20])
    assert banner.is_visible()
    assert "names" not in tab.url
    box = tab.locator(".js-plotly-plot").first.bounding_box()
    assert box["y"] + box["height"] <= PROJECTOR["height"]  # the warning takes room, not the map
    reload(tab)
    drawn = " ".join(map_texts(tab))
    assert [n for n in real if n in drawn] == [] and "Pusher A" in drawn
    assert main(tab).get_by_text(t("present.names_on")[:20]).count() == 0
    assert step_in_url(tab) == "2"  # the step survives a reload, the names do not


def test_leaving_the_presentation_brings_the_sidebar_back(app, tab, case_id):
    tab.set_viewport_size(PROJECTOR)
    open_app(tab, app, "present", case=case_id, lang="en")
    assert tab.locator("[data-testid=stSidebar]").is_hidden()
    with rerun(tab):
        main(tab).get_by_role("link", name=t("present.exit")).click()
    tab.wait_for_url(lambda url: urlparse(url).path == "/map")
    assert tab.locator("[data-testid=stSidebar]").is_visible()
    assert "step" not in parse_qs(urlparse(tab.url).query)


def test_the_anonymisation_list_edited_before_presenting_is_what_the_room_sees(app, tab,
                                                                               case_id):
    """On the map page the facilitator chooses a pseudonym for one actor and adds a place
    name as a term of their own; the presentation shows both, and neither real name."""
    tab.set_viewport_size({"width": 1400, "height": 1100})
    open_app(tab, app, "map", case=case_id, lang="en")
    with rerun(tab):  # opening it reruns the page, which then draws the list
        main(tab).get_by_text(t("anonlist.title"), exact=True).click()
    main(tab).locator("[data-testid=stDataFrame]").first.wait_for()
    edit_cell(tab, 0, 2, "Mo")  # the first row's pseudonym (tried again on a busy machine)
    listed = app.store().get(case_id).case.anonymisation
    assert [(a.actor, a.pseudonym) for a in listed] == [("ilyas", "Mo")]
    add_actor(tab, "Ter Heide", table=1)  # the list of own terms: a first row
    listed = app.store().get(case_id).case.anonymisation
    assert ("", "Ter Heide") in [(a.actor, a.term) for a in listed]
    open_app(tab, app, "present", case=case_id, lang="en", step="2")
    drawn = " ".join(map_texts(tab))
    shown = main(tab).inner_text() + drawn
    assert "Mo" in drawn and "Ilyas" not in shown and "Ter Heide" not in shown
