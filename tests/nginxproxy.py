"""nginx for tests: the launcher in deploy/replicas.py, imported as a module, and a check that
nginx is there. Without Debian's `nginx` the tests that need it skip and say why; with
REQUIRE_BROWSER=1 (set by .ci/run) they fail instead, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def launcher() -> ModuleType:
    """deploy/replicas.py (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("workbook_replicas",
                                                  ROOT / "deploy" / "replicas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def skip_without_nginx() -> str:
    """The nginx binary; skips (or fails, with REQUIRE_BROWSER=1) when there is none."""
    nginx = launcher().nginx_binary()
    if nginx is None:
        reason = "nginx is not installed (Debian: apt-get install nginx)"
        if os.environ.get("REQUIRE_BROWSER", "").strip() not in ("", "0"):
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return nginx


def run_folder() -> Path:
    """A folder for nginx's pid, logs and temporary files that its workers can reach when
    we are root (they run as nobody): under the system's temporary folder, not pytest's."""
    return Path(tempfile.mkdtemp(prefix="workbook-proxy-"))
