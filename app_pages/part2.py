"""Part 2 of the course: the situational analysis, with the map beside the worksheet.

The worksheet and the map run in one fragment, so a change reruns that block alone and the
map (which keeps the user's zoom) follows it at once. The worksheet is a fragment of its own
inside it: an answer typed reruns only the worksheet, which is most of what a trainee does and
what a cohort typing at once costs the server. When a change alters what the side shows (the
map, the coach's hints, the trainee's own estimate of the middle), the worksheet asks for the
whole page again.
"""

import streamlit as st

from ui import state
from ui.i18n import t
from ui.analysis.mapview import balance_expander, map_panel
from ui.analysis.maptext import map_in_words
from ui.worksheets.part import part_header, worksheet_area
from ui.analysis.timeline import timeline_panel
from ui.analysis.sidepanel import side_shows
from ui.coach import coach_expander
from ui.framework import course

MAP_WIDTH, MAP_HEIGHT = 460, 500  # what the map column shows at a usual laptop width
SHOWN = "_part2_side"  # what the side column drew, by value (ui.analysis.sidepanel)


@st.fragment
def analysis(fw) -> None:
    with state.run_body():  # a fragment rerun alone: its own body
        _analysis(fw)


def _analysis(fw) -> None:
    case = state.current()
    state.show_notice()
    if case is None:
        worksheet_area(2, case, fw)
        return
    sheet, side = st.columns([1, 1], gap="medium")
    with side:  # drawn first: the worksheet below compares the case with what it shows
        _side(case, fw)
    with sheet:
        worksheet(fw)


def _side(case, fw) -> None:
    names = {v: t(f"mapview.view_{v}") for v in ("map", "timeline")}
    view = st.segmented_control(
        t("mapview.view"), options=list(names), key="part2_view", required=True,
        default="map", format_func=names.get, label_visibility="collapsed")
    if view == "timeline":
        timeline_panel(case, fw, key="part2_timeline", height=320)
    else:
        map_panel(case, fw, key="part2_map", width=MAP_WIDTH, height=MAP_HEIGHT)
    balance_expander(case, fw, key="part2_balance")
    map_in_words(case, fw, key="part2_map")
    coach_expander(case, fw, part=2, key="part2_coach")
    st.session_state[SHOWN] = (case, None)  # what it shows: worked out when first asked


@st.fragment
def worksheet(fw) -> None:
    """The chosen worksheet; rerun alone when one of its answers changes."""
    with state.run_body():
        case = state.current()
        if case is not None and _side_changed(case, fw):
            st.rerun()  # the map, the balance or the coach changed too: the whole page
        state.show_notice()
        worksheet_area(2, case, fw)
        state.saved_sign()  # this fragment reruns alone, so the sidebar's sign may lag


def _side_changed(case, fw) -> bool:
    """Whether the side would show `case` otherwise than it shows the case it was drawn
    with (the same object, as in the page's own run: no)."""
    drawn = st.session_state.get(SHOWN)
    if drawn is None or drawn[0] is case:
        return False
    before = drawn[1] if drawn[1] is not None else side_shows(drawn[0], fw)
    now = side_shows(case, fw)
    st.session_state[SHOWN] = (case, now) if now == before else drawn
    return now != before


case, fw = part_header(2)
if fw is not None:
    analysis(fw)
    course.assignment_box(2, case, fw)
