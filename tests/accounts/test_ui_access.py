"""The interface reaches cases only through the access check: `ui.resources.store()` gives a
user-scoped CaseAccess, and no page or piece of the interface opens the store itself."""

from __future__ import annotations

import re
from pathlib import Path

from workbook.accounts.access import CaseAccess
from workbook.case.store import Store

ROOT = Path(__file__).resolve().parents[2]
INTERFACE = [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/**/*.py")]
# making a Store, importing it, the cached one, or the one inside a CaseAccess
RAW = re.compile(r"\bStore\(|import .*\bStore\b|\b_store\(|\)\._store\b")


def test_no_page_or_interface_piece_opens_the_store_itself():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in INTERFACE if path.name != "resources.py"
             for n, line in enumerate(path.read_text().splitlines(), 1) if RAW.search(line)]
    assert found == []


def test_the_session_store_offers_every_case_method_of_the_store():
    """A method the store gains (and the interface may call) needs its access rule too."""
    case_methods = {name for name in vars(Store) if not name.startswith("_")
                    and name not in ("reading", "writing")}
    assert case_methods <= set(vars(CaseAccess)), case_methods - set(vars(CaseAccess))
