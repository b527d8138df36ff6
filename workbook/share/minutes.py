"""A meeting's minutes as files: a self-contained HTML page (Jinja2, autoescape, the report's
stylesheet) and an A4 PDF (the report's fpdf2 machinery, DejaVu font), in the reader's
language. Anonymised minutes are built from the case anonymised with its own anonymisation
list (as the case is presented), and the people of the meeting (facilitator, case-bringer,
participants, readers) are replaced by their part in it wherever their names appear."""

from __future__ import annotations

from workbook import i18n
from workbook.case.model import Actor, Case, Meeting
from workbook.framework.schema import Framework
from workbook.meetings import minutes as mins
from workbook.meetings.meeting import items_of, readings_of
from workbook.meetings.methods import Method
from workbook.share.anonymise import anonymise
from workbook.share.html_report import _environment
from workbook.share.pdf_report import _Pdf
from workbook.share.phrases import Phrase, Replacer
from workbook.share.pseudonyms import actor_phrases
from workbook.share.report import Item, Table

TEMPLATE = "minutes.html.j2"


def people_phrases(case: Case, meeting: Meeting, lang: str) -> list[Phrase]:
    """The names of the meeting's people, each replaced by their part in the meeting: a
    person's whole name, the name without what follows in brackets or a comma, and each
    capitalised word of it (a first name, a surname), as for an actor who is a person. The
    case-bringer is often an organisation ('Stad Ter Heide'): only their whole name."""
    persons = [(meeting.facilitator, i18n.t("minutes.the_facilitator", lang))]
    persons += [(p, i18n.t("minutes.participant_n", lang, n=i))
                for i, p in enumerate(meeting.participants, start=1)]
    persons += [(r.reader, i18n.t("compare.reader_n", lang, n=i))
                for i, r in enumerate(readings_of(case, meeting.id), start=1)]
    out: list[Phrase] = []
    seen: set[str] = set()

    def add(text: str, part: str, capital: bool = False) -> None:
        if text.strip() and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(Phrase(text, part, capital))

    bringer = " ".join(meeting.case_bringer.split())
    if len(bringer) >= 2:
        add(bringer, i18n.t("minutes.the_case_bringer", lang))
    for name, part in persons:
        anycase, capital = actor_phrases(Actor(name=name[:300], kind="person"))
        for text in anycase:
            add(text, part)
        for text in capital:
            add(text, part, True)
    return out


def shown_case(case: Case, meeting: Meeting, fw: Framework, lang: str) -> tuple[Case, Meeting]:
    """The case as anonymised minutes show it: its own anonymisation list applied, and the
    names of the meeting's people replaced in what the meeting recorded."""
    replace = Replacer(people_phrases(case, meeting, lang))
    anon = anonymise(case, fw, lang)
    items = [i.model_copy(update={"text": replace(i.text)}) if i.meeting == meeting.id else i
             for i in anon.meeting_items]
    actions = [a.model_copy(update={"title": replace(a.title), "reflection": replace(a.reflection)})
               if a.meeting == meeting.id else a for a in anon.strategy.actions]
    met = anon.meeting(meeting.id) or meeting
    met = met.model_copy(update={"title": replace(met.title), "facilitator": "",
                                 "case_bringer": "", "follow_up_note": replace(met.follow_up_note),
                                 "participants": [f"{n}" for n in range(1, len(meeting.participants) + 1)]})
    meetings = [met if m.id == meeting.id else m for m in anon.meetings]
    shown = anon.model_copy(update={
        "title": replace(anon.title), "meeting_items": items, "meetings": meetings,
        "strategy": anon.strategy.model_copy(update={"actions": actions})})
    return shown, met


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
            table = Table(block.table.header, block.table.rows) if block.table else None
            pdf.item(Item(block.label, text=block.text, items=list(block.items), table=table))
    return bytes(pdf.output())


def file_name(meeting: Meeting, ext: str) -> str:
    day = meeting.date.isoformat() if meeting.date else "meeting"
    return f"intervision-{day}.{ext}"


__all__ = ["file_name", "items_of", "minutes_of", "people_phrases", "shown_case", "to_html",
           "to_pdf"]
