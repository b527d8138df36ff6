"""Actor, fuel, action and table answers as rows for an editable grid, and grid edits as
operations on the case (workbook.case.ops).

A grid edit arrives as {"edited_rows": {i: {col: v}}, "added_rows": [...], "deleted_rows": [...]}
(Streamlit's data editor format, but nothing here depends on Streamlit). The places `i` are
those of the rows the tab displayed: each becomes the id of that row, so an edit made on an
older view changes the row the user saw, wherever it is in the newest revision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Callable

from workbook import dates
from workbook.case import ops
from workbook.case.model import ACTOR_KINDS, SIDES, Action, Actor, Case, FuelEvent, new_id
from workbook.case.ops import AddOp, DeleteOp, Op
from workbook.dates import DateRefused

ACTOR_COLUMNS = ("name", "kind", "role", "side", "stance", "influence", "notes")
FUEL_COLUMNS = ("date", "source", "description", "channel", "intensity")
ACTION_COLUMNS = ("title", "owner", "date", "targets", "game_changers", "status", "reflection")
ACTION_STATUSES = ("planned", "done", "dropped")


def actor_rows(case: Case) -> list[dict[str, Any]]:
    return [{c: getattr(a, c) for c in ACTOR_COLUMNS} for a in case.actors]


def fuel_rows(case: Case) -> list[dict[str, Any]]:
    return [{c: getattr(e, c) for c in FUEL_COLUMNS} for e in case.fuel]


def actor_grid_ops(case: Case, delta: dict[str, Any], roles: set[str],
                   new_ids: list[str] | None = None) -> list[Op]:
    """The operations of an actor-grid edit on the actors the tab displayed (`case`);
    values out of range are brought into range."""
    rows = [a.model_dump(mode="json") for a in case.actors]
    return grid_ops(("actors",), rows, delta,
                    lambda r: _clean_actor(r, roles).model_dump(mode="json"),
                    lambda: Actor().model_dump(mode="json"), new_ids)


def fuel_grid_ops(case: Case, delta: dict[str, Any], new_ids: list[str] | None = None
                  ) -> list[Op]:
    rows = [e.model_dump(mode="json") for e in case.fuel]
    actor_ids = {a.id for a in case.actors}
    return grid_ops(("fuel",), rows, delta,
                    lambda r: _clean_event(r, actor_ids).model_dump(mode="json"),
                    lambda: FuelEvent().model_dump(mode="json"), new_ids)


def action_grid_ops(case: Case, delta: dict[str, Any], game_changers: set[str],
                    new_ids: list[str] | None = None) -> list[Op]:
    rows = [a.model_dump(mode="json") for a in case.strategy.actions]
    actor_ids = {a.id for a in case.actors}
    return grid_ops(("strategy", "actions"), rows, delta,
                    lambda r: _clean_action(r, actor_ids, game_changers).model_dump(mode="json"),
                    lambda: Action().model_dump(mode="json"), new_ids)


def table_grid_ops(collection: tuple[str, ...], rows: list[dict[str, Any]],
                   delta: dict[str, Any], columns: list[str],
                   new_ids: list[str] | None = None) -> list[Op]:
    """The operations of an edit of a generic table answer; only known columns are kept."""
    shown = [{"id": r.get("id"), **{c: _cell(r.get(c)) for c in columns}} for r in rows]

    def clean(row: dict[str, Any]) -> dict[str, Any]:
        return {"id": row["id"], **{c: _cell(row.get(c)) for c in columns}}

    return grid_ops(collection, shown, delta, clean, lambda: dict.fromkeys(columns), new_ids)


def grid_ops(collection: tuple[str, ...], rows: list[dict[str, Any]], delta: dict[str, Any],
             clean: Callable[[dict], dict], blank: Callable[[], dict],
             new_ids: list[str] | None = None) -> list[Op]:
    """A grid edit as operations: edited rows (by their place in the grid as displayed,
    `rows`) become updates of only the fields that changed, added rows adds (at the end,
    under `new_ids`, else fresh ids), deleted rows deletes, each naming the row by its id."""
    out: list[Op] = []
    for index, change in sorted((delta.get("edited_rows") or {}).items(),
                                key=lambda item: int(item[0])):
        i = int(index)
        if not 0 <= i < len(rows) or not isinstance(change, dict):
            continue
        row = rows[i]
        edited = clean({**row, **{k: v for k, v in change.items() if k in row and k != "id"}})
        out += ops.update(collection, row, {k: edited[k] for k in change if k in row})
    taken = {r.get("id") for r in rows}
    for k, added in enumerate(delta.get("added_rows") or []):
        ident = new_ids[k] if new_ids and k < len(new_ids) else _fresh_id(taken)
        taken.add(ident)
        row = blank()
        row.update({c: v for c, v in (added or {}).items() if c in row and c != "id"})
        out.append(AddOp(collection=collection, row=clean({**row, "id": ident})))
    for i in sorted({int(i) for i in delta.get("deleted_rows") or []}):
        if 0 <= i < len(rows) and rows[i].get("id"):
            out.append(DeleteOp(collection=collection, id=rows[i]["id"]))
    return out


def read_dates(delta: dict[str, Any], column: str = "date"
               ) -> tuple[dict[str, Any], list[DateRefused]]:
    """A grid edit whose date cells hold typed text (workbook.dates: day first), with those
    cells as dates; a cell that holds no date is left out of the edit (the row keeps its
    date) and its reason returned, so a date is never read another way or dropped unsaid."""
    refused: list[DateRefused] = []

    def fix(row: Any) -> Any:
        if not isinstance(row, dict) or column not in row:
            return row
        value = row[column]
        if value is None or isinstance(value, (dt.date, dt.datetime)):
            return row
        try:
            return {**row, column: dates.parse(str(value))}
        except DateRefused as err:
            refused.append(err)
            return {k: v for k, v in row.items() if k != column}

    out = dict(delta)
    out["edited_rows"] = {i: fix(r) for i, r in (delta.get("edited_rows") or {}).items()}
    out["added_rows"] = [fix(r) for r in delta.get("added_rows") or []]
    return out, refused


def new_row_ids(seed: str, count: int) -> list[str]:
    """Ids for the rows a grid adds, the same for the same seed: a grid edit handed over
    twice (its widget keeps it) adds its rows once. The seed must differ between tabs."""
    return [hashlib.sha1(f"{seed}:{k}".encode()).hexdigest()[:12] for k in range(count)]


def _fresh_id(taken: set) -> str:
    while (candidate := new_id()) in taken:
        pass
    return candidate


# -- one row from a form -------------------------------------------------------------------
def actor_row(values: dict[str, Any], roles: set[str]) -> Actor:
    """An actor from a form's values (with its id); values out of range brought into range."""
    return _clean_actor(values, roles)


def event_row(values: dict[str, Any], actor_ids: set[str]) -> FuelEvent:
    return _clean_event(values, actor_ids)


def action_row(values: dict[str, Any], actor_ids: set[str], game_changers: set[str]) -> Action:
    return _clean_action(values, actor_ids, game_changers)


# -- the whole list after a grid edit (previews, tests) ------------------------------------
def apply_actor_grid(case: Case, delta: dict[str, Any], roles: set[str]) -> list[Actor]:
    """The case's actors after a grid edit; values out of range are brought into range."""
    return ops.apply_ops(case, actor_grid_ops(case, delta, roles))[0].actors


def apply_fuel_grid(case: Case, delta: dict[str, Any]) -> list[FuelEvent]:
    return ops.apply_ops(case, fuel_grid_ops(case, delta))[0].fuel


def action_rows(case: Case) -> list[dict[str, Any]]:
    return [{c: getattr(a, c) for c in ACTION_COLUMNS} for a in case.strategy.actions]


def apply_action_grid(case: Case, delta: dict[str, Any], game_changers: set[str]) -> list[Action]:
    return ops.apply_ops(case, action_grid_ops(case, delta, game_changers))[0].strategy.actions


def apply_table_grid(rows: list[dict[str, Any]], delta: dict[str, Any], columns: list[str]
                     ) -> list[dict[str, Any]]:
    """Rows of a generic table field after a grid edit; only known columns are kept."""
    path = ("answers", "_", "_")
    case = Case(answers={"_": {"_": [dict(r) for r in rows]}})
    shown = case.answer("_", "_")
    after = ops.apply_ops(case, table_grid_ops(path, shown, delta, columns))[0]
    return [{c: r.get(c) for c in columns} for r in after.answer("_", "_") or []]


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
        meeting=_text(row.get("meeting"), 300),  # set by a meeting, never in the grid
    )


def _list(value: Any) -> list[str]:
    if value is None or isinstance(value, str):
        return [value] if value else []
    try:
        return [str(v) for v in value]
    except TypeError:
        return []


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


_date = dates.from_iso  # a stored date, or an ISO text, as a date
