"""Helpers for AppTest page tests: start the app on a store, open a case, switch pages."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from workbook.plain import JOINER

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["app_pages/case.py", "app_pages/map.py", "app_pages/present.py", "app_pages/history.py",
         "app_pages/part1.py", "app_pages/part2.py", "app_pages/part3.py",
         "app_pages/practice.py", "app_pages/meeting.py"]


def start(case_id: str | None = None, lang: str = "nl", page: str | None = None,
          **params: str) -> AppTest:
    """Run the app once (as a browser would on first load), optionally on a case and page,
    with more URL parameters if given."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    if case_id:
        at.query_params["case"] = case_id
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What a user reads of a Markdown body that holds escaped user text (workbook.plain):
    without the backslash escapes and the invisible joiners."""
    return _ESCAPED.sub(r"\1", str(markdown)).replace(JOINER, "")


def texts(at: AppTest) -> str:
    """Everything readable on the page, joined, for 'the user sees X' assertions."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success"):
        parts.extend(shown(el.value) for el in getattr(at, kind))
    parts.extend(str(el.value) for el in at.text)  # st.text shows its text as it is
    return "\n".join(parts)
