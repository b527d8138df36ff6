"""ui.state.save: a change the case model refuses is not stored, and the user is told why in
their own language."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from workbook.case.model import Actor, Case


def _refused_save(case_id: str, lang: str) -> None:
    import streamlit as st

    from ui import state

    st.session_state["lang"], st.session_state["case"] = lang, case_id
    state.current(fresh=True)
    if not st.session_state.get("tried"):
        st.session_state["tried"] = True
        st.session_state["result"] = state.save(("actors", 0, "influence"), 99)
    state.show_notice()


@pytest.mark.parametrize("lang, words, foreign", [
    ("nl", ("Niet bewaard", "hoogstens 5"), "Input should"),
    ("en", ("Not saved", "at most 5"), "hoogstens"),
])
def test_a_refused_save_changes_nothing_and_says_why(store, lang, words, foreign):
    case = store.create(Case(title="x", actors=[Actor(id="a", name="Ann")])).case
    at = AppTest.from_function(_refused_save, args=(case.id, lang), default_timeout=30)
    at.run()
    assert not at.exception
    assert at.session_state["result"] is False
    message = at.error[0].value
    assert all(w in message for w in words), message
    assert foreign not in message
    assert store.head(case.id) == 1, "nothing was stored"
    assert store.get(case.id).case.actors[0].influence == case.actors[0].influence
