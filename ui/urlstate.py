"""The URL carries what a user bookmarks or shares: `?lang=en` and `?case=ID`.

Streamlit's own widget binding would put a widget's *label* in the URL (a case title), so
the parameters are synchronised here. A parameter that differs from what this session last
wrote came from outside (a shared link, a typed URL) and wins; otherwise the session's
state wins and is written back, so the URL follows the case in use across page switches.
"""

from __future__ import annotations

import streamlit as st

from workbook.text import norm_lang

PARAMS = ("lang", "case")


def read() -> None:
    """Adopt URL parameters that this session did not write. Call before the widgets."""
    written = st.session_state.setdefault("_url_written", {})
    for name in PARAMS:
        value = st.query_params.get(name)
        if value is not None and value != written.get(name):
            st.session_state[name] = norm_lang(value) if name == "lang" else value[:40]
            written[name] = value
    st.session_state.setdefault("lang", "nl")


def write() -> None:
    """Put the session's language and case in the URL."""
    written = st.session_state.setdefault("_url_written", {})
    for name in PARAMS:
        value = st.session_state.get(name)
        if value:
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]
        written[name] = value
