"""Part 2 of the course: the situational analysis, with the map beside the worksheet."""

import streamlit as st

from ui.mapview import map_panel
from ui.part import part_header, worksheet_area

case, fw = part_header(2)
if fw is not None:
    sheet, chart = st.columns([3, 2]) if case is not None else (st.container(), None)
    with sheet:
        worksheet_area(2, case, fw)
    if chart is not None:
        with chart:
            map_panel(case, fw, key="part2_map")
