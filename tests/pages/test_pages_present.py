"""AppTest: presentation mode. The step comes from the URL (validated) and goes back into it;
pseudonyms unless real names are confirmed, only for this session, with a warning while they
show; the anonymisation list is saved with the case and used by the presentation."""

from __future__ import annotations

import json

import pytest

from tests.apptest import start, texts
from tests.conftest import ROOT
from workbook import i18n
from workbook.analysis import presentation as pres
from workbook.case.files import read_case
from workbook.case.store import Store
from workbook.share.pseudonyms import anonymisation_list, stored

CASE = ROOT / "casestudies" / "politie_jongeren.yaml"
PRESENT = "app_pages/present.py"
MAP = "app_pages/map.py"


@pytest.fixture
def case_id(store) -> str:
    return store.create(read_case(CASE.read_bytes(), "case")).case.id


def spec(at) -> str:
    """Everything the page's charts draw, as JSON text."""
    return " ".join(el.proto.spec for el in at.get("plotly_chart"))


def shown_text(at) -> str:
    return texts(at) + spec(at)


def names(case_id: str) -> list[str]:
    return [a.name for a in Store().get(case_id).case.actors]


def step_count(case_id: str, framework) -> int:
    return len(pres.steps(Store().get(case_id).case, framework))


def test_presenting_without_a_case_says_what_to_do(db_url):
    at = start(page=PRESENT)
    assert not at.exception
    assert i18n.t("present.need_case", "nl") in texts(at)


@pytest.mark.parametrize("raw,expected", [("3", 3), ("99", "last"), ("abc", 1), ("-2", 1)])
def test_the_step_in_the_url_is_shown_or_the_nearest_valid_one(case_id, framework, raw,
                                                               expected):
    count = step_count(case_id, framework)
    at = start(case_id, page=PRESENT, step=raw)
    assert not at.exception
    want = count if expected == "last" else expected
    assert f"{want} / {count}" in texts(at)
    assert at.query_params["step"] in (str(want), [str(want)])


def test_next_and_previous_move_the_step_and_the_url_follows(case_id, framework):
    count = step_count(case_id, framework)
    at = start(case_id, page=PRESENT, step="1")
    assert at.button(key="present_prev").disabled
    at.button(key="present_next").click().run()
    assert f"2 / {count}" in texts(at) and at.query_params["step"] in ("2", ["2"])
    at.button(key="present_next").click().run()
    at.button(key="present_prev").click().run()
    assert f"2 / {count}" in texts(at)
    at = start(case_id, page=PRESENT, step=str(count))
    assert at.button(key="present_next").disabled


def test_pseudonyms_by_default_on_every_step(case_id, framework):
    real = names(case_id)
    for step in range(1, step_count(case_id, framework) + 1):
        at = start(case_id, page=PRESENT, step=str(step))
        assert not at.exception
        shown = shown_text(at)
        assert [n for n in real if n in shown] == [], step
    assert "Pusher A" in shown


def test_real_names_take_a_confirmation_show_a_warning_and_never_survive_a_reload(case_id):
    real = names(case_id)
    at = start(case_id, page=PRESENT, step="2")
    at.button(key="present_show").click().run()
    assert not at.exception
    assert i18n.t("present.names_warning", "nl") in texts(at)
    assert [n for n in real if n in spec(at)] == []  # asked, not yet shown
    at.button(key="present_names_yes").click().run()
    assert "Ilyas (20)" in spec(at)
    assert i18n.t("present.names_on", "nl") in texts(at)
    assert "names" not in json.dumps(dict(at.query_params))  # never in the URL
    at.button(key="present_next").click().run()
    assert "Ilyas (20)" in spec(at) and i18n.t("present.names_on", "nl") in texts(at)
    # a reload is a new session on the same URL: pseudonyms again
    again = start(case_id, page=PRESENT, step=at.query_params["step"][0]
                  if isinstance(at.query_params["step"], list) else at.query_params["step"])
    assert "Ilyas (20)" not in spec(again)
    assert i18n.t("present.names_on", "nl") not in texts(again)
    # and hiding them needs no confirmation
    at.button(key="present_hide").click().run()
    assert "Ilyas (20)" not in spec(at) and i18n.t("present.names_on", "nl") not in texts(at)


def test_the_presentation_hides_the_sidebars_case_list(case_id, store):
    store.create(read_case(CASE.read_bytes(), "other"))
    at = start(case_id, page=PRESENT)
    assert len(at.sidebar.selectbox) == 0 and len(at.sidebar.button) == 0


def test_the_anonymisation_list_is_offered_before_presenting_and_used_by_it(case_id):
    """The map page (not shown anonymised) offers the list; what is stored in it (a chosen
    pseudonym, a place name added) is what the presentation shows. Editing the list's
    tables is a browser journey (tests/browser/test_present.py)."""
    at = start(case_id, page=MAP)
    assert not at.exception
    assert i18n.t("anonlist.title", "nl") in [e.label for e in at.expander]
    assert not any(getattr(el, "key", None) == "w:map_anonlist:names"
                   for el in at.get("dataframe")), "folded, the list is not drawn"
    at.session_state["map_anonlist-open"] = True  # opened
    at.run()
    assert any(getattr(el, "key", None) == "w:map_anonlist:names"
               for el in at.get("dataframe"))
    at.toggle(key="map_anonymise").set_value(True).run()  # shown to a group: no list
    assert i18n.t("anonlist.title", "nl") not in [e.label for e in at.expander]
    store = Store()
    case = store.get(case_id).case
    entries = anonymisation_list(case, None, "nl")
    ilyas = next(e.key for e in entries if e.original == "Ilyas (20)")
    store.apply(case_id, ("anonymisation",), stored(
        entries, {ilyas: {"pseudonym": "Mo"}}, [{"term": "Ter Heide", "pseudonym": "De Wijk"}]))
    at = start(case_id, page=PRESENT, step="2")
    shown = shown_text(at)
    assert "Mo" in spec(at) and "De Wijk" in shown and "Ter Heide" not in shown


def test_the_export_panel_shows_the_list_before_an_anonymised_export(case_id):
    at = start(case_id)
    assert not at.exception
    assert i18n.t("anonlist.title", "nl") not in [e.label for e in at.expander]
    at.toggle(key="export_anonymise").set_value(True).run()
    assert not at.exception
    assert i18n.t("anonlist.title", "nl") in [e.label for e in at.expander]
    assert any(getattr(el, "key", None) == "w:export_anonlist:names"
               for el in at.get("dataframe"))


def test_user_text_stays_text_when_real_names_show(store):
    """A name or a title that looks like markup is shown as typed, never run as markup."""
    from workbook.case.model import Actor, Case

    hostile = "<b>Kim</b> **vet** [link](http://x) :material/home:"
    case = store.create(Case(title=hostile, actors=[
        Actor(id="k", name=hostile, role="pusher", side="a")])).case
    at = start(case.id, page=PRESENT, step="2")
    at.button(key="present_show").click().run()
    at.button(key="present_names_yes").click().run()
    assert not at.exception
    chart = json.dumps([json.loads(el.proto.spec) for el in at.get("plotly_chart")],
                       ensure_ascii=False)  # as the browser reads it: escapes undone
    assert "<b>Kim</b>" not in chart and "&lt;b&gt;Kim&lt;/b&gt;" in chart
    shown = [m.value for m in at.markdown]
    assert any("\\*\\*vet\\*\\*" in v and "\\[link\\]" in v for v in shown)
