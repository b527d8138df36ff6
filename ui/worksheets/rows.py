"""What the row editors share: ids for the rows a grid adds, and moving a row up or down.

Every edit names rows by the ids they had where the tab displayed them (workbook.case.ops),
never by their place in the newest revision.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import streamlit as st

from workbook.case.model import Case
from workbook.plain import md

from workbook.case import tables
from workbook.case.ops import moved
from ui import state
from ui.i18n import t


def new_ids(key: str, rows: list[dict[str, Any]], delta: dict[str, Any]) -> list[str]:
    """Ids for the rows a grid edit adds. The same grid (same key, same rows displayed) in
    the same session hands over the same ids, so an edit the grid hands over again (its
    widget keeps it until its rows change) adds its rows once; another tab gets others."""
    session = st.session_state.setdefault("_kept_session", uuid.uuid4().hex)
    shown = hashlib.sha1(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
    return tables.new_row_ids(f"{session}:{key}:{shown[:16]}",
                              len(delta.get("added_rows") or []))


def order_control(key: str, collection: tuple[str, ...], rows: list[tuple[str, str]],
                  note: str) -> None:
    """A small 'Order' menu under a table: pick a row, move it one place up or down. `rows`
    are (id, label) in the order displayed."""
    if len(rows) < 2:
        return
    ids = [rid for rid, _ in rows]
    # a radio's labels render Markdown: names are user text, shown as themselves
    labels = {rid: f"{n} · {md(label[:70]) if label.strip() else t('ops.unnamed')}"
              for n, (rid, label) in enumerate(rows, start=1)}
    pick_key = f"{state.WIDGET_PREFIX}order:{key}"
    if st.session_state.get(pick_key) not in labels:
        st.session_state.pop(pick_key, None)
    # keyed, so it stays open while rows are moved; drawn only while open
    menu = st.popover(t("ops.order"), icon=":material/swap_vert:", help=t("ops.order_help"),
                      key=f"order-open:{key}", on_change="rerun")
    if not menu.open:
        return
    with menu:
        # a radio, not a select box: its list would open outside the popover, and a click
        # there closes the popover
        st.radio(t("ops.order_row"), options=ids, format_func=labels.get, key=pick_key)
        up, down = st.columns(2)
        up.button(t("ops.move_up"), key=f"{pick_key}:up", icon=":material/arrow_upward:",
                  on_click=_move, args=(pick_key, collection, ids, -1, note), width="stretch")
        down.button(t("ops.move_down"), key=f"{pick_key}:down", width="stretch",
                    icon=":material/arrow_downward:",
                    on_click=_move, args=(pick_key, collection, ids, +1, note))


def _move(pick_key: str, collection: tuple[str, ...], ids: list[str], step: int,
          note: str) -> None:
    row_id = st.session_state.get(pick_key)
    if row_id in ids:
        state.change(moved(collection, ids, row_id, step), note=note)
        st.session_state[pick_key] = row_id  # the moved row stays picked


def remember(key: str, case: Case) -> None:
    """The case a grid is drawn from: its edits name rows by their place in it."""
    st.session_state[f"_drawn:{key}"] = case


def drawn(key: str) -> Case:
    """The case the grid was drawn from, even if another callback of the same run loaded a
    newer one meanwhile (so a row's place still names the row the user edited)."""
    return st.session_state.get(f"_drawn:{key}") or st.session_state["_loaded"].case


def grid_done(key: str) -> None:
    """After a grid edit was stored or kept: the case shown holds it now, so the grid starts
    again from there (its widget would otherwise hand the same edit over once more)."""
    st.session_state.pop(key, None)
