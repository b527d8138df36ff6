"""The fields of the quick-entry forms: one actor, one fuel event, one action.

Each `*_fields` draws the widgets under `prefix` (inside an `st.form`), each `*_values` reads
them back as a row for workbook.case.tables. The first field is a one-line text, so Enter in
it saves the form. `defaults` give the values a widget starts with (a new row: empty).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbook import dates
from workbook.case import tables
from workbook.case.model import ACTOR_KINDS, SIDES, Action, Actor, Case, FuelEvent
from workbook.analysis.polarmap import stance_of
from workbook.framework.schema import Framework
from workbook.plain import md
from ui import state
from ui.i18n import lang, t, tx


def side_names(case: Case) -> dict[str, str]:
    """'pole A: the young people', 'no side': for a radio, whose labels render Markdown, so
    the case's own pole names are escaped (workbook.plain)."""
    names = {}
    for side in SIDES:
        name = t(f"actor.side_{side}")
        pole = next((p for p in case.poles if p.side == side), None)
        label = pole.label.strip() if pole is not None else ""
        names[side] = f"{name}: {md(label[:40])}" if label else name
    return names


def _start(prefix: str, values: dict[str, Any]) -> None:
    for name, value in values.items():
        state.widget_value(prefix + name, value)


def clear(prefix: str, values: dict[str, Any]) -> None:
    """Give the widgets their starting values again (call from a callback)."""
    for name, value in values.items():
        st.session_state[prefix + name] = value


# -- actor ---------------------------------------------------------------------------------
def actor_start(actor: Actor | None, fw: Framework) -> dict[str, Any]:
    """The form's first values; an unset stance shows where the map puts the actor, and
    `stance_shown` remembers it so that a slider nobody moved leaves the stance unset."""
    actor = actor or Actor()
    roles = {r.id for r in fw.concepts.roles}
    role = fw.role(actor.role) if actor.role in roles else None
    stance = round(float(stance_of(actor, role)), 1)
    return {"name": actor.name, "role": actor.role if actor.role in roles else "",
            "side": actor.side, "kind": actor.kind, "influence": int(actor.influence),
            "stance": stance, "notes": actor.notes,
            "stance_shown": stance if actor.stance is None else None}


def actor_fields(prefix: str, case: Case, fw: Framework, start: dict[str, Any]) -> None:
    """Name, role, side, kind, influence, stance, notes."""
    _start(prefix, start)
    roles = {r.id: tx(r.name) for r in fw.concepts.roles}
    role_names = {"": t("mapview.no_role"), **roles}
    sides = side_names(case)
    kinds = {k: t(f"actor.kind_{k}") for k in ACTOR_KINDS}
    st.text_input(t("actor.name"), key=prefix + "name", max_chars=300,
                  placeholder=t("entry.name_placeholder"))
    left, right = st.columns(2)
    with left:
        st.selectbox(t("actor.role"), options=list(role_names), key=prefix + "role",
                     format_func=role_names.get)
        st.radio(t("actor.side"), options=list(sides), format_func=sides.get,
                 key=prefix + "side")
    with right:
        st.selectbox(t("actor.kind"), options=list(kinds), format_func=kinds.get,
                     key=prefix + "kind")
        st.slider(t("actor.influence"), min_value=1, max_value=5, step=1,
                  key=prefix + "influence")
    st.slider(t("actor.stance"), min_value=-1.0, max_value=1.0, step=0.1,
              key=prefix + "stance", help=t("mapview.stance_help"))
    if st.session_state.get(prefix + "stance_shown") is not None:
        st.caption(t("mapview.stance_unset"))
    st.text_area(t("actor.notes"), key=prefix + "notes", max_chars=20_000, height=80)


def actor_values(prefix: str, row_id: str, fw: Framework) -> Actor:
    get = st.session_state.get
    values = {name: get(prefix + name) for name in
              ("name", "role", "side", "kind", "influence", "stance", "notes")}
    shown = get(prefix + "stance_shown")
    if shown is not None and (values["stance"] is None or values["stance"] == shown):
        values["stance"] = None  # never set, and the slider was not moved
    else:
        values["stance"] = round(float(values["stance"] or 0.0), 2)
    return tables.actor_row({**values, "id": row_id}, {r.id for r in fw.concepts.roles})


# -- fuel event ----------------------------------------------------------------------------
def event_start(event: FuelEvent | None) -> dict[str, Any]:
    event = event or FuelEvent()
    return {"description": event.description, "date": dates.typed(event.date),
            "source": event.source, "channel": event.channel,
            "intensity": int(event.intensity)}


def event_fields(prefix: str, case: Case, start: dict[str, Any]) -> None:
    """What was said or done, when, by whom, where, how hard."""
    _start(prefix, start)
    names = {"": t("entry.no_source"), **{a.id: a.name or a.id for a in case.actors}}
    if st.session_state.get(prefix + "source") not in names:
        st.session_state[prefix + "source"] = ""
    st.text_input(t("fuel.description"), key=prefix + "description", max_chars=20_000,
                  placeholder=t("entry.description_placeholder"))
    left, right = st.columns(2)
    with left:
        date_input(prefix + "date", t("fuel.date"))
        st.selectbox(t("fuel.source"), options=list(names), format_func=names.get,
                     key=prefix + "source")
    with right:
        st.text_input(t("fuel.channel"), key=prefix + "channel", max_chars=300)
        st.slider(t("fuel.intensity"), min_value=1, max_value=5, step=1,
                  key=prefix + "intensity")


def event_values(prefix: str, row_id: str, case: Case) -> FuelEvent:
    """Raises DateRefused for a date that is not one."""
    get = st.session_state.get
    values = {name: get(prefix + name) for name in
              ("description", "source", "channel", "intensity")}
    values["date"] = dates.parse(get(prefix + "date"))
    return tables.event_row({**values, "id": row_id}, {a.id for a in case.actors})


# -- action --------------------------------------------------------------------------------
def action_start(action: Action | None) -> dict[str, Any]:
    action = action or Action()
    return {"title": action.title, "owner": action.owner, "date": dates.typed(action.date),
            "targets": list(action.targets), "game_changers": list(action.game_changers),
            "status": action.status, "reflection": action.reflection}


def action_fields(prefix: str, case: Case, fw: Framework, start: dict[str, Any]) -> None:
    """What, who, when, for whom, which game changers, how it stands, what happened."""
    _start(prefix, start)
    actors = {a.id: a.name or a.id for a in case.actors}
    changers = {g.id: tx(g.name) for g in fw.concepts.game_changers}
    statuses = {s: t(f"plan.status_{s}") for s in tables.ACTION_STATUSES}
    for key, known in (("targets", actors), ("game_changers", changers)):
        chosen = st.session_state.get(prefix + key) or []
        st.session_state[prefix + key] = [v for v in chosen if v in known]
    st.text_input(t("plan.action"), key=prefix + "title", max_chars=300,
                  placeholder=t("entry.action_placeholder"))
    left, right = st.columns(2)
    with left:
        st.text_input(t("plan.owner"), key=prefix + "owner", max_chars=300)
        date_input(prefix + "date", t("plan.date"))
    with right:
        st.multiselect(t("plan.targets"), options=list(actors), format_func=actors.get,
                       key=prefix + "targets", placeholder=t("entry.pick"))
        st.multiselect(t("plan.game_changers"), options=list(changers),
                       format_func=changers.get, key=prefix + "game_changers",
                       placeholder=t("entry.pick"))
    st.segmented_control(t("plan.status"), options=list(statuses), format_func=statuses.get,
                         key=prefix + "status", required=True)
    st.text_area(t("plan.reflection"), key=prefix + "reflection", max_chars=20_000, height=80)


def action_values(prefix: str, row_id: str, case: Case, fw: Framework) -> Action:
    """Raises DateRefused for a date that is not one."""
    get = st.session_state.get
    values = {name: get(prefix + name) for name in
              ("title", "owner", "targets", "game_changers", "status", "reflection")}
    values["date"] = dates.parse(get(prefix + "date"))
    return tables.action_row({**values, "id": row_id}, {a.id for a in case.actors},
                             {g.id for g in fw.concepts.game_changers})


# -- a date, typed -------------------------------------------------------------------------
def date_input(key: str, label: str) -> None:
    """A date typed day first (workbook.dates), whatever the browser's locale; what it was
    read as is said under it after saving."""
    st.text_input(f"{label} ({t('dates.format')})", key=key, max_chars=40,
                  placeholder=t("dates.format"), help=t("dates.hint"))


def read_as(value: Any) -> str:
    """'Read as 15 September 2026.' for a date, '' for none."""
    day = dates.from_iso(value)
    return t("dates.read_as", date=dates.spelled(day, lang())) if day else ""
