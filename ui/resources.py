"""Shared, cached resources: the store and the framework catalogue."""

from __future__ import annotations

import streamlit as st

from workbook import frameworks
from workbook.frameworks import Catalogue
from workbook.schema import Framework
from workbook.store import Store, default_url


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    return _store(default_url())


@st.cache_resource(show_spinner=False)
def _catalogue(signature: tuple) -> Catalogue:
    return frameworks.load_dir()


def catalogue() -> Catalogue:
    """Reloaded when a framework file changes on disk, so facilitators see their edits."""
    return _catalogue(frameworks.signature())


def framework_for(framework_id: str) -> Framework | None:
    cat = catalogue()
    return cat.get(framework_id) or cat.default()
