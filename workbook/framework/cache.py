"""The frameworks as last read, kept in a file, so a new server process does not read and check
every YAML file again before its first page (a quarter of a second on a quiet machine, more
than a second under load, all of it on the way to the first paint).

The file's name is a key of everything the result depends on: every YAML file below the
frameworks folder (path, size and times, as `loader.signature`), the code that reads them (the
package's Python files) and the Python and pydantic versions. Any change gives another key, so
an edited worksheet or a new version of the app is read afresh. The folder is the user's own
cache folder (only they can write it: a pickle is code), or `WORKBOOK_CACHE`; a file that
cannot be read or written is ignored and the frameworks are read as always.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

import pydantic

from workbook.framework import loader
from workbook.framework.loader import Catalogue

PACKAGE = Path(__file__).resolve().parents[1]  # workbook/
PREFIX = "frameworks-"
KEEP = 8
_log = logging.getLogger(__name__)


def folder() -> Path:
    """Where the cache lives: $WORKBOOK_CACHE, else the user's cache folder."""
    chosen = os.environ.get("WORKBOOK_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "polarisation-workbook"


def key(yaml_signature: tuple) -> str:
    """A name for what the frameworks folder says while its files have `yaml_signature`
    (`loader.signature()`: every file's path, size and times)."""
    code = sorted(PACKAGE.rglob("*.py"))
    parts = (yaml_signature, [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in code],
             sys.version, pydantic.VERSION)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def load_dir(yaml_signature: tuple | None = None) -> Catalogue:
    """`loader.load_dir()`, from the cache when it holds this very state of the files (and of
    the code); read and kept there otherwise."""
    try:
        sig = yaml_signature if yaml_signature is not None else loader.signature()
        name = folder() / f"{PREFIX}{key(sig)}.pickle"
    except OSError:  # a file vanished while looking: read as always
        return loader.load_dir()
    found = _read(name)
    if found is not None:
        return found
    catalogue = loader.load_dir()
    _write(name, catalogue)
    return catalogue


def _read(path: Path) -> Catalogue | None:
    if not _ours(path):
        return None
    try:
        with path.open("rb") as f:
            found = pickle.load(f)
    except Exception:  # noqa: BLE001 - a damaged or foreign file: read the YAML instead
        _log.debug("framework cache %s unreadable", path, exc_info=True)
        return None
    return found if isinstance(found, Catalogue) else None


def _ours(path: Path) -> bool:
    """Only a file this user wrote, in a folder only they can write, is loaded."""
    try:
        info, parent = path.stat(), path.parent.stat()
    except OSError:
        return False
    uid = os.getuid() if hasattr(os, "getuid") else None
    if uid is None:
        return True
    return info.st_uid == uid and parent.st_uid == uid and not parent.st_mode & 0o022


def _write(path: Path, catalogue: Catalogue) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(catalogue, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or not at all, even with two processes at once
        _prune(path.parent)
    except Exception:  # noqa: BLE001 - no cache then; the frameworks were read all the same
        _log.debug("framework cache %s not written", path, exc_info=True)


def _prune(where: Path) -> None:
    """Keep the newest few (several checkouts or versions may share the folder)."""
    files = sorted(where.glob(f"{PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
