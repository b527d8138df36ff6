"""What a page draws from the open case, kept per session until the case changes.

Most reruns (a tab switch, a click elsewhere on the page) leave the case as it is; the map,
the role balance and the coach's hints are then taken from here instead of being built again.
A stored case object is replaced on every change (a new revision is a new object), so the
object itself, kept alive here, is the key: the same object means the same content.
"""

from __future__ import annotations

from typing import Callable, TypeVar

import plotly.graph_objects as go
import streamlit as st

T = TypeVar("T")
_SLOT = "_memo"


def for_case(name: str, objects: tuple, extra: tuple, build: Callable[[], T]) -> T:
    """`build()`'s result for these objects (the case, the framework: compared by identity)
    and `extra` (language, size, ...: compared by value), built once."""
    memo: dict = st.session_state.setdefault(_SLOT, {})
    hit = memo.get(name)
    if (hit is not None and len(hit[0]) == len(objects)
            and all(a is b for a, b in zip(hit[0], objects)) and hit[1] == extra):
        return hit[2]
    value = build()
    memo[name] = (objects, extra, value)
    return value


class PreparedFigure(go.Figure):
    """A figure already in the plain form Streamlit sends (`Figure.to_dict()`), so drawing it
    again skips Plotly's deep copy and array encoding, which cost more than the rest of a
    rerun. Read-only: change the figure before preparing it."""

    def __init__(self, figure: go.Figure) -> None:  # noqa: D107 - no Figure state is needed
        self._spec = figure.to_dict()

    def to_dict(self) -> dict:
        return self._spec


def prepared(figure: go.Figure) -> PreparedFigure:
    return PreparedFigure(figure)
