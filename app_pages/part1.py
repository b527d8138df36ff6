"""Part 1 of the course: the shared language. Concepts, the dynamic, exercises, the
reflection worksheet on one's own role, and the cheat sheet.

The open tab is in the URL (`?tab=ID`), so a facilitator can link to the cheat sheet, say;
only the open tab is drawn.
"""

import streamlit as st

from ui import urlstate
from ui.framework import concepts, course, exercises
from ui.i18n import lang, t
from ui.worksheets.part import part_header, worksheet_area

TABS = ("explorer", "dynamic", "exercises", "my_role", "cheatsheet")
OPEN = "_part1_tab"  # the tab last open in this session, by id
FIRST = "_part1_first_tab"  # the tab the tabs opened with: fixed while they live (their id)


def draw(tab: str, case, fw) -> None:
    if tab == "explorer":
        concepts.explorer(fw)
    elif tab == "dynamic":
        concepts.dynamic_panel(fw)
    elif tab == "exercises":
        exercises.moved_to_part3()
        exercises.exercise_area(1, case, fw)
    elif tab == "my_role":
        worksheet_area(1, case, fw, in_url=False)  # one of several tabs here
    else:
        concepts.cheatsheet_panel(fw)


case, fw = part_header(1)
if fw is not None:
    labels = [t(f"part1.tabs.{tab}") for tab in TABS]
    # keyed by language: a label is the tabs' state, and the labels change with the language
    key = f"part1_tabs_{lang()}"
    linked = urlstate.linked("tab", TABS)
    if linked or key not in st.session_state:  # new tabs open where the user was, or a link
        st.session_state[FIRST] = linked or st.session_state.get(OPEN, TABS[0])
    tabs = st.tabs(labels, default=labels[TABS.index(st.session_state[FIRST])], key=key,
                   on_change="rerun")
    for tab_id, tab in zip(TABS, tabs):
        if tab.open:
            st.session_state[OPEN] = tab_id
            urlstate.show("tab", tab_id, default=TABS[0])
            with tab:
                draw(tab_id, case, fw)
    course.assignment_box(1, case, fw)
