"""The export panel of the case page: downloads in four formats with an anonymise switch,
and reading an actor list from a CSV file into the case."""

from __future__ import annotations

from typing import Callable

import streamlit as st

from workbook.share import export as ex
from workbook.case.model import Case
from workbook.share.csvimport import MAX_CSV_BYTES, add_ops, read_actors
from workbook.plain import md_list
from workbook.problems import InputRejected
from workbook.framework.schema import Framework
from ui import anonlist, state
from ui.i18n import lang, t

ICONS = {"yaml": ":material/description:", "html": ":material/language:",
         "pdf": ":material/picture_as_pdf:", "png": ":material/image:"}
ANONYMISE_KEY = "export_anonymise"
CSV_KEY = "actors_csv"


def panel(case: Case, fw: Framework | None) -> None:
    """Download buttons; each file is made only when its button is clicked."""
    st.markdown(f"**{t('export.title')}**")
    st.caption(t("export.intro"))
    anonymised = st.toggle(t("export.anonymise"), key=ANONYMISE_KEY,
                           help=t("export.anonymise_help"))
    if anonymised:  # what the files will say instead of names, to check and adjust first
        with st.expander(t("anonlist.title"), icon=":material/badge:", expanded=True):
            anonlist.editor(case, fw, key="export_anonlist")
    images = ex.images_available()
    cols = st.columns(len(ex.FORMATS))
    for col, fmt in zip(cols, ex.FORMATS):
        disabled = (fw is None and fmt != "yaml") or (fmt == "png" and not images)
        col.download_button(
            t(f"export.{fmt}"), data=_maker(case, fw, fmt, lang(), anonymised),
            file_name=ex.file_name(case, fmt, anonymised), mime=ex.MIME[fmt],
            help=t(f"export.{fmt}_help"), icon=ICONS[fmt], key=f"export:{fmt}",
            on_click="ignore", disabled=disabled, width="stretch")
    if not images:
        st.caption(":material/info: " + t("export.browser_missing"))


def _maker(case: Case, fw: Framework | None, fmt: str, language: str,
           anonymised: bool) -> Callable[[], bytes]:
    """The file's contents, built on click (in a thread of its own: no st.* calls here)."""
    def make() -> bytes:
        if fw is None:  # only YAML is offered without a framework
            return ex.to_yaml(case).encode("utf-8")
        return ex.export(case, fw, fmt, language, anonymised=anonymised)
    return make


def actor_import(case: Case, fw: Framework | None) -> None:
    """Read actors from a CSV file, show them, and add them on request."""
    with st.expander(t("export.csv.title"), icon=":material/group_add:"):
        st.caption(t("export.csv.help"))
        key = f"{CSV_KEY}:{st.session_state.get('_csv_round', 0)}"
        upload = st.file_uploader(t("export.csv.title"), type=["csv", "txt", "tsv"], key=key,
                                  label_visibility="collapsed",
                                  max_upload_size=max(1, MAX_CSV_BYTES // (1024 * 1024)))
        if upload is None:
            return
        try:
            actors = read_actors(upload.getvalue(), upload.name, fw, lang())
        except InputRejected as exc:
            st.error(t("export.csv.refused") + "\n\n" + md_list(exc.format(lang()).splitlines()))
            return
        st.text(t("export.csv.preview", n=len(actors), file=upload.name))
        import pandas as pd  # here, not at the top: it takes most of a second to import

        roles = {r.id: r.name(lang()) for r in fw.concepts.roles} if fw else {}
        st.dataframe(pd.DataFrame([{
            t("actor.name"): a.name, t("actor.kind"): t(f"actor.kind_{a.kind}"),
            t("actor.role"): roles.get(a.role, a.role), t("actor.side"): t(f"actor.side_{a.side}"),
            t("export.report.stance"): a.stance, t("export.report.influence"): a.influence,
            t("actor.notes"): a.notes} for a in actors]), hide_index=True, width="stretch")
        st.button(t("export.csv.add", n=len(actors)), type="primary", icon=":material/add:",
                  on_click=_add, args=(actors,))


def _add(actors) -> None:
    case = state.current()
    if case is None:
        return
    if state.change(add_ops(case, actors), note="csv"):
        state.reset_widgets()
        st.session_state["_notice"] = ("success", t("export.csv.added", n=len(actors)))
        st.session_state["_csv_round"] = st.session_state.get("_csv_round", 0) + 1
