"""Entry point and router: page setup, navigation and the sidebar shared by every page.

This file has two roles. `streamlit run app.py` finds the `st.App` at the bottom (Streamlit
1.67 looks for one before it starts its server) and serves the app through it, so every
response carries the security headers of ui/headers.py (a Content-Security-Policy that
allows nothing from another address). For each browser session that App runs this same file
as the app's script, where `__name__` is "__main__": then `main()` is the router.
"""

import streamlit as st

from ui import warmup

if __name__ == "__main__":  # a run; the server's own import of this file skips these, and
    # ui.warmup imports them in the background instead, while the browser loads
    warmup.wait_for_imports()
    from workbook import i18n as _words

    warmup.result("words", _words.catalogue)

    from ui import account, outage, reconnect, sidebar, state, urlstate
    from ui.accounts import afterlogin
    from ui.i18n import held_lang, lang, t
    from ui.resources import catalogue, keep_retention
    from workbook.case.store import StoreUnavailable
    from workbook.plain import md

# what each page shows within itself, in the URL: a worksheet (?ws=ID), a tab (?tab=ID) or a
# presentation's step (?step=N)
PAGE_PARAMS = {"part1": ("tab",), "part2": ("ws",), "part3": ("ws", "tab"),
               "present": ("step",), "meeting": ("tab",), "room": ("room",)}


def pages(hosted: bool = False) -> dict[str, list]:
    """The app's pages by section, in the reader's language; url paths are contracts. The
    account's pages (cohort, my data) only in hosted mode; the join link's page is hidden."""
    cases = [
        st.Page("app_pages/case.py", title=t("nav.case"), icon=":material/folder_open:",
                default=True),
        st.Page("app_pages/map.py", title=t("nav.map"), icon=":material/scatter_plot:",
                url_path="map"),
        st.Page("app_pages/present.py", title=t("nav.present"), icon=":material/slideshow:",
                url_path="present"),
        st.Page("app_pages/meeting.py", title=t("nav.meeting"), icon=":material/forum:",
                url_path="meeting"),
        st.Page("app_pages/history.py", title=t("nav.history"), icon=":material/history:",
                url_path="history"),
    ]
    join = st.Page("app_pages/join.py", title=t("join.title"), icon=":material/group_add:",
                   url_path="join", visibility="hidden")
    # a live room's participants (`/room?room=CODE`): reached by its link only
    cases.append(st.Page("app_pages/room.py", title=t("room.title"), icon=":material/co_present:",
                         url_path="room", visibility="hidden"))
    found = {
        t("nav.case_section"): cases if hosted else [*cases, join],
        t("nav.course"): [
            st.Page("app_pages/part1.py", title=t("nav.part1"), icon=":material/menu_book:",
                    url_path="part1"),
            st.Page("app_pages/part2.py", title=t("nav.part2"), icon=":material/troubleshoot:",
                    url_path="part2"),
            st.Page("app_pages/part3.py", title=t("nav.part3"), icon=":material/flag:",
                    url_path="part3"),
            st.Page("app_pages/practice.py", title=t("practice.nav"),
                    icon=":material/fitness_center:", url_path="practice"),
        ],
    }
    if hosted:
        found[t("nav.account_section")] = [
            st.Page("app_pages/cohort.py", title=t("cohort.nav"), icon=":material/groups:",
                    url_path="cohort"),
            st.Page("app_pages/mydata.py", title=t("rights.nav"),
                    icon=":material/shield_person:", url_path="mydata"),
            join,
        ]
    return found


PAGES_KEY = "_pages"  # this session's page objects, by language and mode


def session_pages(hosted: bool) -> dict[str, list]:
    """`pages`, made once per session, language and mode (each st.Page looks its file up
    on disk when made: a few per cent of every run). Kept per session, never shared:
    st.navigation marks the page it returns as the one this run may run."""
    made = st.session_state.setdefault(PAGES_KEY, {})
    key = (lang(), hosted)
    if key not in made:
        made[key] = pages(hosted)
    return made[key]


def main() -> None:
    """Page setup, the sidebar and the page asked for (each run of the app's script)."""
    with state.run_body():  # after the callbacks: a reset they asked for happens now
        _run()


def _run() -> None:
    # The icon is an emoji: Streamlit draws it locally; a :material: icon loads from Google.
    st.set_page_config(page_title="Polarisatiewerkboek", page_icon="↔️",
                       layout="wide")

    urlstate.read()
    with held_lang():  # the language is now set for the whole run
        _app()


def _app() -> None:
    user = account.identify()  # None: hosted mode, and no one logged in (a login page instead)
    if user is not None:
        state.retry_unsaved()  # changes the store refused earlier, now that it may write again
    with st.sidebar:
        sidebar.language_switch()
        if user is not None:
            account.sidebar(user)
    hosted = user is None or not user.is_local
    page = st.navigation(session_pages(hosted),
                         position="sidebar" if user is not None else "hidden")
    if user is None:  # every page asks to log in first; nothing of any case is read
        account.login_page()
        return
    if hosted:
        with st.sidebar:  # draws nothing; a join or room link opened before logging in
            afterlogin.open_kept_link(page.url_path)
        try:
            keep_retention()  # at most once an hour: warn owners, then delete (if set)
        except StoreUnavailable:
            pass  # the page says so, below; the next run tries again

    # presenting (the map page's switch, the meeting page's, the presentation): the sidebar
    # shows no real titles. Read before the page draws its switch: a flip is in the state
    # already on the run it causes; the meeting's is on until switched off (its default, as
    # ui/meetings/compare.py sets it), so on first load too.
    presenting_anonymised = page.url_path in ("present", "room") or (
        page.url_path == "map" and bool(st.session_state.get("map_anonymise"))) or (
        page.url_path == "meeting" and bool(st.session_state.get("meeting_anonymise", True)))
    try:
        with st.sidebar:
            heads = sidebar.case_picker(presenting_anonymised)
            sidebar.undo_button(presenting_anonymised)
        urlstate.write(kept=PAGE_PARAMS.get(page.url_path, ()))
        state.current(fresh=True, heads=heads)  # reload first if another session changed it
    except StoreUnavailable as err:  # the store cannot be read, and this tab has no case open
        outage.page(err)  # what happened, that nothing is lost, retrying: instead of the page

    for problem in catalogue().problems:  # a file's own words are text, never markup
        st.error(f"{t('app.framework_problems')}: {md(problem.format(lang()))}")
    state.show_notice()
    outage.notice()  # while the store cannot be reached, until it answers again
    st.session_state.pop("_sign_in_page", None)
    st.session_state.pop("_kept_in_page", None)
    try:
        page.run()
    except StoreUnavailable as err:  # a page's own read (history, deleted cases) while away
        state.store_failed(err)
        state.show_notice()
        if not st.session_state.get(outage.ON_PAGE):
            outage.notice()
    with st.sidebar:  # after the page, so saves made while drawing it show too; and the
        state.saved_sign(in_sidebar=True)  # browser's copy of changes waiting for the store
        outage.keep_watching()
        reconnect.watch()  # a tab that reconnects (to another replica) runs the whole page


if __name__ == "__main__":  # the app's script, run by Streamlit for a browser session
    main()
else:  # imported by the server that `streamlit run app.py` (or `uvicorn app:app`) starts
    from ui.headers import MIDDLEWARE

    app = st.App(__file__, middleware=MIDDLEWARE)
    warmup.start()  # imports, words, store and frameworks, while the browser loads
