"""AppTest: guidance. After a new case the case page names the next step; every worksheet
ends with the next one, the last of a part with the next part."""

from tests.apptest import start, texts
from workbook.case.model import Case


def test_a_new_case_names_the_next_step(db_url):
    at = start()
    at.text_input(key="new_case_title").input("Klas 3B")
    next(b for b in at.button if b.label == "Nieuwe casus starten").click().run()
    assert not at.exception
    assert "Volgende stap: Deel 2 · Situatieanalyse, werkblad ‘Intake’" in texts(at)
    assert "Naar ‘Intake’" in [el.proto.label for el in at.get("page_link")]


def test_each_worksheet_ends_with_the_next_one(store):
    cid = store.create(Case(title="Plein")).case.id
    at = start(cid, page="app_pages/part2.py")
    button = next(b for b in at.button if b.label == "Volgend werkblad: Denkconstructies")
    button.click().run()
    assert not at.exception
    assert at.session_state["ws2"] == "constructs"
    assert any(b.label == "Volgend werkblad: Brandstof" for b in at.button)


def test_the_last_worksheet_of_a_part_leads_to_the_next_part(store):
    cid = store.create(Case(title="Plein")).case.id
    at = start(cid, lang="en", page="app_pages/part2.py", ws="escalation")
    assert not at.exception
    labels = [el.proto.label for el in at.get("page_link")]
    assert "On to Part 3 · Personal skills" in labels
    assert not any(b.label.startswith("Next worksheet") for b in at.button)
