"""Accessible to everyone in a cohort (public bodies in Flanders must meet WCAG 2.1 AA):
axe-core (bundled by axe-playwright-python, nothing fetched) on every page, in Dutch and in
English, with a worked case open, the quick-entry form and the map in words open too. No
serious or critical violation may come from the app's own content.

What Streamlit itself draws and the app cannot change is allowed here by rule and place,
each named in the README (Accessibility): nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import main, open_app, rerun, t

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"
# (axe rule, the element of Streamlit's own that it fails on): Streamlit's sidebar navigation
# puts each section's header and links in a <div> inside its <ul>
STREAMLIT_OWN = {("list", "[data-testid=stSidebarNav]"),
                 ("listitem", "[data-testid=stSidebarNav]")}
SERIOUS = ("serious", "critical")
PAGES = [("", {}), ("map", {}), ("history", {}), ("part1", {}), ("part1", {"tab": "exercises"}),
         ("part2", {}), ("part2", {"ws": "actors"}), ("part2", {"ws": "fuel"}),
         ("part2", {"ws": "middle"}), ("part3", {}), ("part3", {"ws": "plan"}),
         ("practice", {}), ("meeting", {})]


def axe_problems(page) -> list[str]:
    """Serious and critical violations, less those of Streamlit's own elements above."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            selector = node["target"][0] if node["target"] else ""
            own = any(rule == violation["id"] and page.evaluate(
                "([s, w]) => { const e = document.querySelector(s); return !!e && !!e.closest(w); }",
                [selector, where]) for rule, where in STREAMLIT_OWN)
            if not own:
                found.append(f"{violation['id']} ({violation['impact']}): {selector} "
                             f"{node.get('failureSummary', '')[:160]}")
    return found


@pytest.fixture(scope="module")
def example(app) -> str:
    return app.import_case(EXAMPLE)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_serious_violation_on_any_page(app, tab, example, lang):
    found = {}
    for path, params in PAGES:
        open_app(tab, app, path, case=example, lang=lang, **params)
        found[f"/{path}?{params}"] = axe_problems(tab)
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_serious_violation_in_a_running_meeting(app, tab, lang):
    """The meeting page with a meeting under way: the phase, its clock, what it records (the
    choice of advice), the comparison of readings and the minutes."""
    import datetime as dt

    from workbook.framework.loader import load_dir
    from workbook.meetings import meeting as mt
    from workbook.meetings.methods import load_methods

    case_id = app.import_case(EXAMPLE)
    store = app.store()
    method = load_methods(load_dir().get("brandsma")).get("wij_zij_advice")
    meeting, ops = mt.plan(method, "Intervisie", dt.date(2026, 12, 6), "Griet", "Stad", ["Koen"])
    store.apply_ops(case_id, ops)
    case = store.get(case_id).case
    _, ops = mt.add_item(case.meeting(meeting.id), "advice", "advice", "Spreek de ouders aan.",
                         "target_group", ["podium_for_pushers"])
    store.apply_ops(case_id, ops)
    case = store.get(case_id).case
    store.apply_ops(case_id, mt.keep_reading(case, case.meeting(meeting.id), "Koen", {
        a.id: {"role": a.role, "side": a.side, "stance": a.stance} for a in case.actors}))
    case = store.get(case_id).case
    store.apply_ops(case_id, mt.go_to(case.meeting(meeting.id), method, "choice"))
    found = {}
    for tab_id in ("run", "compare", "minutes"):
        open_app(tab, app, "meeting", case=case_id, lang=lang, tab=tab_id)
        found[tab_id] = axe_problems(tab)
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_serious_violation_in_a_live_room(app, tab, lang):
    """The facilitator's live room (QR code, link, who joined, what arrived, the readings
    compared) and a participant's page on a phone, at the readings."""
    from workbook.accounts.users import LOCAL
    from workbook.framework.loader import load_dir
    from workbook.meetings import meeting as mt
    from workbook.meetings.methods import load_methods
    from workbook.rooms.room import RoomAccess

    fw = load_dir().get("brandsma")
    case_id = app.import_case(EXAMPLE)
    store = app.store()
    method = load_methods(fw).get("wij_zij_advice")
    meeting, ops = mt.plan(method, "Live")
    store.apply_ops(case_id, ops)
    case = store.get(case_id).case
    store.apply_ops(case_id, mt.go_to(case.meeting(meeting.id), method, "input"))
    room = RoomAccess(store, LOCAL).open(case_id, meeting.id, "cohort")
    for n in (1, 2):
        person = RoomAccess(store, LOCAL, who=f"session:{n}")
        person.join(room.code, f"Deelnemer {n}")
        person.submit(room.code, "input", "concern", {"text": f"Zorg {n}"}, method, fw)
        person.submit(room.code, "input", "readings", {"placements": {
            a.id: {"role": "pusher" if n == 1 else "joiner", "side": "a"}
            for a in case.actors[:3]}}, method, fw)
    found = {}
    open_app(tab, app, "meeting", case=case_id, lang=lang, tab="room")
    found["facilitator"] = axe_problems(tab)
    tab.set_viewport_size({"width": 390, "height": 844})
    open_app(tab, app, "room", room=room.code, lang=lang)
    found["participant"] = axe_problems(tab)
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_serious_violation_with_the_form_and_the_map_in_words_open(app, tab, example, lang):
    open_app(tab, app, "part2", case=example, ws="actors", lang=lang)
    with rerun(tab):
        main(tab).get_by_role("button", name=t("entry.add_actor", lang)).click()
    words = main(tab).get_by_text(t("maptext.label", lang))
    words.scroll_into_view_if_needed()
    with rerun(tab):
        words.click()
    main(tab).locator("[data-testid=stTable]").wait_for()
    assert axe_problems(tab) == []
    open_app(tab, app, "part3", case=example, ws="plan", lang=lang)
    with rerun(tab):
        main(tab).get_by_role("button", name=t("entry.add_action", lang)).click()
    assert axe_problems(tab) == []
