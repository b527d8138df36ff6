"""Comparing readings: the readings kept in the meeting and participants' exports of the case
(uploaded here, read with the case import's limits and messages), side by side: the role
agreement matrix, each reader's map, the consensus map with the disputed actors ringed, and
the points to discuss. Anonymised (the default), actors show by pseudonym and readers as
"Reader n": never a name."""

from __future__ import annotations

import streamlit as st

from workbook.case.files import read_case
from workbook.case.model import Case, Meeting
from workbook.framework.schema import Framework
from workbook.meetings import compare as cmp
from workbook.meetings import meeting as mt
from workbook.plain import md, md_list
from workbook.problems import InputRejected, Problem
from workbook.share.anonymise import anonymise
from ui.i18n import lang, t
from ui.memo import for_case

MAX_UPLOAD_MB = 8
MAX_FILES = 12
ANON = "meeting_anonymise"


def anonymised_toggle() -> bool:
    if ANON not in st.session_state:
        st.session_state[ANON] = True
    return st.toggle(t("meeting.anonymise"), key=ANON, help=t("meeting.anonymise_help"))


def shown_case(case: Case, fw: Framework) -> Case:
    return for_case("meeting_anonymised", (case, fw), (lang(),),
                    lambda: anonymise(case, fw, lang()))


def view(case: Case, meeting: Meeting, fw: Framework, anonymised: bool) -> None:
    st.caption(t("compare.intro"))
    reads: list[cmp.Read] = []
    left, right = st.columns(2)
    with left:
        if st.checkbox(t("compare.use_case"), value=True, key="compare_use_case",
                       help=t("compare.use_case_help")):
            reads.append(cmp.from_case(case, t("compare.the_case")))
        kept = mt.readings_of(case, meeting.id)
        if kept and st.checkbox(t("compare.use_kept", n=len(kept)), value=True,
                                key="compare_use_kept"):
            reads += [cmp.from_reading(case, r) for r in kept]
        elif not kept:
            st.caption(t("compare.no_kept"))
    with right:
        reads += loaded_exports(anonymised, first=len(reads) + 1)
    if len(reads) < 2:
        st.info(t("compare.need_two"))
        return
    result = cmp.compare(reads, lang(), anonymised=anonymised,
                         pseudonyms=pseudonyms(case, fw) if anonymised else None)
    draw(result, shown_case(case, fw) if anonymised else case, fw)


def pseudonyms(case: Case, fw: Framework) -> dict[str, str]:
    """The case's own actor ids -> the names the anonymised case shows (the anonymised copy
    renames ids, actor-1, ..., in the case's order)."""
    return {a.id: s.name for a, s in zip(case.actors, shown_case(case, fw).actors)}


LOADED = "compare_loaded"  # the exports read so far: (label, case), in this session
UPLOADS = "compare_uploads"  # how many times the uploader was emptied (its key changes)


def loaded_exports(anonymised: bool, first: int) -> list[cmp.Read]:
    """The uploader for participants' exports. Each file is read at once, kept in the
    session, and the uploader is emptied, so no file name (often a person's) stays on the
    page; the loaded exports are listed as readers ('Reader n' while anonymised)."""
    key = f"compare_files_{st.session_state.get(UPLOADS, 0)}"
    st.file_uploader(t("compare.upload"), type=["yaml", "yml", "json"],
                     accept_multiple_files=True, key=key, help=t("compare.upload_help"),
                     max_upload_size=MAX_UPLOAD_MB, on_change=_read_uploads,
                     args=(key, anonymised))
    problems = st.session_state.get("_compare_refused")
    if problems:
        st.error(t("compare.refused") + "\n\n" + md_list(problems))
    kept = st.session_state.get(LOADED, [])
    reads = [cmp.from_case(case, label) for label, case in kept]
    if kept:
        shown = [t("compare.reader_n", n=first + i) if anonymised else label
                 for i, (label, _) in enumerate(kept)]
        st.caption(t("compare.loaded", n=len(kept), readers=", ".join(md(s) for s in shown)))
        st.button(t("compare.unload"), key="compare_unload", icon=":material/close:",
                  on_click=_unload)
    return reads


def _read_uploads(key: str, anonymised: bool) -> None:
    uploads = st.session_state.get(key) or []
    found, problems = read_uploads(uploads, anonymised)
    kept = st.session_state.setdefault(LOADED, [])
    room = max(0, MAX_FILES - len(kept))
    kept += found[:room]
    if len(found) > room:
        problems.append(t("compare.too_many", n=MAX_FILES))
    st.session_state["_compare_refused"] = problems
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1  # an empty uploader


def _unload() -> None:
    st.session_state.pop(LOADED, None)
    st.session_state.pop("_compare_refused", None)


def read_uploads(uploads, anonymised: bool = False
                 ) -> tuple[list[tuple[str, Case]], list[str]]:
    """Each uploaded export as (label, case), with the import's limits; problems in words
    (naming a refused file by its number while anonymised: a file name may be a name)."""
    found, problems = [], []
    for n, upload in enumerate(uploads[:MAX_FILES], start=1):
        source = t("compare.file_n", n=n) if anonymised else upload.name
        try:
            if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
                raise InputRejected([Problem(source, "too_large",
                                             params={"mb": MAX_UPLOAD_MB})])
            other = read_case(upload.getvalue(), source)
        except InputRejected as exc:
            problems += exc.format(lang()).splitlines()
            continue
        found.append((upload.name.rsplit(".", 1)[0], other))
    if len(uploads) > MAX_FILES:
        problems.append(t("compare.too_many", n=MAX_FILES))
    return found, problems


def draw(result: cmp.Comparison, base: Case, fw: Framework) -> None:
    import pandas as pd

    st.subheader(t("compare.matrix"), anchor=False)
    st.caption(t("compare.matrix_help"))
    header = [t("compare.actor"), *result.readers, t("compare.consensus"),
              t("compare.agreement")]
    unique = _unique(header)
    rows = result.matrix(fw, lang())
    frame = pd.DataFrame(rows, columns=unique)
    st.dataframe(frame, hide_index=True, width="stretch", key="compare_matrix")
    st.subheader(t("compare.points"), anchor=False)
    points = result.points(fw, lang())
    if points:
        st.markdown(md_list(points))
    else:
        st.success(t("compare.no_points"))
    st.subheader(t("compare.consensus_map"), anchor=False)
    st.caption(t("compare.consensus_help", n=len(result.disputed)))
    fig = cmp.consensus_map(result, base, fw, lang())
    st.plotly_chart(fig, key="compare_consensus", config={"displaylogo": False})
    st.subheader(t("compare.maps"), anchor=False)
    per_row = 3 if len(result.readers) >= 3 else 2
    for start in range(0, len(result.readers), per_row):
        cols = st.columns(per_row)
        for i in range(start, min(start + per_row, len(result.readers))):
            with cols[i - start]:
                st.markdown(f"**{md(result.readers[i])}**")
                fig = cmp.reading_map(result, base, fw, lang(), i, width=440, height=360)
                st.plotly_chart(fig, key=f"compare_map_{i}", config={"displaylogo": False})


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (two readers may share a name)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
