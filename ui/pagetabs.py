"""Tabs whose open tab is in the URL (`?tab=ID`), so a link opens one; only the open tab is
drawn. The tabs open where the user last was, or where a link asks."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import urlstate
from ui.i18n import lang


def open_tab(page: str, tabs: tuple[str, ...], labels: list[str],
             forced: str | None = None) -> tuple[str, Any]:
    """Draw the tabs of `page`; returns the open tab's id and its container. `forced` opens
    a tab whatever else is asked (a link to something only that tab shows)."""
    first, last = f"_{page}_first_tab", f"_{page}_tab"
    # keyed by language: a label is the tabs' state, and the labels change with the language
    key = f"{page}_tabs_{lang()}"
    linked = urlstate.linked("tab", tabs)
    wanted = forced or linked
    if wanted and key in st.session_state:  # a link while the tabs live: draw them anew
        del st.session_state[key]
    if key not in st.session_state:  # new tabs open where the user was, or a link
        st.session_state[first] = wanted or st.session_state.get(last, tabs[0])
    made = st.tabs(labels, default=labels[tabs.index(st.session_state[first])], key=key,
                   on_change="rerun")
    for tab_id, tab in zip(tabs, made):
        if tab.open:
            st.session_state[last] = tab_id
            urlstate.show("tab", tab_id, default=tabs[0])
            return tab_id, tab
    return tabs[0], made[0]
