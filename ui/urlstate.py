"""The URL carries what a user bookmarks or shares: `?lang=en`, `?case=ID` and, on a course
part's page, `?ws=ID` (the worksheet open there).

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


WORKSHEET = "ws"
WORKSHEET_LINK = "_ws_link"  # a linked worksheet, waiting for its part's page to open it


def read() -> None:
    """On a session's first run, adopt the URL's parameters. Call before the widgets."""
    if not st.session_state.get("_url_read"):
        st.session_state["_url_read"] = True
        for name in PARAMS:
            value = st.query_params.get(name)
            if value:
                st.session_state[name] = norm_lang(value) if name == "lang" else value[:40]
        if st.query_params.get(WORKSHEET):
            st.session_state[WORKSHEET_LINK] = st.query_params[WORKSHEET][:80]
    st.session_state.setdefault("lang", "nl")


def write(worksheets_shown: bool = False) -> None:
    """Put the session's language and case in the URL; drop the worksheet on a page that
    shows none."""
    for name in PARAMS:
        value = st.session_state.get(name)
        if value:
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]
    if not worksheets_shown and WORKSHEET in st.query_params:
        del st.query_params[WORKSHEET]


def linked_worksheet(ids: list[str]) -> str | None:
    """The worksheet a shared link asked for, once, if it is one of `ids`."""
    wanted = st.session_state.get(WORKSHEET_LINK)
    if wanted in ids:
        del st.session_state[WORKSHEET_LINK]
        return wanted
    return None


def show_worksheet(worksheet_id: str) -> None:
    if st.query_params.get(WORKSHEET) != worksheet_id:
        st.query_params[WORKSHEET] = worksheet_id
