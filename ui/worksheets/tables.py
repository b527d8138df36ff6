"""Editors for the typed parts of a case: the poles, the actor table and the fuel table.
Each edit is stored as operations on the rows it changed, named by id (workbook.case.ops)."""

from __future__ import annotations

# pandas is imported inside the editors that use it: it takes most of a second to import,
# and pages without these editors (the map) should not wait for it

import streamlit as st

from workbook import dates
from workbook.case import ops, tables
from workbook.case.model import ACTOR_KINDS, SIDES, Case, Pole
from workbook.case.ops import AddOp, DeleteOp, MoveOp
from workbook.framework.schema import Framework, WorksheetField
from workbook.plain import md
from ui import state
from ui.worksheets import entry, rows as rows_ui
from ui.worksheets.autosave import autosave_area
from ui.i18n import lang, t, tx

ACTORS_KEY = f"{state.WIDGET_PREFIX}actors"
FUEL_KEY = f"{state.WIDGET_PREFIX}fuel"


def _loaded_case() -> Case:
    return st.session_state["_loaded"].case


# -- poles ---------------------------------------------------------------------------------
POLES = ("poles",)


def poles_editor(field: WorksheetField, case: Case) -> None:
    st.markdown(f"**{tx(field.label)}**", help=tx(field.help) or None)
    pairs = construct_pairs(case.poles)
    for n, (ia, ib) in enumerate(pairs):
        pole_a, pole_b = case.poles[ia], case.poles[ib]
        with st.container(border=True):
            _construct_input(pole_a, pole_b)
            left, right = st.columns(2)
            for col, pole, name in ((left, pole_a, "field.pole_a"),
                                    (right, pole_b, "field.pole_b")):
                with col:
                    st.markdown(f"**{t(name)}**")
                    _text_input(pole, "label", t("field.pole_label"))
                    _text_input(pole, "identity", t("field.pole_identity"), area=True)
            if n > 0:
                with st.container(horizontal=True):
                    st.button(t("field.remove_construct"), on_click=_remove_pair,
                              key=f"{state.WIDGET_PREFIX}rm:{pole_a.id}",
                              args=(pole_a.id, pole_b.id), icon=":material/delete:")
                    st.button(t("ops.move_construct_up"), on_click=_move_pair_up, args=(n,),
                              key=f"{state.WIDGET_PREFIX}up:{pole_a.id}",
                              icon=":material/arrow_upward:")
    st.button(t("field.add_construct"), on_click=_add_pair, icon=":material/add:")


def construct_pairs(poles: list[Pole]) -> list[tuple[int, int]]:
    """Indices of (pole A, pole B) per thought construct, in order of appearance."""
    a_side = [i for i, p in enumerate(poles) if p.side == "a"]
    b_side = [i for i, p in enumerate(poles) if p.side == "b"]
    return list(zip(a_side, b_side))


def _pole_change(pole: Pole, values: dict) -> bool:
    """Change fields of one pole (by its id), as the tab showed it."""
    return state.change(ops.update(POLES, pole.model_dump(mode="json"),
                                   {**pole.model_dump(mode="json"), **values}), note="poles")


def _text_input(pole: Pole, name: str, label: str, area: bool = False) -> None:
    key = f"{state.WIDGET_PREFIX}pole:{pole.id}:{name}"
    if area:
        autosave_area(key, label, getattr(pole, name),
                      lambda text: _pole_change(_shown_pole(pole), {name: text}))
        return
    state.widget_value(key, getattr(pole, name))

    def on_change() -> None:
        _pole_change(_shown_pole(pole), {name: st.session_state.get(key) or ""})

    st.text_input(label, key=key, on_change=on_change, live="1s")


def _shown_pole(pole: Pole) -> Pole:
    """The pole as the tab shows it now (a callback runs after the page was drawn)."""
    return next((p for p in _loaded_case().poles if p.id == pole.id), pole)


def _construct_input(pole_a: Pole, pole_b: Pole) -> None:
    """The construct's name is kept on both of its poles, saved as one change."""
    key = f"{state.WIDGET_PREFIX}construct:{pole_a.id}"
    state.widget_value(key, pole_a.thought_construct)

    def on_change() -> None:
        name = st.session_state.get(key) or ""
        changes = []
        for pole in (_shown_pole(pole_a), _shown_pole(pole_b)):
            changes += ops.update(POLES, pole.model_dump(mode="json"),
                                  {**pole.model_dump(mode="json"), "thought_construct": name})
        state.change(changes, note="poles")

    st.text_input(t("field.pole_thought_construct"), key=key, on_change=on_change, live="1s")


def _add_pair() -> None:
    state.change([AddOp(collection=POLES, row=Pole(side="a").model_dump(mode="json")),
                  AddOp(collection=POLES, row=Pole(side="b").model_dump(mode="json"))],
                 note="poles")
    state.reset_widgets()


def _remove_pair(id_a: str, id_b: str) -> None:
    state.change([DeleteOp(collection=POLES, id=id_a), DeleteOp(collection=POLES, id=id_b)],
                 note="poles")
    state.reset_widgets()


def _move_pair_up(n: int) -> None:
    """Swap construct `n` with the one above it: each of its poles moves before the other's
    pole on the same side."""
    poles = _loaded_case().poles
    pairs = construct_pairs(poles)
    if not 0 < n < len(pairs):
        return
    ids = [p.id for p in poles]
    changes = []
    for side in (0, 1):
        mine, above = poles[pairs[n][side]].id, poles[pairs[n - 1][side]].id
        order = [i for i in ids if i != mine]
        at = order.index(above)
        changes.append(MoveOp(collection=POLES, id=mine, after=order[at - 1] if at else None))
        ids = order[:at] + [mine] + order[at:]
    state.change(changes, note="poles")
    state.reset_widgets()


# -- actors --------------------------------------------------------------------------------
# what the table shows at half the page's width; the form (entry.py) holds every field
ACTOR_SHOWN = ("name", "role", "side", "influence")


def actor_editor(field: WorksheetField, case: Case, fw: Framework) -> None:
    import pandas as pd
    st.markdown(f"**{tx(field.label)}**", help=tx(field.help) or None)
    entry.bar("actor", case, fw)
    roles = {r.id: tx(r.name) for r in fw.concepts.roles}
    sides = {s: t(f"actor.side_{s}") for s in SIDES}
    kinds = {k: t(f"actor.kind_{k}") for k in ACTOR_KINDS}
    frame = pd.DataFrame(tables.actor_rows(case), columns=list(tables.ACTOR_COLUMNS))
    frame["role"] = frame["role"].map(lambda r: r or None)
    frame = frame.astype({"stance": float, "influence": int})
    rows_ui.remember(ACTORS_KEY, case)
    st.data_editor(
        frame, key=ACTORS_KEY, num_rows="dynamic", hide_index=True, width="stretch",
        on_change=_save_actors, args=(set(roles),), column_order=ACTOR_SHOWN,
        placeholder="", alt=tx(field.label),
        column_config={
            "name": st.column_config.TextColumn(t("actor.name"), required=True, max_chars=300,
                                                pinned=True, width=170),
            "kind": st.column_config.SelectboxColumn(t("actor.kind"), options=list(kinds),
                                                     format_func=kinds.get, default="person"),
            "role": st.column_config.SelectboxColumn(t("actor.role"), options=list(roles),
                                                     format_func=roles.get, width=140),
            "side": st.column_config.SelectboxColumn(t("actor.side"), options=list(sides),
                                                     format_func=sides.get, default="none",
                                                     width=100),
            "stance": st.column_config.NumberColumn(t("actor.stance"), min_value=-1.0,
                                                    max_value=1.0, step=0.1, default=None),
            "influence": st.column_config.NumberColumn(t("actor.influence"), min_value=1,
                                                       max_value=5, step=1, default=3,
                                                       width=90),
            "notes": st.column_config.TextColumn(t("actor.notes"), max_chars=20_000),
        },
    )
    st.caption(t("entry.table_hint"))
    rows_ui.order_control("actors", ("actors",), [(a.id, a.name) for a in case.actors],
                          note="actors")


def _save_actors(roles: set[str]) -> None:
    delta = st.session_state.get(ACTORS_KEY) or {}
    case = rows_ui.drawn(ACTORS_KEY)
    rows = [a.model_dump(mode="json") for a in case.actors]
    changes = tables.actor_grid_ops(case, delta, roles, rows_ui.new_ids(ACTORS_KEY, rows, delta))
    state.change(changes, note="actors")
    rows_ui.grid_done(ACTORS_KEY)  # stored, or kept and shown: the grid starts from the case


# -- fuel ----------------------------------------------------------------------------------
FUEL_SHOWN = ("description", "date", "source", "intensity")


def fuel_editor(field: WorksheetField, case: Case, fw: Framework) -> None:
    import pandas as pd
    st.markdown(f"**{tx(field.label)}**", help=tx(field.help) or None)
    entry.bar("fuel", case, fw)
    names = {a.id: a.name or a.id for a in case.actors}
    frame = pd.DataFrame(tables.fuel_rows(case), columns=list(tables.FUEL_COLUMNS))
    # typed and shown day first, whatever the browser's locale (its date editor is not)
    frame["date"] = pd.Series([dates.show(e.date, lang()) for e in case.fuel], dtype="string")
    frame["source"] = frame["source"].map(lambda s: s or None)
    frame = frame.astype({"intensity": int})
    rows_ui.remember(FUEL_KEY, case)
    st.data_editor(
        frame, key=FUEL_KEY, num_rows="dynamic", hide_index=True, width="stretch",
        on_change=_save_fuel, column_order=FUEL_SHOWN, placeholder="", alt=tx(field.label),
        column_config={
            "date": st.column_config.TextColumn(f"{t('fuel.date')} ({t('dates.format')})",
                                                max_chars=40, width=115,
                                                help=t("dates.hint")),
            "source": st.column_config.SelectboxColumn(t("fuel.source"), options=list(names),
                                                       format_func=names.get, width=130),
            "description": st.column_config.TextColumn(t("fuel.description"), max_chars=20_000,
                                                       pinned=True, width=190),
            "channel": st.column_config.TextColumn(t("fuel.channel"), max_chars=300),
            "intensity": st.column_config.NumberColumn(t("fuel.intensity"), min_value=1,
                                                       max_value=5, step=1, default=3,
                                                       width=80),
        },
    )
    st.caption(t("entry.table_hint"))
    rows_ui.order_control("fuel", ("fuel",), [(e.id, _event_label(e)) for e in case.fuel],
                          note="fuel")


def _event_label(event) -> str:
    day = dates.show(event.date, lang())
    return " · ".join(x for x in (day, " ".join(event.description.split())[:50]) if x)


def _save_fuel() -> None:
    delta = refuse_bad_dates(st.session_state.get(FUEL_KEY) or {})
    case = rows_ui.drawn(FUEL_KEY)
    rows = [e.model_dump(mode="json") for e in case.fuel]
    state.change(tables.fuel_grid_ops(case, delta, rows_ui.new_ids(FUEL_KEY, rows, delta)),
                 note="fuel")
    rows_ui.grid_done(FUEL_KEY)  # stored, or kept and shown: the grid starts from the case


def refuse_bad_dates(delta: dict, column: str = "date") -> dict:
    """A grid edit with its typed dates read day first; a cell that holds no date is left
    out, and the page says why (never read another way)."""
    delta, refused = tables.read_dates(delta, column)
    if refused:
        reasons = " ".join(r.message(lang()) for r in refused)
        st.session_state["_notice"] = ("error", t("dates.refused", reason=md(reasons)))
    return delta
