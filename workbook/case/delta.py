"""What changed between two JSON documents, as a small patch, and applying it again.

`diff(a, b)` gives a patch (plain JSON) that turns `a` into exactly `b`: the same values of
the same JSON types (1, 1.0 and true stay apart), the same order of keys; or None when they
are the same. `patch(a, p)` applies it without changing `a` (what is unchanged is shared
with `a`, not copied). A revision of a case is stored as such a patch against the revision
before it (workbook.case.revdata).

A patch is one of:
  {"=": value}                          the value, whole
  {"d": {key: patch}, "x": [keys], "o": [keys]}   a mapping: keys changed or added (their
                                        patches), keys removed, and the order of the keys
                                        when it is not what removing and adding gives
  {"l": [piece, ...]}                   a list, made of pieces in order: [start, end] (the
                                        old items start..end-1), {"i": n, "p": patch} (old
                                        item n, changed), {"v": [values]} (new items)
  {"s": [head, tail, text]}             a text: the old one's first `head` and last `tail`
                                        characters, `text` between them
Rows (mappings with a unique "id") are matched by id, so a row added, removed, changed or
moved in a list of 60 actors costs about that row, not the list.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

Patch = dict[str, Any]
TEXT_MIN = 80  # shorter texts are stored whole: a text patch would save next to nothing


def diff(a: Any, b: Any) -> Patch | None:
    """A patch turning `a` into exactly `b`, or None when they are the same."""
    p = _diff(a, b, loose=True)
    b_key = _key(b)
    if p is None and _key(a) == b_key:
        return None
    if p is not None and _key(patch(a, p)) == b_key:
        return p
    # `==` took 1 for 1.0 or true somewhere, or a key order moved unseen: compare strictly
    return _diff(a, b, loose=False) or {"=": b}


def patch(a: Any, p: Patch | None) -> Any:
    """`a` with the patch `p` applied (a itself is left as it was)."""
    if p is None:
        return a
    if "=" in p:
        return p["="]
    if "d" in p:
        return _patch_dict(a, p)
    if "l" in p:
        return _patch_list(a, p["l"])
    head, tail, text = p["s"]
    return a[:head] + text + a[len(a) - tail:]


# -- making patches -------------------------------------------------------------------------
def _diff(a: Any, b: Any, loose: bool) -> Patch | None:
    if a is b or (loose and _plain_equal(a, b)):
        return None
    if type(a) is not type(b):
        return {"=": b}
    if isinstance(a, dict):
        return _diff_dict(a, b, loose)
    if isinstance(a, list):
        return _diff_list(a, b, loose)
    if isinstance(a, str):
        return None if a == b else _diff_text(a, b)
    return None if _same(a, b) else {"=": b}


def _plain_equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except RecursionError:  # pragma: no cover - absurdly deep documents
        return False


def _diff_dict(a: dict, b: dict, loose: bool) -> Patch | None:
    changed: dict[str, Any] = {}
    for key, value in b.items():
        if key not in a:
            changed[key] = {"=": value}
            continue
        sub = _diff(a[key], value, loose)
        if sub is not None:
            changed[key] = sub
    removed = [key for key in a if key not in b]
    out: Patch = {"d": changed}
    if removed:
        out["x"] = removed
    order = list(b)
    if [k for k in a if k in b] + [k for k in b if k not in a] != order:
        out["o"] = order
    if not changed and len(out) == 1:
        return None
    return out


def _row_ids(items: list) -> dict[str, int] | None:
    """Each row's place by its id, when every item is a mapping with an id of its own."""
    ids: dict[str, int] = {}
    for n, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or ident in ids:
            return None
        ids[ident] = n
    return ids


def _diff_list(a: list, b: list, loose: bool) -> Patch | None:
    old = _row_ids(a) if a and b else None
    new = _row_ids(b) if old is not None else None
    if old is None or new is None:
        return _diff_sequence(a, b, loose)
    pieces: list[Any] = []
    for item in b:
        n = old.get(item["id"])
        if n is None:
            _literal(pieces, item)
            continue
        sub = _diff(a[n], item, loose)
        if sub is not None:
            pieces.append({"i": n, "p": sub})
        elif pieces and isinstance(pieces[-1], list) and pieces[-1][1] == n:
            pieces[-1][1] = n + 1
        else:
            pieces.append([n, n + 1])
    if pieces == [[0, len(a)]]:
        return None
    return {"l": pieces}


def _diff_sequence(a: list, b: list, loose: bool) -> Patch | None:
    """Any other list: what both start and end with is kept, the rest is new; an item
    changed in place (same length) is patched."""
    same = (lambda x, y: _plain_equal(x, y)) if loose else (lambda x, y: _diff(x, y, False) is None)
    head = 0
    while head < min(len(a), len(b)) and same(a[head], b[head]):
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and same(a[-1 - tail], b[-1 - tail]):
        tail += 1
    if head == len(a) == len(b):
        return None
    pieces: list[Any] = [[0, head]] if head else []
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(middle_a) == len(middle_b):
        for n, (x, y) in enumerate(zip(middle_a, middle_b), start=head):
            sub = _diff(x, y, loose)
            pieces.append([n, n + 1] if sub is None else {"i": n, "p": sub})
    else:
        for item in middle_b:
            _literal(pieces, item)
    if tail:
        pieces.append([len(a) - tail, len(a)])
    return {"l": pieces}


def _literal(pieces: list, item: Any) -> None:
    if pieces and isinstance(pieces[-1], dict) and "v" in pieces[-1]:
        pieces[-1]["v"].append(item)
    else:
        pieces.append({"v": [item]})


def _diff_text(a: str, b: str) -> Patch:
    if len(b) < TEXT_MIN:
        return {"=": b}
    head = _common(a, b)
    limit = min(len(a), len(b)) - head
    tail = _common(a[::-1][:limit], b[::-1][:limit])
    if head + tail < TEXT_MIN // 2:
        return {"=": b}
    return {"s": [head, tail, b[head:len(b) - tail]]}


def _common(a: str, b: str) -> int:
    """How many characters `a` and `b` start with alike (a binary search of slices)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


# -- applying -------------------------------------------------------------------------------
def _patch_dict(a: dict, p: Patch) -> dict:
    removed = set(p.get("x", ()))
    out = {k: v for k, v in a.items() if k not in removed}
    for key, sub in p["d"].items():
        out[key] = patch(out.get(key), sub)
    if "o" in p:
        out = {k: out[k] for k in p["o"]}
    return out


def _patch_list(a: list, pieces: list) -> list:
    out: list[Any] = []
    for piece in pieces:
        if isinstance(piece, list):
            out.extend(a[piece[0]:piece[1]])
        elif "v" in piece:
            out.extend(piece["v"])
        else:
            out.append(patch(a[piece["i"]], piece["p"]))
    return out


# -- strict sameness -------------------------------------------------------------------------
def _key(value: Any) -> bytes:
    """A value's JSON, to compare: orjson's (quick), which tells 1, 1.0 and true apart and
    keeps the order of keys; where `==` already found values alike, writing NaN and
    infinities as null loses nothing. The standard library's for what orjson refuses."""
    try:
        return orjson.dumps(value)
    except TypeError:  # integers beyond 64 bits, lone surrogates
        return text(value).encode("utf-8", "surrogatepass")


def text(value: Any) -> str:
    """The JSON text of a value, compact, as revisions store it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _same(a: Any, b: Any) -> bool:
    """The same JSON: values, types and order of keys."""
    return a is b or text(a) == text(b)
