"""Entry point and router: page setup, navigation and the sidebar shared by every page."""

import streamlit as st

from ui import sidebar, state, urlstate
from ui.i18n import t
from ui.resources import catalogue

# The icon is an emoji: Streamlit draws it locally, while a :material: icon loads from Google.
st.set_page_config(page_title="Polarisatiewerkboek", page_icon="↔️",
                   layout="wide")

urlstate.read()
state.retry_unsaved()  # changes the store refused earlier, now that it may write again
with st.sidebar:
    sidebar.language_switch()

# what each page shows within itself, in the URL: a worksheet (?ws=ID) or a tab (?tab=ID)
PAGE_PARAMS = {"part1": ("tab",), "part2": ("ws",), "part3": ("ws",), "present": ("step",)}
pages = {
    t("nav.case_section"): [
        st.Page("app_pages/case.py", title=t("nav.case"), icon=":material/folder_open:",
                default=True),
        st.Page("app_pages/map.py", title=t("nav.map"), icon=":material/scatter_plot:",
                url_path="map"),
        st.Page("app_pages/present.py", title=t("nav.present"), icon=":material/slideshow:",
                url_path="present"),
        st.Page("app_pages/history.py", title=t("nav.history"), icon=":material/history:",
                url_path="history"),
    ],
    t("nav.course"): [
        st.Page("app_pages/part1.py", title=t("nav.part1"), icon=":material/menu_book:",
                url_path="part1"),
        st.Page("app_pages/part2.py", title=t("nav.part2"), icon=":material/troubleshoot:",
                url_path="part2"),
        st.Page("app_pages/part3.py", title=t("nav.part3"), icon=":material/flag:",
                url_path="part3"),
        st.Page("app_pages/practice.py", title=t("practice.nav"), icon=":material/fitness_center:",
                url_path="practice"),
    ],
}
page = st.navigation(pages)

# presenting (the map page's switch, the presentation): the sidebar shows no real titles
presenting_anonymised = page.url_path == "present" or (
    page.url_path == "map" and bool(st.session_state.get("map_anonymise")))
with st.sidebar:
    heads = sidebar.case_picker(presenting_anonymised)
    sidebar.undo_button(presenting_anonymised)
urlstate.write(kept=PAGE_PARAMS.get(page.url_path, ()))

for problem in catalogue().problems:
    st.error(f"{t('app.framework_problems')}: `{problem.format(st.session_state.get('lang', 'nl'))}`")
state.current(fresh=True, heads=heads)  # reload first if another session changed it: notice now
state.show_notice()
st.session_state.pop("_sign_in_page", None)
page.run()
with st.sidebar:  # after the page, so saves made while drawing it show too
    state.saved_sign(in_sidebar=True)
