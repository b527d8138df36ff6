"""Scenario practice: defined in YAML, complete in both languages, every path walked to an
ending with feedback in the framework's terms after every step; walks are stored with the
case; a broken scenario file is named with its line, in Dutch and English."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT
from tests.framework.test_exercises import copy_frameworks
from workbook.case.model import Case
from workbook.framework import scenarios as scn
from workbook.framework.loader import load_dir
from workbook.text import LANGS

THEMES = {  # the issue's six situations
    "council_pusher": "gemeenteraad", "journalist_call": "journalist",
    "debate_evening": "debatavond", "school_gate": "schoolpoort", "scapegoat": "zondebok",
    "whatsapp_middle": "WhatsApp",
}


@pytest.fixture(scope="module")
def scenarios(framework):
    return {sc.id: sc for sc in framework.scenarios}


def all_texts(sc) -> list:
    out = [sc.title, sc.setting]
    for step in sc.steps:
        out += [step.situation, step.prompt, step.model, step.explanation]
        for o in step.options:
            out += [o.label, o.feedback, o.middle, o.pushers]
    for end in sc.endings:
        out += [end.title, end.text]
    return [t for t in out if t is not None]


def test_six_scenarios_on_the_issues_situations(scenarios):
    assert set(THEMES) <= set(scenarios)
    for sid, word in THEMES.items():
        assert word.lower() in scenarios[sid].title.nl.lower(), sid
        assert scenarios[sid].part == 3


def test_every_text_in_both_languages_and_translated(scenarios):
    for sc in scenarios.values():
        for text in all_texts(sc):
            assert all(text(lang).strip() for lang in LANGS), sc.id
            if len(text.nl) > 40:
                assert text.nl != text.en, f"{sc.id}: not translated: {text.nl[:60]}"


def test_every_path_ends_with_three_decisions_or_more_and_two_good_paths(scenarios):
    for sc in scenarios.values():
        paths = scn.paths(sc)
        assert paths, sc.id
        assert min(p.decisions for p in paths) >= 3, sc.id
        assert sum(p.good for p in paths) >= 2, sc.id
        # every ending is reached by some path, every option lies on some path
        assert {p.ending.id for p in paths} == {e.id for e in sc.endings}, sc.id
        taken = {(s.id, o.id) for p in paths for s, o in p.steps if o is not None}
        assert taken == {(s.id, o.id) for s in sc.steps for o in s.options}, sc.id
        assert any(s.kind == "write" for s in sc.steps), f"{sc.id}: nothing to write"


def _walk(sc, path, lang: str, fw) -> dict:
    """Walk one path as a trainee does, checking the feedback after every step."""
    walk: dict = {}
    for step, option in path.steps:
        here = scn.replay(sc, walk)
        assert here.step is not None and here.step.id == step.id, "no dead end on the way"
        if option is None:
            answer = step.model(lang)
            walk = scn.write(sc, walk, answer)
            fb = scn.write_feedback(step, answer, fw)
            assert fb.clean, f"{sc.id}.{step.id}: the model answer itself moralises"
            assert fb.model(lang) and fb.explanation(lang)
            continue
        walk = scn.choose(sc, walk, option.id)
        fb = scn.option_feedback(option, fw)
        assert fb.why(lang) and fb.middle(lang) and fb.pushers(lang)
        assert [c.id for c in fb.serves] == option.serves
        assert [c.id for c in fb.breaks] == option.breaks
        assert [c.id for c in fb.pitfalls] == option.pitfalls
        if fb.verdict == "sound":
            assert fb.serves and not fb.pitfalls and not fb.breaks, (sc.id, option.id)
        else:  # said in the framework's terms: a game changer broken or a pitfall
            assert fb.breaks or fb.pitfalls, (sc.id, option.id)
    end = scn.replay(sc, walk)
    assert end.done and end.ending.id == path.ending.id
    assert end.ending.title(lang) and end.ending.text(lang)
    return walk


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("sid", sorted(THEMES))
def test_every_path_walked_with_feedback_after_every_step(scenarios, framework, sid, lang):
    sc = scenarios[sid]
    for path in scn.paths(sc):
        walk = _walk(sc, path, lang, framework)
        assert len(walk["steps"]) == len(path.steps) and walk["ended"] == path.ending.id


@pytest.mark.parametrize("text, lang", [
    ("Die hangjongeren moeten zich schamen. Dit tolereren we niet.", "nl"),
    ("Het is een schande, dat soort mensen hoort hier niet thuis.", "nl"),
    ("Shame on you, those people have no respect.", "en"),
    ("We will not tolerate these thugs any longer.", "en"),
])
def test_a_moralising_answer_gets_the_coachs_tone_feedback(scenarios, framework, text, lang):
    step = next(s for s in scenarios["whatsapp_middle"].steps if s.kind == "write")
    fb = scn.write_feedback(step, text, framework)
    assert [h.id for h in fb.hints] == ["tone_moralises"]
    assert fb.hints[0].rule.message(lang)


def test_a_sound_answer_of_ones_own_gets_no_tone_remark(scenarios, framework):
    step = next(s for s in scenarios["whatsapp_middle"].steps if s.kind == "write")
    for text in ("Veel buren maken zich zorgen na de inbraken. Wat kunnen we samen doen?",
                 "Many of us are worried after the burglaries. What could we do together?"):
        assert scn.write_feedback(step, text, framework).clean


# --- Walks kept with the case --------------------------------------------------------------

def test_back_restart_and_finished_walks_are_kept(scenarios):
    sc = scenarios["council_pusher"]
    good = next(p for p in scn.paths(sc) if p.good)
    walk: dict = {}
    for step, option in good.steps:
        walk = (scn.choose(sc, walk, option.id) if option is not None
                else scn.write(sc, walk, "Beste buur, wat hebt u nodig?"))
    assert scn.replay(sc, walk).done
    back = scn.back(sc, walk)
    assert not scn.replay(sc, back).done and back["ended"] is None
    again = scn.restart(sc, walk)
    assert again["steps"] == [] and len(again["walks"]) == 1
    assert again["walks"][0]["ended"] == good.ending.id
    assert scn.finished(sc, again) == ["sound"]
    # nothing happens for an option that is not there, or a blank text
    assert scn.choose(sc, again, "no_such_option")["steps"] == []
    assert scn.write(sc, again, "  ")["steps"] == []


def test_a_stored_walk_that_no_longer_fits_is_cut_where_it_stops_fitting(scenarios):
    sc = scenarios["school_gate"]
    first = sc.first.options[0]
    walk = {"steps": [{"step": sc.first.id, "choice": first.id},
                      {"step": first.next, "choice": "removed_from_the_yaml"}]}
    pos = scn.replay(sc, walk)
    assert len(pos.taken) == 1 and pos.step.id == first.next
    for odd in (None, {}, {"steps": "x"}, {"steps": [1, None, {"step": 3}]}):
        assert scn.replay(sc, odd).step.id == sc.first.id


def test_progress_is_stored_with_the_case_and_summarised(store, scenarios, framework):
    sc = scenarios["journalist_call"]
    good = next(p for p in scn.paths(sc) if p.good)
    walk: dict = {}
    for step, option in good.steps:
        walk = (scn.choose(sc, walk, option.id) if option is not None
                else scn.write(sc, walk, step.model("nl")))
    cid = store.create(Case(title="Oefenen")).case.id
    store.apply(cid, ("progress", scn.PROGRESS_KEY, sc.id), walk)
    case = store.get(cid).case
    rows = {r.scenario.id: r for r in scn.progress_overview(case.progress, framework.scenarios)}
    assert rows[sc.id].done and rows[sc.id].good_endings == 1 and rows[sc.id].updated
    assert not rows["scapegoat"].done
    odd = scn.progress_overview({"scenarios": "garbage"}, framework.scenarios)
    assert not any(r.done for r in odd)


# --- A facilitator adds a scenario with YAML only; mistakes are named with their line ------

NEW = textwrap.dedent("""\
    scenarios:
      - id: market_stall
        title: {nl: "Op de markt", en: "At the market"}
        setting: {nl: "Een kraam op de markt.", en: "A stall at the market."}
        steps:
          - id: first
            situation: {nl: "Iemand roept.", en: "Someone shouts."}
            prompt: {nl: "Wat doe je?", en: "What do you do?"}
            options:
              - id: listen
                label: {nl: "Luisteren", en: "Listen"}
                verdict: sound
                serves: [tone]
                feedback: {nl: "Goed.", en: "Good."}
                middle: {nl: "Rustig.", en: "Calm."}
                pushers: {nl: "Stil.", en: "Quiet."}
                next: done
              - id: shout
                label: {nl: "Terugroepen", en: "Shout back"}
                verdict: pitfall
                breaks: [tone]
                feedback: {nl: "Niet goed.", en: "Not good."}
                middle: {nl: "Weg.", en: "Gone."}
                pushers: {nl: "Luid.", en: "Loud."}
                next: NEXT
        endings:
          - id: done
            verdict: sound
            title: {nl: "Klaar", en: "Done"}
            text: {nl: "Het is rustig.", en: "It is calm."}
    """)


def add_scenario(tmp_path, text: str):
    target = copy_frameworks(tmp_path)
    path = target / "brandsma" / "scenarios" / "90_market.yaml"
    path.write_text(text, "utf-8")
    return target, path


def test_a_new_scenario_file_shows_up_without_code(tmp_path):
    target, _ = add_scenario(tmp_path, NEW.replace("NEXT", "done"))
    cat = load_dir(target)
    assert [p.format() for p in cat.problems] == []
    sc = cat.get("brandsma").scenario("market_stall")
    assert sc is not None and len(scn.paths(sc)) == 2


@pytest.mark.parametrize("change, line_of, nl, en", [
    (("NEXT", "nowhere"), "next: nowhere", "leidt naar 'nowhere'", "leads to 'nowhere'"),
    (("NEXT", "first"), "- id: first", "naar zichzelf terugleiden", "lead back to itself"),
    (("serves: [tone]", "serves: [tune]"), "serves: [tune]", "gamechangers die het denkkader",
     "game changers the framework"),
    (("breaks: [tone]", "pitfalls: [podium]"), "pitfalls: [podium]", "valkuilen",
     "pitfalls the framework"),
])
def test_a_broken_scenario_is_named_with_file_and_line(tmp_path, change, line_of, nl, en):
    text = NEW.replace("NEXT", "done") if change[0] != "NEXT" else NEW
    text = text.replace(*change)
    target, path = add_scenario(tmp_path, text)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if line_of in l)
    cat = load_dir(target)
    assert len(cat.problems) == 1
    problem = cat.problems[0]
    assert problem.line == line, problem.format()
    assert problem.source.endswith("90_market.yaml")
    assert problem.format("nl").startswith(f"{problem.source}:{line}: ")
    assert nl in problem.format("nl") and en in problem.format("en")
    # the rest of the framework still loads, without the broken file
    assert cat.get("brandsma").scenario("market_stall") is None
    assert cat.get("brandsma").scenario("council_pusher") is not None


def test_validate_names_file_and_line_of_a_broken_scenario(tmp_path):
    bad = tmp_path / "scenario.yaml"
    bad.write_text(NEW.replace("NEXT", "nowhere"), "utf-8")
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(NEW.replace("NEXT", "done").replace("serves: [tone]", "serves: [tune]"),
                       "utf-8")
    env = {**os.environ, "WORKBOOK_DB": f"sqlite:///{tmp_path / 'v.db'}"}
    out = subprocess.run([sys.executable, "-m", "workbook", "--lang", "nl", "validate", str(bad),
                          str(unknown)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    bad_line = next(i for i, l in enumerate(NEW.splitlines(), 1) if "next: NEXT" in l)
    assert any(l.startswith(f"{bad}:{bad_line}: ") and "nowhere" in l for l in lines), lines
    assert any(l.startswith(f"{unknown}:") and "tune" in l for l in lines), lines
    assert "Traceback" not in out.stdout + out.stderr
