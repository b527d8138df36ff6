"""Changes the store refused (a full disk) are kept, in the tab and in the browser's local
storage, shown as typed, and stored in order once the store writes again: when the user moves
to another worksheet, after a server restart, and after the tab was closed and opened again."""

from __future__ import annotations

import json
import time

import pytest

from tests.browser.helpers import (add_row, exceptions, field_value, main, notices_seen,
                                   open_app, pick_worksheet, settle, t, type_answer,
                                   worksheet_with)
from tests.case.test_store_refuses import allow_writes, refuse_writes
from workbook.case.model import Case

pytestmark = pytest.mark.browser

WAITING = "change(s) waiting for the store, since"
STORED = "kept change(s) were stored at"


def kept_in_browser(page, case_id: str) -> list[dict]:
    raw = page.evaluate("(key) => localStorage.getItem(key)", f"workbook:kept:{case_id}")
    return json.loads(raw) if raw else []


def wait_for_store(app, case_id: str, check, timeout: float = 90) -> None:
    """Wait until the stored case passes `check` (the tab replays on its own)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check(app.store().get(case_id).case):
            return
        time.sleep(0.5)
    raise AssertionError(f"not stored within {timeout:.0f}s: {app.store().get(case_id).case}")


def _text_field():
    sheet, field = worksheet_with("text", part=2)
    return sheet, field


def test_a_kept_answer_is_shown_and_stored_when_moving_between_worksheets(app, tab):
    sheet, field = _text_field()
    case_id = app.store().create(Case(title="Volle schijf")).case.id
    open_app(tab, app, "part2", case=case_id, lang="en", ws=sheet.id)
    refuse_writes(app.db_url)
    try:
        type_answer(tab, field.label("en"), "Kept while the disk was full")
        assert "Not saved" in " ".join(notices_seen(tab))
        pick_worksheet(tab, worksheet_with("actors", part=2)[0].title("en"))
        pick_worksheet(tab, sheet.title("en"))
        # coming back, the field shows the kept value, not the older stored one
        assert field_value(tab, field.label("en")) == "Kept while the disk was full"
        assert WAITING in main(tab).inner_text()
        assert len(kept_in_browser(tab, case_id)) == 1
        assert app.store().head(case_id) == 1
    finally:
        allow_writes(app.db_url)
    pick_worksheet(tab, worksheet_with("actors", part=2)[0].title("en"))  # a fragment rerun
    assert app.store().get(case_id).case.answer(sheet.id, field.id) == \
        "Kept while the disk was full"
    assert any(STORED in n for n in notices_seen(tab)), notices_seen(tab)
    settle(tab)
    assert kept_in_browser(tab, case_id) == [], "stored: the browser's copy is dropped"
    assert WAITING not in main(tab).inner_text()
    assert exceptions(tab) == []


def test_kept_changes_survive_a_server_restart(app, tab):
    sheet, field = _text_field()
    case_id = app.store().create(Case(title="Herstart")).case.id
    open_app(tab, app, "part2", case=case_id, lang="en", ws="actors")
    refuse_writes(app.db_url)
    try:
        add_row(tab, "Wijkagent")
        pick_worksheet(tab, sheet.title("en"))
        type_answer(tab, field.label("en"), "Typed before the crash")
        assert [len(b["ops"]) for b in kept_in_browser(tab, case_id)] == [1, 1]
    finally:
        app.kill()  # SIGKILL: the server's memory of the kept changes is gone
        allow_writes(app.db_url)
    app.start(keep_port=True)
    # the tab reconnects to the new server on its own, which finds the browser's copy
    wait_for_store(app, case_id, lambda c: c.answer(sheet.id, field.id) == "Typed before the crash"
                   and [a.name for a in c.actors] == ["Wijkagent"])
    settle(tab)
    assert app.store().head(case_id) == 3, "each kept change stored once"
    assert any(STORED in n for n in notices_seen(tab)), notices_seen(tab)
    assert kept_in_browser(tab, case_id) == []


def test_kept_changes_survive_a_closed_tab(app, browser_context):
    sheet, field = _text_field()
    case_id = app.store().create(Case(title="Dichtgeklikt")).case.id
    first = browser_context.new_page()
    open_app(first, app, "part2", case=case_id, lang="en", ws=sheet.id)
    refuse_writes(app.db_url)
    try:
        type_answer(first, field.label("en"), "Typed, then the tab was closed")
        first.close()
        # reopened while the store still refuses: the kept value is shown, and waits
        again = browser_context.new_page()
        open_app(again, app, "part2", case=case_id, lang="en", ws=sheet.id)
        settle(again, quiet_ms=1000)
        assert field_value(again, field.label("en")) == "Typed, then the tab was closed"
        assert WAITING in main(again).inner_text()
        assert app.store().head(case_id) == 1
    finally:
        allow_writes(app.db_url)
    pick_worksheet(again, worksheet_with("actors", part=2)[0].title("en"))
    assert app.store().get(case_id).case.answer(sheet.id, field.id) == \
        "Typed, then the tab was closed"
    assert app.store().head(case_id) == 2
    settle(again)
    assert kept_in_browser(again, case_id) == []
    assert exceptions(again) == []
