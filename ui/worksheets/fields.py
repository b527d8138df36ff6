"""One generic renderer for any worksheet defined in YAML. Every change is saved at once."""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from workbook import dates
from workbook.case.model import Case
from workbook.framework.schema import Framework, Worksheet, WorksheetField
from workbook.text import Text
from workbook.framework.worksheets import answer_path, field_options
from workbook.plain import md
from ui import state
from ui.accounts import comments
from ui.worksheets import plan, tables
from ui.worksheets.autosave import autosave_area
from ui.worksheets.entryforms import read_as
from ui.framework.concepts import cited_caption
from ui.i18n import lang, t, tx


# Short texts are saved while the user types, after this pause (long texts: ui/autosave).
LIVE = "1s"


def render_worksheet(ws: Worksheet, case: Case, fw: Framework) -> None:
    st.subheader(tx(ws.title))
    if ws.intro:
        st.markdown(tx(ws.intro))
    cited_caption(fw, ws)
    notes = comments.load(case)  # hosted mode: the comments next to each question
    for field in ws.fields:
        render_field(ws, field, case, fw)
        cited_caption(fw, field)
        comments.thread(notes, ws, field)


def render_field(ws: Worksheet, field: WorksheetField, case: Case, fw: Framework) -> None:
    if field.type == "poles":
        tables.poles_editor(field, case)
    elif field.type == "actors":
        tables.actor_editor(field, case, fw)
    elif field.type == "fuel":
        tables.fuel_editor(field, case, fw)
    elif field.type == "position":
        plan.position_editor(field, case, fw)
    elif field.type == "intended":
        plan.intended_editor(field, case, fw)
    elif field.type == "actions":
        plan.actions_editor(field, case, fw)
    elif field.type == "table":
        plan.table_editor(ws, field, case)
    else:
        _RENDERERS[field.type](ws, field, case, fw)


def _key(ws: Worksheet, field: WorksheetField) -> str:
    return f"{state.WIDGET_PREFIX}{ws.id}:{field.id}"


def _saver(ws: Worksheet, field: WorksheetField, convert: Callable[[Any], Any] = lambda v: v,
           allowed: set | None = None):
    """The key and change callback of a field's widget. With `allowed`, a value outside it is
    never saved: a choice widget's browser state is its *label*, so after a language switch it
    can hand back a label of the other language instead of an option id."""
    key, path = _key(ws, field), answer_path(ws, field)

    def on_change() -> None:
        value = st.session_state.get(key)
        if allowed is not None and value is not None:
            values = value if isinstance(value, list) else [value]
            if any(v not in allowed for v in values):
                state.reset_widgets()
                return
        state.save(path, convert(value))

    return key, on_change


def _common(field: WorksheetField) -> dict[str, Any]:
    return {"label": tx(field.label), "help": tx(field.help) or None}


def _text(ws, field, case, fw) -> None:
    if field.type == "longtext":
        path = answer_path(ws, field)
        autosave_area(_key(ws, field), tx(field.label), case.answer(ws.id, field.id, "") or "",
                      lambda text: state.save(path, text), help=tx(field.help),
                      placeholder=tx(field.placeholder))
        return
    key, on_change = _saver(ws, field, lambda v: v or "")
    current = case.answer(ws.id, field.id)
    state.widget_value(key, current if isinstance(current, str) else "")
    st.text_input(**_common(field), key=key, on_change=on_change,
                  placeholder=tx(field.placeholder) or None, live=LIVE)


def _labels(field: WorksheetField, fw: Framework, case: Case,
            markdown: bool = False) -> dict[str, str]:
    """Option id -> label. The framework's labels are its own; the others are user text
    (actor names), escaped with `markdown` (radio options and checkbox labels render it)."""
    return {oid: label(lang()) if isinstance(label, Text) else (md(label) if markdown else label)
            for oid, label in field_options(field, fw, case)}


def _choice(ws, field, case, fw) -> None:
    labels = _labels(field, fw, case, markdown=True)
    if not labels:
        st.caption(f"{tx(field.label)}: {t('field.no_actors_yet')}")
        return
    key, on_change = _saver(ws, field, allowed=set(labels))
    current = case.answer(ws.id, field.id)
    state.widget_value(key, current if isinstance(current, str) and current in labels else None)
    st.radio(**_common(field), options=list(labels), format_func=labels.get, index=None,
             key=key, on_change=on_change, horizontal=len(labels) <= 4)


def _multichoice(ws, field, case, fw) -> None:
    labels = _labels(field, fw, case)
    key, on_change = _saver(ws, field, lambda v: list(v or []), allowed=set(labels))
    current = case.answer(ws.id, field.id) or []
    state.widget_value(key, [v for v in current if v in labels])
    st.multiselect(**_common(field), options=list(labels), format_func=labels.get, key=key,
                   on_change=on_change, placeholder=t("field.unknown"))


def _checklist(ws, field, case, fw) -> None:
    labels = _labels(field, fw, case, markdown=True)
    st.markdown(f"**{tx(field.label)}**", help=tx(field.help) or None)
    checked = set(case.answer(ws.id, field.id) or [])
    path = answer_path(ws, field)
    keys = {oid: f"{_key(ws, field)}:{oid}" for oid in labels}

    def on_change() -> None:
        state.save(path, [oid for oid, k in keys.items() if st.session_state.get(k)])

    for oid, label in labels.items():
        state.widget_value(keys[oid], oid in checked)
        st.checkbox(label, key=keys[oid], on_change=on_change)


def _scale(ws, field, case, fw) -> None:
    key, on_change = _saver(ws, field)
    options = list(range(field.min, field.max + 1))
    current = case.answer(ws.id, field.id)
    state.widget_value(key, current if current in options else None)
    st.segmented_control(**_common(field), options=options, key=key, on_change=on_change)
    ends = [tx(field.min_label), tx(field.max_label)]
    if any(ends):
        st.caption(f"{field.min} = {ends[0]} · {field.max} = {ends[1]}")


def _yesno(ws, field, case, fw) -> None:
    key, on_change = _saver(ws, field, lambda v: None if v is None else v == "yes",
                            allowed={"yes", "no"})
    current = case.answer(ws.id, field.id)
    state.widget_value(key, None if current is None else ("yes" if current else "no"))
    names = {"yes": t("field.answer_yes"), "no": t("field.answer_no")}
    st.segmented_control(**_common(field), options=["yes", "no"], format_func=names.get,
                         key=key, on_change=on_change)


def _date(ws, field, case, fw) -> None:
    """A date typed day first (workbook.dates), whatever the browser's locale; an impossible
    or ambiguous one is refused with the reason, and the field keeps what was typed."""
    key, path = _key(ws, field), answer_path(ws, field)
    stored = dates.from_iso(case.answer(ws.id, field.id))
    state.widget_value(key, dates.typed(stored))

    def on_change() -> None:
        try:
            day = dates.parse(st.session_state.get(key))
        except dates.DateRefused as err:
            st.session_state["_notice"] = ("error", t("dates.refused",
                                                      reason=md(err.message(lang()))))
            return
        state.save(path, day.isoformat() if day else None)

    st.text_input(f"{tx(field.label)} ({t('dates.format')})", key=key, on_change=on_change,
                  max_chars=40, placeholder=t("dates.format"),
                  help=tx(field.help) or t("dates.hint"))
    if stored:
        st.caption(read_as(stored))


def _number(ws, field, case, fw) -> None:
    key, on_change = _saver(ws, field)
    current = case.answer(ws.id, field.id)
    state.widget_value(key, current if isinstance(current, (int, float)) else None)
    st.number_input(**_common(field), key=key, on_change=on_change, min_value=field.min,
                    max_value=field.max, step=1)


_RENDERERS = {
    "text": _text, "longtext": _text, "choice": _choice, "multichoice": _multichoice,
    "checklist": _checklist, "scale": _scale, "yesno": _yesno, "date": _date,
    "number": _number,
}
