"""A worksheet worked out step by step (the authentic question): the steps as a row to pick
from, one step's fields at a time (named from the case's own poles where a field is written
from one side), the coach at that step, and taking the result over where it `becomes`
something (the topic of game changer 2). Every answer is saved at once, as on any worksheet.
"""

from __future__ import annotations

import streamlit as st

from workbook.plain import md
from workbook.case.model import Case
from workbook.framework import steps as stp
from workbook.framework.schema import Framework, Worksheet, WorksheetField
from ui import state
from ui.coach import BOXES, ICONS, hint_markdown, hints_for
from ui.framework.concepts import cited_caption
from ui.i18n import t, tx
from ui.resources import framework_for
from ui.worksheets.fields import render_field

TAB = "question"  # the part-3 tab that shows these worksheets (app_pages/part3.py)


def stepped_area(number: int, case: Case | None, fw: Framework) -> None:
    sheets = stp.stepped(fw, number)
    if not sheets:
        st.info(t("skills.q.none"))
        return
    if case is None:
        st.info(t("part.need_case"))
        return
    for ws in sheets:
        stepped_worksheet(ws, case, fw)


def stepped_worksheet(ws: Worksheet, case: Case, fw: Framework) -> None:
    st.subheader(tx(ws.title), anchor=False)
    if ws.intro:
        st.markdown(tx(ws.intro))
    cited_caption(fw, ws)
    states = stp.step_states(case, ws)
    key = f"steps:{ws.id}"
    ids = [s.step.id for s in states]
    if st.session_state.get(key) not in ids:
        st.session_state[key] = ids[0]
    names = {s.step.id: ("✓ " if s.done else "")
             + t("skills.q.step_label", n=i, title=tx(s.step.title))
             for i, s in enumerate(states, 1)}
    current = st.segmented_control(t("skills.q.steps"), options=ids, format_func=names.get,
                                   key=key, required=True, wrap=True)
    index = ids.index(current)
    step = states[index].step
    with st.container(border=True):
        st.caption(t("skills.q.step_of", n=index + 1, total=len(ids)))
        st.markdown(f"#### {tx(step.title)}")
        if step.intro:
            st.markdown(tx(step.intro))
        for field_id in step.fields:
            field = ws.field(field_id)
            if field is not None:
                _field(ws, field, case, fw)
        _coach(case, fw, ws, step)
        if index == len(ids) - 1:
            _takeover(case, fw, ws)
        _step_buttons(key, ids, index)


def _field(ws: Worksheet, field: WorksheetField, case: Case, fw: Framework) -> None:
    if field.from_answer:
        earlier = case.answer(*field.from_answer)
        if isinstance(earlier, str) and earlier.strip():
            source = fw.worksheet(field.from_answer[0])
            st.caption(t("skills.q.earlier_answer", where=tx(source.title) if source else ""))
            st.text(earlier)
    if field.perspective:
        st.caption(_side(field.perspective, case))
    render_field(ws, field, case, fw)
    cited_caption(fw, field)


def _side(perspective: str, case: Case) -> str:
    """Which side a field is written from, named as the case names it (plain text)."""
    unnamed = t("skills.q.side_unnamed")
    if perspective in ("a", "b"):
        label = case.pole(perspective).label.strip()
        return t(f"skills.q.side_{perspective}", label=md(label) if label else unnamed)
    middle = [a.name for a in case.actors if a.role == "silent" and a.name.strip()]
    return t("skills.q.side_middle", names=md(", ".join(middle[:5])) if middle else unnamed)


def _coach(case: Case, fw: Framework, ws: Worksheet, step) -> None:
    found = stp.step_hints(case, fw, ws, step, hints_for(case, fw))
    st.markdown(f"**{t('skills.q.coach')}**")
    if not found:
        st.caption(":material/check_circle: " + t("skills.q.coach_quiet"))
    for hint in found:
        BOXES[hint.severity](hint_markdown(hint, fw), icon=ICONS[hint.severity])


def _takeover(case: Case, fw: Framework, ws: Worksheet) -> None:
    targets = {f.becomes[0] for f in ws.fields if f.becomes}
    where = ", ".join(tx(fw.worksheet(w).title) for w in sorted(targets) if fw.worksheet(w))
    if not where:
        return
    if stp.taken_over(case, fw, ws):
        st.success(t("skills.q.taken_over", where=where), icon=":material/check_circle:")
        return
    changes = stp.takeover(case, fw, ws)
    if not any(path[-1] != "checks" for path, _ in changes):
        st.caption(t("skills.q.nothing_yet"))
        return
    st.button(t("skills.q.takeover", where=where), help=t("skills.q.takeover_help"),
              type="primary", icon=":material/move_down:", on_click=_take_over,
              args=(ws.id, where), key=f"takeover:{ws.id}")


def _take_over(ws_id: str, where: str) -> None:
    case = state.current()
    fw = framework_for(case.framework.id) if case is not None else None
    sheet = fw.worksheet(ws_id) if fw is not None else None
    if sheet is None:
        return
    for path, value in stp.takeover(case, fw, sheet):
        if not state.save(path, value):
            return
    state.reset_widgets()
    st.session_state["_notice"] = ("success", t("skills.q.taken_over_now", where=where))


def _step_buttons(key: str, ids: list[str], index: int) -> None:
    left, right = st.columns(2)
    if index > 0:
        left.button(t("skills.q.previous"), icon=":material/arrow_back:",
                    on_click=_go, args=(key, ids[index - 1]), key=f"{key}:prev")
    if index < len(ids) - 1:
        right.button(t("skills.q.next"), icon=":material/arrow_forward:", type="primary",
                     on_click=_go, args=(key, ids[index + 1]), key=f"{key}:next")


def _go(key: str, step_id: str) -> None:
    st.session_state[key] = step_id


def pointer(fw: Framework, ws_id: str) -> None:
    """Under a worksheet that a step-by-step worksheet feeds: where to work it out."""
    feeds = any(f.becomes and f.becomes[0] == ws_id for w in fw.worksheets if w.steps
                for f in w.fields)
    if feeds:
        st.caption(":material/stairs: " + t("skills.q.pointer", tab=t(f"part3.tabs.{TAB}")))
