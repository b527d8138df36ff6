"""The A4 PDF report, drawn with fpdf2: a title block, the map as an image, then every section
of `report` (labels, answers, tables with their long text underneath).

Uses DejaVu Sans from `FONT_DIR` when the system has it; otherwise fpdf2's core Helvetica with
the text made latin-1 safe. Text is cleaned before drawing (control characters dropped, very
long words broken) so any user text can be printed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from pathlib import Path

from workbook import dates, i18n
from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.share.images import map_figure, render_image
from workbook.share.mapimage import MapRenderError
from workbook.share.report import Item, Section, Table, report, translator

PDF_MAP_SIZE = (1100, 700)
PDF_COMPRESS = True
PDF_MAP_SCALE = 1.5  # 1650 px over 18 cm: about 230 dpi on paper
FONT_DIR = Path(os.environ.get("WORKBOOK_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))


def to_pdf(case: Case, fw: Framework, lang: str = "nl", *, anonymised: bool = False,
           map_png: bytes | None = None) -> bytes:
    """An A4 report to print: the map as an image, then every worksheet."""
    t = translator(lang)
    if map_png is None:
        try:
            fig = map_figure(case, fw, lang, *PDF_MAP_SIZE)
            fig.update_layout(width=PDF_MAP_SIZE[0], height=PDF_MAP_SIZE[1],
                              paper_bgcolor="#ffffff")
            map_png = render_image(fig, *PDF_MAP_SIZE, scale=PDF_MAP_SCALE)
            map_problem = ""
        except MapRenderError as exc:
            map_png, map_problem = None, exc.message(lang)
    else:
        map_problem = ""
    pdf = _Pdf(lang)
    title = case.title or t("export.report.untitled")
    pdf.set_title(pdf.safe(title))
    pdf.set_creator(pdf.safe(i18n.t("app.name", lang)))
    pdf.add_page()
    pdf.font(9, colour=(95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(t("export.report.subtitle")), new_x="LMARGIN", new_y="NEXT")
    pdf.font(20, "B")
    pdf.multi_cell(0, 9, pdf.safe(title), new_x="LMARGIN", new_y="NEXT")
    pdf.font(9, colour=(95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(t("export.report.framework", title=fw.title(lang)) + " · "
                                  + t("export.report.made", date=dates.show(dt.date.today(), lang))),
                   new_x="LMARGIN", new_y="NEXT")
    note = t("export.report.anonymised_note") if anonymised else t("export.report.sensitive")
    pdf.font(9, "B" if anonymised else "", colour=(92, 68, 0) if anonymised else (95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(note), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.heading(t("export.report.map"), 1)
    if map_png:
        width = pdf.epw
        height = width * PDF_MAP_SIZE[1] / PDF_MAP_SIZE[0]
        pdf.image(io.BytesIO(map_png), x=pdf.l_margin, w=width, h=height)
        pdf.ln(2)
    else:
        pdf.font(10, "I", colour=(95, 99, 104))
        pdf.multi_cell(0, 5, pdf.safe(t("export.no_map", reason=map_problem)),
                       new_x="LMARGIN", new_y="NEXT")
    if map_png:
        _intended_maps(pdf, case, fw, lang, map_png)
    for sec, empty in _with_empty_parts(report(case, fw, lang)):
        if empty is None:
            continue  # a worksheet of a part with nothing filled in: said once, above
        pdf.heading(sec.title, sec.level)
        if empty:
            pdf.font(10, "I", colour=(95, 99, 104))
            pdf.multi_cell(0, 5, pdf.safe(t("export.report.part_empty")), new_x="LMARGIN",
                           new_y="NEXT")
            continue
        if sec.intro:
            pdf.font(9, "I", colour=(95, 99, 104))
            pdf.multi_cell(0, 5, pdf.safe(sec.intro), new_x="LMARGIN", new_y="NEXT")
        for item in sec.items:
            pdf.item(item)
    return bytes(pdf.output())


def _with_empty_parts(sections: list[Section]):
    """Each section with: True for a part none of whose worksheets has an answer (one line),
    None for the worksheets of such a part (left out), False for everything else."""
    out = []
    i = 0
    while i < len(sections):
        sec = sections[i]
        sheets = []
        j = i + 1
        while j < len(sections) and sections[j].level > 1:
            sheets.append(sections[j])
            j += 1
        empty = (sec.anchor.startswith("part-") and bool(sheets)
                 and not any(item.answered for s in sheets for item in s.items))
        out.append((sec, empty))
        out.extend((s, None if empty else False) for s in sheets)
        i = j
    return out


INTENDED_SIZE = (800, 620)


def _intended_maps(pdf, case: Case, fw: Framework, lang: str, today_png: bytes) -> None:
    """Today's map and the map if the strategy works, side by side, when the strategy moves
    someone (Part 3's intended map)."""
    from workbook.case import strategy

    if not strategy.changes(case):
        return
    t = translator(lang)
    try:
        fig = map_figure(strategy.intended_case(case), fw, lang, *INTENDED_SIZE)
        fig.update_layout(width=INTENDED_SIZE[0], height=INTENDED_SIZE[1],
                          paper_bgcolor="#ffffff", showlegend=False)
        intended_png = render_image(fig, *INTENDED_SIZE, scale=PDF_MAP_SCALE)
    except MapRenderError:
        return
    pdf.heading(t("export.report.maps_compared"), 2)
    gap = 4
    width = (pdf.epw - gap) / 2
    top = pdf.get_y()
    if top + 8 + width * INTENDED_SIZE[1] / INTENDED_SIZE[0] > pdf.h - 20:
        pdf.add_page()
        top = pdf.get_y()
    for n, (label, png, size) in enumerate(((t("plan.today_map"), today_png, PDF_MAP_SIZE),
                                            (t("plan.intended_map"), intended_png,
                                             INTENDED_SIZE))):
        x = pdf.l_margin + n * (width + gap)
        pdf.set_xy(x, top)
        pdf.font(9.5, "B", colour=(95, 99, 104))
        pdf.multi_cell(width, 5, pdf.safe(label), new_x="LEFT", new_y="NEXT")
        pdf.image(io.BytesIO(png), x=x, y=top + 6, w=width, h=width * size[1] / size[0])
    pdf.set_xy(pdf.l_margin, top + 8 + width * PDF_MAP_SIZE[1] / PDF_MAP_SIZE[0])
    pdf.ln(2)


def _fonts() -> dict[str, Path] | None:
    # regular and bold only: each font costs a parse per document; "italic" text is grey
    files = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
    paths = {style: FONT_DIR / name for style, name in files.items()}
    return paths if all(p.is_file() for p in paths.values()) else None


_LATIN1 = str.maketrans({"‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "…": "...", "•": "-", "·": "-", "→": "->",
                         "←": "<-", "✓": "v", "✗": "x", "×": "x", "\u00a0": " "})


def latin1(text: str) -> str:
    """Text the PDF core fonts can show: look-alikes for common signs, '?' for the rest."""
    text = unicodedata.normalize("NFC", text).translate(_LATIN1)
    return text.encode("latin-1", "replace").decode("latin-1")


def _pdf_class():
    from fpdf import FPDF

    class Pdf(FPDF):
        def __init__(self, lang: str):
            super().__init__(orientation="portrait", unit="mm", format="A4")
            self.lang = lang
            self.set_compression(PDF_COMPRESS)
            self.set_margins(16, 16, 16)
            self.set_auto_page_break(True, margin=16)
            self.alias_nb_pages()
            fonts = _fonts()
            self.unicode = fonts is not None
            if fonts:
                for style, path in fonts.items():
                    self.add_font("DejaVu", style, str(path))
                self.family = "DejaVu"
            else:
                self.family = "helvetica"
            self.set_font(self.family, size=10)

        def multi_cell(self, w, h=None, text="", *args, **kwargs):
            """Left-aligned, never justified (fpdf2's default), so no line is stretched."""
            kwargs.setdefault("align", "L")
            return super().multi_cell(w, h, text, *args, **kwargs)

        def safe(self, text: str) -> str:
            text = _breakable(_printable(text))
            return text if self.unicode else latin1(text)

        def font(self, size: float, style: str = "", colour=(29, 29, 31)) -> None:
            if self.unicode:
                style = style.replace("I", "")
            self.set_font(self.family, style, size)
            self.set_text_color(*colour)

        def footer(self) -> None:
            self.set_y(-12)
            self.font(8, colour=(120, 120, 120))
            self.cell(0, 5, self.safe(i18n.t("export.report.page", self.lang, n=self.page_no())),
                      align="R")

        def heading(self, text: str, level: int) -> None:
            size = {1: 15, 2: 12.5}.get(level, 11)
            if self.get_y() > self.h - 50:
                self.add_page()
            self.ln(4 if level == 1 else 2)
            self.font(size, "B", colour=(31, 95, 139) if level == 1 else (29, 29, 31))
            self.multi_cell(0, size * 0.5, self.safe(text), new_x="LMARGIN", new_y="NEXT")
            if level == 1:
                self.set_draw_color(208, 212, 218)
                self.line(self.l_margin, self.get_y() + 0.5, self.w - self.r_margin,
                          self.get_y() + 0.5)
                self.ln(2)

        def item(self, item: Item) -> None:
            if self.get_y() > self.h - 35:
                self.add_page()
            if item.label:
                self.font(10, "B")
                self.multi_cell(0, 5, self.safe(item.label), new_x="LMARGIN", new_y="NEXT")
            if not item.answered and not item.tables:
                self.font(10, "I", colour=(120, 120, 120))
                self.multi_cell(0, 5, self.safe(i18n.t("export.report.unanswered", self.lang)),
                                new_x="LMARGIN", new_y="NEXT")
            if item.text:
                self.font(10)
                self.multi_cell(0, 5, self.safe(item.text), new_x="LMARGIN", new_y="NEXT")
            for value in item.items:
                self.font(10)
                self.multi_cell(0, 5, self.safe("• " + value), new_x="LMARGIN", new_y="NEXT")
            for title, table in item.tables:
                self.font(9.5, "B", colour=(95, 99, 104))
                self.multi_cell(0, 5, self.safe(title), new_x="LMARGIN", new_y="NEXT")
                self.table_(table)
            if item.table is not None:
                self.table_(item.table)
            self.ln(2)

        def table_(self, table: Table) -> None:
            """Short columns as a table; the long column as paragraphs under it."""
            cols = [i for i in range(len(table.header)) if i != table.long]
            widths = _widths([[table.header[i]] + [r[i] for r in table.rows] for i in cols])
            self.font(8.5, "B")  # the headings' longest word fits its column: never broken
            least = [max((self.get_string_width(self.safe(w)) for w in
                          table.header[i].split() or [""]), default=0) + 2.5 for i in cols]
            widths = _fit(widths, least, self.epw)
            self.font(8.5)
            self.set_draw_color(208, 212, 218)
            with self.table(col_widths=widths, text_align="LEFT", line_height=4.2,
                            first_row_as_headings=True, width=self.epw,
                            headings_style=_heading_style(self.family)) as grid:
                grid.row([self.safe(_cell(table.header[i])) for i in cols])
                for r in table.rows:
                    grid.row([self.safe(_cell(r[i])) for i in cols])
            if table.long is None:
                return
            longs = [(" · ".join(r[k] for k in table.key if r[k]), r[table.long])
                     for r in table.rows if r[table.long].strip()]
            if not longs:
                return
            self.ln(1)
            self.font(9.5, "B", colour=(95, 99, 104))
            self.multi_cell(0, 5, self.safe(table.header[table.long]), new_x="LMARGIN",
                            new_y="NEXT")
            for who, text in longs:
                self.font(9, "B")
                self.multi_cell(0, 4.5, self.safe(who or "-"), new_x="LMARGIN", new_y="NEXT")
                self.font(9)
                self.set_x(self.l_margin + 4)
                self.multi_cell(self.epw - 4, 4.5, self.safe(text), new_x="LMARGIN",
                                new_y="NEXT")
            self.ln(1)

    return Pdf


def _heading_style(family: str):
    from fpdf.fonts import FontFace

    return FontFace(family=family, emphasis="BOLD", fill_color=(238, 242, 246))


CELL_LIMIT = 400  # a table cell shows at most this much; long texts go under the table


def _cell(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def _widths(columns: list[list[str]]) -> tuple[float, ...]:
    """Relative column widths from the text they hold, so short columns stay narrow."""
    out = []
    for col in columns:
        longest = max((min(len(w), 30) for c in col for w in (c.split() or [""])), default=1)
        typical = sum(min(len(c), 80) for c in col) / max(1, len(col))
        out.append(max(6.0, longest, min(typical, 60)))
    return tuple(out)


def _fit(widths: tuple[float, ...], least: list[float], total: float) -> tuple[float, ...]:
    """Column widths in mm over `total`, in proportion to `widths`, none below its `least`."""
    scale = total / sum(widths)
    out = [w * scale for w in widths]
    for _ in range(len(out)):
        short = [i for i, w in enumerate(out) if w < least[i] - 1e-6]
        if not short:
            break
        for i in short:
            out[i] = least[i]
        free = [i for i in range(len(out)) if i not in short and out[i] > least[i]]
        spare = total - sum(out)
        if not free:
            break
        room = sum(out[i] for i in free)
        for i in free:
            out[i] += spare * out[i] / room
    return tuple(out)


LONG_WORD = 60
_LONG_WORD = re.compile(r"\S{%d}(?=\S)" % LONG_WORD)


def _breakable(text: str) -> str:
    """Break words longer than LONG_WORD characters (pasted links, 'xxxxx…'): fpdf2's line
    breaking takes time quadratic in the length of one word."""
    return _LONG_WORD.sub(lambda m: m.group(0) + " ", text)


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))


def _printable(text: str) -> str:
    """Drop control characters (except tab and newline) and lone surrogates a PDF cannot hold."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)
    return text.encode("utf-8", "replace").decode("utf-8").replace("\t", "    ")


class _PdfFactory:
    cls = None


def _Pdf(lang: str):
    if _PdfFactory.cls is None:
        _PdfFactory.cls = _pdf_class()
    return _PdfFactory.cls(lang)
