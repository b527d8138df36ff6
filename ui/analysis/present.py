"""Presentation mode (`/present?case=ID&step=N`): a case's map on a projector, revealed step
by step (workbook.analysis.presentation says what each step shows).

The map fills the window (its size comes from the browser, ui/analysis/clicker.py) with large
type; the sidebar and Streamlit's own header are hidden on this page only. Next and previous
with the buttons and with a presentation clicker's keys; the step is in the URL. Pseudonyms by
default: real names show only after a confirmation, only in this session (never in the URL,
so a reload shows pseudonyms), and while they show a red bar says so.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from workbook.plain import md
from workbook.analysis import presentation as pres
from workbook.case.model import Case, FuelEvent
from workbook.framework.schema import Framework
from workbook.share.anonymise import anonymise
from ui import state, urlstate
from ui.analysis.clicker import CHROME_CSS, clicker

from ui.i18n import lang, t
from ui.memo import for_case, prepared
from ui.resources import framework_for

CONFIG = {"displayModeBar": False, "staticPlot": True}
BAR_H, BANNER_H, TITLES_H = 62, 54, 40  # pixels above the map: the bar, the names' warning
MAX_EVENTS = 4  # fuel events listed beside the map at one step


def page() -> None:
    st.html(CHROME_CSS)
    case = state.current()
    fw = framework_for(case.framework.id) if case else None
    if case is None or fw is None:
        st.info(t("present.need_case"))
        st.page_link("app_pages/case.py", label=t("nav.case"), icon=":material/folder_open:")
        return
    names = bool(st.session_state.get(_names_key(case.id)))
    shown = case if names else anonymised(case, fw)
    steps = for_case("present_steps", (shown, fw), (), lambda: pres.steps(shown, fw))
    number = _step(case.id, len(steps))
    width, height = clicker(number, len(steps), lambda n: _go(case.id, n, len(steps)))
    number = _step(case.id, len(steps))  # a key pressed just now moved it
    urlstate.show("step", str(number))
    step = steps[number - 1]
    _bar(case, shown, step, number, len(steps), names)
    chrome = BAR_H + (BANNER_H if names else 0)
    if step.key == "intended":
        _intended(shown, fw, width, height, chrome)
    else:
        _step_view(shown, fw, step, width, height, chrome)


def anonymised(case: Case, fw: Framework) -> Case:
    """The case with its pseudonyms, made once per revision and language."""
    return for_case("present_anonymised", (case, fw), (lang(),),
                    lambda: anonymise(case, fw, lang()))


# -- the step ---------------------------------------------------------------------------------
def _step_key(case_id: str) -> str:
    return f"_present_step:{case_id}"


def _step(case_id: str, count: int) -> int:
    """The step shown: a shared link's (once), else this session's, always a valid one."""
    linked = urlstate.linked_value("step")
    if linked is not None:
        st.session_state[_step_key(case_id)] = pres.step_number(linked, count)
    number = pres.step_number(st.session_state.get(_step_key(case_id), 1), count)
    st.session_state[_step_key(case_id)] = number
    return number


def _go(case_id: str, number: int, count: int) -> None:
    st.session_state[_step_key(case_id)] = pres.step_number(number, count)


def _move(case_id: str, delta: int, count: int) -> None:
    current = st.session_state.get(_step_key(case_id), 1)
    _go(case_id, pres.step_number(current, count) + delta, count)


# -- real names, only on purpose ------------------------------------------------------------------
def _names_key(case_id: str) -> str:
    return f"_present_names:{case_id}"


def _confirm_names(case_id: str) -> None:
    """Ask first: real names on a shared screen are a choice, never a slip."""
    st.dialog(t("present.names_title"), width="small")(_names_dialog)(case_id)


def _names_dialog(case_id: str) -> None:
    st.markdown(t("present.names_warning"))
    yes, no = st.columns(2)
    # the choice is made in the callback (it runs whether or not the dialog is drawn
    # again); then the whole page is drawn again, which closes the dialog
    if yes.button(t("present.names_yes"), type="primary", icon=":material/visibility:",
                  key="present_names_yes", width="stretch", on_click=_show_names,
                  args=(case_id,)):
        st.rerun()
    if no.button(t("present.names_no"), key="present_names_no", width="stretch"):
        st.rerun()


def _show_names(case_id: str) -> None:
    st.session_state[_names_key(case_id)] = True


def _hide_names(case_id: str) -> None:
    st.session_state.pop(_names_key(case_id), None)


# -- the bar above the map -------------------------------------------------------------------------
def _bar(case: Case, shown: Case, step: pres.Step, number: int, count: int,
         names: bool) -> None:
    with st.container(key="present_bar"):
        title, prev, counter, nxt, who, leave = st.columns(
            [6, 1.6, 0.9, 1.8, 2.1, 1.4], vertical_alignment="center", gap="small")
        with title, st.container(key="present_title"):
            heading = md(shown.title or t("sidebar.untitled"))
            st.markdown(f"**{step_title(shown, step)}** · {heading}")
        prev.button(t("present.previous"), icon=":material/chevron_left:", key="present_prev",
                    on_click=_move, args=(case.id, -1, count), disabled=number <= 1,
                    width="stretch", help=t("present.keys_help"))
        counter.container(key="present_counter").markdown(f"**{number} / {count}**")
        nxt.button(t("present.next"), icon=":material/chevron_right:", key="present_next",
                   on_click=_move, args=(case.id, 1, count), disabled=number >= count,
                   width="stretch", type="primary", help=t("present.keys_help"))
        if names:
            who.button(t("present.hide_names"), icon=":material/visibility_off:",
                       key="present_hide", on_click=_hide_names, args=(case.id,),
                       width="stretch")
        elif who.button(t("present.show_names"), icon=":material/visibility:",
                        key="present_show", width="stretch"):
            _confirm_names(case.id)
        leave.page_link("app_pages/map.py", label=t("present.exit"), icon=":material/close:")
    if names:
        with st.container(key="present_names_on"):
            st.markdown("⚠ " + t("present.names_on"))  # a character, not an icon to fetch


def step_title(case: Case, step: pres.Step) -> str:
    """The step's name, in the interface's words (no user text)."""
    if step.key == "fuel" and not step.all_fuel and step.until is not None:
        return t("present.step_fuel_until", date=_date(step.until))
    if step.key == "fuel":
        return t("present.step_fuel_all")
    return t(f"present.step_{step.key}")


def _date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


# -- one step: the map and, beside it, what it shows ----------------------------------------------
def _step_view(case: Case, fw: Framework, step: pres.Step, width: int, height: int,
               chrome: int) -> None:
    screen = pres.screen(width, height, chrome=chrome)
    fig = for_case("present_map", (case, fw),
                   (lang(), step, screen.map_width, screen.map_height, screen.scale),
                   lambda: _figure(pres.step_map(case, fw, lang(), step, screen.map_width,
                                                 screen.map_height, screen.scale),
                                   screen.map_width))
    chart, side = st.columns([screen.map_width, screen.side_width], gap="medium")
    with chart:
        st.plotly_chart(fig, key="present_map", width="content", config=CONFIG)
    with side, st.container(key="present_side"):
        _side(case, fw, step)


def _figure(fig, width: int):
    fig.update_layout(width=width, dragmode=False)
    return prepared(fig)


def _side(case: Case, fw: Framework, step: pres.Step) -> None:
    """Beside the map: what the step shows, in the framework's words and the case's own."""
    st.markdown(t(f"present.about_{step.key}"))
    if step.key == "poles":
        constructs = list(dict.fromkeys(p.thought_construct for p in case.poles
                                        if p.thought_construct.strip()))
        _items(constructs, t("present.constructs"))
    elif step.key == "middle" and pres.concerns(case):
        _items(pres.concerns(case), t("present.concerns"), most=4, limit=110)
    elif step.key == "fuel":
        _fuel(case, pres.new_fuel(case, step))
    else:
        _items([a.name or "?" for a in pres.new_actors(case, fw, step)], t("present.who"))
    if step.key == "poles":  # once, where the presentation starts
        st.caption(":material/keyboard: " + t("present.keys_help"))


def _items(texts: list[str], heading: str, most: int = 8, limit: int = 60) -> None:
    """A short list of the case's own words (escaped: user text is never markup), short
    enough to stay on the screen."""
    if texts:
        st.markdown(f"**{heading}**")
        st.markdown("\n".join(f"- {md(_short(text, limit))}" for text in texts[:most]))
        if len(texts) > most:
            st.caption(t("mapview.more", count=len(texts) - most))


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + " …"



def _fuel(case: Case, events: list[FuelEvent]) -> None:
    if not events:
        st.markdown(t("present.no_new_fuel"))
        return
    names = {a.id: a.name for a in case.actors}
    shown = sorted(events, key=lambda e: -e.intensity)[:MAX_EVENTS]
    lines = []
    for e in sorted(shown, key=lambda e: (e.date is None, e.date or dt.date.min)):
        when = _date(e.date) if e.date else "…"
        what = (e.description or e.channel or "").strip()
        what = _short(what, 100)
        lines.append(f"- **{when}** · {md(names.get(e.source, '?'))}: {md(what)}")
    st.markdown(f"**{t('present.new_fuel')}**")
    st.markdown("\n".join(lines))
    if len(events) > MAX_EVENTS:
        st.caption(t("mapview.more", count=len(events) - MAX_EVENTS))


# -- the last step: where the strategy goes -------------------------------------------------------
def _intended(case: Case, fw: Framework, width: int, height: int, chrome: int) -> None:
    screen = pres.screen(width, height, chrome=chrome + TITLES_H, side=False)
    half = screen.map_width // 2 - 12
    today, goal = for_case("present_intended", (case, fw),
                           (lang(), half, screen.map_height, screen.scale),
                           lambda: tuple(_figure(f, half) for f in pres.intended_maps(
                               case, fw, lang(), half, screen.map_height, screen.scale)))
    left, right = st.container(key="present_maps").columns(2, gap="medium")
    for column, title, fig, key in ((left, "plan.today_map", today, "present_today"),
                                    (right, "plan.intended_map", goal, "present_goal")):
        with column:
            st.markdown(f"**{t(title)}**")
            st.plotly_chart(fig, key=key, width="content", config=CONFIG)

