"""Times in the user's own time zone: the browser's (`st.context.timezone`), or
Europe/Brussels where the browser does not say (a first run, AppTest)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from workbook import dates
from ui.i18n import lang

DEFAULT_ZONE = "Europe/Brussels"


def browser_zone() -> str | None:
    """The zone the browser reports (an IANA name), or None."""
    try:
        return st.context.timezone
    except Exception:  # noqa: BLE001 - no browser context (bare mode): none
        return None


def zone() -> ZoneInfo:
    name = browser_zone()
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else ZoneInfo(DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def local(when: dt.datetime, utc: bool = False) -> dt.datetime:
    """`when` in the user's zone. A time without a zone is this server's own clock, or UTC
    with `utc` (as the store keeps its revisions)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc) if utc else when.astimezone()
    return when.astimezone(zone())


def clock(when: dt.datetime, seconds: bool = False, utc: bool = False) -> str:
    """14:02 (or 14:02:11) in the user's zone."""
    return f"{local(when, utc):%H:%M:%S}" if seconds else f"{local(when, utc):%H:%M}"


def stamp(when: dt.datetime, utc: bool = False) -> str:
    """The day in the reader's format and the time, in the user's zone: 15/09/2026 14:02:11."""
    shown = local(when, utc)
    return f"{dates.show(shown.date(), lang())} {shown:%H:%M:%S}"
