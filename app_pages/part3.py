"""Part 3 of the course: personal skills, what you do to break polarisation. The strategy
worksheets (the game changers applied, dialogue, the plan, the intended map), the authentic
question step by step, scenarios to practise, mediative speech, the strategy on one page,
and a kit to pass the framework on; then the assignment until the next session.

The open tab is in the URL (`?tab=ID`); a link to a strategy worksheet (`?ws=ID`, as before
this page had tabs) opens the strategy tab on it. Only the open tab is drawn.
"""

import streamlit as st

from ui import kit, urlstate
from ui.analysis.strategyview import maps_stacked, summary_panel
from ui.coach import coach_panel, hints_for
from ui.framework import course, exercises, scenarios
from ui.i18n import t
from ui.pagetabs import open_tab
from ui.worksheets.part import part_header, picked_sheets, worksheet_area
from ui.worksheets.steps import stepped_area

TABS = ("strategy", "question", "scenarios", "tone", "summary", "pass_on")


def strategy(case, fw) -> None:
    if case is None:
        worksheet_area(3, case, fw)
        return
    sheet, maps = st.columns([3, 2])
    with sheet:
        worksheet_area(3, case, fw)
    with maps:
        # the coach on the strategy (part-3 rules only); many hints scroll, the maps stay near
        many = len(hints_for(case, fw, part=3)) > 2
        with st.container(border=True, height=560 if many else "content"):
            coach_panel(case, fw, part=3)
        maps_stacked(case, fw)


def draw(tab: str, case, fw) -> None:
    if tab == "strategy":
        strategy(case, fw)
        return
    urlstate.drop("ws")  # only the strategy tab shows a worksheet
    if tab == "question":
        stepped_area(3, case, fw)
    elif tab == "scenarios":
        scenarios.scenario_area(3, case, fw)
    elif tab == "tone":
        st.caption(t("part3.tone_intro"))
        exercises.exercise_area(3, case, fw)
    elif tab == "summary" and case is not None:
        summary_panel(case, fw)
    elif tab == "summary":
        st.info(t("part.need_case"))
    else:
        kit.panel(case, fw)


case, fw = part_header(3)
if fw is not None:
    labels = [t(f"part3.tabs.{tab}") for tab in TABS]
    # a link to one of its worksheets (?ws=) is a link to the strategy tab
    linked_sheet = urlstate.pending("ws") in {w.id for w in picked_sheets(fw, 3)}
    tab_id, tab = open_tab("part3", TABS, labels, forced="strategy" if linked_sheet else None)
    with tab:
        draw(tab_id, case, fw)
    course.assignment_box(3, case, fw)
