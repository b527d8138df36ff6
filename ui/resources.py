"""Shared, cached resources: the store (as this session's user may use it) and the framework
catalogue."""

from __future__ import annotations

import threading
import time

import streamlit as st

from workbook.framework import cache as framework_cache
from workbook.framework import loader as frameworks
from workbook.framework.loader import Catalogue
from workbook.framework.schema import Framework
from workbook.accounts import retention
from workbook.accounts.access import CaseAccess, now
from workbook.accounts.cohorts import CohortAccess
from workbook.case.dbengine import default_url
from workbook.case.store import Store
from ui import warmup
from ui.account import is_facilitator, session_user, settings


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    warmed = warmup.result("store", lambda: None)  # opened while the server started
    if warmed is not None and warmed[0] == url:
        return warmed[1]
    return Store(url)


def open_store() -> tuple[str, Store]:
    """The store of this process's database (ui.warmup opens it while the server starts)."""
    url = default_url()
    return url, Store(url)


def store() -> CaseAccess:
    """The store as this session's user may use it: every read and write of a case passes
    the one access check of workbook.accounts, so another user's case answers as a missing
    one. (The interface never reaches the store itself: tests/accounts/test_ui_access.py.)"""
    user = session_user()
    return CaseAccess(_store(default_url()), user, is_facilitator(user))


def cohorts() -> CohortAccess:
    """The cohorts as this session's user may use them (workbook.accounts.cohorts)."""
    user = session_user()
    return CohortAccess(_store(default_url()), user, is_facilitator(user))


ROOM_WHO = "_room_who"  # local mode: the key a participant's browser session goes by


def rooms():
    """The live rooms as this session may use them (workbook.rooms.room.RoomAccess). A
    participant is their login in hosted mode; in local mode, where everyone is the local
    user, this browser session (a random key kept in it)."""
    import secrets

    from workbook.rooms.room import RoomAccess

    user = session_user()
    who = user.key
    if user.is_local:
        who = st.session_state.setdefault(ROOM_WHO, f"session:{secrets.token_urlsafe(16)}")
    return RoomAccess(_store(default_url()), user, is_facilitator(user), who=who)


_RETENTION_EVERY_S = 3600.0
_retained = {"at": float("-inf")}


def keep_retention() -> None:
    """Apply the configured retention (`[workbook] retention_months`) at most once an hour
    in this process: warn owners a month ahead, then delete (workbook.accounts.retention)."""
    months = settings().get("retention_months")
    if months is None:
        return
    with _check_lock:
        if time.monotonic() - _retained["at"] < _RETENTION_EVERY_S:
            return
        _retained["at"] = time.monotonic()
    try:
        keep_for = retention.period(months)
    except ValueError:
        return
    retention.run(_store(default_url()), keep_for, now())


@st.cache_resource(show_spinner=False)
def _catalogue(signature: str) -> Catalogue:
    warmed = warmup.result("frameworks", lambda: None)  # read while the server started
    if warmed is not None and warmed[0] == signature:
        return warmed[1]
    return framework_cache.load_dir()


def load_frameworks() -> tuple[str, Catalogue]:
    """The framework files' signature and what they say (ui.warmup reads them early)."""
    signature = frameworks.signature()
    return repr(signature), framework_cache.load_dir(signature)


_RECHECK_S = 1.0  # how often the framework files are looked at again for changes
_checked = {"at": float("-inf"), "signature": ""}
_check_lock = threading.Lock()


def _signature() -> str:
    """The framework files' signature, looked up at most once a second (a page asks often)."""
    with _check_lock:
        now = time.monotonic()
        if now - _checked["at"] >= _RECHECK_S:
            _checked["signature"] = repr(frameworks.signature())
            _checked["at"] = now
        return _checked["signature"]


def recheck_frameworks() -> None:
    """Look at the framework files again on the next request."""
    with _check_lock:
        _checked["at"] = float("-inf")


def catalogue() -> Catalogue:
    """Reloaded when a framework file changes on disk, so facilitators see their edits."""
    return _catalogue(_signature())


def framework_for(framework_id: str) -> Framework | None:
    cat = catalogue()
    return cat.get(framework_id) or cat.default()


@st.cache_resource(show_spinner=False)
def _methods(signature: str, framework_id: str):
    from workbook.meetings.methods import load_methods

    return load_methods(catalogue().get(framework_id))


def methods_for(fw: Framework | None):
    """The framework's intervision methods (workbook.meetings.methods.Methods), reloaded when
    a file changes on disk, so a facilitator sees a new method at once."""
    from workbook.meetings.methods import Methods

    return _methods(_signature(), fw.id) if fw is not None else Methods()
