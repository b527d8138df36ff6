"""The Part 3 page, personal skills: its tabs (in the URL; links to worksheets keep working),
scenarios walked and saved with the case, the authentic question step by step and taken over
as the topic, the mediative-tone exercise, the kit, and the assignment until the next
session; the case page counts it all."""

from __future__ import annotations

import pytest

from tests.apptest import start, texts
from workbook.case.model import Actor, Case, Pole
from workbook.framework import scenarios as scn

PAGE = "app_pages/part3.py"
TAB_IDS = ["strategy", "question", "scenarios", "tone", "summary", "pass_on"]
TABS = {"nl": ["Strategie", "Authentiek vraagstuk", "Scenario's oefenen", "Mediatief spreken",
               "Strategie op één blad", "Doorgeven"],
        "en": ["Strategy", "Authentic question", "Practise scenarios", "Mediative speech",
               "Strategy on one page", "Pass it on"]}


def open_tab(at, tab: str, lang: str = "nl"):
    at.session_state[f"part3_tabs_{lang}"] = TABS[lang][TAB_IDS.index(tab)]
    return at.run()


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_is_personal_skills_with_its_tabs(db_url, lang):
    at = start(lang=lang, page=PAGE)
    assert not at.exception
    assert at.title[0].value == ("Deel 3 · Persoonlijke vaardigheden" if lang == "nl"
                                 else "Part 3 · Personal skills")
    assert [tab.label for tab in at.tabs] == TABS[lang]
    for tab in TAB_IDS:
        open_tab(at, tab, lang)
        assert not at.exception, tab
        assert at.query_params.get("tab", TAB_IDS[0]) in (tab, [tab])


@pytest.mark.parametrize("tab", TAB_IDS)
def test_a_link_opens_its_tab(store, tab):
    cid = store.create(Case(title="Links")).case.id
    at = start(cid, lang="en", page=PAGE, tab=tab)
    assert not at.exception
    assert at.session_state["part3_tabs_en"] == TABS["en"][TAB_IDS.index(tab)]


def test_an_old_worksheet_link_still_opens_the_worksheet(store, framework):
    cid = store.create(Case(title="Oude link")).case.id
    at = start(cid, page=PAGE, ws="dialogue")
    assert not at.exception
    assert at.session_state["part3_tabs_nl"] == TABS["nl"][0]
    assert at.session_state["ws3"] == "dialogue"
    assert "Dialoog" in [s.value for s in at.subheader]
    # a worksheet link wins over a tab the session was on; another tab drops ?ws=
    open_tab(at, "scenarios")
    assert "ws" not in at.query_params
    # the step-by-step worksheet has its own tab, not a place in the picker
    open_tab(at, "strategy")
    assert "authentic_question" not in at.segmented_control(key="ws3").options


def test_a_scenario_walked_to_its_end_is_saved_and_counted(store, framework):
    cid = store.create(Case(title="Oefenen")).case.id
    at = start(cid, lang="en", page=PAGE, tab="scenarios")
    sc = framework.scenario("council_pusher")
    path = next(p for p in scn.paths(sc) if p.good)
    for step, option in path.steps:
        if option is None:
            at.text_area(key=f"w:sc:{sc.id}:{step.id}").input("What do you need in the evening?")
            button(at, "This is what I say").click().run()
        else:
            button(at, option.label.en).click().run()
        assert not at.exception
        shown = texts(at)
        if option is not None:  # feedback after every step, in the framework's terms
            assert option.feedback.en in shown and option.middle.en in shown
            assert option.pushers.en in shown
        else:
            assert "The coach finds no moralising tone" in shown and step.model.en in shown
    assert path.ending.text.en in texts(at)
    walk = store.get(cid).case.progress["scenarios"][sc.id]
    assert walk["ended"] == path.ending.id and len(walk["steps"]) == len(path.steps)
    button(at, "Again, with other choices").click().run()
    assert store.get(cid).case.progress["scenarios"][sc.id]["walks"][0]["ended"] == path.ending.id
    case_page = start(cid, lang="en", page="app_pages/case.py")
    assert not case_page.exception
    assert "A pusher takes the floor at a council meeting: walked to an ending: 1" in texts(
        case_page)


def test_a_moralising_answer_gets_the_coachs_tone_feedback(store, framework):
    cid = store.create(Case(title="Toon")).case.id
    at = start(cid, page=PAGE, tab="scenarios")
    at.segmented_control(key="p3_scenario").set_value("whatsapp_middle").run()
    sc = framework.scenario("whatsapp_middle")
    first = sc.first.options[0]
    button(at, first.label.nl).click().run()
    second = sc.step(first.next).options[0]
    button(at, second.label.nl).click().run()
    write = sc.step(second.next)
    at.text_area(key=f"w:sc:{sc.id}:{write.id}").input(
        "Schaam je, dat soort mensen hoort hier niet.")
    button(at, "Zo zeg ik het").click().run()
    assert not at.exception
    assert "moraliseert nog" in " ".join(w.value for w in at.warning)
    assert write.model.nl in texts(at)


def test_without_a_case_a_walk_lives_in_the_session(db_url, framework):
    at = start(page=PAGE, tab="scenarios")
    assert "pas bewaard zodra je een casus opent" in texts(at)
    sc = framework.scenarios[0]
    button(at, sc.first.options[0].label.nl).click().run()
    assert at.session_state["_scenario_walks"][sc.id]["steps"][0]["choice"] == \
        sc.first.options[0].id


def type_long(at, key: str, text: str):
    """A long-text box (the autosave component): AppTest hands its text over while the page
    is drawn, so the page shows the saved text from the next run on (a browser's blur comes
    before the run)."""
    at.session_state[key] = {"value": text}
    return at.run().run()


def questioned_case() -> Case:
    return Case(title="Vraagstuk",
                poles=[Pole(side="a", label="De jongeren"), Pole(side="b", label="De buurt")],
                actors=[Actor(id="ouders", name="Ouders", kind="group", role="silent")],
                answers={"middle": {"concerns": "Veilig naar huis na de training."}})


def test_the_authentic_question_step_by_step_becomes_the_topic(store):
    cid = store.create(questioned_case()).case.id
    at = start(cid, page=PAGE, tab="question")
    assert not at.exception
    shown = texts(at)
    assert "Veilig naar huis na de training." in shown  # what the middle said, from part 2
    # step 2: an identity question gets the coach's remark at once
    at.session_state["steps:authentic_question"] = "draft"
    at.run()
    type_long(at, "w:authentic_question:question", "Wie hoort hier thuis?")
    assert "Je vraagstuk gaat over identiteit" in " ".join(w.value for w in at.warning)
    question = "Hoe komt iedereen na de training veilig thuis?"
    type_long(at, "w:authentic_question:question", question)
    assert not at.warning
    # step 3: written from each side; the sides are named as the case names them
    button(at, "Volgende stap").click().run()
    assert "Pool A in je casus: De jongeren" in texts(at)
    assert "Het midden in je casus: Ouders" in texts(at)
    type_long(at, "w:authentic_question:heard_a", "Daar gaan we weer: wij zijn het probleem.")
    assert "Een pool hoort een verwijt in je vraag" in " ".join(w.value for w in at.warning)
    # last step: the checks, then take it over
    at.session_state["steps:authentic_question"] = "free_of_identity"
    at.run()
    at.checkbox(key="w:authentic_question:checks:no_guilt").check().run()
    button(at, "Neem over als onderwerp van Gamechanger 2: onderwerp").click().run()
    assert not at.exception
    topic = store.get(cid).case.answers["topic"]
    assert topic["question"] == question and topic["checks"] == ["no_guilt"]
    assert "Je vraagstuk staat in Gamechanger 2: onderwerp." in texts(at)


def test_the_mediative_tone_exercise_is_in_part_3(store, framework):
    cid = store.create(Case(title="Toon")).case.id
    at = start(cid, lang="en", page=PAGE, tab="tone")
    ex = next(e for e in framework.exercises if e.id == "mediative_tone")
    assert ex.part == 3
    item = ex.items[0]
    prefix = f"w:ex:{ex.id}:{item.id}"
    at.text_area(key=f"{prefix}:text").input("Everyone wants a safe square; what do you need?")
    at.checkbox(key=f"{prefix}:no_identity_judgement").check()
    at.checkbox(key=f"{prefix}:shared_concern").check()
    button(at, "Compare with the model").click().run()
    assert not at.exception
    shown = texts(at)
    assert item.model.en in shown and item.explanation.en in shown
    assert "Not ticked yet" in shown and "Speaks to the middle" in shown
    saved = store.get(cid).case.progress[ex.id]["answers"][item.id]
    assert saved["checked"] == ["no_identity_judgement", "shared_concern"]


def test_the_kit_can_be_downloaded_in_either_language(store):
    cid = store.create(questioned_case()).case.id
    at = start(cid, lang="en", page=PAGE, tab="pass_on")
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["Download the kit (PDF)"]
    assert at.segmented_control(key="kit_lang").value == "en"


def test_the_assignment_until_the_next_session_is_kept_and_shown_on_the_case_page(store):
    cid = store.create(Case(title="Tussen de sessies")).case.id
    at = start(cid, page="app_pages/part2.py")
    assert "Interview iemand uit het midden" in texts(at)
    at.checkbox(key="w:task:2:done").check().run()
    assert store.get(cid).case.progress["assignments"]["2"]["done"] is True
    case_page = start(cid, page="app_pages/case.py")
    shown = texts(case_page)
    assert "Voor de volgende sessie" in shown
    assert "Deel 2: Interview iemand uit het midden" in shown and "gedaan" in shown
    assert "Deel 1: Observeer één brandstofmoment in je eigen werk" in shown


def test_buttons_that_go_to_a_part_keep_the_language_and_open_the_tab(store):
    cid = store.create(Case(title="Gaan")).case.id
    case_page = start(cid, lang="en", page="app_pages/case.py")
    button(case_page, "Go to part 2").click().run()
    assert not case_page.exception
    assert case_page.title[0].value == "Part 2 · Situational analysis"
    part1 = start(cid, lang="en", page="app_pages/part1.py", tab="exercises")
    button(part1, "Go to mediative speech").click().run()
    assert not part1.exception
    assert part1.title[0].value == "Part 3 · Personal skills"
    assert part1.session_state["part3_tabs_en"] == TABS["en"][TAB_IDS.index("tone")]
