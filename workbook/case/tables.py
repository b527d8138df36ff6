"""Actor and fuel tables as rows for an editable grid, and grid edits back into the case.

A grid edit arrives as {"edited_rows": {i: {col: v}}, "added_rows": [...], "deleted_rows": [...]}
(Streamlit's data editor format, but nothing here depends on Streamlit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbook.case.model import ACTOR_KINDS, SIDES, Action, Actor, Case, FuelEvent, new_id

ACTOR_COLUMNS = ("name", "kind", "role", "side", "stance", "influence", "notes")
FUEL_COLUMNS = ("date", "source", "description", "channel", "intensity")
ACTION_COLUMNS = ("title", "owner", "date", "targets", "game_changers", "status", "reflection")
ACTION_STATUSES = ("planned", "done", "dropped")


def actor_rows(case: Case) -> list[dict[str, Any]]:
    return [{c: getattr(a, c) for c in ACTOR_COLUMNS} for a in case.actors]


def fuel_rows(case: Case) -> list[dict[str, Any]]:
    return [{c: getattr(e, c) for c in FUEL_COLUMNS} for e in case.fuel]


def apply_actor_grid(case: Case, delta: dict[str, Any], roles: set[str]) -> list[Actor]:
    """The case's actors after a grid edit; values out of range are brought into range."""
    rows = [a.model_dump() for a in case.actors]
    rows = _apply_delta(rows, delta, lambda: Actor(id=_unique_id(rows)).model_dump())
    return [_clean_actor(r, roles) for r in rows]


def apply_fuel_grid(case: Case, delta: dict[str, Any]) -> list[FuelEvent]:
    rows = [e.model_dump() for e in case.fuel]
    rows = _apply_delta(rows, delta, lambda: FuelEvent().model_dump())
    actor_ids = {a.id for a in case.actors}
    return [_clean_event(r, actor_ids) for r in rows]


def action_rows(case: Case) -> list[dict[str, Any]]:
    return [{c: getattr(a, c) for c in ACTION_COLUMNS} for a in case.strategy.actions]


def apply_action_grid(case: Case, delta: dict[str, Any], game_changers: set[str]) -> list[Action]:
    rows = [a.model_dump() for a in case.strategy.actions]
    rows = _apply_delta(rows, delta, lambda: Action().model_dump())
    actor_ids = {a.id for a in case.actors}
    return [_clean_action(r, actor_ids, game_changers) for r in rows]


def apply_table_grid(rows: list[dict[str, Any]], delta: dict[str, Any], columns: list[str]
                     ) -> list[dict[str, Any]]:
    """Rows of a generic table field after a grid edit; only known columns are kept."""
    blank = dict.fromkeys(columns)
    base = [{c: r.get(c) for c in columns} | {"id": i} for i, r in enumerate(rows)]
    out = _apply_delta(base, delta, lambda: {**blank, "id": None})
    return [{c: _cell(r.get(c)) for c in columns} for r in out]


def _cell(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return _date(value).isoformat()
    if isinstance(value, float) and value != value:
        return None
    return value


def _clean_action(row: dict, actor_ids: set[str], game_changers: set[str]) -> Action:
    return Action(
        id=row["id"],
        title=_text(row.get("title"), 300),
        owner=_text(row.get("owner"), 300),
        date=_date(row.get("date")),
        targets=[t for t in _list(row.get("targets")) if t in actor_ids],
        game_changers=[g for g in _list(row.get("game_changers")) if g in game_changers],
        status=row.get("status") if row.get("status") in ACTION_STATUSES else "planned",
        reflection=_text(row.get("reflection"), 20_000),
    )


def _list(value: Any) -> list[str]:
    if value is None or isinstance(value, str):
        return [value] if value else []
    try:
        return [str(v) for v in value]
    except TypeError:
        return []


def _apply_delta(rows: list[dict], delta: dict[str, Any], blank) -> list[dict]:
    rows = [dict(r) for r in rows]
    for index, change in (delta.get("edited_rows") or {}).items():
        i = int(index)
        if 0 <= i < len(rows):
            rows[i].update({k: v for k, v in change.items() if k in rows[i] and k != "id"})
    for added in delta.get("added_rows") or []:
        row = blank()
        row.update({k: v for k, v in added.items() if k in row and k != "id"})
        rows.append(row)
    gone = {int(i) for i in delta.get("deleted_rows") or []}
    return [r for i, r in enumerate(rows) if i not in gone]


def _unique_id(rows: list[dict]) -> str:
    taken = {r["id"] for r in rows}
    while (candidate := new_id()) in taken:
        pass
    return candidate


def _clean_actor(row: dict, roles: set[str]) -> Actor:
    return Actor(
        id=row["id"],
        name=_text(row.get("name"), 300),
        kind=row.get("kind") if row.get("kind") in ACTOR_KINDS else "person",
        role=row.get("role") if row.get("role") in roles else "",
        side=row.get("side") if row.get("side") in SIDES else "none",
        stance=_stance(row.get("stance")),
        influence=int(_clamp(round(_num(row.get("influence"), 3)), 1, 5)),
        notes=_text(row.get("notes"), 20_000),
    )


def _clean_event(row: dict, actor_ids: set[str]) -> FuelEvent:
    return FuelEvent(
        id=row["id"],
        date=_date(row.get("date")),
        source=row.get("source") if row.get("source") in actor_ids else "",
        description=_text(row.get("description"), 20_000),
        channel=_text(row.get("channel"), 300),
        intensity=int(_clamp(round(_num(row.get("intensity"), 3)), 1, 5)),
    )


def _text(value: Any, limit: int) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    return str(value)[:limit]


def _num(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return default if number != number else number


def _stance(value: Any) -> float | None:
    """An empty cell is a stance not set yet (the map places the actor by side and role)."""
    number = _num(value, float("nan"))
    return None if number != number else _clamp(number, -1.0, 1.0)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
