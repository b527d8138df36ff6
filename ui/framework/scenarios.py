"""Scenario practice on the part-3 page, and the walks on the case page.

A walk is saved in the open case (`progress["scenarios"][id]`) at every step; without an
open case it lives in this browser session only, and the page says so. What the trainee wrote
is shown as plain text; the scenario's own texts come from the framework's YAML.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbook.plain import md
from workbook.case.model import Case
from workbook.framework import scenarios as scn
from workbook.framework.scenario_sets import Scenario, ScenarioStep
from workbook.framework.schema import Framework
from ui import state
from ui.coach import BOXES, ICONS
from ui.framework.concepts import cited_caption
from ui.i18n import t, tx

SESSION_KEY = "_scenario_walks"  # scenario id -> walk, when no case is open
PICK_KEY = "p3_scenario"
VERDICT_BOX = {"sound": st.success, "mixed": st.warning, "pitfall": st.error}
VERDICT_ICON = {"sound": ":material/check_circle:", "mixed": ":material/adjust:",
                "pitfall": ":material/warning:"}


def _walk(sc: Scenario) -> dict[str, Any]:
    case = state.current()
    if case is not None:
        return scn.stored_walk(case.progress, sc.id)
    return dict(st.session_state.get(SESSION_KEY, {}).get(sc.id, {}))


def _keep(sc: Scenario, walk: dict[str, Any]) -> None:
    if state.case_id() and state.current() is not None:
        state.save(("progress", scn.PROGRESS_KEY, sc.id), walk)
    else:
        st.session_state.setdefault(SESSION_KEY, {})[sc.id] = walk


def scenario_area(part: int, case: Case | None, fw: Framework) -> None:
    found = scn.scenarios_of(fw, part)
    if not found:
        st.info(t("skills.sc.none"))
        return
    st.markdown(t("skills.sc.intro"))
    if case is None:
        st.info(t("skills.sc.no_case"), icon=":material/info:")
    else:
        _adopt_session_walks(found)
        title = md(case.title) if case.title else t("sidebar.untitled")  # user text
        st.caption(":material/cloud_done: " + t("skills.sc.saved_with_case", title=title))
    progress = (case.progress if case is not None
                else {scn.PROGRESS_KEY: st.session_state.get(SESSION_KEY, {})})
    done = {r.scenario.id: r.done for r in scn.progress_overview(progress, found)}
    names = {sc.id: ("✓ " if done.get(sc.id) else "") + tx(sc.title) for sc in found}
    if st.session_state.get(PICK_KEY) not in names:
        st.session_state[PICK_KEY] = found[0].id
    chosen = st.segmented_control(t("skills.sc.pick"), options=list(names),
                                  format_func=names.get, key=PICK_KEY, required=True, wrap=True)
    play(next(sc for sc in found if sc.id == chosen), fw)


def play(sc: Scenario, fw: Framework) -> None:
    """The scenario as walked so far: the setting, every step taken with its feedback, then
    the step to take now, or the ending."""
    walk = _walk(sc)
    pos = scn.replay(sc, walk)
    st.subheader(tx(sc.title), anchor=False)
    with st.container(border=True):
        st.markdown(f"**{t('skills.sc.setting')}**")
        st.markdown(tx(sc.setting))
        cited_caption(fw, sc)
    for n, taken in enumerate(pos.taken, 1):
        last = n == len(pos.taken)
        with st.expander(t("skills.sc.earlier", n=n, prompt=tx(taken.step.prompt)),
                         expanded=last, icon=_icon(taken)):
            _taken(taken, fw)
    if pos.step is not None:
        _current(sc, pos.step, len(pos.taken) + 1, fw)
    elif pos.ending is not None:
        _ending(sc, walk, pos.ending)
    if pos.taken:
        st.button(t("skills.sc.back"), help=t("skills.sc.back_help"), icon=":material/undo:",
                  on_click=_back, args=(sc,), key=f"sc_back:{sc.id}")


def _icon(taken: scn.Taken) -> str:
    if taken.option is None:
        return ":material/edit_note:"
    return VERDICT_ICON[taken.option.verdict]


def _taken(taken: scn.Taken, fw: Framework) -> None:
    st.markdown(tx(taken.step.situation))
    if taken.option is None:
        st.markdown(f"**{t('skills.sc.you_wrote')}:**")
        st.text(taken.text)
        _write_feedback(scn.write_feedback(taken.step, taken.text, fw), fw)
    else:
        st.markdown(f"**{t('skills.sc.you_chose')}:** {tx(taken.option.label)}")
        _option_feedback(scn.option_feedback(taken.option, fw))
    cited_caption(fw, taken.step)


def _option_feedback(fb: scn.OptionFeedback) -> None:
    lines = [f"**{t('skills.verdict_' + fb.verdict)}.** {tx(fb.why)}"]
    for key, concepts in (("serves", fb.serves), ("breaks", fb.breaks),
                          ("pitfalls", fb.pitfalls)):
        if concepts:
            lines.append(f"*{t('skills.sc.' + key)}:* " + ", ".join(tx(c.name) for c in concepts))
    VERDICT_BOX[fb.verdict]("\n\n".join(lines), icon=VERDICT_ICON[fb.verdict])
    middle, pushers = st.columns(2)
    middle.markdown(f"**{t('skills.sc.middle')}**\n\n{tx(fb.middle)}")
    pushers.markdown(f"**{t('skills.sc.pushers')}**\n\n{tx(fb.pushers)}")


def _write_feedback(fb: scn.WriteFeedback, fw: Framework) -> None:
    if fb.clean:
        st.success(t("skills.sc.tone_clean"), icon=":material/check_circle:")
    else:
        st.caption(t("skills.sc.tone_intro"))
        for hint in fb.hints:
            BOXES[hint.severity](text_hint(hint, fw), icon=ICONS[hint.severity])
    st.markdown(f"**{t('skills.sc.model')}**")
    st.info(tx(fb.model), icon=":material/record_voice_over:")
    st.markdown(f"**{t('skills.sc.why')}:** {tx(fb.explanation)}")


def text_hint(hint, fw: Framework) -> str:
    """A coach hint on one text: its title, message and concept (the text is shown above)."""
    concept = fw.concept(hint.rule.concept)
    lines = [f"**{tx(hint.rule.title)}**", tx(hint.rule.message)]
    if concept is not None:
        lines.append("*" + t("coach.concept", name=tx(concept.name)) + "*")
    return "\n\n".join(lines)


def _current(sc: Scenario, step: ScenarioStep, n: int, fw: Framework) -> None:
    with st.container(border=True):
        st.caption(t("skills.sc.step", n=n))
        st.markdown(tx(step.situation))
        st.markdown(f"**{tx(step.prompt)}**")
        if step.kind == "write":
            _write_form(sc, step)
            return
        for option in step.options:
            st.button(tx(option.label), key=f"sc:{sc.id}:{step.id}:{option.id}",
                      on_click=_choose, args=(sc, option.id), width="stretch")


def _write_form(sc: Scenario, step: ScenarioStep) -> None:
    key = f"{state.WIDGET_PREFIX}sc:{sc.id}:{step.id}"
    with st.form(key=f"form:sc:{sc.id}:{step.id}", border=False):
        st.text_area(t("skills.sc.your_text"), key=key, max_chars=scn.MAX_TEXT, height=110,
                     placeholder=t("skills.sc.write_placeholder"))
        st.form_submit_button(t("skills.sc.submit"), on_click=_submit, args=(sc, key),
                              icon=":material/send:", type="primary")
    if st.session_state.get(f"{key}:empty"):
        st.warning(t("skills.sc.need_text"))


def _ending(sc: Scenario, walk: dict[str, Any], ending) -> None:
    st.markdown(f"**{t('skills.sc.ending')}**")
    VERDICT_BOX[ending.verdict](f"**{tx(ending.title)}.** {tx(ending.text)}",
                                icon=VERDICT_ICON[ending.verdict])
    verdicts = scn.finished(sc, walk)
    st.caption(t("skills.sc.walked", walks=len(verdicts), good=verdicts.count("sound")))
    st.button(t("skills.sc.again"), help=t("skills.sc.again_help"), type="primary",
              icon=":material/replay:", on_click=_restart, args=(sc,),
              key=f"sc_again:{sc.id}")


def _choose(sc: Scenario, option_id: str) -> None:
    _keep(sc, scn.choose(sc, _walk(sc), option_id))


def _submit(sc: Scenario, key: str) -> None:
    text = st.session_state.get(key) or ""
    if not text.strip():
        st.session_state[f"{key}:empty"] = True
        return
    st.session_state.pop(f"{key}:empty", None)
    _keep(sc, scn.write(sc, _walk(sc), text))
    st.session_state.pop(key, None)


def _back(sc: Scenario) -> None:
    _keep(sc, scn.back(sc, _walk(sc)))


def _restart(sc: Scenario) -> None:
    _keep(sc, scn.restart(sc, _walk(sc)))


def _adopt_session_walks(found: list[Scenario]) -> None:
    """Walks made before a case was opened move into the case (if it has none yet)."""
    pending = st.session_state.get(SESSION_KEY) or {}
    case = state.current()
    if case is None or not pending:
        return
    for sc in found:
        walk = pending.pop(sc.id, None)
        if walk and not scn.stored_walk(case.progress, sc.id):
            state.save(("progress", scn.PROGRESS_KEY, sc.id), walk)


def progress_summary(case: Case, fw: Framework | None) -> None:
    """The case page's view of the scenarios walked with this case."""
    if fw is None or not fw.scenarios:
        return
    st.subheader(t("skills.sc.case_heading"), anchor=False)
    rows = scn.progress_overview(case.progress, fw.scenarios)
    if not any(r.done or r.steps_taken for r in rows):
        st.caption(t("skills.sc.case_none"))
        return
    for row in rows:
        title = tx(row.scenario.title)
        if row.done:
            st.markdown(":material/check_circle: " + t(
                "skills.sc.case_line", title=title, walks=row.walks_done, good=row.good_endings))
        elif row.steps_taken:
            st.markdown(":material/pending: " + t("skills.sc.case_busy", title=title,
                                                   steps=row.steps_taken))
