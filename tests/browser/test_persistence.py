"""Nothing typed is lost: every answer survives a reload of the page and a crash of the
server (SIGKILL, then a new server on the same store)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import (SETTABLE, exceptions, field_value, framework, go_to,
                                   open_app, pick_worksheet, sample_answer, set_field,
                                   shown_value, t, type_answer)
from tests.browser.storecheck import consistency_problems
from workbook.case.model import Case

pytestmark = pytest.mark.browser

TITLE = "Persistence: Zoë’s square — <i>kept</i>"


def _sheets():
    """Worksheets to answer, each with its settable fields: the first worksheet of part 2
    with the most kinds of field, plus one with a scale if that one has none."""
    part2 = [ws for ws in framework().worksheets if ws.part == 2]
    fields = {ws.id: [f for f in ws.fields if f.type in SETTABLE] for ws in part2}
    main_sheet = max(part2, key=lambda ws: len({f.type for f in fields[ws.id]}))
    chosen = [(main_sheet, fields[main_sheet.id])]
    if "scale" not in {f.type for f in fields[main_sheet.id]}:
        extra = next((ws for ws in part2 if any(f.type == "scale" for f in fields[ws.id])), None)
        if extra:
            chosen.append((extra, [f for f in fields[extra.id] if f.type == "scale"]))
    return chosen


def _expected():
    return {(ws.id, f.id): sample_answer(f, n) for n, (ws, fs) in enumerate(_sheets())
            for f in fs}


def _check_page(tab, app, case_id: str, moment: str) -> None:
    open_app(tab, app, case=case_id, lang="en")
    assert field_value(tab, t("case.title")) == TITLE, moment
    go_to(tab, t("nav.part2"))
    wrong = {}
    for ws, fields in _sheets():
        pick_worksheet(tab, ws.title("en"))
        for field in fields:
            shown = shown_value(tab, field)
            if shown != _expected()[(ws.id, field.id)]:
                wrong[f"{ws.id}.{field.id}"] = shown
    assert wrong == {}, f"{moment}: shown differently from what was typed"
    assert exceptions(tab) == []


def test_every_answer_survives_a_reload_and_a_server_crash(app, tab, chromium):
    case_id = app.store().create(Case(title="untitled yet")).case.id
    open_app(tab, app, "part2", case=case_id, lang="en")
    for ws, fields in _sheets():
        pick_worksheet(tab, ws.title("en"))
        for field in fields:
            set_field(tab, field, _expected()[(ws.id, field.id)])
    go_to(tab, t("nav.case"))
    type_answer(tab, t("case.title"), TITLE)

    stored = app.store().get(case_id).case
    assert stored.title == TITLE
    assert {key: stored.answer(*key) for key in _expected()} == _expected()

    tab.reload()
    _check_page(tab, app, case_id, "after a reload")

    app.restart()  # SIGKILL: no shutdown, no flush; then a new server on the same store
    assert consistency_problems(app.db_url) == []
    _check_page(tab, app, case_id, "after the server was killed and started again")
    assert app.store().get(case_id).case == stored
