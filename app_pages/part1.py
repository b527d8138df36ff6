"""Part 1 of the course: the shared language. Concepts, the dynamic, exercises, the
reflection worksheet on one's own role, and the cheat sheet."""

import streamlit as st

from ui import concepts, exercises
from ui.i18n import t
from ui.part import part_header, worksheet_area

case, fw = part_header(1)
if fw is not None:
    explorer, dynamic, practice, my_role, cheat = st.tabs([
        t("part1.tabs.explorer"), t("part1.tabs.dynamic"), t("part1.tabs.exercises"),
        t("part1.tabs.my_role"), t("part1.tabs.cheatsheet"),
    ])
    with explorer:
        concepts.explorer(fw)
    with dynamic:
        concepts.dynamic_panel(fw)
    with practice:
        exercises.exercise_area(1, case, fw)
    with my_role:
        worksheet_area(1, case, fw, in_url=False)  # one of several tabs here
    with cheat:
        concepts.cheatsheet_panel(fw)
