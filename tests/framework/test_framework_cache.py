"""The frameworks kept in a file between server starts: the same as read from YAML, read afresh
after any edit, and never a file another user could have written."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from workbook.framework import cache, loader


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A copy of the frameworks to edit, and a cache folder of the test's own."""
    source = tmp_path / "frameworks"
    shutil.copytree(loader.FRAMEWORKS_DIR, source)
    real_load, real_signature = loader.load_dir, loader.signature
    monkeypatch.setattr(loader, "load_dir", lambda directory=source: real_load(directory))
    monkeypatch.setattr(loader, "signature", lambda directory=source: real_signature(directory))
    monkeypatch.setenv("WORKBOOK_CACHE", str(tmp_path / "cache"))
    return source


def _reads(monkeypatch) -> list[int]:
    """Counts the times the YAML files are read."""
    calls: list[int] = []
    real = loader.load_dir
    monkeypatch.setattr(loader, "load_dir", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_the_second_start_reads_the_kept_frameworks_not_the_yaml(folder, monkeypatch):
    first = cache.load_dir()
    reads = _reads(monkeypatch)
    again = cache.load_dir()
    assert reads == []
    assert again.frameworks == first.frameworks and again.problems == first.problems
    assert again.get("brandsma") is not first.get("brandsma")  # from the file, not memory


def test_an_edited_worksheet_is_read_afresh(folder, monkeypatch):
    before = cache.load_dir().get("brandsma")
    sheet = next((folder / "brandsma").rglob("*.yaml"))
    text = sheet.read_text("utf-8")
    sheet.write_text(text + "\n# a facilitator's note\n", "utf-8")
    reads = _reads(monkeypatch)
    after = cache.load_dir()
    assert reads == [1]
    assert after.get("brandsma") == before  # a comment changes nothing it says
    title = next(w for w in before.worksheets if w.id == "intake").title.nl
    renamed = folder / "brandsma" / "worksheets"
    for path in renamed.rglob("*.yaml"):
        body = path.read_text("utf-8")
        if title in body:
            path.write_text(body.replace(title, "Intake (herzien)", 1), "utf-8")
            break
    assert next(w for w in cache.load_dir().get("brandsma").worksheets
                if w.id == "intake").title.nl == "Intake (herzien)"


def test_a_damaged_cache_file_is_ignored_and_replaced(folder, monkeypatch):
    good = cache.load_dir()
    (kept,) = (cache.folder()).glob("frameworks-*.pickle")
    kept.write_bytes(b"not a pickle")
    assert cache.load_dir().frameworks == good.frameworks
    assert pickle.loads(kept.read_bytes()).frameworks == good.frameworks


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are a POSIX notion")
def test_a_file_in_a_folder_others_can_write_is_never_loaded(folder, monkeypatch):
    cache.load_dir()
    (kept,) = cache.folder().glob("frameworks-*.pickle")
    kept.write_bytes(pickle.dumps(loader.Catalogue(problems=["planted"])))
    cache.folder().chmod(0o777)
    reads = _reads(monkeypatch)
    assert cache.load_dir().problems == []
    assert reads == [1]


def test_an_unwritable_cache_folder_still_gives_the_frameworks(folder, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("WORKBOOK_CACHE", str(blocker / "cache"))
    assert cache.load_dir().get("brandsma") is not None
