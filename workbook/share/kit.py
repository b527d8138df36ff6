"""A short kit to pass the framework on in one's own organisation: printable slides (PDF, A4
landscape) in Dutch or English, built from the framework's YAML so it never disagrees with the
app: a title slide, the three basic laws, the five roles, the four game changers, optionally
the trainee's own map as the example (anonymised: pseudonyms for every name, like the
reports), and the sources.

Uses the DejaVu fonts when the system has them, fpdf2's core fonts otherwise (see
`workbook.share.cheatsheet`).
"""

from __future__ import annotations

import io
from typing import Callable

from fpdf import FPDF

from workbook import i18n
from workbook.case.model import Case
from workbook.framework.schema import Framework
from workbook.share.anonymise import anonymise
from workbook.share.mapimage import MapRenderError
from workbook.share.cheatsheet import (FIXED_DATE, font_files, latin1_safe, role_symbol,
                                       summary)

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 16.0
BLUE = (0, 84, 140)
GREY = (95, 99, 104)
MAP_SIZE = (1200, 640)  # pixels the map is drawn at (then scaled up for print)
MAP_SCALE = 1.6
SOURCES = ("brandsma_2016", "brandsma_2017", "inside_polarisation", "ran_2017",
           "vlaanderen_2023", "kis_movisie_2019")


class _Slides(FPDF):
    def __init__(self, lang: str, unicode_fonts: bool):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.lang = lang
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        fonts = font_files() if unicode_fonts else None
        self.unicode = fonts is not None
        if fonts:
            self.add_font("Kit", "", str(fonts[0]))
            self.add_font("Kit", "B", str(fonts[1]))
            self.family = "Kit"
        else:
            self.family = "Helvetica"
        self.footer_text = ""

    def txt(self, text: str) -> str:
        return text if self.unicode else latin1_safe(text)

    def font(self, size: float, bold: bool = False, colour=(29, 29, 31)) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def footer(self) -> None:
        self.set_y(PAGE_H - 11)
        self.font(8.5, colour=GREY)
        self.cell(PAGE_W - 2 * MARGIN - 20, 5, self.txt(self.footer_text), align="L")
        self.cell(20, 5, f"{self.page_no()}", align="R")

    def slide(self, title: str) -> None:
        """A new slide with its title and a rule under it."""
        self.add_page()
        self.set_xy(MARGIN, MARGIN)
        self.font(24, bold=True, colour=BLUE)
        self.cell(0, 12, self.txt(title), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(0, 114, 178)
        self.set_line_width(0.6)
        self.line(MARGIN, self.get_y() + 1, PAGE_W - MARGIN, self.get_y() + 1)
        self.set_y(self.get_y() + 6)

    def block(self, x: float, y: float, w: float, heading: str, text: str,
              size: float = 13) -> float:
        """A heading and a paragraph at (x, y), `w` wide; returns the y below it."""
        self.set_xy(x, y)
        self.font(size + 2, bold=True)
        self.multi_cell(w, 7.5, self.txt(heading), new_x="LEFT", new_y="NEXT", align="L")
        self.font(size)
        self.multi_cell(w, size * 0.47, self.txt(text), new_x="LEFT", new_y="NEXT", align="L")
        return self.get_y()


def build_kit(fw: Framework, lang: str = "nl", case: Case | None = None, *,
              map_png: bytes | None = None, unicode_fonts: bool = True,
              compress: bool = True,
              render: Callable[[Case, Framework, str], bytes] | None = None) -> bytes:
    """The kit as PDF bytes. With `case`, a slide shows its map as the example, anonymised;
    `map_png` gives that picture ready made (tests), `render` how to draw it otherwise."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    pdf = _Slides(lang, unicode_fonts)
    pdf.set_title(pdf.txt(t("kit.title")))
    pdf.set_author("Polarisatiewerkboek")
    pdf.set_creation_date(FIXED_DATE)
    pdf.footer_text = f"{t('kit.title')} · {fw.title(lang)}"
    _title_slide(pdf, fw, t)
    _laws(pdf, fw, t)
    _roles(pdf, fw, t)
    _game_changers(pdf, fw, t)
    if case is not None:
        shown = anonymise(case, fw, lang)
        try:
            picture = map_png if map_png is not None else (render or map_image)(shown, fw, lang)
        except MapRenderError:  # no browser here: the slide says so
            picture = None
        _example(pdf, shown, picture, t)
    _sources(pdf, fw, t)
    pdf.set_compression(compress)
    return bytes(pdf.output())


def map_image(case: Case, fw: Framework, lang: str) -> bytes:
    """The (already anonymised) case's map as a PNG for a slide."""
    from workbook.share.images import map_figure, render_image

    fig = map_figure(case, fw, lang, *MAP_SIZE)
    fig.update_layout(width=MAP_SIZE[0], height=MAP_SIZE[1], paper_bgcolor="#ffffff")
    return render_image(fig, *MAP_SIZE, scale=MAP_SCALE)


def _title_slide(pdf: _Slides, fw: Framework, t) -> None:
    pdf.add_page()
    pdf.set_xy(MARGIN + 10, 62)
    pdf.font(34, bold=True, colour=BLUE)
    pdf.multi_cell(PAGE_W - 2 * MARGIN - 20, 15, pdf.txt(t("kit.title")), new_x="LMARGIN",
                   new_y="NEXT", align="L")
    pdf.set_x(MARGIN + 10)
    pdf.font(16, colour=GREY)
    pdf.multi_cell(PAGE_W - 2 * MARGIN - 20, 8, pdf.txt(t("kit.subtitle")), new_x="LMARGIN",
                   new_y="NEXT", align="L")
    pdf.set_xy(MARGIN + 10, pdf.get_y() + 8)
    pdf.font(13)
    pdf.multi_cell(PAGE_W - 2 * MARGIN - 20, 6.5, pdf.txt(t("kit.contents")),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(MARGIN + 10, pdf.get_y() + 6)
    pdf.font(11, colour=GREY)
    pdf.multi_cell(PAGE_W - 2 * MARGIN - 20, 5.5, pdf.txt(fw.title(pdf.lang)), align="L")


def _laws(pdf: _Slides, fw: Framework, t) -> None:
    pdf.slide(t("kit.laws"))
    laws = fw.concepts.laws
    gap = 8.0
    w = (PAGE_W - 2 * MARGIN - gap * (len(laws) - 1)) / max(1, len(laws))
    top = pdf.get_y() + 2
    for i, law in enumerate(laws):
        x = MARGIN + i * (w + gap)
        y = pdf.block(x, top, w, law.name(pdf.lang), summary(law.definition(pdf.lang), 170),
                      size=14)
        if law.recognise:
            pdf.block(x, y + 5, w, t("kit.recognise"), summary(law.recognise(pdf.lang), 110),
                      size=12)
    _note(pdf, t("kit.laws_note"))


def _roles(pdf: _Slides, fw: Framework, t) -> None:
    pdf.slide(t("kit.roles"))
    y = pdf.get_y()
    text_w = 170.0
    for role in fw.concepts.roles:
        role_symbol(pdf, role.symbol, role.colour, MARGIN, y + 1.2, 5.5)
        pdf.set_xy(MARGIN + 9, y)
        pdf.font(13, bold=True)
        pdf.cell(0, 7, pdf.txt(f"{role.name(pdf.lang)}  "), new_x="END")
        pdf.font(10.5, colour=GREY)
        pdf.cell(0, 7, pdf.txt(t(f"part1.explorer.zone_{role.zone}")), new_x="LMARGIN",
                 new_y="NEXT")
        pdf.set_x(MARGIN + 9)
        pdf.font(11)
        pdf.multi_cell(text_w, 5.4, pdf.txt(summary(role.definition(pdf.lang), 110)),
                       new_x="LMARGIN", new_y="NEXT", align="L")
        y = pdf.get_y() + 2.5
    _axis(pdf, fw, t, x=MARGIN + text_w + 22, y=62, w=PAGE_W - 2 * MARGIN - text_w - 22)
    _note(pdf, t("kit.roles_note"))


def _axis(pdf: _Slides, fw: Framework, t, x: float, y: float, w: float) -> None:
    """A sketch of where the roles stand: the axis between the poles, the middle, above."""
    mid = x + w / 2
    axis_y = y + 40
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.5)
    pdf.line(x, axis_y, x + w, axis_y)
    pdf.font(9.5, colour=GREY)
    for label, at in ((t("part1.anim.pole_a"), x), (t("part1.anim.pole_b"), x + w - 14)):
        pdf.set_xy(at, axis_y + 12)
        pdf.cell(14, 5, pdf.txt(label), align="C")
    places = {"pole": [(x + 4, axis_y), (x + w - 4, axis_y)],
              "between": [(x + w * 0.27, axis_y), (x + w * 0.73, axis_y)],
              "middle": [(mid, axis_y)], "above": [(mid, axis_y - 22)],
              "under_fire": [(mid, axis_y + 8)]}
    for role in fw.concepts.roles:
        for px, py in places.get(role.zone, []):
            role_symbol(pdf, role.symbol, role.colour, px - 3, py - 3, 6)


def _game_changers(pdf: _Slides, fw: Framework, t) -> None:
    pdf.slide(t("kit.game_changers"))
    arrow = "→" if pdf.unicode else "->"
    y = pdf.get_y() + 2
    for gc in sorted(fw.concepts.game_changers, key=lambda g: g.number):
        pdf.set_xy(MARGIN, y)
        pdf.font(26, bold=True, colour=BLUE)
        pdf.cell(14, 12, str(gc.number))
        pdf.set_xy(MARGIN + 16, y)
        pdf.font(15, bold=True)
        pdf.cell(0, 7, pdf.txt(gc.name(pdf.lang)), new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(MARGIN + 16)
        pdf.font(12.5)
        pdf.multi_cell(PAGE_W - 2 * MARGIN - 16, 6,
                       pdf.txt(f"{gc.from_(pdf.lang).rstrip('.')}  {arrow}  {gc.to(pdf.lang)}"),
                       new_x="LMARGIN", new_y="NEXT", align="L")
        y = pdf.get_y() + 5
    _note(pdf, t("kit.game_changers_note"))


def _example(pdf: _Slides, case: Case, picture: bytes | None, t) -> None:
    pdf.slide(t("kit.example"))
    pdf.font(12, colour=GREY)
    pdf.multi_cell(0, 6, pdf.txt(t("kit.example_note", title=case.title
                                   or t("export.report.untitled"))),
                   new_x="LMARGIN", new_y="NEXT", align="L")
    top = pdf.get_y() + 2
    if picture:
        h = PAGE_H - top - 16
        w = min(PAGE_W - 2 * MARGIN, h * MAP_SIZE[0] / MAP_SIZE[1])
        pdf.image(io.BytesIO(picture), x=(PAGE_W - w) / 2, y=top, w=w)
    else:
        pdf.set_xy(MARGIN, top + 10)
        pdf.font(12, colour=GREY)
        pdf.multi_cell(0, 6, pdf.txt(t("kit.no_map")), align="L")


def _sources(pdf: _Slides, fw: Framework, t) -> None:
    pdf.slide(t("kit.sources"))
    known = {s.id: s for s in fw.concepts.sources}
    pdf.font(12)
    for sid in SOURCES:
        if sid in known:
            pdf.set_x(MARGIN)
            pdf.multi_cell(0, 6, pdf.txt(f"• {known[sid].citation}" if pdf.unicode
                                         else f"- {known[sid].citation}"),
                           new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_y(pdf.get_y() + 1.5)
    pdf.set_y(pdf.get_y() + 6)
    pdf.font(11, colour=GREY)
    pdf.multi_cell(0, 5.5, pdf.txt(t("part1.explorer.own_words") + " " + t("kit.made_with")),
                   align="L")


def _note(pdf: _Slides, text: str) -> None:
    """A line at the foot of a slide: what to say or ask when showing it."""
    pdf.set_xy(MARGIN, PAGE_H - 27)
    pdf.font(11, colour=GREY)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 5.5, pdf.txt(text), align="L")


def file_name(lang: str) -> str:
    return f"{i18n.t('kit.file', lang)}-{lang}.pdf"
