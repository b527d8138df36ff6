"""The history says what each change was about in the reader's words: the worksheet and its
question, the part of the case, the exercise, never an internal path."""

from __future__ import annotations

import re

import pytest

from tests.apptest import start
from tests.conftest import ROOT
from workbook.case import history as revisions
from workbook.case.model import Case


def test_an_answer_is_named_by_its_worksheet_and_question(framework):
    sheet = framework.worksheet("intake")
    field = sheet.fields[0]
    for lang in ("nl", "en"):
        said = revisions.describe("edit", f"answers.intake.{field.id}", framework, lang)
        assert said == (f"{'gewijzigd' if lang == 'nl' else 'changed'}: "
                        f"{sheet.title(lang)} · {field.label(lang)}")
    # a table edited on Part 3 notes the worksheet and field without "answers."
    plan_sheet = next(w for w in framework.worksheets if w.part == 3)
    plan_field = plan_sheet.fields[0]
    assert revisions.describe("edit", f"{plan_sheet.id}.{plan_field.id}", framework, "en") \
        == f"changed: {plan_sheet.title('en')} · {plan_field.label('en')}"


def test_an_exercise_and_the_parts_of_the_case_are_named(framework):
    ex = framework.exercises[0]
    assert revisions.describe("edit", f"progress.{ex.id}", framework, "nl") \
        == f"gewijzigd: oefening '{ex.title('nl')}'"
    assert revisions.describe("edit", "poles", framework, "en") == "changed: the poles"
    assert revisions.describe("edit", "strategy.intended", framework, "nl") \
        == "gewijzigd: de beoogde kaart"


@pytest.mark.parametrize("kind,note,shown", [
    ("import", "stationsplein.yaml", "geïmporteerd: stationsplein.yaml"),
    ("restore", "#3", "teruggezet: #3"),
    ("create", "", "aangemaakt"),
    ("edit", "answers.no_such_sheet.what", "gewijzigd: answers.no_such_sheet.what"),
])
def test_other_notes_are_shown_as_they_are(framework, kind, note, shown):
    assert revisions.describe(kind, note, framework, "nl") == shown


def test_every_note_the_app_gives_has_words():
    """Each `note="..."` the app passes to a save is a part of the case with a catalogue
    entry, so no such note reaches the history as an internal word."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ui").rglob("*.py"))
    notes = set(re.findall(r'\bnote="(\w+)"', code))
    assert notes >= {"actors", "poles", "fuel", "csv", "snapshot", "intended", "actions"}
    assert notes <= set(revisions.PARTS), notes - set(revisions.PARTS)


def test_the_history_page_says_what_changed(store, framework):
    cid = store.create(Case(title="Klas")).case.id
    field = framework.worksheet("intake").fields[0]
    store.apply(cid, ("answers", "intake", field.id), "Twee groepen")
    store.apply(cid, ("title",), "Klas 3B", note="title")
    at = start(cid, page="app_pages/history.py")
    assert not at.exception
    what = list(at.dataframe[0].value.iloc[:, 2])
    assert what[:2] == ["gewijzigd: de titel", f"gewijzigd: Intake · {field.label('nl')}"]
    assert not any("answers." in w for w in what)
