"""Quick entry: one form to add or edit an actor, a fuel event or an action.

A clear button beside each table opens the form right there, in a panel; clicking an actor on
the map opens the same actor form in a dialog (ui/analysis/mapview.py). Enter in the first
field saves. After adding, the form stays open and empty, the cursor back in its first field,
for the next one; the map beside it shows the new row at once. Every save is one operation on
one row, named by its id (workbook.case.ops).
"""

from __future__ import annotations

import re
from typing import Any, Callable

import streamlit as st

from workbook.case import ops
from workbook.case.model import Case, new_id
from workbook.case.ops import AddOp
from workbook.dates import DateRefused
from workbook.framework.schema import Framework
from workbook.plain import md
from ui import state
from ui.i18n import lang, t
from ui.worksheets import entryforms as forms

KINDS = ("actor", "fuel", "action")
COLLECTIONS = {"actor": ("actors",), "fuel": ("fuel",), "action": ("strategy", "actions")}
NOTES = {"actor": "actors", "fuel": "fuel", "action": "actions"}
FIRST = {"actor": "name", "fuel": "description", "action": "title"}
NEW = "new"


def _open_key(kind: str) -> str:
    return f"_entry:{kind}"


def prefix_of(kind: str, row_id: str, where: str = "panel") -> str:
    return f"{state.WIDGET_PREFIX}entry:{where}:{kind}:{row_id}:"


def _loaded_case() -> Case:
    return st.session_state["_loaded"].case


def rows_of(kind: str, case: Case) -> list[Any]:
    if kind == "actor":
        return list(case.actors)
    if kind == "fuel":
        return list(case.fuel)
    return list(case.strategy.actions)


def label_of(kind: str, row: Any) -> str:
    """A row as the edit list names it (plain text: a select box shows no Markdown)."""
    from workbook import dates

    if kind == "actor":
        text = row.name
    elif kind == "fuel":
        text = " · ".join(x for x in (dates.show(row.date, lang()),
                                       " ".join(row.description.split())[:60]) if x)
    else:
        text = row.title
    return text.strip()[:80] or t("ops.unnamed")


# -- the buttons beside a table, and the panel ---------------------------------------------
def bar(kind: str, case: Case, fw: Framework) -> None:
    """'Add …' and 'Edit …' beside a table, and the form under them while it is open."""
    rows = rows_of(kind, case)
    with st.container(horizontal=True, vertical_alignment="bottom", key=f"entry-bar-{kind}"):
        st.button(t(f"entry.add_{kind}"), icon=":material/add:", type="primary",
                  key=f"entry-add-{kind}", on_click=open_form, args=(kind, NEW))
        if rows:
            labels = {r.id: label_of(kind, r) for r in rows}
            pick = f"entry-pick-{kind}"
            if st.session_state.get(pick) not in labels:
                st.session_state[pick] = None
            st.selectbox(t(f"entry.edit_{kind}"), options=list(labels),
                         format_func=labels.get, key=pick, placeholder=t(f"entry.edit_{kind}"),
                         on_change=_picked, args=(kind, pick), label_visibility="collapsed",
                         width=260)
    panel(kind, case, fw)


def open_form(kind: str, row_id: str) -> None:
    st.session_state[_open_key(kind)] = row_id
    st.session_state.pop(f"_entry_error:{kind}", None)
    st.session_state.pop(f"_entry_done:{kind}", None)
    _focus_next(kind)


def close_form(kind: str) -> None:
    st.session_state.pop(_open_key(kind), None)
    st.session_state.pop(f"_entry_error:{kind}", None)
    st.session_state.pop(f"_entry_done:{kind}", None)


def _picked(kind: str, pick: str) -> None:
    row_id = st.session_state.get(pick)
    if row_id:
        open_form(kind, row_id)
    st.session_state[pick] = None


def panel(kind: str, case: Case, fw: Framework) -> None:
    """The form, if open: a new row, or the row with the id it was opened for."""
    row_id = st.session_state.get(_open_key(kind))
    if row_id is None:
        return
    row = next((r for r in rows_of(kind, case) if r.id == row_id), None)
    if row_id != NEW and row is None:  # removed meanwhile (another tab)
        close_form(kind)
        return
    new = row_id == NEW
    with st.container(border=True, key=f"entry-panel-{kind}"):
        head, close = st.columns([5, 1], vertical_alignment="center")
        title = (t(f"entry.new_{kind}") if new
                 else t(f"entry.editing_{kind}", name=md(label_of(kind, row))))
        head.markdown(f"**:material/edit_note: {title}**")
        close.button(t("mapview.close"), icon=":material/close:", type="tertiary",
                     key=f"entry-close-{kind}", on_click=close_form, args=(kind,))
        form(kind, case, fw, row_id, prefix_of(kind, row_id), on_saved=_after_panel_save)


def form(kind: str, case: Case, fw: Framework, row_id: str, prefix: str,
         on_saved: Callable[[str, bool], None]) -> None:
    """The form itself (in a panel or a dialog): fields, the message of the last save, and
    'Add' or 'Save'. `on_saved(kind, new)` runs after a stored save."""
    new = row_id == NEW
    current = None if new else next((r for r in rows_of(kind, case) if r.id == row_id), None)
    done = st.session_state.get(f"_entry_done:{kind}")
    if done and new:  # above the form, where the eye is after Enter
        st.success(t(f"entry.added_{kind}", name=md(done)), icon=":material/check:")
    with st.form(key=prefix + "form", border=False, enter_to_submit=True):
        _fields(kind, prefix, case, fw, current)
        error = st.session_state.get(f"_entry_error:{kind}")
        if error:
            st.error(error, icon=":material/error:")
        st.form_submit_button(t("entry.add") if new else t("mapview.save_actor"),
                              type="primary", icon=":material/keyboard_return:",
                              on_click=_save, args=(kind, row_id, prefix, fw, on_saved),
                              width="stretch", help=t("entry.enter_saves"))
    _focus(kind, prefix + FIRST[kind])


def _fields(kind: str, prefix: str, case: Case, fw: Framework, current: Any) -> None:
    if kind == "actor":
        forms.actor_fields(prefix, case, fw, forms.actor_start(current, fw))
    elif kind == "fuel":
        forms.event_fields(prefix, case, forms.event_start(current))
    else:
        forms.action_fields(prefix, case, fw, forms.action_start(current))


def _start(kind: str, fw: Framework) -> dict[str, Any]:
    if kind == "actor":
        return forms.actor_start(None, fw)
    if kind == "fuel":
        return forms.event_start(None)
    return forms.action_start(None)


def _read(kind: str, prefix: str, row_id: str, case: Case, fw: Framework):
    if kind == "actor":
        return forms.actor_values(prefix, row_id, fw)
    if kind == "fuel":
        return forms.event_values(prefix, row_id, case)
    return forms.action_values(prefix, row_id, case, fw)


def _save(kind: str, row_id: str, prefix: str, fw: Framework,
          on_saved: Callable[[str, bool], None]) -> None:
    """Store the form as one operation on its row; a date that is not one stores nothing."""
    case = _loaded_case()
    new = row_id == NEW
    errors = f"_entry_error:{kind}"
    try:
        row = _read(kind, prefix, new_id() if new else row_id, case, fw)
    except DateRefused as err:
        st.session_state[errors] = t("dates.refused", reason=md(err.message(lang())))
        return
    st.session_state.pop(errors, None)
    if new:
        if not getattr(row, FIRST[kind]).strip():
            st.session_state[errors] = t(f"entry.first_{kind}")
            return
        changes = [AddOp(collection=COLLECTIONS[kind], row=row.model_dump(mode="json"))]
    else:
        current = next((r for r in rows_of(kind, case) if r.id == row_id), None)
        if current is None:  # removed in the meantime (another tab)
            st.session_state["_notice"] = ("warning", t("mapview.actor_gone"))
            on_saved(kind, False)
            return
        changes = ops.update(COLLECTIONS[kind], current.model_dump(mode="json"),
                             row.model_dump(mode="json"))
    if not state.change(changes, note=NOTES[kind]):
        return
    if new:
        forms.clear(prefix, _start(kind, fw))
        st.session_state[f"_entry_done:{kind}"] = getattr(row, FIRST[kind])
        _focus_next(kind)
    on_saved(kind, new)


def _after_panel_save(kind: str, new: bool) -> None:
    """After adding, the panel stays open for the next row; after an edit it closes."""
    if not new:
        close_form(kind)
        st.session_state["_notice"] = ("success", t("entry.saved"))


# -- the cursor back in the first field ----------------------------------------------------
_FOCUS_JS = """
export default function (component) {
  const { data } = component;
  const seen = (window.__workbookFocus = window.__workbookFocus || {});
  if (!data.turn || seen[data.key] === data.turn) return;
  seen[data.key] = data.turn;
  let tries = 0;
  const go = () => {
    const box = document.querySelector(".st-key-" + CSS.escape(data.key) + " input");
    if (box) { box.focus(); return; }
    if (++tries < 20) setTimeout(go, 100);
  };
  go();
}
"""
_focuser = st.components.v2.component("workbook_entry_focus", js=_FOCUS_JS,
                                      css=":host { display: none; }")


def _focus_next(kind: str) -> None:
    key = f"_entry_turn:{kind}"
    st.session_state[key] = st.session_state.get(key, 0) + 1


def _focus(kind: str, widget_key: str) -> None:
    """Put the cursor in the form's first field when it opened or a row was just added."""
    turn = st.session_state.get(f"_entry_turn:{kind}", 0)
    css_key = re.sub(r"[^a-zA-Z0-9_-]", "-", widget_key.strip())  # as Streamlit's st-key-…
    _focuser(key=f"entry-focus-{kind}", data={"key": css_key, "turn": turn})
