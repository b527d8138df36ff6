"""When the store cannot be reached: one page at the start, one notice later, and a quiet retry
every few seconds that carries on by itself once the store answers again.

A tab whose case is open keeps working from its own copy while the store is away; what the
user enters is kept (ui/state.py, the refused changes) and stored once the store answers. The
page shows a short reason in the user's words; the driver's message, which may name server
paths and addresses, goes to the server's log only.
"""

from __future__ import annotations

import logging
import time

import streamlit as st

from workbook.case.store import StoreUnavailable
from ui.i18n import t
from ui.resources import store

RETRY_S = 5  # how often a tab asks the store again while it is away
DOWN = "_store_down"  # the reason, while this session cannot reach the store
ON_PAGE = "_store_down_shown"  # the last full run drew the notice at the top of the page
LOG_AGAIN_S = 60  # the same failure is logged again at most once a minute

log = logging.getLogger("workbook.app")
if not log.handlers and not logging.getLogger().handlers:  # Streamlit leaves the root bare
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
_logged: dict[tuple[str, str], float] = {}


def note(err: StoreUnavailable) -> None:
    """The store cannot be reached: say so until it answers again, and log why."""
    st.session_state[DOWN] = err.reason
    logged(err)


def answered() -> None:
    """The store answered: the notice goes."""
    st.session_state.pop(DOWN, None)


def is_down() -> bool:
    return DOWN in st.session_state


def logged(err: StoreUnavailable) -> None:
    """The driver's own words, for whoever runs the server (never shown on the page)."""
    key = (err.reason, err.detail)
    now = time.monotonic()
    if now - _logged.get(key, float("-inf")) >= LOG_AGAIN_S:
        if len(_logged) > 100:  # a server that fails in ever new words: forget the old ones
            _logged.clear()
        _logged[key] = now
        log.warning("store unavailable (%s, %s): %s", type(err).__name__, err.reason, err.detail)


def notice() -> None:
    """The notice at the top of the page (app.py, every full run) while the store is away."""
    reason = st.session_state.get(DOWN)
    st.session_state[ON_PAGE] = reason is not None
    if reason is not None:
        st.warning(t("store.unreachable", reason=t(f"store.reason.{reason}"), seconds=RETRY_S),
                   icon=":material/cloud_off:")


def to_page() -> None:
    """In a fragment that reruns alone: if the store went away meanwhile, the whole app runs
    again, so the page says so at the top and keeps asking the store (`watch`)."""
    if is_down() and not st.session_state.get(ON_PAGE):
        st.rerun()


def page(err: StoreUnavailable) -> None:
    """Instead of the page, when there is nothing to show without the store: what happened,
    that nothing is lost, that the app tries again. Ends the run."""
    note(err)
    st.session_state[ON_PAGE] = True
    st.title(t("store.down_title"), anchor=False)
    st.warning(t("store.down_page", reason=t(f"store.reason.{err.reason}"), seconds=RETRY_S),
               icon=":material/cloud_off:")
    watch()
    st.stop()


def keep_watching() -> None:
    """While the store is away, ask it again every few seconds (draw once per full run)."""
    if is_down():
        watch()


@st.fragment(run_every=RETRY_S)
def watch() -> None:
    """Once the store answers (or a save found it back), the whole app runs again: the kept
    changes are stored, the notice goes and the page is drawn from the store."""
    if is_down():
        try:
            store().ping()
        except StoreUnavailable:
            return
        answered()
    st.rerun()
