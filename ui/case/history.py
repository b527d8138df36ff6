"""The revision list of a case, a preview of one revision and restoring it."""

from __future__ import annotations

import streamlit as st

from workbook.case.files import dump_case
from workbook.case.history import describe
from ui import clock, state
from ui.i18n import lang, t
from ui.resources import framework_for, store


def history_view(case_id: str, framework_id: str = "") -> None:
    revisions = store().history(case_id)
    fw = framework_for(framework_id)
    rows = [{t("history.number"): r.number,
             t("history.when"): clock.stamp(r.created_at, utc=True),
             t("history.what"): describe(r.kind, r.note, fw, lang())}
            for r in revisions]
    st.dataframe(rows, hide_index=True, width="stretch")  # fits its rows, up to ten
    numbers = [r.number for r in revisions]
    chosen = st.selectbox(t("history.pick"), numbers, key="history_pick")
    if chosen is None:
        return
    st.button(t("history.restore"), on_click=_restore, args=(case_id, chosen),
              icon=":material/restore:", disabled=chosen == numbers[0])
    with st.expander(t("history.preview", n=chosen)):
        st.code(dump_case(store().revision(case_id, chosen)), language="yaml")


@state.storing
def _restore(case_id: str, number: int) -> None:
    state.replace(store().restore(case_id, number))
    st.session_state["_notice"] = ("success", t("history.restored", n=number))
