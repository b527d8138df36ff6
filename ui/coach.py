"""The coach panel: the hints the framework's coach rules find in the case."""

from __future__ import annotations

import streamlit as st

from workbook import coach
from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.plain import md
from ui.i18n import t, tx
from ui.memo import for_case

ICONS = {"urgent": ":material/emergency_home:", "warning": ":material/warning:",
         "hint": ":material/lightbulb:"}
BOXES = {"urgent": st.error, "warning": st.warning, "hint": st.info}
MAX_SUBJECTS = 5


def coach_panel(case: Case | None, fw: Framework | None, heading: bool = True,
                part: int | None = None) -> list[coach.Hint]:
    """Show the coach's hints for the case (urgent first); returns them for the caller.
    With `part`, only the hints on that part's worksheets."""
    if case is None or fw is None:
        return []
    if heading:
        st.subheader(t("coach.title"), anchor=False)
    if coach.is_blank(case):
        st.caption(t("coach.not_started"))
        return []
    found = hints_for(case, fw, part)
    if not found:
        st.caption(f":material/check_circle: {t('coach.all_well')}")
        return found
    st.caption(t("coach.intro"))
    for hint in found:
        BOXES[hint.severity](hint_markdown(hint, fw), icon=ICONS[hint.severity])
    return found


def coach_expander(case: Case, fw: Framework, part: int, key: str) -> None:
    """The coach folded under a label that says how much it has to say (most urgent icon
    first). Its hints are only drawn while it is open, so a closed coach costs a rerun
    almost nothing; it stays open or closed as the user left it."""
    blank = coach.is_blank(case)
    found = [] if blank else hints_for(case, fw, part)
    if blank:
        label, icon = t("coach.label_waiting"), ":material/school:"
    elif not found:
        label, icon = t("coach.label_none"), ":material/check_circle:"
    else:
        label = (t("coach.label_one") if len(found) == 1
                 else t("coach.label_many", count=len(found)))
        icon = ICONS[min((h.severity for h in found), key=list(ICONS).index)]
    box = st.expander(label, icon=icon, key=key, on_change="rerun")
    if box.open:
        with box:
            coach_panel(case, fw, heading=False, part=part)


def side_hints(case: Case, fw: Framework, part: int) -> tuple:
    """What the coach's expander shows of the case, by value (a page compares it to know
    whether the coach must be drawn again)."""
    if coach.is_blank(case):
        return ("blank",)
    return tuple((h.rule.id, h.severity, h.subjects, h.action_id)
                 for h in hints_for(case, fw, part))


def hints_for(case: Case, fw: Framework, part: int | None = None) -> list[coach.Hint]:
    """The coach's hints, found again only when the case or the framework changed."""
    return for_case(f"coach:{part}", (case, fw), (), lambda: coach.hints(case, fw, part=part))


def hint_markdown(hint: coach.Hint, fw: Framework) -> str:
    rule = hint.rule
    lines = [f"**{t('coach.severity_' + rule.severity)} · {tx(rule.title)}**", tx(rule.message)]
    meta = []
    concept = fw.concept(rule.concept)
    if concept is not None:
        meta.append(t("coach.concept", name=tx(concept.name)))
    sheet = fw.worksheet(rule.worksheet) if rule.worksheet else None
    if sheet is not None:
        meta.append(t("coach.worksheet", name=tx(sheet.title)))
    if meta:
        lines.append("*" + " · ".join(meta) + "*")
    if hint.subjects:
        names = [md(s) for s in hint.subjects[:MAX_SUBJECTS]]
        if len(hint.subjects) > MAX_SUBJECTS:
            names.append("…")
        lines.append(t("coach.about", names=", ".join(names)))
    return "\n\n".join(lines)

