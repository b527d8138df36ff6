"""The sidebar: language, the case picker, a new case, undo and the quiet 'saved' sign."""

from __future__ import annotations

import streamlit as st

from workbook.case.model import Case
from workbook.case.store import StoreUnavailable
from workbook.plain import md
from ui import outage, state, urlstate
from ui.i18n import t
from ui.resources import catalogue, store

LANG_NAMES = {"nl": "Nederlands", "en": "English"}
OWNED = "_owned_cases"  # the listed cases that are this user's own (not shared with them)


def language_switch() -> None:
    # Widgets that show translated labels keep the label as their browser state; start them
    # afresh from the stored answers in the new language.
    st.segmented_control("Taal · Language", options=list(LANG_NAMES), format_func=LANG_NAMES.get,
                         required=True, key="lang", on_change=state.reset_widgets)


def case_picker(presenting_anonymised: bool = False) -> dict[str, int]:
    """The case picker and the new-case button; while a map is presented anonymised, neither:
    the other cases' titles may name people too, and the screen is shared. Returns each listed
    case's newest revision number."""
    if presenting_anonymised:
        st.caption(":material/visibility_off: " + t("sidebar.anonymised"))
        return {}
    try:
        cases_of = store()
        listed = cases_of.list()
        cases = [(c.id, _title(c, cases_of.owns(c)), c.head) for c in listed]
        st.session_state[OWNED] = {c.id for c in listed if cases_of.owns(c)}
    except StoreUnavailable as err:
        cases = _while_away(err)
    else:
        outage.answered()
        _first_visit({cid: title for cid, title, _ in cases})
    titles = picker_labels([(cid, title or t("sidebar.untitled")) for cid, title, _ in cases])
    if st.session_state.get("case") not in titles:
        st.session_state["case"] = None
    # The picker's own state is the *label* the browser shows; a renamed case would no
    # longer match it. So "case" stays the truth and the picker is set from it every run.
    st.session_state["case_picker"] = st.session_state["case"]
    st.selectbox(t("sidebar.case"), options=list(titles), format_func=titles.get,
                 key="case_picker", on_change=_picked, args=(set(titles),),
                 placeholder=t("sidebar.no_cases") if not titles else "…")
    st.button(t("sidebar.new_case"), on_click=new_case, icon=":material/add:", width="stretch")
    _remember(st.session_state["case"])
    return {cid: head for cid, _, head in cases}


def _while_away(err: StoreUnavailable) -> list[tuple[str, str, int]]:
    """The store cannot list the cases: the case this tab has open, as it last saw it.
    With none open there is nothing to show: StoreUnreachable goes on to app.py."""
    loaded = st.session_state.get("_loaded")
    if loaded is None or loaded.case.id != st.session_state.get("case"):
        raise err
    outage.note(err)
    return [(loaded.case.id, loaded.case.title, loaded.head)]


def _title(info, own: bool) -> str:
    title = info.title or t("sidebar.untitled")
    return title if own else f"{title} · {t('account.shared')}"


def _remember(cid: str | None) -> None:
    """Note the open case as this user's last one (hosted mode), once per change."""
    if cid and st.session_state.get("_remembered") != cid:
        st.session_state["_remembered"] = cid
        try:
            store().remember(cid)
        except StoreUnavailable:
            pass  # only a convenience: the next visit opens the newest case instead


def picker_labels(cases: list[tuple[str, str]]) -> dict[str, str]:
    """Case id -> label; titles that occur twice get a short id, so each label is unique."""
    counts: dict[str, int] = {}
    for _, title in cases:
        counts[title] = counts.get(title, 0) + 1
    return {cid: title if counts[title] == 1 else f"{title} · {cid[:6]}" for cid, title in cases}


@state.storing
def _picked(ids: set[str]) -> None:
    chosen = st.session_state.get("case_picker")
    if chosen in ids and chosen != st.session_state.get("case"):
        state.open_case(chosen)


def _first_visit(titles: dict[str, str]) -> None:
    """On a session's first run, say so if a shared link names a missing case; with no case
    in the link, reopen the most recent one, so a returning trainee lands on their work."""
    if st.session_state.get("_visited"):
        return
    st.session_state["_visited"] = True
    wanted = st.session_state.get("case")
    if st.session_state.pop(urlstate.BAD_CASE_LINK, False):
        st.session_state["_notice"] = ("warning", t("app.case_link_invalid"))
    elif wanted and wanted not in titles:  # an id (checked by urlstate): shown as text
        st.session_state["_notice"] = ("warning", t("app.case_not_found", id=md(wanted)))
    elif not wanted and titles and "case" not in st.session_state:
        st.session_state["case"] = store().last_case(list(titles))  # this user's own last


@state.storing
def new_case(title: str | None = None) -> None:
    fw = catalogue().default()
    case = Case(title=title or t("case.default_title"))
    if fw is not None:
        case.framework.id, case.framework.version = fw.id, fw.version
    state.open_case(case.id, store().create(case))


def undo_button(presenting_anonymised: bool = False) -> None:
    cid = state.case_id()
    if not cid or presenting_anonymised:
        return
    st.button(t("sidebar.undo"), on_click=_undo, args=(cid,), help=t("sidebar.undo_help"),
              icon=":material/undo:", width="stretch")


@state.storing
def _undo(cid: str) -> None:
    saved = store().undo(cid)
    if saved is None:
        st.session_state["_notice"] = ("info", t("sidebar.nothing_to_undo"))
        return
    state.replace(saved)
    st.toast(t("sidebar.undone"))
