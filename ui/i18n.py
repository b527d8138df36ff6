"""The current language and translation helpers for pages."""

from __future__ import annotations

import contextlib
import threading
from typing import Iterator

import streamlit as st

from workbook import i18n
from workbook.text import Lang, Text, norm_lang


_held = threading.local()  # the language of the run under way on this (script) thread


def lang() -> Lang:
    held = getattr(_held, "lang", None)
    if held is not None:
        return held
    return norm_lang(st.session_state.get("lang", "nl"))


@contextlib.contextmanager
def held_lang() -> Iterator[None]:
    """For the rest of a run, once the URL has set the language: read it once, not on every
    translated word (a session-state read each, a few per cent of a run). Only the URL and
    the language switch (a widget, set before the run) change it, never the run itself."""
    outer = getattr(_held, "lang", None)
    _held.lang = norm_lang(st.session_state.get("lang", "nl"))
    try:
        yield
    finally:
        _held.lang = outer


def t(key: str, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def tx(text: Text | None) -> str:
    return text(lang()) if text is not None else ""
