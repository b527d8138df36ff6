"""The map panel: the case's polarisation map as an interactive chart."""

from __future__ import annotations

import streamlit as st

from workbook.case import Case
from workbook.polarmap import build_map
from workbook.schema import Framework
from ui.i18n import lang


def map_panel(case: Case, fw: Framework, key: str = "map_chart", height: int = 520) -> None:
    fig = build_map(case, fw, lang())
    fig.update_layout(height=height)
    st.plotly_chart(fig, key=key, width="stretch", config={"displaylogo": False})
