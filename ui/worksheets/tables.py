"""Editors for the typed parts of a case: the poles, the actor table and the fuel table."""

from __future__ import annotations

# pandas is imported inside the editors that use it: it takes most of a second to import,
# and pages without these editors (the map) should not wait for it

import streamlit as st

from workbook.case import tables
from workbook.case.model import ACTOR_KINDS, SIDES, Case, Pole
from workbook.framework.schema import Framework, WorksheetField
from ui import state
from ui.worksheets.autosave import autosave_area
from ui.i18n import t, tx

ACTORS_KEY = f"{state.WIDGET_PREFIX}actors"
FUEL_KEY = f"{state.WIDGET_PREFIX}fuel"


def _loaded_case() -> Case:
    return st.session_state["_loaded"].case


# -- poles ---------------------------------------------------------------------------------
def poles_editor(field: WorksheetField, case: Case) -> None:
    st.markdown(f"**{tx(field.label)}**", help=tx(field.help) or None)
    pairs = construct_pairs(case.poles)
    for n, (ia, ib) in enumerate(pairs):
        with st.container(border=True):
            _construct_input(ia, ib, case.poles[ia].thought_construct)
            left, right = st.columns(2)
            for col, index, name in ((left, ia, "field.pole_a"), (right, ib, "field.pole_b")):
                with col:
                    st.markdown(f"**{t(name)}**")
                    _text_input(("poles", index, "label"), case.poles[index].label,
                                t("field.pole_label"))
                    _text_input(("poles", index, "identity"), case.poles[index].identity,
                                t("field.pole_identity"), area=True)
            if n > 0:
                st.button(t("field.remove_construct"), key=f"{state.WIDGET_PREFIX}rm{n}",
                          on_click=_remove_pair, args=(ia, ib), icon=":material/delete:")
    st.button(t("field.add_construct"), on_click=_add_pair, icon=":material/add:")


def construct_pairs(poles: list[Pole]) -> list[tuple[int, int]]:
    """Indices of (pole A, pole B) per thought construct, in order of appearance."""
    a_side = [i for i, p in enumerate(poles) if p.side == "a"]
    b_side = [i for i, p in enumerate(poles) if p.side == "b"]
    return list(zip(a_side, b_side))


def _text_input(path: tuple, value: str, label: str, area: bool = False) -> None:
    key = state.WIDGET_PREFIX + ":".join(map(str, path))
    if area:
        autosave_area(key, label, value, lambda text: state.save(path, text))
        return
    state.widget_value(key, value)

    def on_change() -> None:
        state.save(path, st.session_state.get(key) or "")

    st.text_input(label, key=key, on_change=on_change, live="1s")


def _construct_input(ia: int, ib: int, value: str) -> None:
    """The construct's name is kept on both of its poles, saved as one change."""
    key = f"{state.WIDGET_PREFIX}construct:{ia}"
    state.widget_value(key, value)

    def on_change() -> None:
        name = st.session_state.get(key) or ""
        poles = [p.model_dump() for p in _loaded_case().poles]
        for index in (ia, ib):
            poles[index]["thought_construct"] = name
        state.save(("poles",), poles, note="poles")

    st.text_input(t("field.pole_thought_construct"), key=key, on_change=on_change, live="1s")


def _add_pair() -> None:
    poles = [p.model_dump() for p in _loaded_case().poles]
    poles += [Pole(side="a").model_dump(), Pole(side="b").model_dump()]
    state.save(("poles",), poles, note="poles")
    state.reset_widgets()


def _remove_pair(ia: int, ib: int) -> None:
    poles = [p.model_dump() for i, p in enumerate(_loaded_case().poles) if i not in (ia, ib)]
    state.save(("poles",), poles, note="poles")
    state.reset_widgets()


# -- actors --------------------------------------------------------------------------------
def actor_editor(field: WorksheetField, case: Case, fw: Framework) -> None:
    import pandas as pd
    st.markdown(f"**{tx(field.label)}**", help=tx(field.help) or None)
    roles = {r.id: tx(r.name) for r in fw.concepts.roles}
    sides = {s: t(f"actor.side_{s}") for s in SIDES}
    kinds = {k: t(f"actor.kind_{k}") for k in ACTOR_KINDS}
    frame = pd.DataFrame(tables.actor_rows(case), columns=list(tables.ACTOR_COLUMNS))
    frame["role"] = frame["role"].map(lambda r: r or None)
    frame = frame.astype({"stance": float, "influence": int})
    st.data_editor(
        frame, key=ACTORS_KEY, num_rows="dynamic", hide_index=True, width="stretch",
        on_change=_save_actors, args=(set(roles),),
        column_config={
            "name": st.column_config.TextColumn(t("actor.name"), required=True, max_chars=300),
            "kind": st.column_config.SelectboxColumn(t("actor.kind"), options=list(kinds),
                                                     format_func=kinds.get, default="person"),
            "role": st.column_config.SelectboxColumn(t("actor.role"), options=list(roles),
                                                     format_func=roles.get),
            "side": st.column_config.SelectboxColumn(t("actor.side"), options=list(sides),
                                                     format_func=sides.get, default="none"),
            "stance": st.column_config.NumberColumn(t("actor.stance"), min_value=-1.0,
                                                    max_value=1.0, step=0.1, default=None),
            "influence": st.column_config.NumberColumn(t("actor.influence"), min_value=1,
                                                       max_value=5, step=1, default=3),
            "notes": st.column_config.TextColumn(t("actor.notes"), max_chars=20_000),
        },
    )


def _save_actors(roles: set[str]) -> None:
    delta = st.session_state.get(ACTORS_KEY) or {}
    actors = tables.apply_actor_grid(_loaded_case(), delta, roles)
    # a save that failed leaves the edit in the table, to try again
    if state.save(("actors",), [a.model_dump(mode="json") for a in actors], note="actors"):
        st.session_state.pop(ACTORS_KEY, None)


# -- fuel ----------------------------------------------------------------------------------
def fuel_editor(field: WorksheetField, case: Case) -> None:
    import pandas as pd
    st.markdown(f"**{tx(field.label)}**", help=tx(field.help) or None)
    names = {a.id: a.name or a.id for a in case.actors}
    frame = pd.DataFrame(tables.fuel_rows(case), columns=list(tables.FUEL_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["source"] = frame["source"].map(lambda s: s or None)
    frame = frame.astype({"intensity": int})
    st.data_editor(
        frame, key=FUEL_KEY, num_rows="dynamic", hide_index=True, width="stretch",
        on_change=_save_fuel,
        column_config={
            "date": st.column_config.DateColumn(t("fuel.date"), format="DD/MM/YYYY"),
            "source": st.column_config.SelectboxColumn(t("fuel.source"), options=list(names),
                                                       format_func=names.get),
            "description": st.column_config.TextColumn(t("fuel.description"), max_chars=20_000),
            "channel": st.column_config.TextColumn(t("fuel.channel"), max_chars=300),
            "intensity": st.column_config.NumberColumn(t("fuel.intensity"), min_value=1,
                                                       max_value=5, step=1, default=3),
        },
    )


def _save_fuel() -> None:
    delta = st.session_state.get(FUEL_KEY) or {}
    events = tables.apply_fuel_grid(_loaded_case(), delta)
    # a save that failed leaves the edit in the table, to try again
    if state.save(("fuel",), [e.model_dump(mode="json") for e in events], note="fuel"):
        st.session_state.pop(FUEL_KEY, None)
