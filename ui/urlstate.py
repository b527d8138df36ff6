"""The URL carries what a user bookmarks or shares: `?lang=en`, `?case=ID` and, on a course
part's page, what is open there: `?ws=ID` (the worksheet, Parts 2 and 3) or `?tab=ID` (the
tab, Part 1), `?step=N` (the step of a presentation), `?room=CODE` (a live room's link). Ids, not labels, so a link works in
either language.

Streamlit's own widget binding would put a widget's *label* in the URL (a case title), so
the parameters are synchronised here. A shared link or a typed URL starts a new browser
session, so the URL is read once, on a session's first run; from then on the session's state
is the truth and is written back on every run, so the URL follows the case in use. (Reading
it on later runs would let a page switch, which may resend the query string the page was
loaded with, reopen the previous case.)

Anyone can send a link, so every parameter is checked before it is used or shown: `lang`
becomes nl or en, a `case` that is no case id is dropped (the sidebar then says the link is
not valid, in words of its own, never repeating it), `ws` and `tab` must look like an id.
"""

from __future__ import annotations

import re

import streamlit as st

from workbook.case.model import SHORT_ID
from workbook.text import norm_lang

PARAMS = ("lang", "case")
# what is open within a page (a worksheet, a tab, a presentation's step): kept only on the
# pages that have it
PAGE_PARAMS = ("ws", "tab", "step", "room")
BAD_CASE_LINK = "_bad_case_link"  # set when the URL's case was no case id at all
_CASE_ID = re.compile(SHORT_ID)
_PAGE_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")  # a worksheet's or a tab's id
_STEP = re.compile(r"^-?[0-9]{1,4}$")  # a presentation's step (out of range: the nearest)
_ROOM = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # a live room's code (workbook.rooms)


def valid(name: str, value: object) -> bool:
    """Whether a `case`, `ws`, `tab`, `step` or `room` parameter's value has the form it
    must have."""
    pattern = {"case": _CASE_ID, "step": _STEP, "room": _ROOM}.get(name, _PAGE_ID)
    return isinstance(value, str) and pattern.fullmatch(value) is not None


_KEEP_LANG = "_lang_over_switch"


def _link_key(name: str) -> str:
    return f"_link:{name}"  # a linked worksheet or tab, waiting for its page to open it


def read() -> None:
    """On a session's first run, adopt the URL's parameters. Call before the widgets."""
    if not st.session_state.get("_url_read"):
        st.session_state["_url_read"] = True
        language = st.query_params.get("lang")
        if language:
            st.session_state["lang"] = norm_lang(language)
        case = st.query_params.get("case")
        if case and valid("case", case):
            st.session_state["case"] = case
        elif case:  # no case id: open no case, and say so without repeating it
            st.session_state["case"] = None
            st.session_state[BAD_CASE_LINK] = True
        for name in PAGE_PARAMS:
            value = st.query_params.get(name)
            if value and valid(name, value):
                st.session_state[_link_key(name)] = value
            elif value and name == "room":  # no room code: the page says so, never repeating it
                st.session_state[_link_key(name)] = ""
    kept = st.session_state.pop(_KEEP_LANG, None)
    if kept:  # a page switch (`go`) left the language switch at its default
        st.session_state["lang"] = kept
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


def pending(name: str) -> str | None:
    """What a shared link asked `name` to open and no page has opened yet (not consumed)."""
    value = st.session_state.get(_link_key(name))
    return value if isinstance(value, str) else None


def open_later(name: str, value: str) -> None:
    """Ask the page switched to next to open `value` (a tab, a worksheet), as a link would."""
    st.session_state[_link_key(name)] = value


def drop(name: str) -> None:
    """Take a page parameter out of the URL (what it named is not shown now)."""
    if name in st.query_params:
        del st.query_params[name]


def go(page: str, query: dict[str, str] | None = None, lang: str | None = None,
       **opens: str) -> None:
    """Switch to `page`, asking it to open `opens` (tab=ID, ws=ID) as a link would, with
    `query` in its URL, in `lang` (else the session's language). The language is carried
    over: st.switch_page reruns without the widgets' states, which would set the language
    switch back to its default."""
    for name, value in opens.items():
        open_later(name, value)
    st.session_state[_KEEP_LANG] = lang or st.session_state.get("lang")
    st.switch_page(page, query_params=query)
