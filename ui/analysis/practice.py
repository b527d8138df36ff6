"""Practice mode on screen: the list of case studies to practise on, the story of a practice
case, and its comparison with the model analysis (workbook.analysis.practice_scoring does the
comparing)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from workbook.analysis import practice
from workbook.analysis import practice_scoring as scoring
from workbook.case.model import Case
from workbook.analysis.polarmap import build_map, unlabelled
from workbook.framework.schema import Framework
from workbook.plain import md
from ui import state
from ui.i18n import lang, t, tx
from ui.analysis.mapview import CONFIG, unlabelled_note
from ui.resources import store

TEASER_CHARS = 320
MAP_WIDTH, MAP_HEIGHT = 460, 500  # half the page, as on Part 2: names are fitted to it
COMPARE_KEY = "practice_compare"


def paragraphs(text: str) -> list[str]:
    """A story's paragraphs, each as escaped markdown (user text is never markup)."""
    return [md(p) for p in (text or "").split("\n\n") if p.strip()]


def teaser(text: str, limit: int = TEASER_CHARS) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return md(text)
    return md(text[:limit].rsplit(" ", 1)[0]) + " …"


def narrative(case: Case, expanded: bool = True) -> None:
    """The story of a case, in an expander (nothing when it has none)."""
    if not case.narrative.strip():
        return
    with st.expander(t("practice.narrative"), expanded=expanded, icon=":material/auto_stories:"):
        for para in paragraphs(case.narrative):
            st.markdown(para)


# -- choosing a case study ----------------------------------------------------------------------
def study_list() -> None:
    st.subheader(t("practice.studies"))
    studies = practice.studies(lang())
    if not studies:
        st.info(t("practice.no_studies"))
    for study in studies:
        with st.container(border=True):
            st.markdown(f"**{md(study.title)}**")
            st.markdown(teaser(study.narrative))
            st.button(t("practice.start"), key=f"practice:start:{study.id}", type="primary",
                      icon=":material/fitness_center:", on_click=_start, args=(study.id,))


@state.storing
def _start(study_id: str) -> None:
    study = next((s for s in practice.studies(lang()) if s.id == study_id), None)
    if study is None:
        return
    saved = store().create(practice.start(study, lang()), kind="create", note=study_id)
    state.open_case(saved.case.id, saved)
    st.session_state["_notice"] = ("success", t("practice.started", title=md(saved.case.title)))


# -- a practice case -----------------------------------------------------------------------------
def attempt_header(case: Case) -> None:
    st.subheader(md(case.title) or t("practice.nav"))
    narrative(case)
    st.caption(t("practice.how"))
    cols = st.columns(3)
    cols[0].page_link("app_pages/part2.py", label=t("practice.go_part2"), icon=":material/troubleshoot:")
    cols[1].page_link("app_pages/part3.py", label=t("practice.go_part3"), icon=":material/flag:")
    cols[2].page_link("app_pages/map.py", label=t("practice.go_map"), icon=":material/scatter_plot:")
    progress_over_attempts(case)


def progress_over_attempts(case: Case) -> None:
    """The score of every saved attempt, as a line over the attempts and a table."""
    rows = practice.attempts(case.progress)
    if not rows:
        return
    scores = [int(r["score"]) for r in rows]
    st.markdown(f"**{t('practice.progress')}**")
    st.caption(t("practice.progress_summary", n=len(rows), last=scores[-1],
                 date=md(str(rows[-1].get("date", ""))), best=max(scores)))
    if len(rows) >= 2:
        attempt, score = t("practice.col_attempt"), t("practice.score")
        st.line_chart({attempt: list(range(1, len(scores) + 1)), score: scores}, x=attempt,
                      y=score, height=180)
    with st.expander(t("practice.all_attempts"), icon=":material/history:"):
        st.dataframe(practice.attempts_table(case.progress, lang()), hide_index=True,
                     width="stretch", key="practice_attempts")


def compare_section(case: Case, fw: Framework | None) -> None:
    if not st.toggle(t("practice.show_compare"), key=COMPARE_KEY, help=t("practice.compare_help")):
        return
    model = practice.find_study(case.practice_of)
    if model is None:
        st.warning(t("practice.no_model", id=md(case.practice_of)))
        return
    if fw is None:
        st.warning(t("practice.no_framework"))
        return
    result = scoring.compare(case, model, fw, lang())
    st.header(t("practice.compare"))
    _score(result)
    _roles(result, fw)
    _maps(case, result.model or model, fw, result.swapped)
    _poles(result)
    _concerns(result)
    _game_changers(result)
    _pitfalls(result)
    st.button(t("practice.save"), type="primary", icon=":material/save:", key="practice_save",
              on_click=_save, args=(result.record(dt.date.today().isoformat()),),
              disabled=result.score is None,
              help=t("practice.save_nothing") if result.score is None else None)


def _score(result: scoring.Comparison) -> None:
    left, right = st.columns([1, 3])
    if result.score is None:
        left.metric(t("practice.score"), "—")
    else:
        left.metric(t("practice.score"), t("practice.score_of", score=result.score))
    with right:
        st.markdown(f"**{t('practice.parts')}**")
        st.dataframe(practice.score_table(result, lang()), hide_index=True, width="stretch")
    if result.score is None:
        st.info(t("practice.no_score"))
    elif result.left_out:
        st.caption(t("practice.left_out", list=", ".join(practice.left_out_names(result, lang()))))


def _roles(result: scoring.Comparison, fw: Framework) -> None:
    st.subheader(t("practice.roles"))
    st.caption(t("practice.roles_summary", ok=result.roles_ok, sides=result.sides_ok,
                 total=len(result.roles)))
    if result.swapped:
        st.info(t("practice.swapped"))
    rows = practice.role_table(result, fw, lang())
    st.dataframe(rows, hide_index=True, width="stretch", height=_table_height(len(rows)))
    feedback = practice.role_feedback_lines(result, fw, lang())
    if feedback:
        st.markdown(f"**{t('practice.why_title')}**")
        st.caption(t("practice.why_intro"))
        for head, why in feedback:  # names and notes are user text: escaped
            st.markdown(f"- **{md(head)}**  \n{md(why)}")
    if result.extra:
        st.markdown(f"**{t('practice.extra')}**")
        st.markdown("\n".join(
            f"- {md(a.name)} ({md(scoring.role_name(fw, a.role, lang()))})"
            for a in result.extra))


def _maps(case: Case, model: Case, fw: Framework, mirrored: bool = False) -> None:
    st.subheader(t("practice.maps"))
    if mirrored:
        st.caption(t("practice.model_mirrored"))
    left, right = st.columns(2, gap="medium")
    for column, shown, title, key in ((left, case, "practice.your_map", "practice_map_yours"),
                                      (right, model, "practice.model_map", "practice_map_model")):
        with column:
            st.markdown(f"**{t(title)}**")
            fig = build_map(shown, fw, lang(), width=MAP_WIDTH, height=MAP_HEIGHT)
            st.plotly_chart(fig, key=key, width="stretch", config=CONFIG)
            unlabelled_note([a.name or "?" for a in unlabelled(shown.actors, fig)])


def _poles(result: scoring.Comparison) -> None:
    st.subheader(t("practice.poles"))
    for check in result.poles:
        with st.container(border=True):
            head = t("practice.pole_found") if check.found else t("practice.pole_missing")
            mark = "✓" if check.found else "✗"
            st.markdown(f"**{_first_up(t('practice.side_' + check.side))}** · {mark} {head}")
            cols = st.columns(2)
            cols[0].caption(t("practice.pole_yours"))
            cols[0].markdown(md(f"{check.your_label}: {check.your_identity}".strip(": "))
                             or t("practice.nothing"))
            cols[1].caption(t("practice.pole_model"))
            cols[1].markdown(md(f"{check.model_label}: {check.model_identity}".strip(": ")))


def _concerns(result: scoring.Comparison) -> None:
    st.subheader(t("practice.concerns"))
    st.caption(t("practice.concerns_summary", found=len(result.found), total=len(result.concerns)))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**✓ {t('practice.found')}**")
        st.markdown("\n".join(f"- {md(_first_up(c.text))}" for c in result.found)
                    or t("practice.nothing"))
    with right:
        st.markdown(f"**✗ {t('practice.missed')}**")
        st.markdown("\n".join(f"- {md(_first_up(c.text))}" for c in result.missed)
                    or t("practice.nothing"))


def _game_changers(result: scoring.Comparison) -> None:
    st.subheader(t("practice.game_changers"))
    st.dataframe(practice.game_changer_table(result, lang()), hide_index=True, width="stretch")


def _pitfalls(result: scoring.Comparison) -> None:
    st.subheader(t("practice.pitfalls"))
    st.caption(t("practice.pitfalls_intro"))
    if not result.pitfalls:
        st.success(t("practice.no_pitfalls"))
    for hint in result.pitfalls:
        about = f" ({md(', '.join(hint.subjects))})" if hint.subjects else ""
        box = st.error if hint.severity == "urgent" else st.warning
        box(f"**{tx(hint.rule.title)}**{about}\n\n{tx(hint.rule.message)}")


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _table_height(rows: int) -> int:
    """Pixels for a table that shows every row without scrolling."""
    return 35 * (rows + 1) + 3


def _save(record: dict) -> None:
    """Keep this attempt beside the earlier ones (each under its own key)."""
    if record.get("score") is None:
        return
    record = {**record, "saved_at": dt.datetime.now().isoformat(timespec="microseconds")}
    if state.save(practice.attempt_path(), record, note="practice"):
        st.session_state["_notice"] = ("success", t("practice.saved", score=record["score"]))
