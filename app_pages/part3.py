"""Part 3 of the course: the game changers applied, the plan, and the intended map."""

import streamlit as st

from ui.coach import coach_panel, hints_for
from ui.i18n import t
from ui.worksheets.part import part_header, worksheet_area
from ui.analysis.strategyview import maps_stacked, summary_panel

case, fw = part_header(3)
if fw is not None and case is None:
    worksheet_area(3, case, fw)
elif fw is not None:
    work, summary = st.tabs([t("part.worksheets"), t("plan.summary")])
    with work:
        sheet, maps = st.columns([3, 2])
        with sheet:
            worksheet_area(3, case, fw)
        with maps:
            # the coach on the strategy (part-3 rules only); many hints scroll, the maps stay near
            many = len(hints_for(case, fw, part=3)) > 2
            with st.container(border=True, height=560 if many else "content"):
                coach_panel(case, fw, part=3)
            maps_stacked(case, fw)
    with summary:
        summary_panel(case, fw)
