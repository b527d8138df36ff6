"""Where to go next: at the end of every worksheet the next one (or the next part), and on
the case page, after starting a case, the first worksheet still to fill in."""

from __future__ import annotations

import streamlit as st

from workbook.case.model import Case
from workbook.framework.schema import Framework, Worksheet
from workbook.framework.worksheets import next_worksheet
from ui.i18n import t, tx
from ui.worksheets.steps import TAB as STEPPED_TAB

PAGES = {1: "app_pages/part1.py", 2: "app_pages/part2.py", 3: "app_pages/part3.py"}
AFTER_PART = {1: 2, 2: 3}  # after the last worksheet of part 1, part 2 follows; after 3, the case


def after_worksheet(number: int, chosen: str, sheets: list[Worksheet], key: str) -> None:
    """'Next worksheet: …' under a worksheet; under the last one, the next part."""
    ids = [w.id for w in sheets]
    at = ids.index(chosen) if chosen in ids else -1
    st.divider()
    if 0 <= at < len(ids) - 1:
        following = sheets[at + 1]
        st.button(t("part.next_worksheet", title=tx(following.title)), type="primary",
                  icon=":material/arrow_forward:", key=f"next-ws-{number}",
                  on_click=_go, args=(key, following.id))
        return
    if number in AFTER_PART:
        part = AFTER_PART[number]
        st.page_link(PAGES[part], label=t("part.next_part", part=t(f"nav.part{part}")),
                     icon=":material/arrow_forward:")
    else:
        st.page_link("app_pages/case.py", label=t("part.next_case"),
                     icon=":material/arrow_forward:")


def _go(key: str, ws_id: str) -> None:
    st.session_state[key] = ws_id


def on_case_page(case: Case, fw: Framework) -> None:
    """The next step on the case page: the first worksheet still to fill in."""
    ws = next_worksheet(case, fw)
    if ws is None:
        return
    part = t(f"nav.part{ws.part}")
    st.info(t("case.next_step", part=part, title=tx(ws.title)), icon=":material/flag:")
    # a worksheet worked out step by step has a tab of its own (ui/worksheets/steps.py)
    params = {"tab": STEPPED_TAB} if ws.steps else {"ws": ws.id}
    st.page_link(PAGES.get(ws.part, "app_pages/part2.py"), query_params=params,
                 label=t("case.next_step_link", title=tx(ws.title)),
                 icon=":material/arrow_forward:")
