"""A one-page A4 summary of a framework (a cheat sheet), as PDF, in Dutch or English.

Built from the framework's YAML: the laws, the roles (with their colour and a drawn symbol,
so the page reads in greyscale too), the game changers, polarisation versus conflict, the
phases, the pitfalls and the mediative-tone checklist. The text shrinks until everything fits
on one page.

Uses DejaVu Sans when the system has it (Debian's fonts-dejavu-core); otherwise fpdf2's core
Helvetica, with the text made latin-1 safe.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from fpdf import FPDF

from workbook import i18n
from workbook.framework.exercise_sets import RewriteSet
from workbook.framework.schema import Framework

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts/dejavu"))
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 11.0
GAP = 7.0
COL_W = (PAGE_W - 2 * MARGIN - GAP) / 2
SIZES = (9.5, 9.2, 8.9, 8.6, 8.3, 8.0, 7.7, 7.4, 7.1, 6.8, 6.5, 6.2, 5.9, 5.6)
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)  # same input, same bytes

_LATIN1 = str.maketrans({
    "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
    "…": "...", "→": "->", "•": "-", "✕": "x", "▲": "^", "◆": "*", "●": "o", "■": "#",
    " ": " ", " ": " ",
})


def font_files() -> tuple[Path, Path] | None:
    for d in FONT_DIRS:
        regular, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def latin1_safe(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def summary(text: str, min_chars: int = 90) -> str:
    """The first sentences of `text`, at least `min_chars` long (or all of it)."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z'(‘\"])", " ".join(text.split()))
    out = ""
    for s in sentences:
        out = f"{out} {s}".strip()
        if len(out) >= min_chars:
            break
    return out


class _Sheet(FPDF):
    def __init__(self, unicode_fonts: tuple[Path, Path] | None):
        super().__init__(format="A4", unit="mm")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.unicode = unicode_fonts is not None
        if unicode_fonts:
            self.add_font("Sheet", "", str(unicode_fonts[0]))
            self.add_font("Sheet", "B", str(unicode_fonts[1]))
            self.family = "Sheet"
        else:
            self.family = "Helvetica"

    def txt(self, text: str) -> str:
        return text if self.unicode else latin1_safe(text)

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def role_symbol(pdf: FPDF, symbol: str, colour: str, x: float, y: float, s: float) -> None:
    """Draw a role's marker: filled in its colour, outlined dark, shape by symbol."""
    pdf.set_fill_color(*_rgb(colour))
    pdf.set_draw_color(34, 34, 34)
    pdf.set_line_width(0.2)
    base = symbol.removesuffix("-open")
    if base == "triangle-up":
        pdf.polygon([(x, y + s), (x + s / 2, y), (x + s, y + s)], style="DF")
    elif base == "diamond":
        pdf.polygon([(x + s / 2, y), (x + s, y + s / 2), (x + s / 2, y + s), (x, y + s / 2)],
                    style="DF")
    elif base == "square":
        pdf.rect(x, y, s, s, style="DF")
    elif base == "x":
        pdf.set_draw_color(*_rgb(colour))
        pdf.set_line_width(s / 4)
        pdf.line(x + s * 0.1, y + s * 0.1, x + s * 0.9, y + s * 0.9)
        pdf.line(x + s * 0.1, y + s * 0.9, x + s * 0.9, y + s * 0.1)
        pdf.set_line_width(0.2)
    else:
        pdf.ellipse(x, y, s, s, style="DF")
    pdf.set_draw_color(0, 0, 0)


class _Column:
    """Writes flowing text into one column; reports where it ended."""

    def __init__(self, pdf: _Sheet, x: float, y: float, size: float):
        self.pdf, self.x, self.size = pdf, x, size
        self.h = size * 0.43  # line height in mm for a font size in pt
        pdf.set_left_margin(x)
        pdf.set_right_margin(PAGE_W - x - COL_W)
        pdf.set_xy(x, y)

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_y(pdf.get_y() + self.h * 0.6)
        pdf.set_x(self.x)
        pdf.font(self.size + 1.6, bold=True)
        pdf.set_text_color(0, 84, 140)
        pdf.write(self.h * 1.2, pdf.txt(text))
        pdf.ln(self.h * 1.25)
        pdf.set_draw_color(0, 114, 178)
        pdf.set_line_width(0.3)
        pdf.line(self.x, pdf.get_y(), self.x + COL_W, pdf.get_y())
        pdf.set_y(pdf.get_y() + self.h * 0.3)
        pdf.set_text_color(0, 0, 0)

    def _write(self, text: str) -> None:
        """Write inline; start on a new line if the first word would not fit (fpdf2 would
        otherwise split that word in two)."""
        pdf = self.pdf
        text = pdf.txt(text)
        first = text.split(" ", 1)[0]
        if pdf.get_x() + pdf.get_string_width(first + " ") + 2 * pdf.c_margin > self.x + COL_W:
            pdf.ln(self.h)
        pdf.write(self.h, text)

    def entry(self, bold: str, text: str, indent: float = 0.0, grey: str = "") -> None:
        pdf = self.pdf
        pdf.set_left_margin(self.x + indent)
        pdf.set_x(self.x + indent)
        if bold:
            pdf.font(self.size, bold=True)
            self._write(bold + (" " if grey else ": " if text else ""))
        if grey:
            pdf.font(self.size - 0.6)
            pdf.set_text_color(90, 90, 90)
            self._write(f"({grey}) ")
            pdf.set_text_color(0, 0, 0)
        pdf.font(self.size)
        if text:
            self._write(text)
        pdf.ln(self.h * 1.25)
        pdf.set_left_margin(self.x)
        pdf.set_x(self.x)

    def bottom(self) -> float:
        return self.pdf.get_y()


def _render(fw: Framework, lang: str, size: float, fonts) -> tuple[_Sheet, bool]:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    c = fw.concepts
    pdf = _Sheet(fonts)
    pdf.set_title(pdf.txt(t("part1.cheat.title")))
    pdf.set_author("Polarisatiewerkboek")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()

    # header
    pdf.set_xy(MARGIN, MARGIN)
    pdf.font(15, bold=True)
    pdf.write(7, pdf.txt(t("part1.cheat.title")))
    pdf.ln(7)
    pdf.font(9)
    pdf.set_text_color(70, 70, 70)
    pdf.write(4.5, pdf.txt(fw.title(lang)))
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    top = pdf.get_y()

    # left column: laws, roles, the dynamic
    left = _Column(pdf, MARGIN, top, size)
    left.heading(t("part1.cheat.laws"))
    for law in c.laws:
        left.entry(law.name(lang), summary(law.definition(lang), 150))
    left.heading(t("part1.cheat.roles"))
    sym = size * 0.42
    for role in c.roles:
        y = pdf.get_y()
        role_symbol(pdf, role.symbol, role.colour, MARGIN, y + (left.h - sym) / 2, sym)
        left.entry(role.name(lang), summary(role.definition(lang), 110), indent=sym + 1.6,
                   grey=t(f"part1.explorer.zone_{role.zone}"))
    dynamic = fw.concept("dynamic")
    if dynamic:
        left.heading(t("part1.cheat.dynamic"))
        left.entry("", summary(dynamic.definition(lang), 400))
    left_bottom = left.bottom()

    # right column: game changers, conflict, phases, pitfalls, tone checklist
    right = _Column(pdf, MARGIN + COL_W + GAP, top, size)
    right.heading(t("part1.cheat.game_changers"))
    arrow = "→" if pdf.unicode else "->"
    for gc in c.game_changers:
        right.entry(f"{gc.number}. {gc.name(lang)}",
                    f"{gc.from_(lang).rstrip('.')} {arrow} {gc.to(lang)}")
    conflict = fw.concept("polarisation_vs_conflict")
    if conflict:
        right.heading(t("part1.cheat.conflict"))
        right.entry("", summary(conflict.definition(lang), 330))
    if c.phases:
        right.heading(t("part1.cheat.phases"))
        for ph in c.phases:
            right.entry(ph.name(lang), summary(ph.definition(lang), 40))
    if c.pitfalls:
        right.heading(t("part1.cheat.pitfalls"))
        bullet = "•" if pdf.unicode else "-"
        for pf in c.pitfalls:
            right.entry("", f"{bullet} {pf.name(lang)}")
    checklist = next((ex.checklist for ex in fw.exercises if isinstance(ex, RewriteSet)), [])
    if checklist:
        right.heading(t("part1.cheat.tone"))
        box = "☐" if pdf.unicode else "[ ]"
        for point in checklist:
            right.entry("", f"{box} {point.label(lang)}")
    right_bottom = right.bottom()

    # footer: sources and a word on authorship, full width at the bottom
    pdf.set_left_margin(MARGIN)
    pdf.set_right_margin(MARGIN)
    pdf.font(6.3)
    cites = "; ".join(s.citation.rstrip(".") for s in c.sources if s.id.startswith("brandsma")
                      or s.id in ("inside_polarisation", "ran_2017", "vlaanderen_2023"))
    foot = f"{t('part1.cheat.sources')}: {cites}  {t('part1.cheat.footer')}"
    foot_h = pdf.multi_cell(PAGE_W - 2 * MARGIN, 2.9, pdf.txt(foot), dry_run=True,
                            output="HEIGHT")
    foot_y = PAGE_H - MARGIN - foot_h
    fits = max(left_bottom, right_bottom) <= foot_y - 2
    pdf.set_draw_color(180, 180, 180)
    pdf.line(MARGIN, foot_y - 1.2, PAGE_W - MARGIN, foot_y - 1.2)
    pdf.set_text_color(80, 80, 80)
    pdf.set_xy(MARGIN, foot_y)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 2.9, pdf.txt(foot), align="L")
    return pdf, fits


def build_cheatsheet(fw: Framework, lang: str = "nl", unicode_fonts: bool = True,
                     compress: bool = True) -> bytes:
    """The cheat sheet as PDF bytes: one A4 page in `lang`. `unicode_fonts=False` forces the
    core-font fallback; `compress=False` leaves the page text readable in the bytes (tests)."""
    fonts = font_files() if unicode_fonts else None
    pdf = None
    for size in SIZES:
        pdf, fits = _render(fw, lang, size, fonts)
        if fits:
            break
    pdf.set_compression(compress)
    return bytes(pdf.output())


def file_name(lang: str) -> str:
    return f"{i18n.t('part1.cheat.file', lang)}-{lang}.pdf"
