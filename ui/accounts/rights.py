"""The "my data" page: download everything (a zip of case files and a README) and delete
the account with everything in it, after typing a confirmation word."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.account import session_user
from ui.i18n import lang, t
from ui.resources import store

ZIP_KEY = "_my_data_zip"


def page() -> None:
    st.title(t("rights.title"))
    user = session_user()
    if user.is_local:
        st.info(t("rights.local_mode", where="data/workbook.db"))
        return
    st.markdown(t("rights.intro"))
    st.subheader(t("rights.download_heading"), anchor=False)
    st.caption(t("rights.download_help"))
    ready = st.session_state.get(ZIP_KEY)
    if ready is None:
        st.button(t("rights.prepare"), on_click=_prepare, icon=":material/folder_zip:")
    else:
        st.download_button(t("rights.download"), data=ready, file_name="workbook-data.zip",
                           mime="application/zip", icon=":material/download:",
                           on_click="ignore", type="primary")
    st.subheader(t("rights.delete_heading"), anchor=False)
    st.warning(t("rights.delete_help"), icon=":material/warning:")
    word = t("rights.confirm_word")
    st.text_input(t("rights.confirm", word=word), key="delete_confirm", max_chars=40)
    if st.button(t("rights.delete_button"), icon=":material/delete_forever:"):
        _delete(word)


@state.storing
def _prepare() -> None:
    st.session_state[ZIP_KEY] = store().download(lang())


def _delete(word: str) -> None:
    if (st.session_state.get("delete_confirm") or "").strip() != word:
        st.error(t("rights.not_confirmed", word=word))
        return
    count = store().delete_account()
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]
    st.success(t("rights.deleted", count=count))
    st.logout()
    st.stop()  # nothing more of this run: the session's user is gone
