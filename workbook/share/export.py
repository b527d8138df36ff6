"""Exports of a case: YAML (lossless), a self-contained HTML report, a PDF report, a PNG map.

This is the entry point: `export` anonymises if asked and picks the format; `file_name` names
the download. Each format lives in a module of its own, re-exported here so callers need only
this one:

    report       the content of a report, shared by HTML and PDF (`report`, Section, Item, Table)
    html_report  `to_html`: the Jinja2 template templates/report.html.j2 filled in
    pdf_report   `to_pdf`: the A4 report drawn with fpdf2
    images       `to_png` and the map images, drawn by a local headless Chromium

Nothing leaves the machine: the HTML embeds plotly.js and forbids loading anything else; the
map image is drawn by a local headless Chromium (`workbook.share.mapimage`), started once and
reused. If Chromium is missing or does not answer, `MapRenderError` says so in the user's
language instead of hanging.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from workbook.case.files import dump_case
from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.share.anonymise import anonymise
from workbook.share.html_report import to_html
from workbook.share.images import (SLIDE_SCALE, SLIDE_SIZE, images_available, render_image,
                                   to_png)
from workbook.share.mapimage import MapRenderError, Renderer
from workbook.share.pdf_report import FONT_DIR, latin1, to_pdf
from workbook.share.report import Item, Section, Table, report

__all__ = [
    "BINARY_FORMATS", "FONT_DIR", "FORMATS", "MIME", "SLIDE_SCALE", "SLIDE_SIZE", "Format",
    "Item", "MapRenderError", "Renderer", "Section", "Table", "export", "file_name",
    "images_available", "latin1", "render_image", "report", "to_html", "to_pdf", "to_png",
    "to_yaml",
]

Format = Literal["yaml", "html", "pdf", "png"]
FORMATS: tuple[str, ...] = ("yaml", "html", "pdf", "png")
BINARY_FORMATS = frozenset({"pdf", "png"})
MIME = {"yaml": "application/yaml", "html": "text/html", "pdf": "application/pdf",
        "png": "image/png"}


# -- the one entry point ----------------------------------------------------------------------
def export(case: Case, fw: Framework, fmt: str, lang: str = "nl",
           anonymised: bool = False) -> bytes:
    """The case in `fmt` as bytes, anonymised first if asked."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if anonymised:
        case = anonymise(case, fw, lang)
    if fmt == "yaml":
        return to_yaml(case, fw, lang).encode("utf-8")
    if fmt == "html":
        return to_html(case, fw, lang, anonymised=anonymised).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(case, fw, lang, anonymised=anonymised)
    return to_png(case, fw, lang)


def file_name(case: Case, fmt: str, anonymised: bool = False) -> str:
    """A safe file name: the title's letters and digits, else the id."""
    stem = "anonymised" if anonymised else _slug(case.title) or case.id
    return f"{stem[:60]}.{fmt}"


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


# -- YAML ---------------------------------------------------------------------------------------
def to_yaml(case: Case, fw: Framework | None = None, lang: str = "nl") -> str:
    """The case file: importing it and exporting again gives the same text."""
    return dump_case(case)

