"""How a revision's document is stored: what changed, with a whole document now and then.

Revision n is stored as a patch (workbook.case.delta) against revision n - 1, compressed
(zlib); every KEYFRAME_EVERY revisions, and whenever the patch would be large (a restore of
a much older revision, say), it holds the whole document instead: a keyframe. Each revision
names the keyframe it is rebuilt from (itself, for a keyframe), so revision n is that
keyframe with the patches after it up to n applied: at most KEYFRAME_EVERY - 1 of them.
The newest document is also kept whole on the case's row (`cases.head_doc`), so reading a
case, or changing it, reads one row.

The documents are the plain JSON a case was stored as (an older one keeps its older format;
`case_from_doc` migrates it when it is read), rebuilt exactly: values, JSON types and the
order of keys.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Any, Iterable

from workbook.case.delta import diff, patch, text

KEYFRAME_EVERY = 16  # at most 15 patches to apply to rebuild any revision
HEAD_LEVEL = 1  # the newest document is written on every save: quick compression
STORED_LEVEL = 6  # what stays in the history: smaller


def pack(value: Any, level: int = STORED_LEVEL) -> bytes:
    """JSON text, compressed. Any Python text survives (lone surrogates too)."""
    return _compress(text(value), level)


def unpack(data: bytes) -> Any:
    return json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass"))


def _compress(json_text: str, level: int) -> bytes:
    return zlib.compress(json_text.encode("utf-8", "surrogatepass"), level)


@dataclass(frozen=True)
class Stored:
    """A new revision as stored: its `data` (a patch, or the whole document when
    `keyframe` is its own number) and the newest document whole, for the case's row."""

    data: bytes
    keyframe: int
    head_doc: bytes


def encode(number: int, doc: dict[str, Any], before: dict[str, Any] | None = None,
           before_keyframe: int | None = None) -> Stored:
    """Revision `number` with document `doc`, after the one before it (`before`, its
    document, rebuilt from the keyframe `before_keyframe`); None: the first revision."""
    doc_text = text(doc)
    head = _compress(doc_text, HEAD_LEVEL)
    if before is None or before_keyframe is None or number - before_keyframe >= KEYFRAME_EVERY:
        return Stored(_compress(doc_text, STORED_LEVEL), number, head)
    delta = pack(diff(before, doc))
    if len(delta) * 2 > len(head):  # as large as half the document: keep it whole
        return Stored(_compress(doc_text, STORED_LEVEL), number, head)
    return Stored(delta, before_keyframe, head)


def rebuild(chain: Iterable[tuple[int, int, bytes]]) -> dict[str, Any] | None:
    """The document of the last revision of `chain`: (number, keyframe, data) of a keyframe
    and the revisions after it, in order. None for an empty chain."""
    doc: Any = None
    for number, keyframe, data in chain:
        value = unpack(data)
        doc = value if number == keyframe else patch(doc, value)
    return doc
