"""A store that cannot be reached, in a real browser: at the start one page in the user's
language that carries on by itself once the store can be opened; in the middle of the work
one notice, the typed answer stays in its field, and once the database server is back the
notice goes by itself and the answer is stored. Never a traceback, a path or an address.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import AppServer
from tests.browser.helpers import (exceptions, field_value, main, main_text, notices,
                                   notices_seen, open_app, t, type_answer, worksheet_with)
from ui.outage import RETRY_S
from workbook.case.model import Case
from workbook.case.store import Store

pytestmark = pytest.mark.browser

WAIT_MS = 6 * RETRY_S * 1000  # a few retries, on a busy machine


def server_on(tmp_path, db_url: str) -> AppServer:
    server = AppServer(tmp_path)
    server.db_url = db_url
    return server.start()


def unreachable_said(lang: str, reason: str) -> str:
    return t("store.unreachable", lang, reason=t(f"store.reason.{reason}", lang),
             seconds=RETRY_S)


def shown(page, text: str) -> int:
    """How many notices on the page say this (an alert's text starts with its icon's name)."""
    return sum(text in n for n in notices(page))


def wait_until(check, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout_s:.0f} s: {what}"
        time.sleep(0.5)


def test_a_store_that_cannot_be_opened_shows_one_page_that_carries_on_by_itself(
        tab, tmp_path_factory):
    work = tmp_path_factory.mktemp("down")
    blocker = work / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    app = server_on(work, f"sqlite:///{blocker / 'workbook.db'}")
    try:
        open_app(tab, app, lang="nl")
        assert exceptions(tab) == []
        page = main_text(tab)
        assert t("store.down_title", "nl") in page
        assert shown(tab, t("store.reason.cannot_open", "nl")) == 1
        assert str(work) not in page and "unable to open" not in page

        blocker.unlink()
        blocker.mkdir()  # the store can be opened now; nobody touches the page
        main(tab).get_by_text(t("case.welcome", "nl")).wait_for(timeout=WAIT_MS)
        assert t("store.down_title", "nl") not in main_text(tab)
        assert not shown(tab, t("store.reason.cannot_open", "nl"))
        assert exceptions(tab) == []
    finally:
        app.stop()
    assert "unable to open database file" in app.log_tail(400), "the detail is in the log"


def test_a_server_that_stops_mid_session_loses_nothing_and_the_notice_goes(
        tab, tmp_path_factory, postgres, pg_url):
    case_id = Store(pg_url).create(Case(title="Stationsplein")).case.id
    sheet, field = worksheet_with("text", part=2)
    label = field.label("en")
    app = server_on(tmp_path_factory.mktemp("pg"), pg_url)
    try:
        open_app(tab, app, "part2", case=case_id, lang="en", ws=sheet.id)
        type_answer(tab, label, "On the square")
        postgres.stop()
        try:
            type_answer(tab, label, "On the square behind the station")
            said = unreachable_said("en", "unreachable")
            wait_until(lambda: shown(tab, said), 30, "the notice")
            assert shown(tab, said) == 1, notices(tab)
            # what the page showed is taken now: the retry may reload the page later
            assert any(said in n for n in notices_seen(tab))
            assert field_value(tab, label) == "On the square behind the station"
            assert exceptions(tab) == []
            assert str(postgres.port) not in main_text(tab)
        finally:
            postgres.start()
        # nobody touches the page: the app asks again by itself, stores the answer and
        # the notice goes
        wait_until(lambda: not shown(tab, said), WAIT_MS / 1000, "the notice to go")
        store = Store(pg_url)
        wait_until(lambda: store.get(case_id).case.answer(sheet.id, field.id)
                   == "On the square behind the station", 30, "the answer to be stored")
        assert field_value(tab, label) == "On the square behind the station"
        assert exceptions(tab) == []
    finally:
        app.stop()
