"""The URL carries what a user bookmarks or shares: `?lang=en` and `?case=ID`.

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


def read() -> None:
    """On a session's first run, adopt the URL's parameters. Call before the widgets."""
    if not st.session_state.get("_url_read"):
        st.session_state["_url_read"] = True
        for name in PARAMS:
            value = st.query_params.get(name)
            if value:
                st.session_state[name] = norm_lang(value) if name == "lang" else value[:40]
    st.session_state.setdefault("lang", "nl")


def write() -> None:
    """Put the session's language and case in the URL."""
    for name in PARAMS:
        value = st.session_state.get(name)
        if value:
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]
