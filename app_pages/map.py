"""The polarisation map, large: for presenting a case. With the role balance beside it, the
fuel timeline, and snapshots of the map to play in order."""

import streamlit as st

from workbook.plain import md
from workbook.share.anonymise import anonymise

from ui import anonlist, state
from ui.i18n import lang, t
from ui.analysis.mapview import balance_panel, map_panel
from ui.analysis.maptext import map_in_words
from ui.memo import for_case
from ui.resources import framework_for
from ui.analysis.timeline import snapshots_panel, timeline_panel

MAP_WIDTH, MAP_HEIGHT = 820, 660

VIEWS = ("map", "timeline", "snapshots")


@st.fragment
def present(fw, anonymised: bool) -> None:
    with state.run_body():  # a fragment rerun alone: its own body
        _present(fw, anonymised)


def _present(fw, anonymised: bool) -> None:
    case = state.current()
    if case is None:
        return
    state.show_notice()
    state.keep_in_browser()  # this fragment's reruns do not reach the sidebar
    shown = shown_case(case, fw) if anonymised else case
    suffix = "_anon" if anonymised else ""  # the pseudonymised map has charts of its own
    names = {v: t(f"mapview.view_{v}") for v in VIEWS}
    view = st.segmented_control(t("mapview.view"), options=list(VIEWS), key="map_view",
                                required=True, default="map", format_func=names.get,
                                label_visibility="collapsed")
    if view == "timeline":
        timeline_panel(shown, fw, key="map_timeline" + suffix, height=460)
    elif view == "snapshots":
        snapshots_panel(shown, fw, key="map_snapshots" + suffix, width=MAP_WIDTH + 200,
                        height=700, editable=not anonymised)
    else:
        chart, side = st.columns([4, 1], gap="medium")
        with chart:
            map_panel(shown, fw, key="map_chart" + suffix, width=MAP_WIDTH, height=MAP_HEIGHT,
                      editable=not anonymised)
            map_in_words(shown, fw, key="map_chart" + suffix)
        with side:
            balance_panel(shown, fw, key="map_balance" + suffix)


def shown_case(case, fw):
    """The case with pseudonyms for every name, made once per revision and language."""
    return for_case("map_anonymised", (case, fw), (lang(),), lambda: anonymise(case, fw, lang()))


st.title(t("map.title"))
case = state.current()
fw = framework_for(case.framework.id) if case else None
if case is None or fw is None:
    st.info(t("map.need_case"))
else:
    heading, switch, show = st.columns([3, 1.2, 1], vertical_alignment="center")
    with switch:
        anonymised = st.toggle(t("mapview.anonymise"), key="map_anonymise",
                               help=t("mapview.anonymise_help"))
    with show:
        st.page_link("app_pages/present.py", label=t("present.open"),
                     icon=":material/slideshow:", help=t("present.open_help"))
    with heading:
        title = (shown_case(case, fw) if anonymised else case).title
        st.subheader(md(title) if title else t("sidebar.untitled"), anchor=False)
    if anonymised:
        st.caption(":material/visibility_off: " + t("mapview.anonymised_note"))
    else:  # the list names everyone: not while the map is shown anonymised
        # drawn only while open (its tables would else load before the map), left as it was
        box = st.expander(t("anonlist.title"), icon=":material/badge:",
                          key="map_anonlist-open", on_change="rerun")
        if box.open:
            with box:
                anonlist.editor(case, fw, key="map_anonlist")
    present(fw, anonymised)
