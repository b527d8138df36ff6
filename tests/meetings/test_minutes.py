"""Minutes of a meeting, HTML and PDF, in the reader's language: what each phase yielded, the
advice with its game changer and pitfalls, the actions taken into the plan, the follow-up.
User text is escaped, never markup; anonymised, no name marked for replacing (actors, terms of
the anonymisation list, the meeting's people) survives in the HTML or in the PDF's text."""

from __future__ import annotations

import datetime as dt
import html
import shutil
import subprocess

import pytest

from workbook.case.model import Alias
from workbook.case.ops import apply_ops
from workbook.meetings import meeting as mt
from workbook.share import minutes as mn
from workbook.share.anonymise import replaced_phrases

T0 = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.timezone.utc)
PEOPLE = ["Griet Van Damme", "Koen Maes", "Lien De Smet", "Stad Ter Heide"]
HOSTILE = "<script>alert('x')</script> & <b>vet</b>"


def apply(case, ops):
    return apply_ops(case, ops)[0]


@pytest.fixture
def held(case, methods):
    """A whole meeting: every phase visited, notes, questions, advice naming people and
    actors, one advice taken, two readings, a follow-up."""
    method = methods.get("wij_zij_advice")
    case = case.model_copy(update={"anonymisation": [Alias(term="Sint-Jozefschool")]})
    meeting, ops = mt.plan(method, "Intervisie met Stad Ter Heide", dt.date(2026, 12, 6),
                           PEOPLE[0], PEOPLE[3], PEOPLE[1:3])
    case = apply(case, ops)
    actor = case.actors[0]
    minute = 0
    for phase in method.phases:
        case = apply(case, mt.go_to(case.meeting(meeting.id), method, phase.id,
                                    T0 + dt.timedelta(minutes=minute)))
        minute += phase.minutes
    m = case.meeting(meeting.id)
    for phase, kind, text in [
            ("authentic_question", "note", f"Wat heeft de buurt rond de Sint-Jozefschool nodig? {HOSTILE}"),
            ("understand", "question", f"Koen vraagt: hoe reageerde {actor.name} op de Facebookpost?"),
            ("input", "analysis", "Lien De Smet ziet vooral brandstof via sociale media."),
            ("advice", "advice", f"Geef {actor.name} geen podium; zegt Griet."),
            ("advice", "advice", "Spreek de buurt aan over veiligheid op weg naar school.")]:
        _, ops = mt.add_item(m, phase, kind, text, "topic" if kind == "advice" else "",
                             ["podium_for_pushers"] if kind == "advice" else [])
        case = apply(case, ops)
    first = next(i for i in case.meeting_items if i.kind == "advice")
    case = apply(case, mt.take(case, first))
    for reader, role in (("Koen Maes", "pusher"), ("Lien De Smet", "joiner")):
        case = apply(case, mt.keep_reading(case, m, reader, {
            a.id: {"role": role if a.id == actor.id else a.role, "side": a.side,
                   "stance": a.stance} for a in case.actors}))
    case = apply(case, mt.edit(case.meeting(m.id), follow_up=dt.date(2027, 1, 15),
                               follow_up_note="Griet belt de stad."))
    case = apply(case, mt.end(case.meeting(m.id), T0 + dt.timedelta(minutes=90)))
    return case, case.meeting(m.id), method


def names(case, framework) -> list[str]:
    out = replaced_phrases(case, framework, "nl") + ["Koen", "Maes", "Griet", "Van Damme",
                                                        "Lien", "De Smet", "Stad Ter Heide"]
    return [n for n in out if len(n) > 3]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_html_minutes_say_what_the_meeting_yielded(held, framework, lang):
    case, meeting, method = held
    page = mn.to_html(case, meeting, method, framework, lang, anonymised=False)
    text = html.unescape(page)
    for phase in method.phases:
        assert phase.title(lang) in text
    assert "Geef " in text and "geen podium" in text
    target = framework.concept("topic").name(lang)
    pitfall = framework.concept("podium_for_pushers").name(lang)
    assert target in text and pitfall in text
    assert "15/01/2027" in text if lang == "nl" else "15 Jan 2027" in text
    assert "Griet belt de stad." in text
    assert method.origin(lang).split(".")[0] in text
    # the action plan part names the action taken
    assert mn.mins.build(case, meeting, method, framework, lang).sections  # builds alone too
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>vet" not in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_anonymised_html_minutes_hold_no_name(held, framework, lang):
    case, meeting, method = held
    page = html.unescape(mn.to_html(case, meeting, method, framework, lang, anonymised=True))
    leaked = [n for n in names(case, framework) if n.casefold() in page.casefold()]
    assert leaked == []
    assert "Sint-Jozefschool" not in page
    # the people by their part in the meeting; sentences read on
    assert "geen podium" in page
    said = "zegt de gespreksleider" if lang == "nl" else "zegt the facilitator"
    assert said in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_anonymised_pdf_minutes_hold_no_name(held, framework, lang, tmp_path):
    case, meeting, method = held
    pdf = mn.to_pdf(case, meeting, method, framework, lang, anonymised=True)
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    leaked = [n for n in names(case, framework) if n.casefold() in flat.casefold()]
    assert leaked == []
    assert method.phases[0].title(lang) in flat
    real = mn.to_pdf(case, meeting, method, framework, lang, anonymised=False)
    path.write_bytes(real)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Griet Van Damme" in " ".join(text.split())


def test_the_case_report_says_which_meeting_an_action_came_from(held, framework):
    from workbook.share.report import report

    case, meeting, method = held
    sections = report(case, framework, "en")
    tables = [i.table for s in sections for i in s.items if i.table is not None]
    plan = next(tb for tb in tables if "From meeting" in tb.header)
    col = plan.header.index("From meeting")
    assert "Intervisie met Stad Ter Heide" in [r[col] for r in plan.rows]
    assert plan.long == len(plan.header) - 1  # the reflection stays the long column


def test_an_anonymised_case_export_names_no_one_of_the_meeting(held, framework):
    """The case itself, anonymised (YAML export, HTML report), holds the meeting with its
    people by their part in it."""
    from workbook.share.anonymise import anonymise

    case, meeting, method = held
    doc = anonymise(case, framework, "nl").to_doc()
    text = str(doc)
    for name in ("Griet", "Van Damme", "Koen", "Maes", "Lien", "De Smet", "Stad Ter Heide"):
        assert name not in text, name
    shown = next(m for m in doc["meetings"] if m["id"] == meeting.id)
    assert shown["facilitator"] == "de gespreksleider"
    assert shown["participants"] == ["Deelnemer 1", "Deelnemer 2"]
    assert [r["reader"] for r in doc["meeting_readings"]] == ["Lezer 1", "Lezer 2"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_a_long_advice_is_printed_whole_in_the_pdf(held, framework, tmp_path):
    case, meeting, method = held
    long = " ".join(f"woord{n}" for n in range(120)) + " EINDE."
    _, ops = mt.add_item(meeting, "advice", "advice", long, "tone")
    case = apply(case, ops)
    path = tmp_path / "m.pdf"
    path.write_bytes(mn.to_pdf(case, case.meeting(meeting.id), method, framework, "nl",
                               anonymised=False))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "woord119 EINDE." in text
