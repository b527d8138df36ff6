"""Times are shown in the user's own time zone (the browser's), Europe/Brussels where the
browser does not say; the history says no 'UTC'."""

import datetime as dt

import pytest

from tests.apptest import start
from ui import clock
from workbook.case.model import Case

SUMMER_NOON_UTC = dt.datetime(2026, 7, 1, 12, 0, 5)


def test_without_a_browser_zone_times_are_brussels_time(monkeypatch):
    monkeypatch.setattr(clock, "browser_zone", lambda: None)
    assert clock.clock(SUMMER_NOON_UTC, utc=True) == "14:00"
    assert clock.clock(SUMMER_NOON_UTC, seconds=True, utc=True) == "14:00:05"


@pytest.mark.parametrize("name, shown", [("America/New_York", "08:00"), ("Asia/Tokyo", "21:00"),
                                         ("Not/AZone", "14:00"), ("", "14:00")])
def test_the_browsers_zone_is_used(monkeypatch, name, shown):
    monkeypatch.setattr(clock, "browser_zone", lambda: name)
    assert clock.clock(SUMMER_NOON_UTC, utc=True) == shown


def test_a_time_from_this_servers_clock_is_shown_in_the_users_zone(monkeypatch):
    monkeypatch.setattr(clock, "browser_zone", lambda: "UTC")
    now = dt.datetime.now()
    assert clock.clock(now) == f"{now.astimezone(dt.timezone.utc):%H:%M}"


def test_the_history_shows_local_times_in_the_readers_date_format(store):
    cid = store.create(Case(title="Plein")).case.id
    when = clock.local(store.history(cid)[0].created_at, utc=True)
    at = start(cid, page="app_pages/history.py")
    assert not at.exception
    shown = at.dataframe[0].value.iloc[0].tolist()
    assert f"{when:%d/%m/%Y %H:%M}" in " ".join(map(str, shown))
    assert "UTC" not in " ".join(map(str, shown))
