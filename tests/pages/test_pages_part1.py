"""The Part 1 page: explorer, dynamic, exercises, my-own-role worksheet and cheat sheet,
with and without a case, in both languages; the open tab is in the URL and only it is drawn."""

from __future__ import annotations

import json

import pytest

from tests.apptest import start, texts
from tests.framework.test_exercises import NEW_SET, copy_frameworks
from workbook.framework import loader as frameworks
from workbook.case.model import Case

PAGE = "app_pages/part1.py"
TAB_IDS = ["explorer", "dynamic", "exercises", "my_role", "cheatsheet"]
TABS = {"nl": ["Begrippen", "De dynamiek", "Oefeningen", "Mijn eigen rol", "Spiekbrief"],
        "en": ["Concepts", "The dynamic", "Exercises", "My own role", "Cheat sheet"]}


def radio_key(set_id: str, item_id: str) -> str:
    return f"w:ex:{set_id}:{item_id}"


def expander_labels(at) -> list[str]:
    return [e.label for e in at.expander]


def open_tab(at, tab: str, lang: str = "nl"):
    """Click a tab, as the user does: its label becomes the tabs' state."""
    at.session_state[f"part1_tabs_{lang}"] = TABS[lang][TAB_IDS.index(tab)]
    return at.run()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_without_a_case(db_url, framework, lang):
    at = start(lang=lang, page=PAGE)
    assert not at.exception
    assert [tab.label for tab in at.tabs] == TABS[lang]
    labels = " ".join(expander_labels(at))
    for concept in framework.concepts.all():
        assert concept.name(lang) in labels, concept.id
    def animations():
        return [c for c in at.get("plotly_chart") if json.loads(c.proto.spec).get("frames")]

    assert animations() == [], "only the open tab is drawn"
    open_tab(at, "exercises", lang)
    assert ("pas bewaard zodra je een casus opent" if lang == "nl"
            else "only saved once you open a case") in texts(at)
    assert expander_labels(at) == [] and at.query_params["tab"] == "exercises"
    # the animation is there, with its frames
    open_tab(at, "dynamic", lang)
    assert any(len(json.loads(c.proto.spec)["frames"]) >= 8 for c in animations())
    open_tab(at, "cheatsheet", lang)
    assert any(b.proto.label.startswith("Spiekbrief" if lang == "nl" else "Download")
               for b in at.get("download_button"))
    open_tab(at, "explorer", lang)
    assert "tab" not in at.query_params, "the first tab needs no parameter"


@pytest.mark.parametrize("tab", TAB_IDS)
def test_a_link_opens_its_tab_and_a_language_switch_keeps_it(db_url, tab):
    at = start(lang="en", page=PAGE, tab=tab)
    assert not at.exception
    assert at.session_state["part1_tabs_en"] == TABS["en"][TAB_IDS.index(tab)]
    assert at.query_params.get("tab", TAB_IDS[0]) == tab
    at.segmented_control(key="lang").set_value("nl").run()
    assert not at.exception
    assert at.session_state["part1_tabs_nl"] == TABS["nl"][TAB_IDS.index(tab)]
    assert [t.label for t in at.tabs] == TABS["nl"]


def test_a_link_to_a_tab_that_does_not_exist_opens_the_first(db_url):
    at = start(page=PAGE, tab="<script>")
    assert not at.exception
    assert at.session_state["part1_tabs_nl"] == TABS["nl"][0]
    assert "tab" not in at.query_params


def test_search_narrows_the_explorer(db_url):
    at = start(lang="en", page=PAGE)
    at.text_input(key="p1_search").input("scapegoat").run()
    labels = expander_labels(at)
    assert any("Scapegoat" in label for label in labels)
    assert not any("Prevention" == label for label in labels)
    at.text_input(key="p1_search").input("zondebok").run()  # Dutch word, English page
    assert any("Scapegoat" in label for label in expander_labels(at))
    at.text_input(key="p1_search").input("qwertyuiop").run()
    assert "No concept found" in texts(at)


def test_exercise_feedback_without_a_case_stays_in_the_session(db_url, framework):
    at = start(page=PAGE, tab="exercises")
    ex = next(e for e in framework.exercises if e.id == "which_role")
    first, second = ex.items[:2]
    at.radio(key=radio_key(ex.id, first.id)).set_value(first.answer).run()
    wrong = next(r.id for r in framework.concepts.roles if r.id != second.answer)
    at.radio(key=radio_key(ex.id, second.id)).set_value(wrong).run()
    assert not at.exception
    success = " ".join(s.value for s in at.success)
    error = " ".join(e.value for e in at.error)
    assert "Juist" in success and first.feedback.nl in success
    assert "Niet helemaal" in error and second.feedback.nl in error
    assert framework.role(second.answer).name.nl in error
    assert at.session_state["_exercise_answers"]["which_role"] == {
        first.id: first.answer, second.id: wrong}


def test_exercise_results_are_saved_with_the_case_and_shown_on_the_case_page(store, framework):
    cid = store.create(Case(title="Oefencasus")).case.id
    at = start(cid, page=PAGE, tab="exercises")
    ex = next(e for e in framework.exercises if e.id == "fact_or_construct")
    item = ex.items[0]
    at.segmented_control(key="p1_exercise").set_value(ex.id).run()
    at.radio(key=radio_key(ex.id, item.id)).set_value(item.answer).run()
    assert not at.exception
    progress = store.get(cid).case.progress[ex.id]
    assert progress["answers"] == {item.id: item.answer}
    assert (progress["score"], progress["answered"], progress["total"]) == (1, 1, len(ex.items))
    # later, in another session: the answer and its feedback are still there
    later = start(cid, page=PAGE, tab="exercises")
    later.segmented_control(key="p1_exercise").set_value(ex.id).run()
    assert later.radio(key=radio_key(ex.id, item.id)).value == item.answer
    case_page = start(cid, page="app_pages/case.py")
    assert not case_page.exception
    assert any(f"1 van {len(ex.items)} beantwoord, 1 juist" in str(p.proto.text)
               for p in case_page.get("progress"))


def test_the_mediative_tone_exercise_moved_to_part_3_and_the_tab_says_so(db_url, framework):
    at = start(page=PAGE, tab="exercises")
    assert "mediative_tone" not in at.segmented_control(key="p1_exercise").options
    assert "staat nu bij deel 3" in texts(at)


def test_answers_given_before_opening_a_case_move_into_it(store, framework):
    at = start(page=PAGE, tab="exercises")
    ex = next(e for e in framework.exercises if e.id == "which_role")
    item = ex.items[0]
    at.radio(key=radio_key(ex.id, item.id)).set_value(item.answer).run()
    cid = store.create(Case(title="Later")).case.id
    at.run()  # the sidebar now offers the new case
    at.selectbox(key="case_picker").set_value(cid).run()  # the trainee opens it
    assert not at.exception
    assert store.get(cid).case.progress[ex.id]["answers"] == {item.id: item.answer}


def test_my_own_role_worksheet_with_roles(store, framework):
    cid = store.create(Case(title="Rol")).case.id
    at = start(cid, page=PAGE, tab="my_role")
    ws = framework.worksheet("my_role")
    assert ws is not None and ws.part == 1
    assert ws.field("usual_role").options_from == "roles"
    assert ws.field("fitting_role").options_from == "roles"
    assert "Mijn eigen rol" in [s.value for s in at.subheader]
    key = "w:my_role:usual_role"
    at.radio(key=key).set_value("bridge_builder").run()
    assert store.get(cid).case.answers["my_role"]["usual_role"] == "bridge_builder"


def test_a_new_exercise_yaml_shows_up_on_the_page(db_url, tmp_path, monkeypatch):
    target = copy_frameworks(tmp_path)
    (target / "brandsma" / "exercises" / "90_which_phase.yaml").write_text(NEW_SET, "utf-8")
    load, sig = frameworks.load_dir, frameworks.signature
    monkeypatch.setattr(frameworks, "load_dir", lambda directory=target: load(directory))
    monkeypatch.setattr(frameworks, "signature", lambda directory=target: sig(directory))
    at = start(page=PAGE, tab="exercises")
    control = at.segmented_control(key="p1_exercise")
    assert "Welke fase?" in control.options  # the title from the new YAML
    control.set_value("which_phase").run()
    assert "Welke fase?" in [s.value for s in at.subheader]
    at.radio(key=radio_key("which_phase", "redesign")).set_value("prevention").run()
    assert "Nog geen incident: preventie." in " ".join(s.value for s in at.success)
