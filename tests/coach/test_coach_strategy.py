"""The coach on the strategy (part 3): every rule fires on a strategy built to trigger it, a
sound strategy gets no alarm, the weak strategy of the issue gets every flag it deserves, and
the model strategies of the case studies get none. Also the vocabulary the rules need:
actions, membership of answers and targets, the strategist, lexicons, rules per action."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from workbook import coach
from workbook.coach import vocabulary
from workbook.case.model import Action, Actor, Case, Place, Pole
from workbook.case.files import read_case
from workbook.framework.schema import Framework

QUESTION = ("Hoe blijft het stationsplein 's avonds een plek waar ouders hun kinderen gerust "
            "laten komen en de bakker rustig kan werken?")
CHECKS = ["middle_recognises", "no_guilt", "not_one_pole", "concrete", "stake"]
REWRITE = {"original": "Die jongeren hebben geen respect.",
           "rewrite": "Ik hoor dat je je 's avonds niet meer gerust voelt op het plein. Wat zou "
                      "voor jou een verschil maken?",
           "by": "Lotte, aan de deur"}


def sound_strategy() -> Case:
    """A sound strategy: the target group from the middle, an authentic question with every
    check ticked, the strategist moving from bridge builder to the middle, mediative rewrites,
    dialogue with the middle only, and actions aimed at the middle, each with a game changer."""
    return Case(
        title="Stationsplein",
        poles=[Pole(side="a", label="De jongeren", identity="De politie viseert ons altijd."),
               Pole(side="b", label="De buurt", identity="Die jongeren hebben geen respect.")],
        actors=[
            Actor(id="yassin", name="Yassin", role="pusher", side="a", stance=-0.9),
            Actor(id="comite", name="Buurtcomité", role="pusher", side="b", stance=0.9),
            Actor(id="vrienden", name="Vrienden", kind="group", role="joiner", side="a",
                  stance=-0.5),
            Actor(id="buren", name="Buren Lindelaan", kind="group", role="joiner", side="b",
                  stance=0.5),
            Actor(id="ouders", name="Ouders", kind="group", role="silent"),
            Actor(id="bakker", name="Bakker", role="silent"),
            Actor(id="wijkpost", name="Wijkpost", kind="group", role="silent"),
            Actor(id="lotte", name="Lotte (preventie)", role="bridge_builder"),
        ],
        answers={
            "intake": {"phase": "intervention"},
            "middle": {"members": ["ouders", "bakker", "wijkpost"],
                       "concerns": "Een veilig plein waar hun kinderen welkom zijn."},
            "target_group": {"who": ["ouders", "bakker", "wijkpost"],
                             "why": "Zij staan het meest onder druk om te kiezen."},
            "topic": {"pushers_topic": "Wie 'zij' zijn.", "question": QUESTION,
                      "checks": list(CHECKS)},
            "position": {"organisation": "Ik sta in het midden, samen met de jeugdwerkers."},
            "tone": {"rewrites": [dict(REWRITE)], "dos": "Vragen stellen, zorgen benoemen."},
            "dialogue": {"planned": True, "with": ["ouders", "bakker", "wijkpost"],
                         "kind": "shared_concern",
                         "when": "Na de luisterronde, in kleine groepen aan de schoolpoort."},
        },
        strategy={
            "me": "lotte",
            "intended": {"lotte": Place(role="silent"),
                         "vrienden": Place(role="silent", side="none", stance=-0.1)},
            "actions": [
                Action(id="a1", title="Luisterronde bij ouders en de bakker", owner="Lotte",
                       date=dt.date(2026, 10, 1), targets=["ouders", "bakker"],
                       game_changers=["target_group", "topic"], status="done",
                       reflection="Twaalf gesprekken; het plein 's avonds kwam vanzelf boven."),
                Action(id="a2", title="Werkgroep 'Het plein 's avonds' met ouders en wijkpost",
                       owner="Lotte en het jeugdhuis", targets=["ouders", "bakker", "wijkpost"],
                       game_changers=["topic", "position"]),
                Action(id="a3", title="Vorming mediatief spreken voor de wijkpost",
                       owner="Korpschef", targets=["wijkpost"], game_changers=["tone"]),
            ],
        },
    )


def strategy_hints(case: Case, fw) -> list[coach.Hint]:
    return coach.hints(case, fw, part=3)


def fired(case: Case, fw) -> set[str]:
    return {h.id for h in strategy_hints(case, fw)}


def with_answer(sheet: str, field: str, value, case: Case | None = None) -> Case:
    case = case or sound_strategy()
    answers = {k: dict(v) for k, v in case.answers.items()}
    answers.setdefault(sheet, {})[field] = value
    case.answers = answers
    return case


def with_action(**fields) -> Case:
    case = sound_strategy()
    case.strategy.actions = [*case.strategy.actions, Action(id="x", **fields)]
    return case


def with_intended(actor_id: str, place: Place | None) -> Case:
    case = sound_strategy()
    intended = dict(case.strategy.intended)
    if place is None:
        intended.pop(actor_id, None)
    else:
        intended[actor_id] = place
    case.strategy.intended = intended
    return case


def only_actions(*actions: Action) -> Case:
    case = sound_strategy()
    case.strategy.actions = list(actions)
    return case


def with_scapegoat_and(**action) -> Case:
    case = with_action(**action)
    case.actors = [*case.actors, Actor(id="agent", name="Wijkagent", role="scapegoat")]
    return case


def no_me() -> Case:
    case = sound_strategy()
    case.strategy.me = ""
    return case


QUESTION_HEARD = {
    "question": QUESTION,
    "heard_a": "Eindelijk vraagt iemand waar wij 's avonds naartoe kunnen.",
    "heard_b": "Als het over een rustig plein gaat, doe ik mee.",
    "heard_middle": "Ja, dat is precies waar ik mee zit.",
    "credible": ["a_believes", "b_believes", "middle_recognises", "asker_credible"],
}


def with_question(**changes) -> Case:
    """The sound strategy with an authentic question worked out step by step."""
    case = sound_strategy()
    case.answers = {**case.answers, "authentic_question": {**QUESTION_HEARD, **changes}}
    return case


def no_game_changer() -> Case:
    case = sound_strategy()
    case.strategy.actions = [a.model_copy(update={"game_changers": []}) if a.id == "a3" else a
                             for a in case.strategy.actions]
    return case


# -- the sound strategy --------------------------------------------------------------------------
def test_a_sound_strategy_gets_no_strategy_hint_at_all(framework):
    assert strategy_hints(sound_strategy(), framework) == []
    assert strategy_hints(with_question(), framework) == []


def test_the_part_filter_keeps_the_analysis_hints_apart(framework):
    # the sound strategy has a bridge builder on today's map: a part-2 hint, not a part-3 one
    everything = {h.id for h in coach.hints(sound_strategy(), framework)}
    assert "bridge_builder" in everything
    assert not everything & {r.id for r in framework.coach_rules
                             if framework.worksheet(r.worksheet).part == 3}


def test_an_analysis_without_a_strategy_gets_no_strategy_hint(framework):
    case = sound_strategy()
    case.answers = {k: v for k, v in case.answers.items() if k in ("intake", "middle")}
    case.strategy = type(case.strategy)()
    assert strategy_hints(case, framework) == []


# -- each rule fires on a strategy built to trigger it ------------------------------------------
# rule id -> (how to trigger it, the rules that fire with it by definition)
TRIGGERS = {
    "target_group_pushers": (lambda: with_answer("target_group", "who",
                                                 ["ouders", "yassin"]), set()),
    "no_target_group": (lambda: with_answer("target_group", "who", []), set()),
    "topic_identity": (lambda: with_answer("topic", "question", "Wie zijn wij als wijk?"), set()),
    "no_authentic_question": (lambda: with_answer("topic", "question", "  "), set()),
    "topic_unchecked": (lambda: with_answer("topic", "checks", CHECKS[:-1]), set()),
    "me_not_on_map": (no_me, set()),
    # said once: the strategist's own actions for the middle are not above the poles as well
    "me_above_the_poles": (lambda: with_intended("lotte", None), set()),
    "me_at_a_pole": (lambda: with_intended("lotte", Place(role="joiner", side="a")), set()),
    "tone_moralises": (lambda: with_answer("tone", "rewrites", [
        dict(REWRITE), {"original": "Tuig.", "rewrite": "Die mensen moeten zich aanpassen.",
                        "by": "Schepen"}]), set()),
    "staged_dialogue": (lambda: with_answer("dialogue", "with", ["yassin", "comite"],
                                            with_answer("dialogue", "kind", "public_debate")),
                        set()),
    "dialogue_with_pushers": (lambda: with_answer("dialogue", "with", ["ouders", "yassin"]),
                              set()),
    "dialogue_poles_meet": (lambda: with_answer("dialogue", "with", ["vrienden", "buren"],
                                                with_answer("dialogue", "kind", "poles_meet")),
                            set()),
    "dialogue_when_open": (lambda: with_answer("dialogue", "when", ""), set()),
    "no_action_for_middle": (lambda: only_actions(Action(
        title="Gesprekken met de meelopers van beide kanten", targets=["vrienden", "buren"],
        game_changers=["target_group"])), set()),
    "action_without_game_changer": (no_game_changer, set()),
    "action_staged_contact": (lambda: with_action(
        title="Voetbalmatch politie tegen jongeren, met de camera's van de lokale tv erbij",
        owner="Korpschef",
        targets=["vrienden", "buren"], game_changers=["position"]), set()),
    "pitfall_podium": (lambda: with_action(
        title="Huisbezoek bij Yassin en zijn ouders", owner="Jeugdwerker",
        targets=["yassin", "ouders"], game_changers=["target_group"]), set()),
    "pitfall_above_the_poles": (lambda: with_action(
        title="Bruggen bouwen tussen jongeren en buurt", owner="Schepen",
        targets=["ouders", "bakker"], game_changers=["position"]), set()),
    "pitfall_repertoire": (lambda: with_action(
        title="Zero tolerance voor overlast op het plein", owner="Burgemeester",
        targets=["ouders", "bakker"], game_changers=["tone"]), set()),
    "pitfall_wrong_time": (lambda: with_scapegoat_and(
        title="Dialoogavond voor ouders en buren", owner="Lotte",
        targets=["ouders", "bakker"], game_changers=["topic"]), set()),
    "pitfall_taking_sides": (lambda: with_action(
        title="Koffie met de buren van de Lindelaan om hun petitie te steunen", owner="Schepen",
        targets=["buren"],
        game_changers=["target_group"]), set()),
    # the authentic question, read from each side
    "question_heard_as_blame": (lambda: with_question(
        heard_a="Daar gaan we weer: wij zijn het probleem."), set()),
    "question_not_the_middles": (lambda: with_question(
        heard_middle="Weer iets van de gemeente, niet mijn probleem."), set()),
    "question_side_unheard": (lambda: with_question(heard_b=""), set()),
    "question_not_credible_to_all": (lambda: with_question(credible=["middle_recognises"]),
                                     set()),
}
CONCEPTS = {
    "target_group_pushers": "podium_for_pushers", "no_target_group": "target_group",
    "topic_identity": "topic", "no_authentic_question": "authentic_question",
    "topic_unchecked": "authentic_question", "me_not_on_map": "position",
    "me_above_the_poles": "above_the_poles", "me_at_a_pole": "position",
    "tone_moralises": "pushers_repertoire", "staged_dialogue": "podium_for_pushers",
    "dialogue_with_pushers": "dialogue_wrong_time", "dialogue_poles_meet": "staged_contact",
    "dialogue_when_open": "dialogue_wrong_time", "no_action_for_middle": "target_group",
    "action_without_game_changer": "dynamic", "action_staged_contact": "staged_contact",
    "pitfall_podium": "podium_for_pushers", "pitfall_above_the_poles": "above_the_poles",
    "pitfall_repertoire": "pushers_repertoire", "pitfall_wrong_time": "dialogue_wrong_time",
    "pitfall_taking_sides": "seen_taking_sides",
    "question_heard_as_blame": "authentic_question", "question_not_the_middles": "target_group",
    "question_side_unheard": "authentic_question",
    "question_not_credible_to_all": "authentic_question",
}


def test_every_strategy_rule_is_tested(framework):
    part3 = {r.id for r in framework.coach_rules
             if r.worksheet and framework.worksheet(r.worksheet).part == 3}
    assert part3 == set(TRIGGERS) == set(CONCEPTS)


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_rule_fires_on_its_trigger(framework, rule_id):
    build, also = TRIGGERS[rule_id]
    assert fired(build(), framework) == {rule_id} | also


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_each_hint_names_its_concept_in_both_languages(framework, rule_id):
    build, _ = TRIGGERS[rule_id]
    (hint,) = [h for h in strategy_hints(build(), framework) if h.id == rule_id]
    assert hint.rule.concept == CONCEPTS[rule_id]
    concept = framework.concept(hint.rule.concept)
    assert concept is not None
    for text in (hint.rule.title, hint.rule.message):
        assert text.nl.strip() and text.en.strip() and text.nl != text.en


def test_hints_name_what_they_are_about(framework):
    (hint,) = strategy_hints(TRIGGERS["target_group_pushers"][0](), framework)
    assert hint.subjects == ("Yassin",)
    (hint,) = strategy_hints(TRIGGERS["me_at_a_pole"][0](), framework)
    assert hint.subjects == ("Lotte (preventie)",)
    (hint,) = strategy_hints(TRIGGERS["tone_moralises"][0](), framework)
    assert hint.subjects == ("Die mensen moeten zich aanpassen.",)
    (hint,) = strategy_hints(TRIGGERS["pitfall_podium"][0](), framework)
    assert hint.subjects == ("Huisbezoek bij Yassin en zijn ouders",)  # the action


# -- the topic and the tone: the lexicons ---------------------------------------------------------
@pytest.mark.parametrize("question", [
    "Wie zijn wij?",
    "Hoe bewaren we onze identiteit als dorp?",
    "Waarom zijn die jongeren zo respectloos? Zij zijn het probleem.",
    "Hoe gaan we om met mensen die anders zijn?",  # 'die * zijn'
    "Wie hoort hier thuis?",
    "Who are we as a neighbourhood?",
    "How do we protect our culture against them?",
    "Why are those people always causing trouble?",
    "Who is to blame for the trouble on the square?",
])
def test_an_identity_question_is_flagged(framework, question):
    assert fired(with_answer("topic", "question", question), framework) == {"topic_identity"}


@pytest.mark.parametrize("question", [
    QUESTION,
    "Hoe maken we de Kooi een plek voor ons allemaal, ook 's avonds?",
    "Wat hebben we in Ter Heide nodig zodat de buren kunnen slapen?",
    "Hoe wordt de GWP een week waar iedereen van 4B mee wil?",
    "How do we keep the square a place for everyone in the evening?",
    "What do parents need so that their children can play outside safely?",
])
def test_an_authentic_question_is_not_flagged(framework, question):
    assert fired(with_answer("topic", "question", question), framework) == set()


@pytest.mark.parametrize("rewrite", [
    "Het is een schande wat hier gebeurt.",
    "Hangjongeren horen hier niet.",
    "Ze moeten zich gewoon aan de regels houden.",
    "Wij tegen zij: zo werkt het hier niet.",
    "Zero tolerance voor overlast.",
    "This is a disgrace.",
    "Those people must learn to behave.",
    "They must respect the rules.",
    "We will crack down on these thugs.",
])
def test_a_moralising_rewrite_is_flagged(framework, rewrite):
    case = with_answer("tone", "rewrites", [{"original": "x", "rewrite": rewrite, "by": "y"}])
    assert fired(case, framework) == {"tone_moralises"}


@pytest.mark.parametrize("rewrite", [
    REWRITE["rewrite"],
    "Je bent bang dat het dorp verandert. Wat zou er moeten blijven?",
    "Veel ouders en buren willen dat het plein een plek voor iedereen blijft.",
    "I hear that you cannot sleep at night. What would make a difference for you?",
    "You must be worried about your son. What does he need?",
])
def test_a_mediative_rewrite_is_not_flagged(framework, rewrite):
    case = with_answer("tone", "rewrites", [{"original": "x", "rewrite": rewrite, "by": "y"}])
    assert fired(case, framework) == set()


def test_an_unwritten_rewrite_is_not_called_moralising(framework):
    case = with_answer("tone", "rewrites", [{"original": "Tuig!", "rewrite": None, "by": ""}])
    assert fired(case, framework) == set()


# -- dialogue -----------------------------------------------------------------------------------------
def test_no_dialogue_planned_means_no_dialogue_alarm(framework):
    case = with_answer("dialogue", "with", ["yassin", "comite"],
                       with_answer("dialogue", "kind", "public_debate"))
    case = with_answer("dialogue", "planned", False, case)
    assert fired(case, framework) == set()


def test_a_table_for_the_pushers_is_urgent(framework):
    case = with_answer("dialogue", "with", ["yassin", "ouders"],
                       with_answer("dialogue", "kind", "poles_meet"))
    (hint,) = strategy_hints(case, framework)
    assert hint.id == "staged_dialogue" and hint.severity == "urgent"
    assert hint.subjects == ("Yassin",)


# -- the plan ------------------------------------------------------------------------------------------
def test_a_dropped_action_is_not_checked(framework):
    case = with_action(title="Debat tussen Yassin en het comité", targets=["yassin", "comite"],
                       status="dropped")
    assert fired(case, framework) == set()


def test_a_negated_event_is_no_event(framework):
    case = with_scapegoat_and(title="Geen tweede dialoogavond; de burgemeester spreekt over het "
                              "plein", targets=["ouders"], game_changers=["tone"])
    assert fired(case, framework) == set()
    case = with_scapegoat_and(title="No second dialogue evening", targets=["ouders"],
                              game_changers=["tone"])
    assert fired(case, framework) == set()


@pytest.mark.parametrize("how", ["silent", "members", "target_group"])
def test_an_action_for_the_middle_counts_in_three_ways(framework, how):
    case = TRIGGERS["no_action_for_middle"][0]()
    if how == "silent":
        targets = ["bakker"]
    else:  # a joiner the user counts to the middle
        sheet, field = ("middle", "members") if how == "members" else ("target_group", "who")
        case = with_answer(sheet, field, ["vrienden", "ouders"], case)
        targets = ["vrienden", "buren"]
    case.strategy.actions = [Action(title="Gesprek", targets=targets,
                                    game_changers=["target_group"])]
    assert "no_action_for_middle" not in fired(case, framework)


def test_a_pusher_listed_in_the_middle_does_not_count_as_the_middle(framework):
    case = with_answer("target_group", "who", ["yassin"])
    case.strategy.actions = [Action(title="Gesprek met Yassin en de vrienden",
                                    targets=["yassin", "vrienden", "buren"],
                                    game_changers=["target_group"])]
    assert {"no_action_for_middle", "target_group_pushers", "pitfall_podium"} <= \
        fired(case, framework)


def test_the_owner_is_the_strategist_by_id_name_or_first_name(framework):
    # a bridge builder hosting both sides: the strategist's own action, named in any of these ways
    for owner in ("lotte", "Lotte (preventie)", "Lotte, met de korpschef", "Burgemeester en Lotte"):
        case = with_intended("lotte", None)
        case.strategy.actions = [Action(title="Werkgroep", owner=owner,
                                        targets=["ouders", "vrienden", "buren"],
                                        game_changers=["topic"])]
        assert "pitfall_above_the_poles" in fired(case, framework), owner
    case = with_intended("lotte", None)
    case.strategy.actions = [Action(title="Werkgroep", owner="Lottery club",
                                    targets=["ouders", "vrienden", "buren"],
                                    game_changers=["topic"])]
    assert fired(case, framework) == {"me_above_the_poles"}
    # the strategist's own action for the middle is not above the poles: said once, above
    case.strategy.actions = [Action(title="Luisterronde bij ouders", owner="Lotte",
                                    targets=["ouders"], game_changers=["topic"])]
    assert fired(case, framework) == {"me_above_the_poles"}


# -- the weak strategy of the issue ------------------------------------------------------------
WEAK_FLAGS = {"target_group_pushers", "topic_identity", "me_above_the_poles",
              "pitfall_podium", "no_action_for_middle", "staged_dialogue"}


def weak_strategy(lang: str = "nl") -> Case:
    """A debate evening between the two pushers, chaired from above, about 'who we are'."""
    case = with_intended("lotte", None)  # the strategist stays a bridge builder
    nl = lang == "nl"
    case = with_answer("target_group", "who", ["yassin", "comite"], case)
    case = with_answer("topic", "question", "Wie zijn wij?" if nl else "Who are we?", case)
    case = with_answer("dialogue", "with", ["yassin", "comite"], case)
    case = with_answer("dialogue", "kind", "public_debate", case)
    case.strategy.actions = [Action(
        id="debat", title="Debatavond: wie zijn wij?" if nl else "Debate night: who are we?",
        owner="Lotte", targets=["yassin", "comite"], game_changers=["target_group"])]
    return case


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_weak_strategy_gets_every_flag_it_deserves(framework, lang):
    found = fired(weak_strategy(lang), framework)
    assert WEAK_FLAGS <= found, WEAK_FLAGS - found
    # and the pitfalls of its one action: a podium, hosted from above, in the intervention
    # phase; a debate is no contact put on for show, so not also 'staged'
    assert {"pitfall_above_the_poles", "pitfall_wrong_time"} <= found
    assert "action_staged_contact" not in found
    hints = strategy_hints(weak_strategy(lang), framework)
    assert hints[0].severity == "urgent"


# -- the case studies: their model strategies get no strategy hint -----------------------------
CASE_FILES = sorted(p for p in [*(ROOT / "casestudies").glob("*.yaml"),
                                *(ROOT / "casestudies" / "en").glob("*.yaml")])


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_model_strategies_of_the_case_studies_get_no_strategy_hint(framework, path: Path):
    case = read_case(path.read_bytes(), path.stem)
    assert [(h.id, h.subjects) for h in strategy_hints(case, framework)] == []


# -- the vocabulary the strategy rules use -------------------------------------------------------
def cond(data) -> coach.Condition:
    return coach.Condition.model_validate(data)


def test_actions_in_answer_targets_and_me(framework):
    case = sound_strategy()
    holds = lambda data, **kw: coach.holds(cond(data), case, framework, **kw)  # noqa: E731
    assert holds({"count": {"actions": {}}, "op": "==", "value": 3})
    assert holds({"count": {"actions": {"targets": "wijkpost"}}, "op": "==", "value": 2})
    assert holds({"count": {"actions": {"status": {"not": "done"}}}, "op": "==", "value": 2})
    assert not holds({"any": {"actions": {"game_changers": ""}}})
    assert holds({"count": {"actors": {"id": {"in_answer": ["target_group", "who"]}}},
                  "op": "==", "value": 3})
    assert holds({"count": {"actors": {"id": {"in_targets": True}}}, "op": "==", "value": 3})
    a3 = case.strategy.actions[2]
    assert holds({"count": {"actors": {"id": {"in_targets": True}}}, "op": "==", "value": 1},
                 action=a3)
    assert holds({"this": {"owner": "Korpschef"}}, action=a3)
    assert not holds({"this": {"owner": "Korpschef"}})  # no action is being checked
    assert holds({"me": {"role": "bridge_builder"}})
    assert holds({"me_intended": {"role": "silent"}})
    assert holds({"any": {"actors": {"id": {"is_me": True}}}})
    assert holds({"count": {"answer": ["plan", "actions"]}, "op": "==", "value": 3})
    assert not holds({"empty": {"answer": ["position", "me"]}})
    assert holds({"begun": ["tone"]}) and not holds({"begun": ["gut_feeling"]})
    assert holds({"any_action": {"this": {"status": "done"}}})
    assert not holds({"any_action": {"this": {"status": "dropped"}}})


def test_a_typed_answer_reads_the_strategy(framework):
    case = sound_strategy()
    case.strategy.actions = [a.model_copy(update={"status": "dropped"})
                             for a in case.strategy.actions]
    assert coach.holds(cond({"empty": {"answer": ["plan", "actions"]}}), case, framework)
    case.strategy.me = ""
    assert coach.holds(cond({"empty": {"answer": ["position", "me"]}}), case, framework)


def test_a_lone_star_is_one_word_and_stars_alone_match_nothing():
    pattern = coach.Pattern.model_validate({"of": "action_title",
                                            "words": {"nl": ["die * zijn", "*", "**"]}})
    assert coach.text_matches(pattern, "Die gasten zijn overal.")
    assert not coach.text_matches(pattern, "Die zijn overal.")
    assert not coach.text_matches(pattern, "Een gewone zin zonder treffer.")


@pytest.mark.parametrize("data,message", [
    ({"pattern": {"answer": ["topic", "question"], "of": "action_title", "numbers": True}},
     "give 'of' or 'answer'"),
    ({"pattern": {"answer": ["topic"], "numbers": True}}, "[worksheet_id, field_id"),
    ({"me": {"rol": "pusher"}}, "no field rol"),
    ({"this": {"targets_of": "x"}}, "no field targets_of"),
    ({"any": {"actors": {"id": {"in_answer": ["target_group"]}}}}, "[worksheet_id, field_id]"),
    ({"any": {"actors": {"id": {}}}}, "one or more of"),
    ({"begun": []}, "at least one"),
])
def test_bad_strategy_conditions_are_refused_with_a_reason(data, message):
    with pytest.raises(ValidationError) as err:
        cond(data)
    assert message in str(err.value)


def test_this_belongs_in_a_rule_per_action():
    rule = {"id": "x", "severity": "hint", "concept": "fuel", "title": {"nl": "a", "en": "b"},
            "message": {"nl": "a", "en": "b"}, "when": {"this": {"status": "planned"}}}
    with pytest.raises(ValidationError) as err:
        coach.CoachRule.model_validate(rule)
    assert "per: action" in str(err.value)
    coach.CoachRule.model_validate({**rule, "per": "action"})
    coach.CoachRule.model_validate({**rule, "when": {"any_action": rule["when"]}})


@pytest.mark.parametrize("when,message", [
    ({"pattern": {"answer": ["topic", "question"], "words": {"lexicon": ["nope"]}}},
     "unknown lexicon 'nope'"),
    ({"pattern": {"answer": ["tone", "rewrites", "rewritten"], "words": {"nl": ["x"]}}},
     "no column rewritten in tone.rewrites"),
    ({"any": {"actors": {"id": {"in_answer": ["target_group", "whom"]}}}},
     "no worksheet field target_group.whom"),
    ({"me_intended": {"role": "bridgebuilder"}}, "unknown role 'bridgebuilder'"),
    ({"begun": ["strategy"]}, "unknown worksheet 'strategy'"),
])
def test_strategy_rules_are_checked_against_the_framework(framework, when, message):
    data = framework.model_dump(by_alias=True)
    rule = {"id": "extra", "severity": "hint", "concept": "fuel",
            "title": {"nl": "x", "en": "x"}, "message": {"nl": "y", "en": "y"}, "when": when}
    data["coach_rules"] = [*data["coach_rules"], rule]
    with pytest.raises(ValidationError) as err:
        Framework.model_validate(data)
    assert message in str(err.value)


def test_every_lexicon_is_used_and_bilingual(framework):
    used = {name for r in framework.coach_rules for c in vocabulary._walk(r.when)
            if c.pattern is not None
            for w in (c.pattern.words, c.pattern.unless, *(c.pattern.together or []))
            if w is not None for name in w.lexicon}
    assert {x.id for x in framework.lexicons} == used
    for lexicon in framework.lexicons:
        assert lexicon.nl and lexicon.en, lexicon.id


# -- the panel on part 3 ---------------------------------------------------------------------------
PANEL = """
import streamlit as st
from workbook.framework.loader import load_dir
from workbook.case.model import Case
from ui.coach import coach_panel
st.session_state["lang"] = LANG
coach_panel(Case.model_validate_json(DOC), load_dir().get("brandsma"), part=3)
"""


def panel(case: Case, lang: str = "nl") -> AppTest:
    script = PANEL.replace("LANG", repr(lang)).replace("DOC", repr(case.model_dump_json()))
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.exception
    return at


def test_the_panel_on_part_3_flags_the_weak_strategy():
    at = panel(weak_strategy(), "en")
    assert at.error and "A table or a stage for the pushers" in at.error[0].value
    body = "\n".join(x.value for x in [*at.error, *at.warning])
    assert "You stay above the poles" in body and "Your question is about identity" in body
    assert "Concept: Standing above the poles" in body


def test_the_panel_on_part_3_is_quiet_on_a_sound_strategy():
    at = panel(sound_strategy())
    assert not at.error and not at.warning and not at.info


# -- a coach that is right (issue #15): advice that contradicted the framework ---------------------
def test_contact_between_the_sides_is_not_staged_as_such(framework):
    # contact the young people asked for, or a barbecue for the whole street: contact, not a show
    for title in ("Barbecue met de jongeren en de buren, op vraag van de jongeren zelf",
                  "Voetbalmatch tegen de agenten van de wijkpost, op vraag van de jongeren",
                  "Street football the young people asked for, officers join their teams",
                  "Buurtbarbecue op het plein, georganiseerd door het jeugdhuis"):
        case = with_action(title=title, owner="Jeugdhuis", targets=["vrienden", "buren"],
                           game_changers=["position"])
        assert fired(case, framework) == set(), title


def test_contact_put_on_for_show_or_forced_is_staged_and_a_warning(framework):
    for title in ("Voetbalmatch politie tegen jongeren, met de lokale tv erbij",
                  "Barbecue met de jongeren zodat de krant kan tonen dat het weer goed zit",
                  "Football match police vs youth, filmed for the force's social media",
                  "All young people stopped last month must attend a meet and greet"):
        case = with_action(title=title, owner="Korpschef", targets=["vrienden", "buren"],
                           game_changers=["position"])
        (hint,) = strategy_hints(case, framework)
        assert hint.id == "action_staged_contact" and hint.severity == "warning", title


def test_mediation_of_the_conflict_is_not_dialogue_at_the_wrong_time(framework):
    # neighbours and young people around the table about the noise, at the peak: mediation
    case = with_scapegoat_and(title="Bemiddelingsgesprek rond de tafel met de buren en de "
                              "vrienden over het lawaai", owner="Buurtbemiddeling",
                              targets=["buren", "vrienden"], game_changers=["topic"])
    assert fired(case, framework) == set()
    # said by the structured answers: the dialogue is mediation, between these actors
    case = with_scapegoat_and(title="De buren en de vrienden samen aan tafel over het lawaai",
                              targets=["buren", "vrienden"], game_changers=["topic"])
    case = with_answer("dialogue", "kind", "mediation",
                       with_answer("dialogue", "with", ["buren", "vrienden"], case))
    assert fired(case, framework) == set()
    # a dialogue evening at the peak is still the wrong moment
    case = with_scapegoat_and(title="Open dialoogavond voor de hele wijk", targets=["ouders"],
                              game_changers=["topic"])
    assert fired(case, framework) == {"pitfall_wrong_time"}


def test_mediation_between_the_conflict_parties_is_no_dialogue_with_pushers(framework):
    case = with_answer("dialogue", "with", ["yassin", "buren"],
                       with_answer("dialogue", "kind", "mediation"))
    assert fired(case, framework) == set()
    assert fired(with_answer("dialogue", "kind", "middle_conversations", case),
                 framework) == {"dialogue_with_pushers"}


@pytest.mark.parametrize("rewrite", [
    "Dit gedrag is onaanvaardbaar.",
    "Geweld tegen agenten is onaanvaardbaar. Tegelijk hoor ik dat je je geviseerd voelt.",
    "Iemand bedreigen is ontoelaatbaar. Wat gebeurde er die avond?",
    "Throwing stones at the bus is unacceptable. What happened before that?",
])
def test_naming_a_limit_is_not_moralising(framework, rewrite):
    case = with_answer("tone", "rewrites", [{"original": "x", "rewrite": rewrite, "by": "y"}])
    assert fired(case, framework) == set()


def test_a_care_conversation_with_a_pupil_who_is_a_pusher_is_no_podium_and_no_side(framework):
    for title in ("Zorggesprek van de leerlingbegeleider met Yassin: hoe gaat het met hem?",
                  "One-to-one with Yassin and the pupil counsellor about how he is doing"):
        case = with_action(title=title, owner="Leerlingbegeleiding", targets=["yassin"],
                           game_changers=["position"])
        assert fired(case, framework) == set(), title


def test_one_action_is_flagged_once_for_one_reason(framework):
    # the pushers of both poles at one table: a stage for the pushers, said once
    case = with_action(title="Gesprek met Yassin en het comité", owner="Schepen",
                       targets=["yassin", "comite"], game_changers=["target_group"])
    assert fired(case, framework) == {"pitfall_podium"}
    # a one-sided pusher only: the stage, not also 'taking sides'
    case = with_action(title="Reageren op de posts van het comité", owner="Schepen",
                       targets=["comite"], game_changers=["tone"])
    assert fired(case, framework) == {"pitfall_podium"}


def test_acknowledging_one_groups_grievances_is_not_taking_sides(framework):
    case = with_action(title="De wijkagent erkent in het jeugdhuis de grieven van de jongeren "
                       "over de controles", owner="Wijkagent", targets=["vrienden"],
                       game_changers=["tone", "position"])
    assert fired(case, framework) == set()
    # the officer of the interview, looking for a connection together with the young people
    case = with_action(title="De wijkagent zoekt samen met de jongeren hoe controles eerlijker "
                       "kunnen", owner="Wijkagent", targets=["vrienden"],
                       game_changers=["position"])
    assert fired(case, framework) == set()
    case = with_action(title="Koffie met de vrienden om hun actie te steunen", owner="Schepen",
                       targets=["vrienden"], game_changers=["target_group"])
    assert fired(case, framework) == {"pitfall_taking_sides"}


# -- what a trainer would raise that the coach missed --------------------------------------------
@pytest.mark.parametrize("question", [
    "Wat voor wijk willen we zijn?",
    "Welke school willen wij zijn voor onze leerlingen?",
    "Wat voor een dorp worden we met het nieuwe centrum?",
    "What kind of town do we want to be?",
    "What sort of community are we becoming?",
    "Which kind of school do we want to be for our pupils?",
])
def test_an_identity_question_in_other_words_is_flagged(framework, question):
    assert fired(with_answer("topic", "question", question), framework) == {"topic_identity"}


@pytest.mark.parametrize("question", [
    "Welke afspraken maken we als school over de gsm op de speelplaats?",
    "Welke plek is er 's avonds voor jongeren in de wijk?",
    "What kind of support do parents need to let their children play outside?",
])
def test_a_concrete_question_with_the_same_words_is_not(framework, question):
    assert fired(with_answer("topic", "question", question), framework) == set()


@pytest.mark.parametrize("rewrite", [
    "Wij veroordelen dit gedrag ten stelligste.",
    "Het stadsbestuur keurt de filmpjes af en veroordeelt ze.",
    "Jullie zouden je moeten schamen.",
    "Dit tolereren we niet in onze wijk.",
    "In onze school aanvaarden wij geen haat.",
    "We condemn the violence in the strongest terms.",
    "You should be ashamed of yourselves.",
    "We will not tolerate this in our town.",
    "There is no place for hatred in Riverside.",
    "This is not who we are.",
])
def test_moralising_without_the_lexicons_words_is_flagged(framework, rewrite):
    case = with_answer("tone", "rewrites", [{"original": "x", "rewrite": rewrite, "by": "y"}])
    assert fired(case, framework) == {"tone_moralises"}


def test_words_quoted_from_others_are_not_the_trainees_tone(framework):
    case = with_answer("tone", "rewrites", [{
        "original": "x", "by": "y",
        "rewrite": "Je noemt ze 'tuig' omdat je 's nachts wakker ligt. Wat houdt je wakker?"}])
    assert fired(case, framework) == set()
    case = with_action(title="Luisterronde bij de bakker", targets=["bakker"],
                       game_changers=["target_group"], status="done",
                       reflection="Hij zei: 'die gasten moeten zich schamen'. Hij wil vooral rust.")
    assert fired(case, framework) == set()


# -- wording: the dynamic is neutral, no role is good or bad --------------------------------------
NOT_NEUTRAL = re.compile(
    r"\b(slechte?|kwade?|kwaadaardig\w*|gevaarlijk\w*|schadelijk\w*|giftig\w*|vijand\w*|"
    r"tegenstanders?|bad|evil|harmful|dangerous|toxic|enem(?:y|ies)|opponents?|"
    r"(?:polarisatie|polarisation) (?:is|als) (?:een )?(?:probleem|kwaal|gevaar|problem|threat|"
    r"danger))\b", re.IGNORECASE)


def test_the_coach_speaks_of_the_dynamic_neutrally(framework):
    """No rule calls a role bad or polarisation itself a harm: it names what a strategy does
    with the dynamic (fuel, a stage, a reflex)."""
    for rule in framework.coach_rules:
        for text in (rule.title.nl, rule.title.en, rule.message.nl, rule.message.en):
            found = NOT_NEUTRAL.search(text)
            assert found is None, f"{rule.id}: '{found.group(0)}' in {text!r}"
