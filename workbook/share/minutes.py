"""A meeting's minutes as files: a self-contained HTML page (Jinja2, autoescape, the report's
stylesheet) and an A4 PDF (the report's fpdf2 machinery, DejaVu font), in the reader's
language. Anonymised minutes are built from the case anonymised with its own anonymisation
list (as the case is presented), and the people of the meeting (facilitator, case-bringer,
participants, readers) are replaced by their part in it wherever their names appear."""

from __future__ import annotations

from workbook import i18n
from workbook.case.model import Case, Meeting
from workbook.framework.schema import Framework
from workbook.meetings import minutes as mins
from workbook.meetings.methods import Method
from workbook.share.anonymise import anonymise
from workbook.share.html_report import _environment
from workbook.share.pdf_report import _Pdf
from workbook.share.report import Item, Table

TEMPLATE = "minutes.html.j2"


def shown_case(case: Case, meeting: Meeting, fw: Framework, lang: str) -> tuple[Case, Meeting]:
    """The case as anonymised minutes show it: anonymised with its own list, the meeting's
    people by their part in it (workbook.share.anonymise)."""
    anon = anonymise(case, fw, lang)
    return anon, anon.meeting(meeting.id) or meeting


def minutes_of(case: Case, meeting: Meeting, method: Method, fw: Framework, lang: str, *,
               anonymised: bool) -> mins.Minutes:
    if anonymised:
        case, meeting = shown_case(case, meeting, fw, lang)
    return mins.build(case, meeting, method, fw, lang, anonymised=anonymised)


def _words(lang: str) -> dict[str, str]:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    return {"app_name": t("app.name"), "kind": t("minutes.kind"), "made": mins.made_on(lang),
            "anonymised": t("export.anonymised"), "anonymised_note": t("minutes.anonymised_note"),
            "sensitive": t("minutes.sensitive")}


def to_html(case: Case, meeting: Meeting, method: Method, fw: Framework, lang: str = "nl", *,
            anonymised: bool = True) -> str:
    doc = minutes_of(case, meeting, method, fw, lang, anonymised=anonymised)
    return _environment().get_template(TEMPLATE).render(lang=lang, minutes=doc,
                                                        words=_words(lang))


def to_pdf(case: Case, meeting: Meeting, method: Method, fw: Framework, lang: str = "nl", *,
           anonymised: bool = True) -> bytes:
    doc = minutes_of(case, meeting, method, fw, lang, anonymised=anonymised)
    words = _words(lang)
    pdf = _Pdf(lang)
    pdf.set_title(pdf.safe(doc.title))
    pdf.set_creator(pdf.safe(words["app_name"]))
    pdf.add_page()
    pdf.font(9, colour=(95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(words["kind"]), new_x="LMARGIN", new_y="NEXT")
    pdf.font(20, "B")
    pdf.multi_cell(0, 9, pdf.safe(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.font(9, colour=(95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(words["made"]), new_x="LMARGIN", new_y="NEXT")
    note = words["anonymised_note"] if doc.anonymised else words["sensitive"]
    pdf.font(9, "B" if doc.anonymised else "",
             colour=(92, 68, 0) if doc.anonymised else (95, 99, 104))
    pdf.multi_cell(0, 5, pdf.safe(note), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, value in doc.facts:
        pdf.font(10, "B")
        pdf.multi_cell(0, 5, pdf.safe(label), new_x="LMARGIN", new_y="NEXT")
        pdf.font(10)
        pdf.multi_cell(0, 5, pdf.safe(value), new_x="LMARGIN", new_y="NEXT")
    for sec in doc.sections:
        pdf.heading(sec.title, 1)
        if sec.intro:
            pdf.font(9, "I", colour=(95, 99, 104))
            pdf.multi_cell(0, 5, pdf.safe(sec.intro), new_x="LMARGIN", new_y="NEXT")
        for block in sec.blocks:
            items, table = list(block.items), None
            if block.table is not None and _fits(block.table):
                table = Table(block.table.header, block.table.rows)
            elif block.table is not None:  # a long advice is never cut: one paragraph each
                items += [_as_line(block.table.header, row) for row in block.table.rows]
            pdf.item(Item(block.label, text=block.text, items=items, table=table))
    return bytes(pdf.output())


PDF_CELL = 380  # the PDF's table cells stop at 400 characters (pdf_report.CELL_LIMIT)


def _fits(table: mins.Table) -> bool:
    return all(len(cell) <= PDF_CELL for row in table.rows for cell in row)


def _as_line(header: list[str], row: list[str]) -> str:
    """A table row as one paragraph: the first cell, then the others with their heading."""
    rest = "; ".join(f"{h}: {c}" for h, c in zip(header[1:], row[1:]) if c)
    return f"{row[0]} ({rest})" if rest else row[0]


def file_name(meeting: Meeting, ext: str) -> str:
    day = meeting.date.isoformat() if meeting.date else "meeting"
    return f"intervision-{day}.{ext}"


__all__ = ["file_name", "minutes_of", "shown_case", "to_html", "to_pdf"]
