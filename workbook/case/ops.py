"""Operations: a change stored as what the user did, applied to the newest revision.

A row is always named by its stable id, never by its place in a list, so two tabs, two people
or two app processes that add, change, move or delete different rows never undo each other's
work. Operations are idempotent: an add whose id exists, a delete of a missing row, an update
of a missing row change nothing (and are reported), so a replay never doubles anything.

`apply_ops` also says which fields it overwrote: a field whose stored value was not the one
the tab saw (`was`) and was replaced; the later change wins, and both stay in the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union

from pydantic import (BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter,
                      field_validator)

from workbook.case.edits import Path, jsonable
from workbook.case.model import Case

Key = Annotated[str, StringConstraints(min_length=1, max_length=100)]
RowId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
BatchId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
# The lists of rows an operation may address, by their path in the case document; a table
# answer is ("answers", worksheet id, field id).
COLLECTIONS: tuple[tuple[str, ...], ...] = (
    ("actors",), ("fuel",), ("poles",), ("strategy", "actions"), ("snapshots",),
    ("anonymisation",), ("meetings",), ("meeting_items",), ("meeting_readings",))
PROTECTED = ("id", "format_version")


def _collection(path: tuple[str, ...]) -> tuple[str, ...]:
    if path in COLLECTIONS or (len(path) == 3 and path[0] == "answers"):
        return path
    raise ValueError(f"not a list of rows: {'.'.join(path)}")


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SetOp(_Op):
    """Set the value at a path of keys (never through a list). `was`: what the tab showed
    there; with `check` off, nothing is said when the stored value differs."""

    op: Literal["set"] = "set"
    path: tuple[Key, ...] = Field(min_length=1, max_length=8)
    value: Any = None
    was: Any = None
    check: bool = True

    @field_validator("path")
    @classmethod
    def _not_identity(cls, path: tuple[str, ...]) -> tuple[str, ...]:
        if path[0] in PROTECTED:
            raise ValueError(f"cannot set {path[0]}")
        return path

    @field_validator("value", "was", mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return jsonable(value)


class AddOp(_Op):
    """Add a row (with its id) after the row `after`; at the end when None or gone."""

    op: Literal["add"] = "add"
    collection: tuple[Key, ...]
    row: dict[str, Any]
    after: RowId | None = None

    @field_validator("collection")
    @classmethod
    def _known(cls, path: tuple[str, ...]) -> tuple[str, ...]:
        return _collection(path)

    @field_validator("row", mode="before")
    @classmethod
    def _with_id(cls, row: Any) -> Any:
        row = jsonable(row)
        if not isinstance(row, dict):
            raise ValueError("a row is a mapping")
        TypeAdapter(RowId).validate_python(row.get("id"))
        return row


class UpdateOp(_Op):
    """Change some fields of the row `id`; `was` holds what the tab showed in them."""

    op: Literal["update"] = "update"
    collection: tuple[Key, ...]
    id: RowId
    fields: dict[Key, Any]
    was: dict[Key, Any] = {}

    @field_validator("collection")
    @classmethod
    def _known(cls, path: tuple[str, ...]) -> tuple[str, ...]:
        return _collection(path)

    @field_validator("fields", "was", mode="before")
    @classmethod
    def _plain(cls, values: Any) -> Any:
        values = jsonable(values)
        if isinstance(values, dict) and "id" in values:
            raise ValueError("a row's id cannot change")
        return values


class DeleteOp(_Op):
    op: Literal["delete"] = "delete"
    collection: tuple[Key, ...]
    id: RowId

    @field_validator("collection")
    @classmethod
    def _known(cls, path: tuple[str, ...]) -> tuple[str, ...]:
        return _collection(path)


class MoveOp(_Op):
    """Put the row `id` right after the row `after`; None: at the top."""

    op: Literal["move"] = "move"
    collection: tuple[Key, ...]
    id: RowId
    after: RowId | None = None

    @field_validator("collection")
    @classmethod
    def _known(cls, path: tuple[str, ...]) -> tuple[str, ...]:
        return _collection(path)


Op = Annotated[Union[SetOp, AddOp, UpdateOp, DeleteOp, MoveOp], Field(discriminator="op")]
OPS = TypeAdapter(list[Op])


class Batch(_Op):
    """One user action's operations on one case, as kept while the store refuses to write
    (in the session and in the browser): replayed in the order of `at`, at most once."""

    id: BatchId
    case: RowId
    ops: list[Op] = Field(max_length=5000)
    note: Annotated[str, StringConstraints(max_length=300)] = ""
    at: dt.datetime


# -- what applying did ---------------------------------------------------------------------
@dataclass(frozen=True)
class Overwrite:
    """A field this change replaced, whose stored value was not what the tab had seen."""

    where: tuple[str, ...]  # a collection, or the path of keys up to the field
    row: str | None  # the row's id (None for a set)
    field: str
    stored: Any
    was: Any
    value: Any


@dataclass(frozen=True)
class Gone:
    """A row an operation was about that is not there (removed elsewhere)."""

    where: tuple[str, ...]
    row: str
    op: str


@dataclass(frozen=True)
class Report:
    changed: bool = False
    overwritten: tuple[Overwrite, ...] = ()
    gone: tuple[Gone, ...] = ()
    repeated: tuple[str, ...] = ()  # ids of rows added that were already there
    replayed: bool = False  # the whole batch had been stored before: nothing done


@dataclass
class _Notes:
    overwritten: list[Overwrite] = field(default_factory=list)
    gone: list[Gone] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


# -- applying ------------------------------------------------------------------------------
def apply_ops(case: Case, ops: list[Op], before: dict[str, Any] | None = None
              ) -> tuple[Case, Report]:
    """The case after `ops`, in order, and what that did. Raises pydantic's ValidationError
    when the result is not a valid case, ValueError for an operation that cannot apply.
    `before`: `case.to_doc()`, when the caller has it already (it is only read)."""
    if before is None:
        before = case.to_doc()
    doc = case.to_doc()
    notes = _Notes()
    for op in ops:
        _APPLY[op.op](doc, op, notes)
    _tidy(doc)
    if doc == before:
        return case, Report(False, (), tuple(notes.gone), tuple(notes.repeated))
    return Case.model_validate(doc), Report(True, tuple(notes.overwritten), tuple(notes.gone),
                                            tuple(notes.repeated))


def _node(doc: dict[str, Any], path: tuple[str, ...], create: bool) -> Any:
    node: Any = doc
    for key in path:
        if not isinstance(node, dict):
            raise ValueError(f"{'.'.join(path)} does not lead through mappings")
        if node.get(key) is None:
            if not create:
                return None
            node[key] = {}
        node = node[key]
    return node


def _rows(doc: dict[str, Any], path: tuple[str, ...], create: bool = False) -> list | None:
    parent = _node(doc, path[:-1], create)
    if parent is None:
        return None
    if not isinstance(parent, dict):
        raise ValueError(f"{'.'.join(path)} is not a list of rows")
    rows = parent.get(path[-1])
    if rows is None:
        if not create:
            return None
        rows = parent[path[-1]] = []
    if not isinstance(rows, list):
        raise ValueError(f"{'.'.join(path)} is not a list of rows")
    return rows


def _index(rows: list | None, row_id: str | None) -> int | None:
    if rows is None or row_id is None:
        return None
    return next((i for i, r in enumerate(rows) if isinstance(r, dict) and r.get("id") == row_id),
                None)


def _set(doc: dict[str, Any], op: SetOp, notes: _Notes) -> None:
    parent = _node(doc, op.path[:-1], create=True)
    if not isinstance(parent, dict):
        raise ValueError(f"{'.'.join(op.path)} does not lead through mappings")
    last = op.path[-1]
    stored = parent.get(last)
    if op.check and stored != op.was and stored != op.value:
        notes.overwritten.append(Overwrite(op.path[:-1], None, last, stored, op.was, op.value))
    parent[last] = op.value


def _add(doc: dict[str, Any], op: AddOp, notes: _Notes) -> None:
    rows = _rows(doc, op.collection, create=True)
    if _index(rows, op.row["id"]) is not None:
        notes.repeated.append(op.row["id"])
        return
    anchor = _index(rows, op.after)
    rows.insert(len(rows) if anchor is None else anchor + 1, dict(op.row))


def _update(doc: dict[str, Any], op: UpdateOp, notes: _Notes) -> None:
    rows = _rows(doc, op.collection)
    i = _index(rows, op.id)
    if i is None:
        notes.gone.append(Gone(op.collection, op.id, "update"))
        return
    row = rows[i]
    for key, value in op.fields.items():
        stored = row.get(key)
        if key in op.was and stored != op.was[key] and stored != value:
            notes.overwritten.append(Overwrite(op.collection, op.id, key, stored,
                                               op.was[key], value))
        row[key] = value


def _delete(doc: dict[str, Any], op: DeleteOp, notes: _Notes) -> None:
    rows = _rows(doc, op.collection)
    i = _index(rows, op.id)
    if i is None:
        notes.gone.append(Gone(op.collection, op.id, "delete"))
        return
    del rows[i]


def _move(doc: dict[str, Any], op: MoveOp, notes: _Notes) -> None:
    rows = _rows(doc, op.collection)
    i = _index(rows, op.id)
    if i is None:
        notes.gone.append(Gone(op.collection, op.id, "move"))
        return
    if op.after == op.id:
        return
    if op.after is not None and _index(rows, op.after) is None:
        notes.gone.append(Gone(op.collection, op.after, "move"))
        return  # the row it was to follow is gone: it stays where it is
    row = rows.pop(i)
    anchor = _index(rows, op.after)
    rows.insert(0 if anchor is None else anchor + 1, row)


_APPLY = {"set": _set, "add": _add, "update": _update, "delete": _delete, "move": _move}


def _tidy(doc: dict[str, Any]) -> None:
    """An intended place that changes nothing any more is no place at all."""
    intended = (doc.get("strategy") or {}).get("intended")
    if isinstance(intended, dict):
        for actor_id in [k for k, v in intended.items()
                         if isinstance(v, dict) and all(x is None for x in v.values())]:
            del intended[actor_id]


# -- building operations -------------------------------------------------------------------
def value_at(case: Case | dict[str, Any], path: Path) -> Any:
    """The value at a path of keys (and list positions) in the case document, or None."""
    node: Any = case.to_doc() if isinstance(case, Case) else case
    for key in path:
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        elif isinstance(node, dict) and isinstance(key, str):
            node = node.get(key)
        else:
            return None
    return node


def from_path(case: Case, path: Path, value: Any) -> list[Op]:
    """The operation for 'set `path` to `value`' on the case as shown. A path through a list
    position (("actors", 0, "name")) addresses that row by the id it has in `case`: an
    update of that row, which stays right when the list changes elsewhere."""
    if not path or path[0] in PROTECTED:
        raise ValueError(f"cannot edit {path!r}")
    doc = case.to_doc()
    at = next((k for k, p in enumerate(path) if isinstance(p, int)), None)
    if at is None:
        return [SetOp(path=tuple(path), value=value, was=value_at(doc, path))]
    collection, index, rest = tuple(path[:at]), path[at], tuple(path[at + 1:])
    rows = value_at(doc, collection)
    if (not isinstance(rows, list) or not 0 <= index < len(rows) or len(rest) > 1
            or any(isinstance(p, int) for p in rest)):
        raise ValueError(f"cannot edit {path!r}")
    row = rows[index]
    if rest:
        fields = {rest[0]: value}
    else:
        plain = jsonable(value)
        if not isinstance(plain, dict):
            raise ValueError(f"a row is a mapping: {path!r}")
        fields = {k: v for k, v in plain.items() if k != "id"}
    was = {k: row.get(k) for k in fields}
    return [UpdateOp(collection=collection, id=row["id"], fields=fields, was=was)]


def update(collection: tuple[str, ...], before: dict[str, Any], after: dict[str, Any]
           ) -> list[Op]:
    """An update of the fields that differ between two versions of a row (none if equal)."""
    old, new = jsonable(before), jsonable(after)
    fields = {k: v for k, v in new.items() if k != "id" and old.get(k) != v}
    if not fields:
        return []
    return [UpdateOp(collection=collection, id=old["id"], fields=fields,
                     was={k: old.get(k) for k in fields})]


def changed_rows(collection: tuple[str, ...], before: list[dict[str, Any]],
                 after: list[dict[str, Any]]) -> list[Op]:
    """What turned the rows `before` into `after`, row by row (by id): new rows added after
    their neighbour, changed fields updated, missing rows deleted. Order changes are not
    moves: use `moved` for those."""
    old = {r["id"]: r for r in jsonable(before)}
    new = jsonable(after)
    ops: list[Op] = []
    previous: str | None = None
    for row in new:
        if row["id"] in old:
            ops += update(collection, old[row["id"]], row)
        else:
            ops.append(AddOp(collection=collection, row=row, after=previous))
        previous = row["id"]
    kept = {row["id"] for row in new}
    ops += [DeleteOp(collection=collection, id=rid) for rid in old if rid not in kept]
    return ops


def moved(collection: tuple[str, ...], ids: list[str], row_id: str, step: int) -> list[Op]:
    """Move a row one place up (step -1) or down (+1) in the list as shown (`ids`)."""
    if row_id not in ids:
        return []
    i = ids.index(row_id)
    j = i + step
    if not 0 <= j < len(ids) or step == 0:
        return []
    order = [x for x in ids if x != row_id]
    order.insert(j, row_id)
    after = order[j - 1] if j > 0 else None
    return [MoveOp(collection=collection, id=row_id, after=after)]


def note_of(ops: list[Op]) -> str:
    """A short note for the history when the caller gave none: the paths the ops touched."""
    paths = []
    for op in ops:
        path = ".".join(op.path if isinstance(op, SetOp) else op.collection)
        if path not in paths:
            paths.append(path)
    return ", ".join(paths)[:300]
