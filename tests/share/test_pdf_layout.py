"""The PDF report reads well: dates in the reader's format, a part left empty takes one
line, the intended map is drawn beside today's, table headings are never broken inside a
word (their columns are at least as wide as their longest word)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from workbook.case.model import Actor, Case, FuelEvent, Place, Pole
from workbook.share import pdf_report
from workbook.share.export import to_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")
PNG = None  # the map image is not what these tests read


def text_of(data: bytes, tmp_path) -> str:
    target = tmp_path / "r.pdf"
    target.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                         text=True).stdout
    return out


def small_case(**more) -> Case:
    return Case(title="Plein", poles=[Pole(side="a", label="Jongeren"),
                                      Pole(side="b", label="Buurt")],
                actors=[Actor(id="j", name="Jeugdwerker", role="bridge_builder"),
                        Actor(id="y", name="Yassin", role="pusher", side="a")],
                fuel=[FuelEvent(id="f", description="Filmpje", date=dt.date(2026, 9, 15),
                                source="y")], **more)


@pytest.fixture
def png(framework):
    from workbook.share.export import to_png
    return to_png(small_case(), framework, "nl")


@pytest.mark.parametrize("lang, shown", [("nl", "15/09/2026"), ("en", "15 Sep 2026")])
def test_dates_in_the_readers_format(framework, tmp_path, png, lang, shown):
    text = text_of(to_pdf(small_case(), framework, lang, map_png=png), tmp_path)
    assert shown in text and "2026-09-15" not in text


def test_a_part_left_empty_takes_one_line(framework, tmp_path, png):
    text = text_of(to_pdf(small_case(), framework, "nl", map_png=png), tmp_path)
    assert text.count("Nog niets ingevuld in dit deel.") == 2  # parts 1 and 3
    for ws in framework.worksheets_of(3):
        assert ws.title("nl") not in text
    assert framework.worksheets_of(2)[0].title("nl") in text


def test_the_intended_map_is_drawn_beside_todays(framework, tmp_path, png):
    case = small_case()
    case.strategy.intended = {"y": Place(role="joiner")}
    data = to_pdf(case, framework, "nl", map_png=png)
    assert "De kaart vandaag en als de strategie werkt" in text_of(data, tmp_path)
    assert data.count(b"/Subtype /Image") >= 2


def test_headings_get_columns_as_wide_as_their_longest_word():
    widths = pdf_report._fit((6.0, 60.0, 60.0), [30.0, 10.0, 10.0], 178.0)
    assert widths[0] >= 30.0 and abs(sum(widths) - 178.0) < 1e-6
    assert widths[1] == pytest.approx(widths[2])
