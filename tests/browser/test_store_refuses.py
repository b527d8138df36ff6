"""A store that refuses to write (a full disk, say) loses nothing silently in a real browser:
the page says so, the typed answer and the new table row stay where they were typed, and once
the store writes again the next save takes them."""

from __future__ import annotations

import pytest

from tests.browser.helpers import (add_actor, exceptions, field_value, main, notices_seen,
                                   open_app, settle, type_answer, worksheet_with)
from tests.case.test_store_refuses import allow_writes, refuse_writes
from workbook.case.model import Case

pytestmark = pytest.mark.browser


def test_refused_writes_are_said_and_kept_until_the_store_works_again(app, tab):
    case_id = app.store().create(Case(title="Volle schijf")).case.id
    sheet, field = worksheet_with("text", part=2)
    open_app(tab, app, "part2", case=case_id, lang="en", ws=sheet.id)
    refuse_writes(app.db_url)
    try:
        type_answer(tab, field.label("en"), "On the square behind the station")
        said = " ".join(notices_seen(tab))
        assert "Not saved: the store refused to write" in said, said
        assert field_value(tab, field.label("en")) == "On the square behind the station"
    finally:
        allow_writes(app.db_url)
    type_answer(tab, field.label("en"), "On the square behind the station, at night")
    assert app.store().get(case_id).case.answer(sheet.id, field.id) == \
        "On the square behind the station, at night"

    open_app(tab, app, "part2", case=case_id, lang="en", ws="actors")
    head = app.store().head(case_id)
    refuse_writes(app.db_url)
    try:
        add_actor(tab, "Wijkagent")
        assert "Not saved" in " ".join(notices_seen(tab))
        grid = main(tab).locator("[data-testid=stDataFrame]").first
        assert grid.locator("[role=row]").count() == 2, "the new row stays in the table"
        assert app.store().head(case_id) == head
    finally:
        allow_writes(app.db_url)
    add_actor(tab, "Jeugdwerker")  # the next edit stores the table as it is shown
    settle(tab)
    names = [a.name for a in app.store().get(case_id).case.actors]
    assert names == ["Wijkagent", "Jeugdwerker"], names
    assert exceptions(tab) == []
