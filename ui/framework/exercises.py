"""Exercises on a course part's page, and their scores on the case page.

Answers are saved in the open case (`progress[set_id]`) as soon as they are given; without an
open case they live in this browser session only, and the page says so.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbook.framework import exercises as exr
from workbook.case.model import Case
from workbook.framework.explorer import glyph
from workbook.framework.schema import Framework
from workbook.plain import md
from ui import state, urlstate
from ui.framework.concepts import cited_caption
from ui.i18n import lang, t, tx

SESSION_KEY = "_exercise_answers"  # set id -> answers, when no case is open
PICK_KEY = "p{part}_exercise"  # the set picked on a part's page


def _prefix(ex) -> str:
    return f"{state.WIDGET_PREFIX}ex:{ex.id}:"


def _answers(ex) -> dict[str, Any]:
    """The newest answers: from the open case, or from this session."""
    case = state.current()
    if case is not None:
        return exr.stored_answers(case.progress, ex.id)
    return dict(st.session_state.get(SESSION_KEY, {}).get(ex.id, {}))


def _keep(ex, answers: dict[str, Any]) -> None:
    if state.case_id() and state.current() is not None:
        state.save(("progress", ex.id), exr.result(ex, answers))
    else:
        st.session_state.setdefault(SESSION_KEY, {})[ex.id] = answers


def exercise_area(part: int, case: Case | None, fw: Framework) -> None:
    sets = exr.sets_of(fw, part)
    if not sets:
        st.info(t("part1.ex.none"))
        return
    if case is None:
        st.info(t("part1.ex.no_case"), icon=":material/info:")
    else:
        _adopt_session_answers(sets)
        title = md(case.title) if case.title else t("sidebar.untitled")
        st.caption(":material/cloud_done: " + t("part1.ex.saved_with_case", title=title))
    names = {ex.id: tx(ex.title) for ex in sets}
    pick = PICK_KEY.format(part=part)
    if st.session_state.get(pick) not in names:
        st.session_state[pick] = sets[0].id
    if len(sets) == 1:  # nothing to pick from
        render_set(sets[0], fw)
        return
    chosen = st.segmented_control(t("part1.ex.pick"), options=list(names), format_func=names.get,
                                  key=pick, required=True)
    ex = next(e for e in sets if e.id == chosen)
    render_set(ex, fw)


def render_set(ex, fw: Framework) -> None:
    answers = _answers(ex)
    st.subheader(tx(ex.title))
    if ex.intro:
        st.markdown(tx(ex.intro))
    about = [tx(c.name) for c in (fw.concept(cid) for cid in ex.concepts) if c]
    if about:
        st.caption(t("part1.ex.about", list=", ".join(about)))
    _score_bar(ex, answers)
    for number, item in enumerate(ex.items, 1):
        with st.container(border=True):
            if isinstance(ex, exr.ChoiceSet):
                _choice_item(ex, item, number, answers, fw)
            else:
                _rewrite_item(ex, item, number, answers, fw)
    st.button(t("part1.ex.reset"), help=t("part1.ex.reset_help"), on_click=_reset, args=(ex,),
              icon=":material/restart_alt:", key=f"reset:{ex.id}")


def _score_bar(ex, answers: dict[str, Any]) -> None:
    s = exr.score(ex, answers)
    key = "part1.ex.progress" if isinstance(ex, exr.ChoiceSet) else "part1.ex.progress_rewrite"
    st.progress(s.answered / s.total if s.total else 0.0,
                text=t(key, answered=s.answered, total=s.total, correct=s.correct))


def _choice_item(ex, item, number: int, answers: dict[str, Any], fw: Framework) -> None:
    labels = {oid: _option_label(fw, ex, oid, label(lang()))
              for oid, label in exr.item_options(ex, item, fw)}
    key = f"{_prefix(ex)}{item.id}"
    chosen = answers.get(item.id)
    state.widget_value(key, chosen if chosen in labels else None)

    def on_change() -> None:
        _keep(ex, exr.with_choice(_answers(ex), item.id, st.session_state.get(key)))

    st.markdown(f"**{number}.** {tx(item.prompt)}")
    st.radio(t("part1.ex.choose"), options=list(labels), format_func=labels.get, index=None,
             key=key, on_change=on_change, horizontal=True, label_visibility="collapsed")
    if chosen in labels:
        fb = exr.check_choice(ex, item, chosen, fw)
        answer = fb.answer_label(lang())
        if fb.correct:
            st.success(f"**{t('part1.ex.right', answer=answer)}** {fb.message(lang())}",
                       icon=":material/check_circle:")
        else:
            st.error(f"**{t('part1.ex.wrong', answer=answer)}** {fb.message(lang())}",
                     icon=":material/cancel:")
        cited_caption(fw, item)


def _option_label(fw: Framework, ex, option_id: str, label: str) -> str:
    """Role options carry their map symbol, as in the explorer and on the map."""
    role = fw.role(option_id) if getattr(ex, "options_from", None) == "roles" else None
    return f"{glyph(role.symbol)} {label}" if role else label


def _rewrite_item(ex, item, number: int, answers: dict[str, Any], fw: Framework) -> None:
    prefix = f"{_prefix(ex)}{item.id}"
    stored = answers.get(item.id) if isinstance(answers.get(item.id), dict) else {}
    points = exr.item_checklist(ex, item)
    text_key = f"{prefix}:text"
    point_keys = {p.id: f"{prefix}:{p.id}" for p in points}
    state.widget_value(text_key, stored.get("text", ""))
    for p in points:
        state.widget_value(point_keys[p.id], p.id in (stored.get("checked") or []))

    st.markdown(f"**{number}.** {tx(item.sentence)}")
    if item.context:
        st.caption(f"{t('part1.ex.context')}: {tx(item.context)}")

    def on_submit() -> None:
        text = st.session_state.get(text_key) or ""
        if not text.strip():
            st.session_state[f"{prefix}:empty"] = True
            return
        st.session_state.pop(f"{prefix}:empty", None)
        checked = [pid for pid, k in point_keys.items() if st.session_state.get(k)]
        _keep(ex, exr.with_rewrite(_answers(ex), item.id, text, checked))

    with st.form(key=f"form:{ex.id}:{item.id}", border=False):
        st.text_area(t("part1.ex.your_rewrite"), key=text_key, max_chars=2000, height=90,
                     placeholder=t("part1.ex.rewrite_placeholder"))
        st.markdown(f"*{t('part1.ex.checklist')}*")
        for p in points:
            st.checkbox(tx(p.label), key=point_keys[p.id], help=tx(p.help) or None)
        st.form_submit_button(t("part1.ex.compare"), on_click=on_submit,
                              icon=":material/compare_arrows:")
    if st.session_state.get(f"{prefix}:empty"):
        st.warning(t("part1.ex.need_text"))
    if stored.get("submitted"):
        fb = exr.check_rewrite(ex, item, stored.get("text", ""), stored.get("checked", []))
        if fb.missing:
            lines = "\n".join(f"- **{tx(p.label)}**: {tx(p.help)}" if p.help else
                              f"- **{tx(p.label)}**" for p in fb.missing)
            st.warning(f"{t('part1.ex.missing_points')}\n\n{lines}", icon=":material/checklist:")
        else:
            st.success(t("part1.ex.all_points"), icon=":material/check_circle:")
        st.markdown(f"**{t('part1.ex.model')}**")
        st.info(tx(fb.model), icon=":material/record_voice_over:")
        st.markdown(f"**{t('part1.ex.why')}:** {tx(fb.why)}")
        cited_caption(fw, item)


def _reset(ex) -> None:
    _keep(ex, {})
    prefix = _prefix(ex)
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(prefix):
            del st.session_state[key]


def _adopt_session_answers(sets: list) -> None:
    """Answers given before a case was opened move into the case (if it has none yet)."""
    pending = st.session_state.get(SESSION_KEY) or {}
    case = state.current()
    if case is None or not pending:
        return
    for ex in sets:
        answers = pending.pop(ex.id, None)
        if answers and not exr.stored_answers(case.progress, ex.id):
            state.save(("progress", ex.id), exr.result(ex, answers))


def progress_summary(case: Case, fw: Framework | None) -> None:
    """The case page's view of the exercise scores saved with this case."""
    if fw is None or not fw.exercises:
        return
    st.subheader(t("part1.ex.case_heading"))
    rows = exr.progress_overview(case.progress, fw.exercises)
    if not any(r.score.answered for r in rows):
        st.caption(t("part1.ex.case_none"))
        return
    for row in rows:
        ex = next(e for e in fw.exercises if e.id == row.set_id)
        key = "part1.ex.case_line" if isinstance(ex, exr.ChoiceSet) else "part1.ex.case_line_rewrite"
        text = t(key, title=tx(row.title), answered=row.score.answered, total=row.score.total,
                 correct=row.score.correct)
        if row.updated:  # from the case file: an imported one may hold anything there
            when = md(str(row.updated).replace("T", " ")[:16])
            text += f" ({t('part1.ex.last_answer', when=when)})"
        st.progress(row.score.answered / row.score.total if row.score.total else 0.0, text=text)


def moved_to_part3() -> None:
    """Part 1's exercises: the mediative-tone exercise is a personal skill now (part 3)."""
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(":material/arrow_forward: " + t("part3.tone_moved"))
    if right.button(t("part3.go_tone"), key="go_tone", icon=":material/record_voice_over:"):
        urlstate.go("app_pages/part3.py", tab="tone")
