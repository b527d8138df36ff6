"""Two app processes on one SQLite file (as behind a reverse proxy with sticky sessions): a
person on each adds, edits, deletes and reorders rows of the same case, taking turns on views
that lag behind, and the newest revision holds the work of both."""

from __future__ import annotations

import pytest

from tests.browser.conftest import AppServer, check_watch, keep_screenshot, new_context
from tests.browser.helpers import (add_row, delete_row, edit_cell, exceptions, move_row,
                                   open_app, type_answer)
from workbook.case.model import Actor, Case

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def second_app(app, tmp_path_factory):
    """Another `streamlit run` of the app, on its own port, on the first one's store."""
    server = AppServer(tmp_path_factory.mktemp("app2"))
    server.db_url = app.db_url
    server.start()
    yield server
    server.stop()


@pytest.fixture
def people(chromium, request):
    contexts = [new_context(chromium), new_context(chromium)]
    pages = [c.new_page() for c in contexts]
    yield pages
    for n, page in enumerate(pages):
        keep_screenshot(request, page, f"-process{n + 1}")
    for context in contexts:
        context.close()
        check_watch(context)


def test_two_processes_on_one_store_keep_both_peoples_rows(app, second_app, people):
    one, two = people
    case = Case(title="Twee servers", actors=[Actor(id=n.lower(), name=n)
                                               for n in ("Ann", "Bo", "Cas", "Dina")])
    case_id = app.store().create(case).case.id
    open_app(one, app, "part2", case=case_id, lang="en", ws="actors")
    open_app(two, second_app, "part2", case=case_id, lang="en", ws="actors")

    add_row(one, "Alice")
    add_row(two, "Zoe")
    edit_cell(one, 0, 0, "Annie")
    edit_cell(two, 1, 0, "Bob")
    delete_row(one, 2)  # Cas
    delete_row(two, 3)  # Dina, in the view of the second process
    move_row(one, "Bob")  # one sees Annie, Bob, Dina, Alice, Zoe: Bob to the top
    move_row(two, "Zoe")

    names = [a.name for a in app.store().get(case_id).case.actors]
    assert sorted(names) == ["Alice", "Annie", "Bob", "Zoe"], names
    assert names[0] == "Bob" and names.index("Zoe") < names.index("Alice"), names

    from tests.browser.helpers import worksheet_with

    sheet, field = worksheet_with("text", part=2)
    other = next(f for f in sheet.fields if f.type in ("text", "longtext") and f.id != field.id)
    open_app(one, app, "part2", case=case_id, lang="en", ws=sheet.id)
    open_app(two, second_app, "part2", case=case_id, lang="en", ws=sheet.id)
    type_answer(one, field.label("en"), "Typed on the first server")
    type_answer(two, other.label("en"), "Typed on the second server")
    stored = app.store().get(case_id).case
    assert (stored.answer(sheet.id, field.id), stored.answer(sheet.id, other.id)) == (
        "Typed on the first server", "Typed on the second server")
    assert [a.name for a in stored.actors] == names
    assert exceptions(one) == [] and exceptions(two) == []
