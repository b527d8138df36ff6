"""AppTest: the practice page (Oefenen / Practice) - choosing a case study, practising on its
story, comparing with the model analysis and saving the score."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from tests.apptest import shown, start, texts
from workbook.analysis import practice
from workbook.case.model import Case
from workbook.case.files import fresh_copy
from workbook.analysis.polarmap import actor_ids
from workbook.case.store import Store

PAGE = "app_pages/practice.py"
TITLES = {
    "nl": ["Sociale woningen op de Kouter", "Een klas in twee kampen",
           "Politie en jongeren in Ter Heide"],
    "en": ["Social housing on the Kouter", "A class in two camps",
           "Police and young people in Ter Heide"],
}
START = {"nl": "Begin met oefenen", "en": "Start practising"}


def charts(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def chart_ids(spec: dict) -> set[str]:
    return set(actor_ids(go.Figure(spec)))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_lists_the_three_case_studies(db_url, lang):
    at = start(lang=lang, page=PAGE)
    assert not at.exception
    shown = texts(at)
    for title in TITLES[lang]:
        assert title in shown
    assert "Stationsplein" not in shown  # no story: nothing to practise on
    assert [b.label for b in at.button if b.label == START[lang]] == [START[lang]] * 3
    other = "en" if lang == "nl" else "nl"
    assert not any(title in shown for title in TITLES[other])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_starting_opens_a_practice_case_with_its_story(db_url, lang):
    at = start(lang=lang, page=PAGE)
    suffix = "-en" if lang == "en" else ""
    at.button(key=f"practice:start:cs-politie-jongeren{suffix}").click().run()
    assert not at.exception
    cid = at.session_state["case"]
    stored = Store(db_url).get(cid).case
    assert stored.practice_of == f"cs-politie-jongeren{suffix}"
    assert stored.actors and not any(a.role for a in stored.actors)
    first_words = {"nl": "Ik werk als preventiewerker", "en": "I work as a prevention officer"}[lang]
    assert first_words in stored.narrative
    assert first_words in texts(at)  # the story is on the page
    assert at.expander and at.query_params["case"] == cid
    assert at.get("plotly_chart") == []  # the model stays hidden until asked for


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_comparison_renders_both_maps_and_the_score_is_saved(db_url, lang):
    at = start(lang=lang, page=PAGE)
    at.button(key="practice:start:cs-klas" + ("-en" if lang == "en" else "")).click().run()
    cid = at.session_state["case"]
    at.toggle(key="practice_compare").set_value(True).run()
    assert not at.exception
    specs = charts(at)
    assert len(specs) == 2
    model = practice.find_study(Store(db_url).get(cid).case.practice_of)
    assert chart_ids(specs[0]) == chart_ids(specs[1]) == {a.id for a in model.actors}
    assert len(at.dataframe) == 3  # the score parts, the roles, the game changers
    roles = at.dataframe[1].value
    assert len(roles) == len(model.actors) and set(roles.iloc[:, 3]) == {"✗"}
    shown = texts(at)
    assert {"nl": "Gemist", "en": "Missed"}[lang] in shown
    # a fresh start has nothing filled in: no score, nothing to save (issue #15, item 4)
    assert at.metric[0].value == "—"
    assert at.button(key="practice_save").disabled

    Store(db_url).apply(cid, ("actors", 0, "role"), "silent")  # one role given, wrongly
    at = start(cid, lang=lang, page=PAGE)
    at.toggle(key="practice_compare").set_value(True).run()
    assert at.metric[0].value == "0 / 100"
    at.button(key="practice_save").click().run()
    assert not at.exception
    saved = practice.attempts(Store(db_url).get(cid).case.progress)
    assert len(saved) == 1 and saved[0]["score"] == 0
    assert set(saved[0]["parts"]) >= {"roles", "pitfalls"} and "concerns" in saved[0]["left_out"]


def test_a_complete_attempt_scores_100_on_the_page(store):
    model = practice.find_study("cs-politie-jongeren")
    attempt = fresh_copy(model).model_copy(update={"practice_of": model.id})
    cid = store.create(attempt).case.id
    at = start(cid, page=PAGE)
    at.toggle(key="practice_compare").set_value(True).run()
    assert not at.exception
    assert at.metric[0].value == "100 / 100"
    assert "Je vond 11 van de 11 punten" in texts(at)
    assert len(at.get("plotly_chart")) == 2
    at.button(key="practice_save").click().run()
    assert practice.attempts(store.get(cid).case.progress)[-1]["score"] == 100


def test_a_pitfall_is_shown(store):
    model = practice.find_study("cs-politie-jongeren")
    attempt = fresh_copy(model).model_copy(update={"practice_of": model.id})
    answers = {**attempt.answers, "target_group": {**attempt.answers["target_group"],
                                                   "who": ["ilyas", "marc"]}}
    attempt = Case.model_validate({**attempt.to_doc(), "answers": answers})
    cid = store.create(attempt).case.id
    at = start(cid, page=PAGE)
    at.toggle(key="practice_compare").set_value(True).run()
    assert not at.exception
    assert any("Een pusher in je doelgroep" in w.value for w in at.warning)


def test_case_page_shows_the_story_of_a_practice_case(store):
    case = practice.start(practice.find_study("cs-beleid"))
    cid = store.create(case).case.id
    at = start(cid)
    assert not at.exception
    assert any(e.label == "Het verhaal van de casus" for e in at.expander)
    assert case.narrative.split()[2] in texts(at)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_with_an_ordinary_case_only_lists(store, lang):
    cid = store.create(Case(title="Gewone casus")).case.id
    at = start(cid, lang=lang, page=PAGE)
    assert not at.exception
    assert at.session_state["case"] == cid
    assert len([b for b in at.button if b.label == START[lang]]) == 3
    assert at.toggle == [] or all(t.key != "practice_compare" for t in at.toggle)


def test_a_practice_case_whose_study_is_gone(store):
    case = practice.start(practice.find_study("cs-klas")).model_copy(
        update={"practice_of": "cs-bestaat-niet"})
    cid = store.create(case).case.id
    at = start(cid, page=PAGE)
    at.toggle(key="practice_compare").set_value(True).run()
    assert not at.exception
    assert any("cs-bestaat-niet" in shown(w.value) for w in at.warning)


@pytest.mark.parametrize("page", ["app_pages/case.py", "app_pages/map.py", "app_pages/part2.py",
                                  "app_pages/part3.py"])
def test_other_pages_with_a_practice_case(store, page):
    cid = store.create(practice.start(practice.find_study("cs-klas-en"), "en")).case.id
    at = start(cid, lang="en", page=page)
    assert not at.exception
