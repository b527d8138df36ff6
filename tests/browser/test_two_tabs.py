"""Two browser tabs on the same case: no edit is ever lost silently. Each change is replayed
on the newest revision, both versions stay in the history, and the tab that saved on top of
a change it had not seen is told so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import check_watch, keep_screenshot, new_context
from tests.browser.helpers import (exceptions, field_value, notices_seen, open_app,
                                   pick_worksheet, t, type_answer, worksheet_with)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def _text_fields():
    """A worksheet of part 2 with two free-text fields, and those fields."""
    from tests.browser.helpers import framework

    for ws in framework().worksheets:
        texts = [f for f in ws.fields if f.type in ("text", "longtext")]
        if ws.part == 2 and len(texts) >= 2:
            return ws, texts[0], texts[1]
    raise LookupError("no worksheet with two text fields")


@pytest.fixture
def two_tabs(chromium, request):
    """Two tabs of one browser profile, as a user opens the same case twice."""
    context = new_context(chromium)
    first, second = context.new_page(), context.new_page()
    yield first, second
    keep_screenshot(request, first, "-first")
    keep_screenshot(request, second, "-second")
    context.close()
    check_watch(context)


def _open_both(app, tabs, case_id, ws):
    for tab in tabs:
        open_app(tab, app, "part2", case=case_id, lang="en")
        pick_worksheet(tab, ws.title("en"))


def _history(app, case_id, ws, field) -> list[str]:
    """Each revision, newest first: number, kind, note and the field's value then."""
    store = app.store()
    return [f"#{r.number} {r.kind} {r.note}: {store.revision(case_id, r.number).answer(ws.id, field.id)!r:.40}"
            for r in store.history(case_id)]


def _answers(app, case_id, ws, *fields):
    case = app.store().get(case_id).case
    return tuple(case.answer(ws.id, f.id) for f in fields)


def test_edits_of_different_fields_in_two_tabs_are_both_kept(app, two_tabs):
    first, second = two_tabs
    ws, one, other = _text_fields()
    case_id = app.import_case(ROOT / "casestudies" / "stationsplein.yaml")
    _open_both(app, two_tabs, case_id, ws)
    head = app.store().get(case_id).head

    type_answer(first, one.label("en"), "Typed in the first tab")
    assert _answers(app, case_id, ws, one)[0] == "Typed in the first tab"
    type_answer(second, other.label("en"), "Typed in the second tab, which had not seen it")

    assert _answers(app, case_id, ws, one, other) == (
        "Typed in the first tab", "Typed in the second tab, which had not seen it")
    assert app.store().get(case_id).head == head + 2
    assert t("app.saved_conflict") in notices_seen(second), notices_seen(second)
    # the second tab now shows the first tab's edit too
    assert field_value(second, one.label("en")) == "Typed in the first tab"

    # the first tab learns of the second tab's edit at its next step
    pick_worksheet(first, worksheet_with("actors", part=2)[0].title("en"))
    pick_worksheet(first, ws.title("en"))
    assert field_value(first, other.label("en")) == "Typed in the second tab, which had not seen it"
    assert t("app.reloaded") in notices_seen(first), notices_seen(first)
    assert exceptions(first) == [] and exceptions(second) == []


def _field_of_type(kind: str):
    from tests.browser.helpers import framework

    for ws in framework().worksheets:
        for field in ws.fields:
            if ws.part == 2 and field.type == kind:
                return ws, field
    raise LookupError(kind)


@pytest.mark.parametrize("kind", ["text", "longtext"])
def test_the_same_field_edited_in_two_tabs_keeps_both_versions(app, two_tabs, kind):
    first, second = two_tabs
    ws, one = _field_of_type(kind)
    case_id = app.import_case(ROOT / "casestudies" / "stationsplein.yaml")
    _open_both(app, two_tabs, case_id, ws)

    type_answer(first, one.label("en"), "Version of the first tab")
    assert _answers(app, case_id, ws, one) == ("Version of the first tab",), \
        _history(app, case_id, ws, one)
    type_answer(second, one.label("en"), "Version of the second tab")

    store = app.store()
    assert _answers(app, case_id, ws, one) == ("Version of the second tab",), \
        _history(app, case_id, ws, one)
    kept = [store.revision(case_id, r.number).answer(ws.id, one.id)
            for r in store.history(case_id)]
    assert "Version of the first tab" in kept, "the earlier edit must stay in the history"
    assert t("app.saved_conflict") in notices_seen(second), notices_seen(second)
