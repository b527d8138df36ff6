"""Editors for part 3's typed fields: my position, the intended map, the action plan, and
the generic `table` field. Each edit is stored as operations on the rows (or the intended
values) it changed, named by id (workbook.case.ops)."""

from __future__ import annotations

# pandas is imported inside the editors that use it: it takes most of a second to import,
# and pages without these editors (the map) should not wait for it

import streamlit as st

from workbook.analysis.polarmap import stance_of
from workbook import dates
from workbook.coach import pitfalls
from workbook.case import strategy, tables
from workbook.case.model import SIDES, Case
from workbook.framework.schema import Framework, Worksheet, WorksheetField
from workbook.framework.worksheets import answer_path
from workbook.plain import md
from ui import state
from ui.worksheets import entry, rows as rows_ui
from ui.worksheets.tables import refuse_bad_dates
from ui.i18n import lang, t, tx

ACTIONS_KEY = f"{state.WIDGET_PREFIX}actions"
INTENDED_KEY = f"{state.WIDGET_PREFIX}intended"


def _loaded_case() -> Case:
    return st.session_state["_loaded"].case


def _heading(field: WorksheetField) -> None:
    st.markdown(f"**{tx(field.label)}**", help=tx(field.help) or None)


# -- my position ---------------------------------------------------------------------------
def position_editor(field: WorksheetField, case: Case, fw: Framework) -> None:
    _heading(field)
    if not case.actors:
        st.caption(t("field.no_actors_yet"))
        return
    names = {a.id: a.name or a.id for a in case.actors}
    key = f"{state.WIDGET_PREFIX}me"
    state.widget_value(key, case.strategy.me if case.strategy.me in names else None)
    st.selectbox(t("plan.me"), options=list(names), format_func=names.get, key=key,
                 placeholder=t("plan.me_pick"),
                 on_change=lambda: state.save(("strategy", "me"), st.session_state[key] or ""))
    actor = strategy.me(case)
    if actor is None:
        return
    roles = {r.id: tx(r.name) for r in fw.concepts.roles}
    today = roles.get(actor.role, t("field.unknown"))
    st.caption(t("plan.today", role=today, side=t(f"actor.side_{actor.side}")))
    goal = strategy.moved(actor, case.strategy.intended.get(actor.id))
    role_key, stance_key = f"{state.WIDGET_PREFIX}me_role", f"{state.WIDGET_PREFIX}me_stance"
    state.widget_value(role_key, goal.role if goal.role in roles else None)
    state.widget_value(stance_key, stance_of(goal, fw.role(goal.role) if goal.role else None))

    def save_goal() -> None:
        values = {"role": st.session_state[role_key] or actor.role,
                  "stance": st.session_state[stance_key]}
        shown = _loaded_case()
        if shown.actor(actor.id) is not None:
            state.change(strategy.place_ops(shown, actor.id, values), note="intended")

    left, right = st.columns(2)
    left.selectbox(t("plan.goal_role"), options=list(roles), format_func=roles.get,
                   key=role_key, on_change=save_goal)
    right.slider(t("plan.goal_stance"), -1.0, 1.0, step=0.1, key=stance_key, on_change=save_goal)


# -- intended map --------------------------------------------------------------------------
def intended_editor(field: WorksheetField, case: Case, fw: Framework) -> None:
    import pandas as pd
    _heading(field)
    if not case.actors:
        st.caption(t("field.no_actors_yet"))
        return
    roles = {r.id: tx(r.name) for r in fw.concepts.roles}
    sides = {s: t(f"actor.side_{s}") for s in SIDES}
    rows = []
    for actor in case.actors:
        goal = strategy.moved(actor, case.strategy.intended.get(actor.id))
        rows.append({"name": actor.name, "today": roles.get(actor.role, ""),
                     "role": goal.role or None, "side": goal.side, "stance": goal.stance,
                     "influence": goal.influence})
    frame = pd.DataFrame(rows).astype({"stance": float, "influence": int})
    rows_ui.remember(INTENDED_KEY, case)
    st.data_editor(
        frame, key=INTENDED_KEY, hide_index=True, width="stretch", num_rows="fixed",
        on_change=_save_intended, disabled=["name", "today"],
        column_config={
            "name": st.column_config.TextColumn(t("actor.name")),
            "today": st.column_config.TextColumn(t("plan.role_today")),
            "role": st.column_config.SelectboxColumn(t("plan.role_goal"), options=list(roles),
                                                     format_func=roles.get),
            "side": st.column_config.SelectboxColumn(t("actor.side"), options=list(sides),
                                                     format_func=sides.get),
            "stance": st.column_config.NumberColumn(t("actor.stance"), min_value=-1.0,
                                                    max_value=1.0, step=0.1),
            "influence": st.column_config.NumberColumn(t("actor.influence"), min_value=1,
                                                       max_value=5, step=1),
        },
    )


def _save_intended() -> None:
    """Each edited cell is one intended value of the actor shown in that row, by id."""
    case = rows_ui.drawn(INTENDED_KEY)
    delta = st.session_state.get(INTENDED_KEY) or {}
    changes = []
    for index, values in sorted((delta.get("edited_rows") or {}).items(),
                                key=lambda item: int(item[0])):
        if 0 <= int(index) < len(case.actors):
            clean = {k: (None if v != v else v) for k, v in values.items()}  # NaN -> None
            changes += strategy.place_ops(case, case.actors[int(index)].id, clean)
    state.change(changes, note="intended")
    st.session_state.pop(INTENDED_KEY, None)


# -- action plan ---------------------------------------------------------------------------
# what the table shows in Part 3's worksheet column; status and reflection are in the form
ACTION_SHOWN = ("title", "owner", "date", "targets", "game_changers")


def actions_editor(field: WorksheetField, case: Case, fw: Framework) -> None:
    import pandas as pd
    _heading(field)
    entry.bar("action", case, fw)
    actors = {a.id: a.name or a.id for a in case.actors}
    changers = {g.id: tx(g.name) for g in fw.concepts.game_changers}
    statuses = {s: t(f"plan.status_{s}") for s in tables.ACTION_STATUSES}
    frame = pd.DataFrame(tables.action_rows(case), columns=list(tables.ACTION_COLUMNS))
    frame["date"] = pd.Series([dates.show(a.date, lang()) for a in case.strategy.actions],
                              dtype="string")
    shown = ACTION_SHOWN
    if any(a.meeting for a in case.strategy.actions):  # advice taken in a meeting: from which
        frame["meeting"] = pd.Series([_meeting_of(case, a.meeting) for a in case.strategy.actions],
                                     dtype="string")
        shown = (*ACTION_SHOWN, "meeting")
    rows_ui.remember(ACTIONS_KEY, case)
    st.data_editor(
        frame, key=ACTIONS_KEY, num_rows="dynamic", hide_index=True, width="stretch",
        on_change=_save_actions, args=(set(changers),), column_order=shown,
        placeholder="", alt=tx(field.label),
        column_config={
            "title": st.column_config.TextColumn(t("plan.action"), required=True, max_chars=300,
                                                 pinned=True, width=170),
            "owner": st.column_config.TextColumn(t("plan.owner"), max_chars=300, width=100),
            "date": st.column_config.TextColumn(f"{t('plan.date')} ({t('dates.format')})",
                                                max_chars=40, width=115,
                                                help=t("dates.hint")),
            "targets": st.column_config.MultiselectColumn(t("plan.targets"),
                                                          options=list(actors),
                                                          format_func=actors.get, width=130),
            "game_changers": st.column_config.MultiselectColumn(t("plan.game_changers"),
                                                                options=list(changers),
                                                                format_func=changers.get,
                                                                width=130),
            "status": st.column_config.SelectboxColumn(t("plan.status"), options=list(statuses),
                                                       format_func=statuses.get,
                                                       default="planned"),
            "reflection": st.column_config.TextColumn(t("plan.reflection"), max_chars=20_000),
            "meeting": st.column_config.TextColumn(t("plan.from_meeting"), disabled=True,
                                                   help=t("plan.from_meeting_help"), width=140),
        },
    )
    st.caption(t("entry.table_hint"))
    rows_ui.order_control("actions", ("strategy", "actions"),
                          [(a.id, a.title) for a in case.strategy.actions], note="actions")
    action_checks(case, fw)


def _meeting_of(case: Case, meeting_id: str) -> str:
    """The meeting an action came from, as the meeting page names it ('' for none)."""
    from workbook.meetings.minutes import meeting_title

    if not meeting_id:
        return ""
    meeting = case.meeting(meeting_id)
    return meeting_title(meeting, None, lang()) if meeting else t("plan.from_meeting_gone")


def action_checks(case: Case, fw: Framework) -> None:
    """Under the plan: per action, the bridge builder's pitfalls it falls into (YAML rules)."""
    from ui.coach import ICONS

    active = [a for a in case.strategy.actions if a.status != "dropped"]
    if not active:
        return
    found = pitfalls.action_pitfalls(case, fw)
    st.markdown(f"**{t('plan.action_checks')}**")
    for action in active:
        name = md(action.title or action.id)
        hints = found.get(action.id, [])
        if not hints:
            st.caption(f":material/check_circle: {name}: {t('plan.action_ok')}")
            continue
        lines = [f"**{name}**"]
        for hint in hints:
            concept = fw.concept(hint.rule.concept)
            line = f"- **{tx(concept.name) if concept else hint.rule.concept}**: {tx(hint.rule.title)}"
            if hint.subjects:
                names = ", ".join(md(x) for x in hint.subjects)
                line += f" ({t('coach.about', names=names)})"
            lines.append(line)
        urgent = any(h.severity == "urgent" for h in hints)
        (st.error if urgent else st.warning)("\n".join(lines),
                                             icon=ICONS["urgent" if urgent else "warning"])


def _save_actions(changers: set[str]) -> None:
    delta = refuse_bad_dates(st.session_state.get(ACTIONS_KEY) or {})
    case = rows_ui.drawn(ACTIONS_KEY)
    rows = [a.model_dump(mode="json") for a in case.strategy.actions]
    state.change(tables.action_grid_ops(case, delta, changers,
                                        rows_ui.new_ids(ACTIONS_KEY, rows, delta)),
                 note="actions")
    rows_ui.grid_done(ACTIONS_KEY)  # stored, or kept and shown: the grid starts from the case


# -- generic table -------------------------------------------------------------------------
def table_editor(ws: Worksheet, field: WorksheetField, case: Case) -> None:
    import pandas as pd
    _heading(field)
    key = f"{state.WIDGET_PREFIX}{ws.id}:{field.id}"
    columns = [c.id for c in field.columns]
    rows = _table_rows(case.answer(ws.id, field.id))
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    config = {}
    for col in field.columns:
        label = tx(col.label)
        if col.type == "choice":
            options = {o.id: tx(o.label) for o in col.options}
            config[col.id] = st.column_config.SelectboxColumn(label, options=list(options),
                                                              format_func=options.get)
        elif col.type == "date":
            frame[col.id] = pd.Series([dates.show(dates.from_iso(r.get(col.id)), lang())
                                       for r in rows], dtype="string")
            config[col.id] = st.column_config.TextColumn(f"{label} ({t('dates.format')})",
                                                         max_chars=40, help=t("dates.hint"))
        elif col.type == "number":
            config[col.id] = st.column_config.NumberColumn(label)
        else:
            config[col.id] = st.column_config.TextColumn(label, max_chars=20_000)
    path = tuple(answer_path(ws, field))

    def on_change() -> None:
        shown = _table_rows(_loaded_case().answer(ws.id, field.id))
        delta = st.session_state.get(key) or {}
        for col in field.columns:
            if col.type == "date":
                delta = refuse_bad_dates(delta, col.id)
        state.change(tables.table_grid_ops(path, shown, delta, columns,
                                           rows_ui.new_ids(key, shown, delta)),
                     note=".".join(path[1:]))
        rows_ui.grid_done(key)  # stored, or kept and shown: the grid starts from the case

    st.data_editor(frame, key=key, num_rows="dynamic", hide_index=True, width="stretch",
                   column_config=config, on_change=on_change, placeholder="",
                   alt=tx(field.label))
    first = columns[0] if columns else None
    rows_ui.order_control(key, path, [(r["id"], str(r.get(first) or "")) for r in rows],
                          note=".".join(path[1:]))


def _table_rows(value) -> list[dict]:
    """A table answer's rows as stored (each with its id); anything else is no rows."""
    if not isinstance(value, list):
        return []
    return [r for r in value if isinstance(r, dict) and r.get("id")]

