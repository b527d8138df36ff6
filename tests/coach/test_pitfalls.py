"""The bridge builder's pitfalls per action: each pitfall is recognised on an action built to
fall into it, a sound plan falls into none, the checks live in YAML, and the action plan shows
them under the table."""

from __future__ import annotations

import shutil

import pytest

from tests.apptest import start, texts
from tests.conftest import ROOT
from tests.coach.test_coach_strategy import (CASE_FILES, TRIGGERS, sound_strategy, weak_strategy,
                                       with_action)
from workbook.coach import pitfalls
from workbook.case.model import Action
from workbook.case.files import read_case
from workbook.framework.loader import load_dir

ISSUE_PITFALLS = {"above_the_poles", "pushers_repertoire", "podium_for_pushers",
                  "dialogue_wrong_time", "seen_taking_sides", "staged_contact"}
# the pitfall rules and the concepts each trigger (an action 'x' added to a sound plan) shows
EXPECTED = {
    "action_staged_contact": {"staged_contact"},
    "pitfall_podium": {"podium_for_pushers"},
    "pitfall_above_the_poles": {"above_the_poles"},
    "pitfall_repertoire": {"pushers_repertoire"},
    "pitfall_wrong_time": {"dialogue_wrong_time"},
    "pitfall_taking_sides": {"seen_taking_sides"},
}


def concepts(found: dict, action_id: str) -> set[str]:
    return {h.rule.concept for h in found[action_id]}


def test_every_pitfall_of_the_issue_is_checked_per_action(framework):
    rules = pitfalls.pitfall_rules(framework)
    assert {r.concept for r in rules} >= ISSUE_PITFALLS
    assert {r.id for r in rules} == set(EXPECTED)
    pitfall_ids = {c.id for c in framework.concepts.pitfalls}
    assert all(r.per == "action" and r.concept in pitfall_ids for r in rules)
    # a rule per action that is not about a pitfall stays in the coach, not under the plan
    assert "action_without_game_changer" not in {r.id for r in rules}


def test_a_sound_plan_falls_into_no_pitfall(framework):
    case = sound_strategy()
    found = pitfalls.action_pitfalls(case, framework)
    assert list(found) == [a.id for a in case.strategy.actions]
    assert all(v == [] for v in found.values())


@pytest.mark.parametrize("rule_id", sorted(EXPECTED))
def test_each_pitfall_is_recognised_on_its_action_only(framework, rule_id):
    case = TRIGGERS[rule_id][0]()
    found = pitfalls.action_pitfalls(case, framework)
    assert concepts(found, "x") == EXPECTED[rule_id]
    assert [h.id for h in found["x"]] == [rule_id]
    assert all(found[a] == [] for a in found if a != "x")


def test_a_podium_names_the_pusher(framework):
    case = with_action(title="Gesprek met Yassin en het comité", targets=["yassin", "comite"],
                       game_changers=["target_group"])
    found = pitfalls.action_pitfalls(case, framework)["x"]
    podium = next(h for h in found if h.rule.concept == "podium_for_pushers")
    assert podium.subjects == ("Yassin", "Buurtcomité")
    assert podium.action_id == "x"
    # both poles' pushers at once: one reason, one pitfall (not also staged, not also the
    # wrong people)
    assert [h.rule.concept for h in found] == ["podium_for_pushers"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_weak_strategy_action_falls_into_every_pitfall_it_deserves(framework, lang):
    found = pitfalls.action_pitfalls(weak_strategy(lang), framework)
    assert concepts(found, "debat") == {"above_the_poles", "podium_for_pushers",
                                        "dialogue_wrong_time"}
    assert "seen_taking_sides" not in concepts(found, "debat")  # both sides, so not one side


def test_moralising_in_the_reflection_counts_too(framework):
    case = with_action(title="Gesprek aan de schoolpoort", targets=["ouders"],
                       game_changers=["target_group"], status="done",
                       reflection="Die hangjongeren moeten gewoon weg.")
    assert concepts(pitfalls.action_pitfalls(case, framework), "x") == {"pushers_repertoire"}


def test_a_dropped_action_is_not_checked(framework):
    case = with_action(title="Debat tussen Yassin en het comité", targets=["yassin", "comite"],
                       status="dropped")
    assert pitfalls.action_pitfalls(case, framework)["x"] == []


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_case_studies_plans_fall_into_no_pitfall(framework, path):
    case = read_case(path.read_bytes(), path.stem)
    found = pitfalls.action_pitfalls(case, framework)
    assert {a: [h.id for h in v] for a, v in found.items() if v} == {}


def test_a_facilitator_adds_a_pitfall_in_yaml_only(tmp_path):
    shutil.copy(ROOT / "frameworks" / "brandsma.yaml", tmp_path / "brandsma.yaml")
    shutil.copytree(ROOT / "frameworks" / "brandsma", tmp_path / "brandsma")
    (tmp_path / "brandsma" / "coach" / "99_mine.yaml").write_text(
        "lexicons:\n  - id: lifting\n    nl: [samen een charter]\n    en: [a joint charter]\n"
        "coach_rules:\n  - id: pitfall_lifting\n    severity: warning\n"
        "    concept: lifting_polarisation\n    worksheet: plan\n    per: action\n"
        "    title: {nl: a, en: b}\n    message: {nl: c, en: d}\n"
        "    when:\n      pattern:\n        of: action_title\n"
        "        words: {lexicon: [lifting]}\n", encoding="utf-8")
    cat = load_dir(tmp_path)
    assert not cat.problems, [p.format() for p in cat.problems]
    fw = cat.get("brandsma")
    case = with_action(title="De buurt en de jongeren schrijven samen een charter",
                       targets=["ouders"],
                       game_changers=["topic"])
    assert concepts(pitfalls.action_pitfalls(case, fw), "x") == {"lifting_polarisation"}


# -- under the action table ----------------------------------------------------------------------
def plan_page(store, case, lang="nl"):
    cid = store.create(case).case.id
    at = start(cid, lang=lang, page="app_pages/part3.py")
    at.session_state["ws3"] = "plan"
    at.run()
    assert not at.exception
    return at


def test_the_plan_shows_no_pitfall_for_a_sound_plan(store):
    at = plan_page(store, sound_strategy())
    body = texts(at)
    assert "Valkuilen per actie" in body
    assert body.count("Geen valkuil herkend.") == 3
    assert not at.warning and not at.error


def test_the_plan_shows_the_pitfalls_of_the_weak_strategy(store):
    at = plan_page(store, weak_strategy("en"), lang="en")
    boxes = [e.value for e in at.warning]
    debate = next(b for b in boxes if "who are we?" in b)  # the title, escaped as text
    assert "Giving pushers a table or a stage" in debate
    assert "Standing above the poles" in debate and "Dialogue at the wrong moment" in debate
    assert "Forced, staged contact moments" not in debate
    assert "No pitfall recognised." not in texts(at)


def test_a_new_action_without_a_title_is_shown_by_its_id(store):
    case = sound_strategy()
    case.strategy.actions = [Action(id="n1", targets=["yassin"])]
    at = plan_page(store, case)
    assert any("n1" in w.value and "Pushers een tafel of podium geven" in w.value
               for w in at.warning)
