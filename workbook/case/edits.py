"""Small, targeted changes to a case: one path, one new value.

Saving a change rather than a whole document means two tabs editing different answers of
the same case both keep their edits: each change is replayed on the newest revision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbook.case.model import Case

Path = tuple[str | int, ...]


def jsonable(value: Any) -> Any:
    """Dates become ISO text, tuples lists, models plain dicts; the rest is left alone."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


def set_in(doc: dict[str, Any], path: Path, value: Any) -> None:
    """Set `doc[path[0]][path[1]]... = value`, creating dictionaries on the way."""
    node: Any = doc
    for part in path[:-1]:
        if isinstance(node, list):
            node = node[int(part)]
        else:
            node = node.setdefault(part, {})
    last = path[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def apply_edit(case: Case, path: Path, value: Any) -> Case:
    """A new case with one value changed; raises pydantic's ValidationError if it does not fit."""
    if not path or path[0] in ("id", "format_version"):
        raise ValueError(f"cannot edit {path!r}")
    doc = case.to_doc()
    set_in(doc, path, jsonable(value))
    return Case.model_validate(doc)
