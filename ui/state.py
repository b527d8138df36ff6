"""The case in use in this browser session, and saving every change at once.

`st.session_state["case"]` holds the case id (bound to the `?case=` URL parameter by the
sidebar). `_loaded` keeps the case and the revision this session last saw. Widgets that edit
the case use keys starting with `w:` (plus `case_title`); they are cleared whenever the case
is reloaded, so they show the stored values again.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from pydantic import ValidationError

from workbook.case.model import Case
from workbook.case.edits import Path
from workbook.plain import md
from workbook.problems import first_problem
from workbook.case.store import CaseNotFound, Saved, StoreUnavailable, StoreUnreachable
from workbook.accounts.access import ReadOnly
from ui import outage
from ui.i18n import lang, t
from ui.resources import store

WIDGET_PREFIX = "w:"
TITLE_KEY = "case_title"


def case_id() -> str | None:
    return st.session_state.get("case") or None


def current(fresh: bool = False, heads: dict[str, int] | None = None) -> Case | None:
    """The open case. With `fresh` (where a run starts: app.py), and in a rerun of a fragment
    alone, the store is asked whether another session changed it, and it is reloaded if so.
    `heads` (case id -> newest revision, just read with the case list) saves asking again.
    While the store cannot be read, the case this tab has open is shown as it last saw it;
    with none open, StoreUnreachable is raised."""
    cid = case_id()
    if not cid:
        return None
    loaded: Saved | None = st.session_state.get("_loaded")
    if loaded is not None and loaded.case.id == cid and not (fresh or _fragment_run()):
        return loaded.case
    try:
        head = heads[cid] if heads and cid in heads else store().head(cid)
        if loaded is None or loaded.case.id != cid or loaded.head != head:
            newer = store().get(cid)
            if loaded is not None and loaded.case.id == cid:
                st.session_state["_notice"] = ("info", t("app.reloaded"))
            _take(newer)
    except CaseNotFound:
        st.session_state.pop("_loaded", None)
        return None
    except StoreUnavailable as err:
        if loaded is None or loaded.case.id != cid:
            raise
        outage.note(err)  # go on with this tab's copy; edits are kept until the store answers
        return loaded.case
    return st.session_state["_loaded"].case


def _fragment_run() -> bool:
    """Whether this run reruns a fragment alone (app.py did not run first)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def head() -> int | None:
    loaded: Saved | None = st.session_state.get("_loaded")
    return loaded.head if loaded else None


UNSAVED = "_unsaved"  # changes the store refused: (case id, path) -> (value, note), in order


def save(path: Path, value: Any, note: str = "") -> bool:
    """Store one change as a new revision. Returns False (and says why) if it was refused.
    A change the store could not write is kept, and stored before the next change (or at the
    start of the next run) once the store writes again, so no edit overtakes an older one."""
    cid = case_id()
    if not cid:
        return False
    unsaved: dict = st.session_state.setdefault(UNSAVED, {})
    unsaved.pop((cid, tuple(path)), None)  # this newer value replaces a kept one
    if unsaved and not retry_unsaved():
        unsaved[(cid, tuple(path))] = (value, note)  # after the older ones, still waiting
        return False
    try:
        saved = store().apply(cid, path, value, expected_head=head(), note=note)
    except ValidationError as err:
        reason = first_problem(err).message(lang())
        st.session_state["_notice"] = ("error", t("app.not_saved", reason=md(reason)))
        reset_widgets()
        return False
    except CaseNotFound:
        st.session_state["_notice"] = ("error", t("app.case_not_found", id=md(cid)))
        return False
    except ReadOnly:  # shared to read: the fields show the stored values again
        read_only()
        return False
    except StoreUnavailable as err:  # the field keeps what was typed: nothing is reset
        unsaved[(cid, tuple(path))] = (value, note)
        store_failed(err)
        return False
    outage.answered()
    if saved.conflict:
        st.session_state["_notice"] = ("warning", t("app.saved_conflict"))
        _take(saved)
    else:
        st.session_state["_loaded"] = saved
    st.session_state["_saved_at"] = dt.datetime.now()
    return True


def retry_unsaved() -> bool:
    """Store the changes the store refused before, oldest first. True when none is left
    waiting; False (and the user is told) while the store still refuses."""
    unsaved: dict = st.session_state.get(UNSAVED) or {}
    waiting = bool(unsaved)
    for (cid, path), (value, note) in list(unsaved.items()):
        try:
            saved = store().apply(cid, path, value, note=note)
        except StoreUnavailable as err:
            store_failed(err)
            return False
        except (ValidationError, CaseNotFound, ReadOnly):  # no longer fits: nothing to keep
            saved = None
        del unsaved[(cid, path)]
        if saved is not None:
            st.session_state["_saved_at"] = dt.datetime.now()
            loaded: Saved | None = st.session_state.get("_loaded")
            if loaded is not None and loaded.case.id == cid:
                # the widgets start again from what is now stored: a table's kept edit, built
                # on the older revision, would otherwise add its row a second time
                _take(saved)
    if waiting:  # the store writes again: what it said when it refused is no longer true
        if st.session_state.pop(STORE_NOTICE, False):
            st.session_state.pop("_notice", None)
        outage.answered()
    return True


STORE_NOTICE = "_notice_is_store"  # the waiting notice says the store refused a write


def store_failed(err: StoreUnavailable) -> None:
    """Say that nothing was stored: the database refused a write (locked, full, read-only),
    or cannot be reached (then the notice stays until it answers). The reason is said in
    the user's words; the driver's message goes to the server log."""
    if isinstance(err, StoreUnreachable):
        outage.note(err)
        return
    outage.logged(err)
    st.session_state["_notice"] = ("error", t("app.store_unavailable", reason=md(err.message(lang()))))
    st.session_state[STORE_NOTICE] = True


def storing(callback: Callable[..., None]) -> Callable[..., None]:
    """For a button's callback that writes to the store: a write the database refuses is
    said on the page, not raised, and the session stays as it was."""
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            callback(*args, **kwargs)
        except StoreUnavailable as err:
            store_failed(err)
        except ReadOnly:
            read_only()
    return run


def read_only() -> None:
    """Say that the case was shared to read: nothing was stored."""
    st.session_state["_notice"] = ("warning", t("account.read_only"))
    reset_widgets()


def open_case(cid: str, saved: Saved | None = None) -> None:
    """Switch this session to a case (call from a callback, before widgets are drawn)."""
    saved = saved or store().get(cid)
    st.session_state["case"] = cid
    _take(saved)


def replace(saved: Saved) -> None:
    """After undo or restore: show the given revision."""
    _take(saved)
    st.session_state["_saved_at"] = dt.datetime.now()


def _take(saved: Saved) -> None:
    st.session_state["_loaded"] = saved
    reset_widgets()


def reset_widgets() -> None:
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and (key.startswith(WIDGET_PREFIX) or key == TITLE_KEY):
            del st.session_state[key]


def widget_value(key: str, value: Any) -> None:
    """Give a widget its stored value the first time it is drawn after a (re)load."""
    if key not in st.session_state:
        st.session_state[key] = value


def show_notice() -> None:
    """The notice a change left, once (Markdown: whoever sets it escapes the user text in
    it). In a fragment that reruns alone, a store that went away meanwhile runs the whole
    app again: app.py says so at the top of the page."""
    if _fragment_run():
        outage.to_page()
    notice = st.session_state.pop("_notice", None)
    st.session_state.pop(STORE_NOTICE, None)
    if notice:
        kind, text = notice
        getattr(st, kind)(text)


def saved_sign(in_sidebar: bool = False) -> None:
    """'Saved at 14:02:11'. A page whose edits rerun a fragment alone draws the sign inside
    that fragment (the sidebar is not redrawn then); the sidebar then leaves it out."""
    if in_sidebar and st.session_state.pop("_sign_in_page", False):
        return
    if not in_sidebar:
        st.session_state["_sign_in_page"] = True
    when = st.session_state.get("_saved_at")
    if when is not None:
        st.caption(":material/cloud_done: " + t("app.saved", time=f"{when:%H:%M:%S}"))
