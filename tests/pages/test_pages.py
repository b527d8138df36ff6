"""AppTest: every page with no case, a new case and the example; the core journeys."""

import pytest

from tests.apptest import PAGES, start, texts
from workbook.case.files import read_case
from workbook.case.store import Store
from tests.conftest import ROOT

EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"


@pytest.fixture
def example_id(store) -> str:
    return store.create(read_case(EXAMPLE.read_bytes(), "example")).case.id


@pytest.mark.parametrize("page", PAGES)
def test_every_page_without_a_case(db_url, page):
    at = start(page=page)
    assert not at.exception
    assert texts(at)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_with_the_example_case(example_id, page, lang):
    at = start(example_id, lang=lang, page=page)
    assert not at.exception
    assert at.session_state["case"] == example_id


@pytest.mark.parametrize("page", PAGES)
def test_every_page_with_an_empty_case(store, page):
    from workbook.case.model import Case
    cid = store.create(Case(title="Leeg")).case.id
    at = start(cid, page=page)
    assert not at.exception


def test_new_case_answer_and_a_new_session_finds_it(db_url):
    at = start()
    at.text_input(key="new_case_title").input("Klas 3B")
    next(b for b in at.button if b.label == "Nieuwe casus starten").click().run()
    cid = at.session_state["case"]
    assert at.text_input(key="case_title").value == "Klas 3B"
    assert at.query_params["case"] == cid

    at.switch_page("app_pages/part2.py").run()
    # the long-text box saves while typing; AppTest sets its state as the browser would
    at.session_state["w:intake:what"] = {"value": "Twee groepen in de klas praten niet meer."}
    at.run()
    assert not at.exception
    # said once: under the map, where the fragment that saves redraws it (not in the sidebar)
    signs = [c.value for c in at.caption if "Bewaard om" in c.value]
    assert len(signs) == 1 and not any("Bewaard om" in c.value for c in at.sidebar.caption)

    later = start(cid, page="app_pages/part2.py")  # another day, another browser session
    assert later.session_state["w:intake:what"]["value"].startswith("Twee groepen")
    assert Store(db_url).get(cid).case.answer("intake", "what").startswith("Twee groepen")


def test_title_is_saved_as_typed(example_id, db_url):
    at = start(example_id)
    at.text_input(key="case_title").input("Stationsplein, najaar").run()
    assert Store(db_url).get(example_id).case.title == "Stationsplein, najaar"
    signs = [c.value for c in at.caption if "Bewaard om" in c.value]
    assert len(signs) == 1 and "Bewaard om" in " ".join(c.value for c in at.sidebar.caption)


def test_english_from_the_url(example_id):
    at = start(example_id, lang="en")
    assert at.title[0].value == "My case"
    assert at.text_input(key="case_title").label == "Case title"


def test_a_link_opens_a_worksheet_and_the_url_follows_the_worksheet(example_id, framework):
    """`?ws=ID` opens that worksheet on its part's page; the URL then names the worksheet
    shown, and a page without worksheets drops it."""
    sheets = [w.id for w in framework.worksheets_of(2)]
    at = start(example_id, page="app_pages/part2.py", ws=sheets[3])
    assert not at.exception
    assert at.session_state["ws2"] == sheets[3]
    assert at.query_params["ws"] in (sheets[3], [sheets[3]])
    at.session_state["ws2"] = sheets[1]
    at.run()
    assert at.query_params["ws"] in (sheets[1], [sheets[1]])
    at.switch_page("app_pages/case.py").run()
    assert "ws" not in at.query_params


def test_undo_takes_back_the_last_change(example_id, db_url):
    at = start(example_id)
    at.text_input(key="case_title").input("Verkeerde titel").run()
    next(b for b in at.sidebar.button if b.label == "Ongedaan maken").click().run()
    assert at.text_input(key="case_title").value == "Jongeren en politie aan het stationsplein"
    assert Store(db_url).get(example_id).case.title == "Jongeren en politie aan het stationsplein"


def test_a_returning_user_lands_on_the_most_recent_case(example_id):
    at = start()
    assert at.session_state["case"] == example_id
    assert at.query_params["case"] == example_id


def test_a_link_to_a_missing_case_says_so(db_url):
    at = start("doesnotexist")
    assert "bestaat niet" in texts(at)
    assert not at.exception


def test_delete_asks_first_and_the_case_can_be_brought_back(example_id, db_url):
    at = start(example_id)
    next(b for b in at.button if b.label == "Casus verwijderen").click().run()
    assert Store(db_url).list()  # nothing deleted before confirming
    next(b for b in at.button if b.label == "Ja, verwijderen").click().run()
    assert Store(db_url).list() == []
    assert at.session_state["case"] is None
    next(b for b in at.button if b.label == "Terugzetten").click().run()
    assert [c.id for c in Store(db_url).list()] == [example_id]


def test_history_restores_an_earlier_revision(example_id, db_url):
    at = start(example_id)
    at.text_input(key="case_title").input("Tweede titel").run()
    at.switch_page("app_pages/history.py").run()
    at.selectbox(key="history_pick").select(1).run()
    next(b for b in at.button if b.label == "Deze versie terugzetten").click().run()
    assert Store(db_url).get(example_id).case.title == "Jongeren en politie aan het stationsplein"
    assert Store(db_url).head(example_id) == 3


def test_a_change_in_another_session_shows_here(example_id, db_url):
    at = start(example_id)
    Store(db_url).rename(example_id, "Elders gewijzigd")
    at.run()
    assert at.text_input(key="case_title").value == "Elders gewijzigd"


def test_renaming_keeps_the_case_open_and_the_picker_on_it(example_id, db_url):
    at = start(example_id)
    at.text_input(key="case_title").input("Nieuwe naam").run()
    at.switch_page("app_pages/part2.py").run()
    assert at.session_state["case"] == example_id
    assert at.sidebar.selectbox(key="case_picker").value == example_id


def test_picking_another_case_in_the_sidebar_opens_it(example_id, store):
    from workbook.case.model import Case
    other = store.create(Case(title="Klas 3B")).case.id
    at = start(example_id)
    at.sidebar.selectbox(key="case_picker").set_value(other).run()
    assert at.session_state["case"] == other
    assert at.text_input(key="case_title").value == "Klas 3B"
    assert at.query_params["case"] == other


def test_two_cases_with_one_title_get_distinct_labels():
    from ui.sidebar import picker_labels
    labels = picker_labels([("aaaaaaaa1", "Plein"), ("bbbbbbbb2", "Plein"), ("c", "Klas")])
    assert len(set(labels.values())) == 3 and labels["c"] == "Klas"


def test_switching_language_never_changes_a_stored_choice(example_id, db_url):
    at = start(example_id, page="app_pages/part2.py")
    before = Store(db_url).get(example_id).case.answers["intake"]["phase"]
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    at.run()
    assert Store(db_url).get(example_id).case.answers["intake"]["phase"] == before
    assert at.radio(key="w:intake:phase").value == before


def test_the_language_switch_translates_the_run_it_causes_and_back(example_id):
    """The language is read once per run and the navigation made once per language: both
    follow the switch on the very run it causes, either way."""
    from workbook import i18n

    at = start(example_id, page="app_pages/part2.py")
    for lang in ("en", "nl", "en"):
        at.sidebar.segmented_control(key="lang").set_value(lang).run()
        assert not at.exception
        assert at.title[0].value == i18n.t("nav.part2", lang)
        assert i18n.t("sidebar.new_case", lang) in [b.label for b in at.sidebar.button]
        made = at.session_state["_pages"][(lang, False)]
        titles = [p.title for section in made.values() for p in section]
        assert i18n.t("nav.map", lang) in titles and i18n.t("nav.part2", lang) in titles
