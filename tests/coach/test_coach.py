"""The coach: every rule fires on a case built to trigger it and stays quiet on a sound one;
the rule vocabulary is validated and evaluated without eval."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from workbook import coach
from workbook.case.model import Actor, Case, FuelEvent, Pole
from workbook.case.files import read_case
from workbook.framework.loader import load_dir
from workbook.framework.schema import Framework

EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"
IDENTITY_A = "De politie viseert ons alleen omdat we jong zijn en hier rondhangen."
IDENTITY_B = "Die jongeren hebben geen respect en maken het plein onveilig."


def sound_case() -> Case:
    """A sound analysis: two pushers, a named silent middle with its concerns, every fuel
    event sourced, identity statements at both poles."""
    return Case(
        title="Stationsplein",
        poles=[Pole(side="a", label="De jongeren", identity=IDENTITY_A),
               Pole(side="b", label="De politie en de buurt", identity=IDENTITY_B)],
        actors=[
            Actor(id="yassin", name="Yassin", role="pusher", side="a", stance=-0.9),
            Actor(id="comite", name="Buurtcomité", role="pusher", side="b", stance=0.9),
            Actor(id="vrienden", name="Vrienden", kind="group", role="joiner", side="a",
                  stance=-0.5),
            Actor(id="ouders", name="Ouders", kind="group", role="silent"),
        ],
        fuel=[FuelEvent(source="yassin", description="Filmpje van een controle", channel="TikTok"),
              FuelEvent(source="comite", description="Brief aan de gemeenteraad")],
        answers={"middle": {"members": ["ouders"],
                            "concerns": "Een veilig plein waar hun kinderen welkom zijn."},
                 "actors": {"own_role": "silent"}},
    )


def fired(case: Case, fw) -> set[str]:
    return {h.id for h in coach.hints(case, fw)}


def edit(**changes) -> Case:
    data = sound_case().model_dump()
    data.update(changes)
    return Case.model_validate(data)


def with_actor(**fields) -> Case:
    case = sound_case()
    case.actors = [*case.actors, Actor(**fields)]
    return case


def with_identity(side: str, text: str) -> Case:
    case = sound_case()
    case.poles = [p.model_copy(update={"identity": text}) if p.side == side else p
                  for p in case.poles]
    return case


def with_answer(sheet: str, field: str, value) -> Case:
    case = sound_case()
    answers = {k: dict(v) for k, v in case.answers.items()}
    answers.setdefault(sheet, {})[field] = value
    case.answers = answers
    return case


def without_actor(actor_id: str) -> Case:
    case = sound_case()
    case.actors = [a for a in case.actors if a.id != actor_id]
    case.fuel = [e for e in case.fuel if e.source != actor_id]
    return case


# -- the sound case and the example -----------------------------------------------------------
def test_a_sound_analysis_gets_no_false_alarm(framework):
    assert coach.hints(sound_case(), framework) == []


def test_a_blank_case_gets_no_hints(framework):
    assert coach.is_blank(Case())
    assert coach.hints(Case(), framework) == []


def test_the_example_case_gets_the_hints_a_trainer_would_give(framework):
    case = read_case(EXAMPLE.read_bytes(), "example")
    hints = coach.hints(case, framework)
    assert [h.id for h in hints] == ["scapegoat", "no_middle_concerns", "bridge_builder"]
    assert hints[0].severity == "urgent"
    assert hints[0].subjects == ("Wijkagent",)
    # its identity statements are constructs, not facts
    assert "construct_as_fact" not in {h.id for h in hints}


# -- each rule fires on a case built to trigger it, and only that rule ------------------------
TRIGGERS = {
    "scapegoat": lambda: with_actor(id="agent", name="Wijkagent", role="scapegoat"),
    "one_sided_pushers": lambda: without_actor("comite"),
    "bridge_builder": lambda: with_actor(id="jw", name="Jeugdwerker", role="bridge_builder"),
    "own_role_bridge_builder": lambda: with_answer("actors", "own_role", "bridge_builder"),
    "no_silent_middle": lambda: _no_middle(),
    "no_middle_concerns": lambda: with_answer("middle", "concerns", "   "),
    "construct_as_fact": lambda: with_identity("a", "Op 3 mei sloeg agent X een jongere."),
    "construct_without_identity": lambda: with_identity("b", ""),
    "fuel_without_source": lambda: edit(fuel=[{"source": "", "description": "Affiche"}]),
}


def _no_middle() -> Case:
    case = without_actor("ouders")
    answers = {k: dict(v) for k, v in case.answers.items()}
    answers["middle"]["members"] = []
    case.answers = answers
    return case


def test_the_required_rules_exist_and_are_all_tested(framework):
    ids = {r.id for r in framework.coach_rules}
    assert set(TRIGGERS) <= ids


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_rule_fires_on_its_trigger_and_alone(framework, rule_id):
    assert fired(TRIGGERS[rule_id](), framework) == {rule_id}


def test_urgent_comes_first_then_warnings_then_hints(framework):
    case = TRIGGERS["fuel_without_source"]()
    case.actors = [a for a in case.actors if a.role != "pusher" or a.side == "a"]
    case.actors = [*case.actors, Actor(id="jw", name="Jeugdwerker", role="bridge_builder"),
                   Actor(id="agent", name="Wijkagent", role="scapegoat")]
    hints = coach.hints(case, framework)
    assert [h.id for h in hints] == ["scapegoat", "one_sided_pushers", "bridge_builder",
                                     "fuel_without_source"]
    assert [h.severity for h in hints] == ["urgent", "warning", "hint", "hint"]


def test_scapegoat_is_urgent_and_names_the_person(framework):
    (hint,) = coach.hints(TRIGGERS["scapegoat"](), framework)
    assert hint.severity == "urgent" and hint.rule.concept == "scapegoat"
    assert hint.subjects == ("Wijkagent",)


def test_bridge_builder_rests_on_the_above_the_poles_pitfall(framework):
    (hint,) = coach.hints(TRIGGERS["bridge_builder"](), framework)
    assert hint.rule.concept == "above_the_poles"
    assert "boven de polen" in hint.rule.message.nl
    assert "above the poles" in hint.rule.message.en


@pytest.mark.parametrize("pushers", [
    [("a", "a")],  # both at pole A
    [("a", "none")],  # the second has no side yet
    [],  # only one pusher in all
])
def test_pushers_on_one_side_only(framework, pushers):
    case = without_actor("comite")
    case.actors = [*case.actors,
                   *[Actor(id=f"p{i}", name=f"P{i}", role="pusher", side=side)
                     for i, (_, side) in enumerate(pushers)]]
    assert "one_sided_pushers" in fired(case, framework)


def test_no_pusher_at_all_is_not_called_one_sided(framework):
    case = without_actor("comite")
    case.actors = [a for a in case.actors if a.role != "pusher"]
    assert "one_sided_pushers" not in fired(case, framework)


@pytest.mark.parametrize("how", ["silent_actor", "members", "others"])
def test_the_middle_counts_as_named_in_any_of_three_ways(framework, how):
    case = _no_middle()
    if how == "silent_actor":
        case.actors = [*case.actors, Actor(id="bakker", name="De bakker", role="silent")]
    elif how == "members":
        case.answers = {**case.answers, "middle": {**case.answers["middle"], "members": ["vrienden"]}}
    else:
        case.answers = {**case.answers,
                        "middle": {**case.answers["middle"], "others": "Ouders op het speelplein"}}
    assert "no_silent_middle" not in fired(case, framework)


@pytest.mark.parametrize("identity", [
    "Op 3 mei sloeg agent X een jongere.",
    "On 3 May officer X hit a young man.",
    "Gisteren schopte Yassin tegen de auto van de buurman.",
    "Last night a shop window was smashed.",
    "12/09/2026: identiteitscontrole bij het station",
    "Controle op 2026-09-02",
])
def test_a_fact_at_a_pole_is_flagged(framework, identity):
    (hint,) = coach.hints(with_identity("b", identity), framework)
    assert hint.id == "construct_as_fact"
    assert hint.subjects == ("De politie en de buurt",)


@pytest.mark.parametrize("identity", [
    IDENTITY_A,
    IDENTITY_B,
    "Ze pakken ons altijd.",
    "Die gasten maken hier alles kapot.",
    "They always pick on us because we are young.",
    "Those youngsters have no respect for anyone.",
    "Ze zijn allemaal 100% tegen ons.",  # a number, but generalising words: a construct
    "De flikken zijn racisten.",
    "Young people may feel unsafe here.",
])
def test_a_construct_is_not_flagged_as_a_fact(framework, identity):
    assert "construct_as_fact" not in fired(with_identity("a", identity), framework)


def test_an_unlabelled_pole_without_identity_is_not_nagged_about(framework):
    case = sound_case()
    case.poles = [*case.poles, Pole(side="a"), Pole(side="b")]  # a second construct, not begun
    assert fired(case, framework) == set()


def test_fuel_whose_source_was_removed_has_no_source(framework):
    case = sound_case()
    case.actors = [a for a in case.actors if a.id != "vrienden"]
    case.fuel = [*case.fuel, FuelEvent(source="gone", description="Oude tweet")]
    hints = coach.hints(case, framework)
    assert [h.id for h in hints] == ["fuel_without_source"]
    assert hints[0].subjects == ("Oude tweet",)


# -- every rule is complete -----------------------------------------------------------------------
def test_every_rule_is_bilingual_and_rests_on_a_known_concept(framework):
    assert framework.coach_rules
    for rule in framework.coach_rules:
        assert framework.concept(rule.concept) is not None, rule.id
        assert rule.worksheet is None or framework.worksheet(rule.worksheet) is not None
        for text in (rule.title, rule.message):
            assert text.nl.strip() and text.en.strip() and text.nl != text.en, rule.id


# -- the vocabulary ------------------------------------------------------------------------------
def cond(data) -> coach.Condition:
    return coach.Condition.model_validate(data)


@pytest.mark.parametrize("op,value,expected", [
    ("<", 2, False), ("<", 3, True), ("<=", 2, True), ("==", 2, True), ("!=", 2, False),
    (">=", 3, False), (">", 1, True),
])
def test_count_compares(op, value, expected):
    c = cond({"count": {"actors": {"role": "pusher"}}, "op": op, "value": value})
    assert coach.holds(c, sound_case()) is expected


def test_count_of_a_list_answer_and_filters_with_lists_and_not():
    case = with_answer("intake", "signals", ["extreme_voices", "complexity_erased", ""])
    assert coach.holds(cond({"count": {"answer": ["intake", "signals"]}, "op": "==",
                             "value": 2}), case)
    assert coach.holds(cond({"count": {"actors": {"role": ["pusher", "joiner"]}},
                             "op": "==", "value": 3}), case)
    assert coach.holds(cond({"count": {"actors": {"role": {"not": "pusher"}}},
                             "op": "==", "value": 2}), case)
    assert coach.holds(cond({"any": {"fuel": {"source": {"is_actor": True}}}}), case)
    assert not coach.holds(cond({"any": {"fuel": {"source": {"is_actor": False}}}}), case)


def test_empty_equals_and_combinators():
    case = sound_case()
    assert coach.holds(cond({"empty": {"answer": ["intake", "what"]}}), case)
    assert not coach.holds(cond({"empty": {"answer": ["middle", "members"]}}), case)
    assert coach.holds(cond({"equals": {"answer": ["middle", "members"]}, "value": "ouders"}),
                       case)
    assert coach.holds(cond({"equals": {"answer": ["actors", "own_role"]},
                             "value": ["joiner", "silent"]}), case)
    assert coach.holds(cond({"not": {"any_of": [{"any": {"actors": {"role": "scapegoat"}}},
                                                {"empty": {"answer": ["middle", "concerns"]}}]}}),
                       case)
    assert not coach.holds(cond({"all": [{"any": {"actors": {}}},
                                         {"any": {"poles": {"label": ""}}}]}), case)


def test_odd_answer_values_never_break_the_coach(framework):
    case = sound_case()
    case.answers = {"middle": {"members": "ouders", "concerns": 42, "others": {"x": 1}},
                    "actors": {"own_role": None}, "intake": {}}
    coach.hints(case, framework)  # no exception
    assert not coach.holds(cond({"empty": {"answer": ["middle", "concerns"]}}), case)


def test_word_lists_match_whole_words_phrases_and_endings_and_are_no_regex():
    pattern = coach.Pattern.model_validate({
        "of": "pole_identity", "words": {"nl": ["arresteer*", "vorige week", "a.b"]},
        "unless": {"en": ["they"]}})
    assert coach.text_matches(pattern, "Ze arresteerden hem.")
    assert coach.text_matches(pattern, "Vorige   week bij het station")
    assert coach.text_matches(pattern, "code a.b")
    assert not coach.text_matches(pattern, "code axb")  # '.' is a dot, not 'any character'
    assert not coach.text_matches(pattern, "gearresteerd")  # whole words: no match inside
    assert not coach.text_matches(pattern, "vorige weken")
    assert not coach.text_matches(pattern, "They arrested him vorige week")
    assert not coach.text_matches(pattern, "   ")


@pytest.mark.parametrize("data,message", [
    ({"any": {"actors": {"rol": "pusher"}}}, "no field rol"),
    ({"count": {"actors": {}}}, "count needs 'op'"),
    ({"count": {"actors": {}}, "op": "<", "value": "2"}, "whole-number"),
    ({"any": {"actors": {}}, "empty": {"answer": ["a", "b"]}}, "exactly one of"),
    ({"any": {"actors": {}, "fuel": {}}}, "exactly one of actors"),
    ({"empty": {"answer": ["middle"]}}, "[worksheet_id, field_id]"),
    ({"any": {"actors": {}}, "op": "<"}, "belong to count"),
    ({"all": []}, "at least one"),
    ({"pattern": {"of": "pole_identity"}}, "needs 'numbers: true'"),
    ({"pattern": {"of": "pole_nonsense", "numbers": True}}, "pole_identity"),
    ({"whenever": True}, "whenever"),
])
def test_bad_conditions_are_refused_with_a_reason(data, message):
    with pytest.raises(ValidationError) as err:
        cond(data)
    assert message in str(err.value)


@pytest.mark.parametrize("change,message", [
    ({"concept": "no_such_concept"}, "unknown concept 'no_such_concept'"),
    ({"worksheet": "no_sheet"}, "unknown worksheet 'no_sheet'"),
    ({"when": {"empty": {"answer": ["middle", "worries"]}}}, "no worksheet field middle.worries"),
    ({"when": {"any": {"actors": {"role": "pushr"}}}}, "unknown role 'pushr'"),
])
def test_rules_are_checked_against_the_framework(framework, change, message):
    data = framework.model_dump(by_alias=True)
    rule = {"id": "extra", "severity": "hint", "concept": "fuel",
            "title": {"nl": "x", "en": "x"}, "message": {"nl": "y", "en": "y"},
            "when": {"any": {"actors": {}}}, **change}
    data["coach_rules"] = [*data["coach_rules"], rule]
    with pytest.raises(ValidationError) as err:
        Framework.model_validate(data)
    assert message in str(err.value)


def test_a_broken_rule_file_is_reported_and_the_other_rules_still_load(tmp_path):
    shutil.copy(ROOT / "frameworks" / "brandsma.yaml", tmp_path / "brandsma.yaml")
    shutil.copytree(ROOT / "frameworks" / "brandsma", tmp_path / "brandsma")
    (tmp_path / "brandsma" / "coach" / "99_mine.yaml").write_text(
        "coach_rules:\n  - id: mine\n    severity: hint\n    concept: nonsense\n"
        "    title: {nl: a, en: a}\n    message: {nl: b, en: b}\n"
        "    when: {any: {actors: {}}}\n", encoding="utf-8")
    (tmp_path / "brandsma" / "coach" / "98_typo.yaml").write_text(
        "coach_rules:\n  - id: typo\n    severity: hint\n    concept: fuel\n"
        "    title: {nl: a, en: a}\n    message: {nl: b, en: b}\n"
        "    when:\n      any: {actors: {role: pusher}}\n      severity: hint\n",
        encoding="utf-8")
    cat = load_dir(tmp_path)
    found = " ".join(p.format() for p in cat.problems)
    assert "99_mine.yaml" in found and "nonsense" in found
    assert "98_typo.yaml" in found
    assert any(p.line for p in cat.problems if "98_typo" in p.format())
    ids = {r.id for r in cat.get("brandsma").coach_rules}
    assert set(TRIGGERS) <= ids and not {"mine", "typo"} & ids


def test_the_evaluator_uses_no_eval_or_exec():
    for path in (ROOT / "workbook" / "coach").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        called = {n.func.id for n in ast.walk(tree)
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not called & {"eval", "exec", "compile", "__import__"}
        assert "import streamlit" not in path.read_text()


# -- any case at all: the coach answers, never raises ------------------------------------------
ROLES = st.sampled_from(["", "pusher", "joiner", "silent", "bridge_builder", "scapegoat"])
TEXT = st.text(max_size=60)


@st.composite
def cases(draw):
    actors = [Actor(id=f"a{i}", name=draw(TEXT), role=draw(ROLES),
                    side=draw(st.sampled_from(["a", "b", "none"])))
              for i in range(draw(st.integers(0, 6)))]
    ids = [a.id for a in actors] + ["", "gone"]
    fuel = [FuelEvent(source=draw(st.sampled_from(ids)), description=draw(TEXT))
            for _ in range(draw(st.integers(0, 4)))]
    poles = [Pole(side="a", label=draw(TEXT), identity=draw(TEXT)),
             Pole(side="b", label=draw(TEXT), identity=draw(TEXT))]
    value = st.one_of(st.none(), TEXT, st.integers(), st.lists(TEXT, max_size=3),
                      st.dictionaries(TEXT, st.integers(), max_size=2))
    answers = {ws: {f: draw(value) for f in fields} for ws, fields in
               (("middle", ("members", "others", "concerns")), ("actors", ("own_role",)))}
    return Case(actors=actors, fuel=fuel, poles=poles, answers=answers)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_coach_never_raises_and_keeps_its_order(case):
    fw = _framework()
    hints = coach.hints(case, fw)
    order = [coach.SEVERITY_ORDER[h.severity] for h in hints]
    assert order == sorted(order)
    assert len({h.id for h in hints}) == len(hints)


_FW: list = []


def _framework():
    if not _FW:
        _FW.append(load_dir().get("brandsma"))
    return _FW[0]


# -- the panel -------------------------------------------------------------------------------------
PANEL = """
import streamlit as st
from workbook.framework.loader import load_dir
from workbook.case.model import Case
from ui.coach import coach_panel
st.session_state["lang"] = LANG
coach_panel(Case.model_validate_json(DOC), load_dir().get("brandsma"))
"""


def panel(case: Case, lang: str = "nl") -> AppTest:
    script = PANEL.replace("LANG", repr(lang)).replace("DOC", repr(case.model_dump_json()))
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.exception
    return at


def test_panel_shows_urgent_first_with_concept_names_in_dutch():
    at = panel(read_case(EXAMPLE.read_bytes(), "example"))
    assert len(at.error) == 1 and len(at.warning) == 1 and len(at.info) == 1
    urgent = at.error[0].value
    assert "Dringend" in urgent and "Er is een zondebok" in urgent
    assert "Begrip: Zondebok" in urgent and "Werkblad: Actoren en rollen" in urgent
    assert "Gaat over: Wijkagent" in urgent
    assert "Begrip: Boven de polen gaan staan" in at.info[0].value


def test_panel_in_english():
    at = panel(read_case(EXAMPLE.read_bytes(), "example"), lang="en")
    assert "There is a scapegoat" in at.error[0].value
    assert "Concept: Scapegoat" in at.error[0].value


def test_panel_is_quiet_and_positive_on_a_sound_case():
    at = panel(sound_case())
    assert not at.error and not at.warning and not at.info
    assert any("niets om je op te wijzen" in c.value for c in at.caption)


def test_panel_on_a_blank_case_waits():
    at = panel(Case())
    assert not at.error and not at.warning
    assert any("zodra je iets invult" in c.value for c in at.caption)


def test_user_text_in_the_panel_is_not_markup():
    case = with_actor(id="x", name="**[klik](http://evil.example)**", role="scapegoat")
    at = panel(case)
    body = at.error[0].value
    assert "\\*\\*\\[klik\\]\\(http\\:" in body  # escaped, so shown as typed
