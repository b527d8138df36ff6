"""Presentation mode: a case's map on a projector, step by step (see ui/analysis/present.py)."""

from ui.analysis import present

present.page()
