"""Part 3, personal skills, in a real browser: walk a scenario to its end with feedback after
every step (and the coach on what is written), find it again after a reload; work out the
authentic question step by step from each side and take it over as the topic of game
changer 2, which an old worksheet link (?ws=topic) then shows."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.helpers import (choose, clickable, exceptions, field_value, framework, main,
                                   main_text, open_app, reload, rerun, t, type_answer)
from workbook.framework import scenarios as scn

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "casestudies" / "en" / "politie_jongeren.yaml"


def url_param(page, name: str) -> str | None:
    return (parse_qs(urlparse(page.url).query).get(name) or [None])[0]


def click(page, label: str) -> None:
    button = main(page).get_by_role("button", name=label, exact=True)
    button.scroll_into_view_if_needed()
    with rerun(page):
        button.click()


def test_a_scenario_walked_with_feedback_after_every_step(app, tab):
    case_id = app.import_case(CASE)
    open_app(tab, app, "part3", case=case_id, lang="en", tab="scenarios")
    sc = framework().scenario("journalist_call")
    choose(tab, t("skills.sc.pick"), sc.title("en"))
    path = next(p for p in scn.paths(sc) if p.good)
    for step, option in path.steps:
        if option is None:
            box = main(tab).get_by_label(t("skills.sc.your_text"), exact=True)
            box.fill("A driver must be safe at work. What do travellers and young people need "
                     "to feel safe at the station in the evening?")
            click(tab, t("skills.sc.submit"))
            shown = main_text(tab)
            assert t("skills.sc.tone_clean") in shown and step.model("en")[:40] in shown
        else:
            click(tab, option.label("en"))
            shown = main_text(tab)
            # what it means in the framework's terms, and how the middle and pushers respond
            assert option.feedback("en")[:50] in shown
            assert option.middle("en")[:40] in shown and option.pushers("en")[:40] in shown
            assert t("skills.verdict_sound") in shown
    assert path.ending.title("en") in main_text(tab)
    walk = app.store().get(case_id).case.progress["scenarios"][sc.id]
    assert walk["ended"] == path.ending.id

    reload(tab)  # another day: the walk is still there, with its ending
    choose(tab, t("skills.sc.pick"), "✓ " + sc.title("en"))
    assert path.ending.title("en") in main_text(tab)
    assert exceptions(tab) == []


def test_the_authentic_question_from_each_side_becomes_the_topic(app, tab):
    case_id = app.import_case(CASE)
    # the worked case answers it already: start this one afresh
    app.store().apply(case_id, ("answers", "authentic_question"), {})
    open_app(tab, app, "part3", case=case_id, lang="en")
    with rerun(tab):
        main(tab).get_by_role("tab", name=t("part3.tabs.question")).click()
    assert url_param(tab, "tab") == "question"
    ws = framework().worksheet("authentic_question")
    label = {f.id: f.label("en") for f in ws.fields}

    type_answer(tab, label["concerns"], "'I want my son to get home safely after football.'")
    click(tab, t("skills.q.next"))
    question = "What would make the square a place where everyone feels safe in the evening?"
    type_answer(tab, label["question"], question)
    click(tab, t("skills.q.next"))
    case = app.store().get(case_id).case
    pole_a = case.pole("a").label
    assert t("skills.q.side_a", label=pole_a) in main_text(tab)  # the side, named as the case does
    type_answer(tab, label["heard_a"], "Here we go again: they mean us, we are the problem.")
    type_answer(tab, label["heard_b"], "Safe in the evening, yes, that is what we want.")
    type_answer(tab, label["heard_middle"], "That's it. That is what I worry about.")
    # the coach reads what was written from each side
    assert "A pole hears an accusation in your question" in main_text(tab)
    type_answer(tab, label["heard_a"], "If we get a say in it too, we'll take part.")
    assert "A pole hears an accusation in your question" not in main_text(tab)

    choose(tab, t("skills.q.steps"), t("skills.q.step_label", n=5,
                                       title=ws.steps[-1].title("en")))
    for option in ("no_identity", "no_guilt", "concrete"):
        name = next(o.label("en") for o in ws.field("checks").options if o.id == option)
        box = main(tab).get_by_role("checkbox", name=name, exact=True)
        with rerun(tab):
            clickable(box).click()
    topic = framework().worksheet("topic")
    click(tab, t("skills.q.takeover", where=topic.title("en")))
    stored = app.store().get(case_id).case.answers["topic"]
    assert stored["question"] == question
    assert set(stored["checks"]) == {"no_guilt", "concrete"}  # those the topic has

    # a link to the topic worksheet, as before part 3 had tabs, shows it there
    open_app(tab, app, "part3", case=case_id, lang="en", ws="topic")
    assert url_param(tab, "ws") == "topic"
    assert field_value(tab, topic.field("question").label("en")) == question
    assert exceptions(tab) == []
