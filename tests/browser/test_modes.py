"""The two modes beside the workbook itself: presenting a map (for intervision) and practising
on a worked case (for alumni). Each journey skips, saying so, while its mode is not built."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.helpers import (choose, clickable, exceptions, framework, go_to, main, map_texts,
                                   notices_seen, open_app, pick_worksheet, rerun, sidebar, t,
                                   type_answer)
from tests.browser.storecheck import snapshot
from workbook import i18n

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"


def _has(key: str) -> bool:
    return key in i18n.catalogue()


# -- presenting --------------------------------------------------------------------------------
def test_presenting_the_map_in_each_view(app, tab):
    case_id = app.import_case(EXAMPLE)
    names = [a.name for a in app.store().get(case_id).case.actors]
    open_app(tab, app, "map", case=case_id, lang="en")
    drawn = " ".join(map_texts(tab))
    assert sum(name[:12] in drawn for name in names) >= len(names) - 1, drawn[:300]
    views = [k.removeprefix("mapview.view_") for k in i18n.catalogue()
             if k.startswith("mapview.view_")]
    for view in views:
        choose(tab, t("mapview.view"), t(f"mapview.view_{view}"))
        assert exceptions(tab) == [], view
    choose(tab, t("mapview.view"), t("mapview.view_map"))
    assert tab.locator(".js-plotly-plot").count() >= 1


def test_presenting_anonymised_shows_no_real_name(app, tab):
    """A facilitator shows a trainee's map in intervision with pseudonyms instead of names."""
    case_id = app.import_case(EXAMPLE)
    case = app.store().get(case_id).case
    open_app(tab, app, "map", case=case_id, lang="en")
    switch = main(tab).get_by_role("switch", name=t("mapview.anonymise")).first
    switch.wait_for()  # drawn once the page has run (a busy machine: later)
    before = snapshot(app.db_url)
    with rerun(tab):
        clickable(switch).click()
    drawn = " ".join(map_texts(tab))
    shown = [a.name for a in case.actors if a.name and a.name in drawn]
    assert shown == [], "real names on an anonymised map"
    assert snapshot(app.db_url) == before, "anonymising for a presentation changes nothing stored"


# -- practising --------------------------------------------------------------------------------
def _score(page) -> int | None:
    """The score shown, or None while nothing is filled in that can be compared ("—")."""
    metric = main(page).locator("[data-testid=stMetricValue]").first
    metric.wait_for()
    found = re.match(r"\s*(\d+)", metric.inner_text())
    return int(found.group(1)) if found else None


def _compare(page) -> None:
    switch = main(page).get_by_role("switch", name=t("practice.show_compare"))
    if not switch.is_checked():
        with rerun(page):
            clickable(switch).click()


@pytest.mark.skipif(not _has("practice.nav"), reason="practice mode is not built yet")
def test_practising_on_a_worked_case_and_comparing_with_the_model(app, tab):
    from workbook.analysis import practice

    study = practice.studies("en")[0]
    open_app(tab, app, "practice", lang="en")
    before = {c.id for c in app.store().list()}
    box = main(tab).locator("[data-testid=stVerticalBlockBorderWrapper], [data-testid=stVerticalBlock]")
    start = main(tab).get_by_role("button", name=t("practice.start")).first
    assert box.filter(has_text=study.title).count(), f"{study.title} is not offered"
    with rerun(tab):
        start.click()
    new = [c for c in app.store().list() if c.id not in before]
    assert len(new) == 1, "starting to practise makes one new case"
    attempt = app.store().get(new[0].id).case
    assert attempt.practice_of, "the new case knows its model"
    assert all(not a.role for a in attempt.actors), "the trainee gets the people without roles"
    assert any(t("practice.started", title=attempt.title) in n for n in notices_seen(tab))

    _compare(tab)
    assert _score(tab) is None, "a fresh start has nothing to compare yet, so no score"

    # the trainee writes down what worries the middle, as the model has it
    model = practice.find_study(attempt.practice_of)
    ws = framework().worksheet("middle")
    field = next(f for f in ws.fields if f.id == "concerns")
    go_to(tab, t("nav.part2"))
    pick_worksheet(tab, ws.title("en"))
    type_answer(tab, field.label("en"), str(model.answer("middle", "concerns", "")))

    go_to(tab, t("practice.nav"))
    _compare(tab)
    second = _score(tab)
    assert second is not None and second > 0, second
    with rerun(tab):
        main(tab).get_by_role("button", name=t("practice.save")).click()
    saved = practice.attempts(app.store().get(attempt.id).case.progress)
    assert [record.get("score") for record in saved] == [second], saved
    assert exceptions(tab) == []
    assert sidebar(tab).count()
