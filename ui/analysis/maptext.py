"""The map in words, folded under the map: the role balance and every actor with its role,
as a real table (a screen reader reads it; the picture it cannot)."""

from __future__ import annotations

import streamlit as st

from workbook.analysis.maptext import COLUMNS, actor_rows, balance_line
from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.plain import md
from ui.i18n import lang, t

HEADERS = {"name": "actor.name", "role": "actor.role", "side": "actor.side",
           "stance": "mapview.stance", "influence": "mapview.influence"}


def map_in_words(case: Case, fw: Framework, key: str) -> None:
    """An expander under the map; drawn only while open, left as the user left it."""
    box = st.expander(t("maptext.label"), icon=":material/table_rows:", key=f"{key}-words",
                      on_change="rerun")
    if not box.open:
        return
    with box:
        if not case.actors:
            st.caption(t("maptext.none"))
            return
        st.markdown(md(balance_line(case, fw, lang())))
        # st.table renders Markdown in its cells: every cell is escaped (names are user text)
        rows = [{md(t(HEADERS[c]).capitalize()): md(r[c]) for c in COLUMNS}
                for r in actor_rows(case, fw, lang())]
        st.table(rows, border="horizontal", hide_index=True, alt=t("maptext.label"))
