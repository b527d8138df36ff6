"""The anonymisation list on screen: every name and term with its pseudonym, before a case is
presented or exported anonymised (workbook/share/pseudonyms.py makes the list).

The facilitator can choose a pseudonym, keep a descriptive group name that identifies no one,
and add terms of their own (place names, streets, schools, a club). Every change is saved with
the case, as any other change, so every presentation and export uses the same names. The
list shows real names: it is drawn only where the screen is not being shown to a group.
"""

from __future__ import annotations

import streamlit as st

from workbook.plain import md
from workbook.case.model import Case, new_id
from workbook.case.ops import changed_rows
from workbook.framework.schema import Framework
from workbook.share.pseudonyms import Entry, anonymisation_list, stored
from ui import state

from ui.i18n import lang, t
from ui.resources import framework_for


def editor(case: Case, fw: Framework | None, key: str) -> None:
    """The list of names and the list of own terms, each an editable table."""
    import pandas as pd  # here, not at the top: it takes most of a second to import

    entries = anonymisation_list(case, fw, lang())
    names = [e for e in entries if e.kind != "term"]
    terms = [e for e in entries if e.kind == "term"]
    st.caption(t("anonlist.intro"))
    names_key, terms_key = f"{state.WIDGET_PREFIX}{key}:names", f"{state.WIDGET_PREFIX}{key}:terms"
    if names:
        st.data_editor(
            pd.DataFrame([{"original": e.original, "what": _what(e), "pseudonym": e.pseudonym,
                           "keep": e.keep, "also": ", ".join(_also(e))} for e in names]),
            key=names_key, hide_index=True, num_rows="fixed", width="stretch",
            height=35 * (min(len(names), 16) + 1) + 3,
            disabled=["original", "what", "also"], on_change=_save_names,
            args=(names_key, [e.key for e in names]),
            column_config={
                "original": st.column_config.TextColumn(t("anonlist.original")),
                "what": st.column_config.TextColumn(t("anonlist.what")),
                "pseudonym": st.column_config.TextColumn(t("anonlist.pseudonym"), max_chars=300,
                                                         help=t("anonlist.pseudonym_help")),
                "keep": st.column_config.CheckboxColumn(t("anonlist.keep"),
                                                        help=t("anonlist.keep_help")),
                "also": st.column_config.TextColumn(t("anonlist.also"),
                                                    help=t("anonlist.also_help")),
            })
    descriptive = [e.key for e in names if e.descriptive and not e.keep]
    if descriptive:
        st.button(t("anonlist.keep_descriptive", n=len(descriptive)), key=f"{key}:descriptive",
                  icon=":material/check_circle:", type="tertiary", on_click=_save,
                  args=({k: {"keep": True} for k in descriptive},),
                  help=t("anonlist.keep_descriptive_help"))
    st.markdown(f"**{t('anonlist.terms')}**")
    st.caption(t("anonlist.terms_help"))
    st.data_editor(
        pd.DataFrame([{"term": e.original, "pseudonym": e.pseudonym} for e in terms],
                     columns=["term", "pseudonym"]),
        key=terms_key, hide_index=True, num_rows="dynamic", width="stretch",
        on_change=_save_terms, args=(terms_key, [e.key for e in terms]),
        column_config={
            "term": st.column_config.TextColumn(t("anonlist.term"), max_chars=300,
                                                required=True),
            "pseudonym": st.column_config.TextColumn(t("anonlist.pseudonym"), max_chars=300,
                                                     help=t("anonlist.pseudonym_help")),
        })
    refused = [e for e in entries if e.refused]
    if refused:
        st.warning(t("anonlist.refused", names=", ".join(
            f"{md(e.refused)} ({md(e.original)})" for e in refused)))


def _what(entry: Entry) -> str:
    return t(f"anonlist.kind_{entry.kind}")


def _also(entry: Entry) -> list[str]:
    """The other phrases this entry replaces (parts of the name, a quoted part, a word)."""
    return [p.text for p in entry.variants if p.text != entry.original]


# -- saving: as any change of the case ----------------------------------------------------------
def _current() -> tuple[Case, list[Entry]] | None:
    loaded = st.session_state.get("_loaded")
    if loaded is None:
        return None
    case = loaded.case
    return case, anonymisation_list(case, framework_for(case.framework.id), lang())


def _save(changes: dict[str, dict], added: list[dict] | None = None,
          removed: set[str] = frozenset()) -> bool:
    current = _current()
    if current is None:
        return False
    case, entries = current
    # row by row (by id), so two tabs editing different lines keep each other's work
    rows = [a.model_dump(mode="json") for a in case.anonymisation]
    after = [line if line.get("id") else {**line, "id": new_id()}
             for line in stored(entries, changes, added, removed)]
    ops = changed_rows(("anonymisation",), rows, after)
    saved = state.change(ops, note="anonymisation")
    if saved:
        state.reset_widgets()
    return saved


def _save_names(widget: str, keys: list[str]) -> None:
    delta = st.session_state.get(widget) or {}
    changes = {}
    for index, values in (delta.get("edited_rows") or {}).items():
        if 0 <= int(index) < len(keys):
            changes[keys[int(index)]] = {k: ("" if v is None or v != v else v)
                                         for k, v in values.items() if k in ("pseudonym", "keep")}
    if changes:
        _save(changes)


def _save_terms(widget: str, keys: list[str]) -> None:
    delta = st.session_state.get(widget) or {}
    current = _current()
    if current is None:
        return
    _, entries = current
    by_key = {e.key: e for e in entries}
    changes, added, removed = {}, [], set()
    for index in delta.get("deleted_rows") or []:
        if 0 <= int(index) < len(keys):
            removed.add(keys[int(index)])
    for index, values in (delta.get("edited_rows") or {}).items():
        if not 0 <= int(index) < len(keys):
            continue
        entry = by_key.get(keys[int(index)])
        if entry is None:
            continue
        term = values.get("term", entry.original)
        pseudonym = values.get("pseudonym", entry.pseudonym)
        if term != entry.original:  # a term typed anew: the old one goes, the new one comes
            removed.add(entry.key)
            added.append({"term": term or "", "pseudonym": pseudonym or ""})
        else:
            changes[entry.key] = {"pseudonym": pseudonym or ""}
    for row in delta.get("added_rows") or []:
        if (row.get("term") or "").strip():
            added.append({"term": row["term"], "pseudonym": row.get("pseudonym") or ""})
    if changes or added or removed:
        _save(changes, added, removed)
