"""The URL carries what a user bookmarks or shares: `?lang=en`, `?case=ID` and, on a course
part's page, what is open there: `?ws=ID` (the worksheet, Parts 2 and 3) or `?tab=ID` (the
tab, Part 1), `?step=N` (the step of a presentation). Ids, not labels, so a link works in
either language.

Streamlit's own widget binding would put a widget's *label* in the URL (a case title), so
the parameters are synchronised here. A shared link or a typed URL starts a new browser
session, so the URL is read once, on a session's first run; from then on the session's state
is the truth and is written back on every run, so the URL follows the case in use. (Reading
it on later runs would let a page switch, which may resend the query string the page was
loaded with, reopen the previous case.)
"""

from __future__ import annotations

import streamlit as st

from workbook.text import norm_lang

PARAMS = ("lang", "case")
# what is open within a page (a worksheet, a tab, a presentation's step): kept only on the
# pages that have it
PAGE_PARAMS = ("ws", "tab", "step")


def _link_key(name: str) -> str:
    return f"_link:{name}"  # a linked worksheet or tab, waiting for its page to open it


def read() -> None:
    """On a session's first run, adopt the URL's parameters. Call before the widgets."""
    if not st.session_state.get("_url_read"):
        st.session_state["_url_read"] = True
        for name in PARAMS:
            value = st.query_params.get(name)
            if value:
                st.session_state[name] = norm_lang(value) if name == "lang" else value[:40]
        for name in PAGE_PARAMS:
            if st.query_params.get(name):
                st.session_state[_link_key(name)] = st.query_params[name][:80]
    st.session_state.setdefault("lang", "nl")


def write(kept: tuple[str, ...] = ()) -> None:
    """Put the session's language and case in the URL; drop the page parameters other than
    `kept` (those the page shows)."""
    for name in PARAMS:
        value = st.session_state.get(name)
        if value:
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]
    for name in PAGE_PARAMS:
        if name not in kept and name in st.query_params:
            del st.query_params[name]


def linked(name: str, ids: list[str] | tuple[str, ...]) -> str | None:
    """What a shared link asked `name` (ws, tab) to open, once, if it is one of `ids`."""
    wanted = st.session_state.get(_link_key(name))
    if wanted in ids:
        del st.session_state[_link_key(name)]
        return wanted
    return None


def linked_value(name: str) -> str | None:
    """What a shared link gave for `name` (the page validates it), once."""
    return st.session_state.pop(_link_key(name), None)


def show(name: str, value: str, default: str | None = None) -> None:
    """Put what is open in the URL; the page's default needs no parameter."""
    if value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value
