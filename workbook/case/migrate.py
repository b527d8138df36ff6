"""Bringing case documents from older format versions up to the current one.

Each entry of MIGRATIONS turns a plain document of version n into version n + 1. Opening an
older document runs the chain; nothing older is ever refused. A newer one is refused with a
message, since this app cannot know what it would lose.
"""

from __future__ import annotations

from typing import Any, Callable

from workbook.case.model import FORMAT_VERSION, fill_answer_ids, fill_ids
from workbook.problems import InputRejected, Problem

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 2 keeps snapshots of the map; an older case has none yet."""
    doc.setdefault("snapshots", [])
    return doc


def _v2_to_v3(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 3 names every row by an id, so a change can say which row it is about: the
    poles (also in snapshots) and the rows of table answers get ids from their place."""
    if "poles" in doc:
        doc["poles"] = fill_ids(doc["poles"], "pole")
    if isinstance(doc.get("snapshots"), list):
        doc["snapshots"] = [{**s, "poles": fill_ids(s["poles"], "pole")}
                            if isinstance(s, dict) and "poles" in s else s
                            for s in doc["snapshots"]]
    if "answers" in doc:
        doc["answers"] = fill_answer_ids(doc["answers"])
    return doc


def _v3_to_v4(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 4 knows a stance that was never set (None). Before, a new actor's stance was 0,
    which on side A or B says "between the poles" against the side: never set."""
    def actors(items: Any) -> Any:
        return [_unset_stance(a) for a in items] if isinstance(items, list) else items

    if "actors" in doc:
        doc["actors"] = actors(doc["actors"])
    if isinstance(doc.get("snapshots"), list):
        doc["snapshots"] = [{**s, "actors": actors(s["actors"])}
                            if isinstance(s, dict) and "actors" in s else s
                            for s in doc["snapshots"]]
    return doc


def _unset_stance(actor: Any) -> Any:
    if not isinstance(actor, dict) or actor.get("side") not in ("a", "b"):
        return actor
    stance = actor.get("stance", 0.0)
    if isinstance(stance, (int, float)) and not isinstance(stance, bool) and stance == 0:
        return {**actor, "stance": None}
    return actor


def _v4_to_v5(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 5 keeps intervision meetings; an older case has none yet."""
    for key in ("meetings", "meeting_items", "meeting_readings"):
        doc.setdefault(key, [])
    return doc


# version n -> function producing version n + 1. Version 1 is the first released format.
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


def migrate(doc: dict[str, Any], source: str, line_of=lambda loc: None) -> dict[str, Any]:
    """Return `doc` at FORMAT_VERSION, or raise InputRejected for a version we cannot read."""
    version = doc.get("format_version")
    line = line_of(("format_version",))
    if version is None:
        raise InputRejected([Problem(source, "no_format_version", line=line, loc="format_version")])
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputRejected([Problem(source, "bad_format_version", line=line, loc="format_version",
                                     params={"version": str(version)[:20]})])
    if version > FORMAT_VERSION:
        raise InputRejected([Problem(source, "future_format_version", line=line,
                                     loc="format_version",
                                     params={"version": version, "known": FORMAT_VERSION})])
    while version < FORMAT_VERSION:
        doc = MIGRATIONS[version](dict(doc))
        version += 1
        doc["format_version"] = version
    return doc
