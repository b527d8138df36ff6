"""Part 3's "pass it on": download a short kit of slides to carry the framework into one's own
organisation, in Dutch or English, optionally with the open case's map as the example
(anonymised)."""

from __future__ import annotations

from typing import Callable

import streamlit as st

from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.share import kit
from ui.i18n import lang, t

LANG_KEY = "kit_lang"
MAP_KEY = "kit_map"


def panel(case: Case | None, fw: Framework) -> None:
    st.subheader(t("kit.heading"), anchor=False)
    st.markdown(t("kit.intro"))
    names = {"nl": "Nederlands", "en": "English"}
    if st.session_state.get(LANG_KEY) not in names:
        st.session_state[LANG_KEY] = lang()
    chosen = st.segmented_control(t("kit.lang"), options=list(names), format_func=names.get,
                                  key=LANG_KEY, required=True)
    with_map = False
    if case is not None:
        from workbook.share.images import images_available  # Chromium is looked up once

        usable = bool(case.actors) and images_available()
        with_map = st.toggle(t("kit.with_map"), key=MAP_KEY, help=t("kit.with_map_help"),
                             disabled=not usable) and usable
        if not case.actors:
            st.caption(t("kit.no_actors"))
        elif not images_available():
            st.caption(t("kit.no_browser"))
    st.download_button(t("kit.download"), data=_maker(fw, chosen, case if with_map else None),
                       file_name=kit.file_name(chosen), mime="application/pdf",
                       help=t("kit.download_help"), icon=":material/slideshow:",
                       on_click="ignore", type="primary", key="kit_download")


def _maker(fw: Framework, language: str, case: Case | None) -> Callable[[], bytes]:
    """The PDF, built on click (in a thread of its own: no st.* calls here)."""
    def make() -> bytes:
        return kit.build_kit(fw, language, case)
    return make
