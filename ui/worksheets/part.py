"""A course part's page: its intro, a worksheet picker and the chosen worksheet."""

from __future__ import annotations

import streamlit as st

from workbook.case.model import Case
from workbook.framework.schema import Framework
from ui import state, urlstate
from ui.worksheets import nextstep, steps
from ui.worksheets.fields import render_worksheet
from ui.framework.concepts import cited_caption
from ui.i18n import t, tx
from ui.resources import framework_for


def part_header(number: int) -> tuple[Case | None, Framework | None]:
    case = state.current()
    fw = framework_for(case.framework.id if case else "")
    if fw is None:
        st.error(t("app.no_framework"))
        return case, None
    part = next((p for p in fw.parts if p.number == number), None)
    st.title(t(f"nav.part{number}"))
    if part:
        st.markdown(tx(part.intro))
        cited_caption(fw, part)
    return case, fw


def worksheet_area(number: int, case: Case | None, fw: Framework, in_url: bool = True) -> None:
    """The part's worksheet picker and the chosen worksheet; with `in_url`, the worksheet
    shown is in the URL (`?ws=ID`), so a link opens it."""
    sheets = picked_sheets(fw, number)
    if not sheets:
        st.info(t("part.no_worksheets"))
        return
    if case is None:
        st.info(t("part.need_case"))
        return
    names = {w.id: tx(w.title) for w in sheets}
    key = f"ws{number}"
    linked = urlstate.linked("ws", list(names))
    if linked:
        st.session_state[key] = linked
    if st.session_state.get(key) not in names:
        st.session_state[key] = sheets[0].id
    chosen = st.segmented_control(t("part.worksheet"), options=list(names),
                                  format_func=names.get, key=key, required=True, wrap=True)
    if in_url:
        urlstate.show("ws", chosen)
    steps.pointer(fw, chosen)
    render_worksheet(fw.worksheet(chosen), case, fw)
    nextstep.after_worksheet(number, chosen, sheets, key)


def picked_sheets(fw: Framework, number: int) -> list:
    """The worksheets a part's picker offers: those not worked out step by step (those have
    a place of their own, `ui.worksheets.steps`)."""
    return [w for w in fw.worksheets_of(number) if not w.steps]
