"""The current language and translation helpers for pages."""

from __future__ import annotations

import streamlit as st

from workbook import i18n
from workbook.text import Lang, Text, norm_lang


def lang() -> Lang:
    return norm_lang(st.session_state.get("lang", "nl"))


def t(key: str, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def tx(text: Text | None) -> str:
    return text(lang()) if text is not None else ""
