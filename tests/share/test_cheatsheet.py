"""The cheat sheet: one A4 page summarising the framework, in Dutch or English, with or
without the DejaVu fonts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from workbook.share import cheatsheet
from workbook.share.cheatsheet import build_cheatsheet, latin1_safe, summary
from workbook.text import LANGS

PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def pages(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("unicode_fonts", [True, False])
def test_one_a4_page(framework, lang, unicode_fonts):
    pdf = build_cheatsheet(framework, lang, unicode_fonts=unicode_fonts)
    assert pdf.startswith(b"%PDF-")
    assert pages(pdf) == 1
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf


@pytest.mark.parametrize("lang, heading", [("nl", "Drie basiswetten"),
                                           ("en", "Three basic laws")])
def test_built_from_the_framework_in_the_chosen_language(framework, lang, heading):
    pdf = build_cheatsheet(framework, lang, unicode_fonts=False, compress=False)
    text = pdf.decode("latin-1")
    assert heading in text
    c = framework.concepts
    for concept in [*c.laws, *c.roles, *c.game_changers, *c.phases]:
        name = latin1_safe(concept.name(lang))
        assert name.split(" (")[0] in text, concept.id
    # the other language's headings are not there
    other = "Three basic laws" if lang == "nl" else "Drie basiswetten"
    assert other not in text


def test_works_without_the_dejavu_fonts(framework, monkeypatch):
    monkeypatch.setattr(cheatsheet, "font_files", lambda: None)
    pdf = build_cheatsheet(framework, "nl")
    assert pages(pdf) == 1 and b"Helvetica" in pdf


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_unicode_text_is_extractable(framework, tmp_path):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(build_cheatsheet(framework, "nl"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Gevoelsdynamiek" in text and "Zondebok" in text and "→" in text


def test_the_text_shrinks_to_fit_one_page(framework):
    longer = framework.model_copy(update={"concepts": framework.concepts.model_copy(update={
        "pitfalls": framework.concepts.pitfalls * 3})})
    assert pages(build_cheatsheet(longer, "en")) == 1


def test_latin1_fallback_and_summaries():
    assert latin1_safe("‘zij’ – “wij” → ✕") == "'zij' - \"wij\" -> x"
    assert latin1_safe("één ë").encode("latin-1")
    text = "First sentence. Second one here. Third."
    assert summary(text, 5) == "First sentence."
    assert summary(text, 20) == "First sentence. Second one here."
    assert summary(text, 999) == text
