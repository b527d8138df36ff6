"""The meeting's minutes: a preview in the reader's language and the files to take away
(HTML, PDF), anonymised as the case is presented unless the facilitator turns it off; and
the actions the meeting put in the plan."""

from __future__ import annotations

import streamlit as st

from workbook.case.model import Case, Meeting
from workbook.framework.schema import Framework
from workbook.meetings.methods import Method
from workbook.plain import md, md_lines, md_list
from workbook.share import minutes as files
from ui.i18n import lang, t
from ui.memo import for_case


def view(case: Case, meeting: Meeting, method: Method, fw: Framework, anonymised: bool) -> None:
    reader = lang()  # the files are made later, when asked for: in this language
    doc = for_case(f"minutes_{meeting.id}", (case, fw), (lang(), anonymised),
                   lambda: files.minutes_of(case, meeting, method, fw, lang(),
                                            anonymised=anonymised))
    html_col, pdf_col, _ = st.columns([1, 1, 2])
    html_col.download_button(
        t("minutes.download_html"), icon=":material/download:", key="minutes_html",
        data=lambda: files.to_html(case, meeting, method, fw, reader, anonymised=anonymised),
        file_name=files.file_name(meeting, "html"), mime="text/html", on_click="ignore")
    pdf_col.download_button(
        t("minutes.download_pdf"), icon=":material/picture_as_pdf:", key="minutes_pdf",
        data=lambda: files.to_pdf(case, meeting, method, fw, reader, anonymised=anonymised),
        file_name=files.file_name(meeting, "pdf"), mime="application/pdf", on_click="ignore")
    if anonymised:
        st.caption(t("minutes.anonymised_note"))
    else:
        st.warning(t("minutes.sensitive"))
    with st.container(border=True):
        st.subheader(md(doc.title), anchor=False)
        st.markdown("  \n".join(f"**{md(label)}**: {md(value)}" for label, value in doc.facts))
        for sec in doc.sections:
            st.markdown(f"#### {md(sec.title)}")
            if sec.intro:
                st.caption(md(sec.intro))
            for block in sec.blocks:
                if block.label:
                    st.markdown(f"**{md(block.label)}**")
                if block.text:
                    st.markdown(md_lines(block.text))
                if block.items:
                    st.markdown(md_list(block.items))
                if block.table is not None:
                    import pandas as pd
                    st.dataframe(pd.DataFrame(block.table.rows, columns=block.table.header),
                                 hide_index=True, width="stretch")
