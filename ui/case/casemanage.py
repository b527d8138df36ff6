"""Case management on the case page: start, open an example, import, export, duplicate,
delete (with confirmation) and bring back deleted cases."""

from __future__ import annotations

import streamlit as st

from workbook.case.files import fresh_copy
from workbook.framework.check import load_import
from workbook.framework.casestudies import load_library
from workbook.plain import md, md_list
from workbook.problems import InputRejected, Problem
from ui import exports, sidebar, state
from ui.i18n import lang, t
from ui.resources import catalogue, framework_for, store

MAX_UPLOAD_MB = 8


def start_form() -> None:
    with st.form("new_case", border=True):
        st.text_input(t("case.new_title"), max_chars=300, key="new_case_title",
                      placeholder=t("case.title_help"))
        st.form_submit_button(t("case.start"), type="primary", icon=":material/add:",
                              on_click=_start)


def _start() -> None:
    title = (st.session_state.get("new_case_title") or "").strip()
    sidebar.new_case(title or None)


def examples() -> None:
    cases, problems = load_library(lang())  # English titles (and cases) in English
    if not cases:
        return
    st.markdown(f"**{t('case.open_example')}**")
    for example in cases:
        st.button(md(example.title), key=f"example:{example.id}", on_click=_open_example,
                  args=(example.id,), icon=":material/school:")


@state.storing
def _open_example(example_id: str) -> None:
    cases, _ = load_library(lang())
    example = next(c for c in cases if c.id == example_id)
    copy = fresh_copy(example)
    state.open_case(copy.id, store().create(copy, kind="copy", note=example_id))
    st.session_state["_notice"] = ("success", t("case.example_opened", title=md(copy.title)))


def importer() -> None:
    upload = st.file_uploader(t("case.import"), type=["yaml", "yml"], help=t("case.import_help"),
                              key="import_file", max_upload_size=MAX_UPLOAD_MB)
    if upload is not None:
        st.button(t("case.import_button"), icon=":material/upload:", on_click=_import)
    error = st.session_state.pop("_import_error", None)
    if error:
        st.error(t("case.import_refused") + "\n\n" + md_list(error.splitlines()))


@state.storing
def _import() -> None:
    upload = st.session_state.get("import_file")
    if upload is None:
        return
    try:
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:  # the browser checks too; never rely on it
            raise InputRejected([Problem(upload.name, "too_large", params={"mb": MAX_UPLOAD_MB})])
        case = load_import(upload.getvalue(), upload.name, catalogue().frameworks)
    except InputRejected as exc:
        st.session_state["_import_error"] = exc.format(lang())
        return
    saved = store().create(case, kind="import", note=upload.name[:100])
    state.open_case(saved.case.id, saved)
    st.session_state["_notice"] = ("success", t("case.imported", title=md(saved.case.title)))


def manage(case_title: str) -> None:
    cid = state.case_id()
    cols = st.columns(2)
    case = state.current()
    cols[0].button(t("case.duplicate"), on_click=_duplicate, args=(cid, case_title),
                   icon=":material/content_copy:")
    if cols[1].button(t("case.delete"), icon=":material/delete:"):
        _confirm_delete(cid, case_title)
    fw = framework_for(case.framework.id)
    exports.panel(case, fw)
    exports.actor_import(case, fw)


@state.storing
def _duplicate(cid: str, title: str) -> None:
    saved = store().duplicate(cid, t("case.copy_title", title=title))
    state.open_case(saved.case.id, saved)
    st.session_state["_notice"] = ("success", t("case.duplicated", title=md(saved.case.title)))


@st.dialog(" ")
def _confirm_delete(cid: str, title: str) -> None:
    st.markdown(t("case.delete_confirm", title=md(title)))
    # a button in a dialog reruns the dialog alone: the page then runs again, which closes it
    if st.button(t("case.delete_yes"), type="primary", on_click=_delete, args=(cid, title)):
        st.rerun()


@state.storing
def _delete(cid: str, title: str) -> None:
    store().delete(cid)
    st.session_state["case"] = None
    st.session_state.pop("_loaded", None)
    st.session_state["_notice"] = ("success", t("case.deleted", title=md(title)))


def trash() -> None:
    deleted = store().list(deleted=True)
    with st.expander(t("case.trash"), icon=":material/delete:"):
        if not deleted:
            st.caption(t("case.trash_empty"))
        for info in deleted:
            left, right = st.columns([4, 1])
            left.text(info.title or t("sidebar.untitled"))
            right.button(t("case.restore_case"), key=f"undelete:{info.id}",
                         on_click=_undelete, args=(info.id, info.title))


@state.storing
def _undelete(cid: str, title: str) -> None:
    store().undelete(cid)
    state.open_case(cid)
    st.session_state["_notice"] = ("success", t("case.restored_case", title=md(title)))
