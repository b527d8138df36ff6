"""The minutes of an intervision meeting, as text in the reader's language: a header, the
method and where it comes from, each phase with its time and what it yielded, the advice
(with the game changer it serves and the pitfalls it names, and whether it was taken), the
actions it put in the plan, what the readings disagree about, and the follow-up.

Text only, never markup; `workbook.share.minutes` draws it as HTML and PDF. Anonymised
minutes are built from the anonymised case (`workbook.share.anonymise`), with the people of
the meeting named by their part in it ('the facilitator', 'Participant 2', 'Reader 1').
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workbook import dates, i18n
from workbook.case.model import Case, Meeting, MeetingItem
from workbook.framework.schema import Framework
from workbook.meetings import compare
from workbook.meetings.meeting import actions_of, items_of, readings_of
from workbook.meetings.methods import ITEM_KINDS, Method


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Block:
    label: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Section:
    title: str
    intro: str = ""
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Minutes:
    title: str
    facts: list[tuple[str, str]]  # (label, value): case, method, date, who, ...
    sections: list[Section]
    anonymised: bool


def meeting_title(meeting: Meeting, method: Method | None, lang: str) -> str:
    if meeting.title.strip():
        return meeting.title.strip()
    name = method.title(lang) if method else i18n.t("meeting.title", lang)
    return f"{name} · {dates.show(meeting.date, lang)}" if meeting.date else name


def _minutes_of(seconds: float) -> int:
    return int(round(seconds / 60))


def build(case: Case, meeting: Meeting, method: Method, fw: Framework, lang: str, *,
          anonymised: bool = False) -> Minutes:
    """The minutes of `meeting` (a meeting of `case`; when anonymised, `case` is the
    anonymised case and the people of the meeting are not named)."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    facts = [(t("minutes.case"), case.title or t("minutes.untitled")),
             (t("minutes.method"), method.title(lang))]
    if meeting.date:
        facts.append((t("minutes.date"), dates.show(meeting.date, lang)))
    if anonymised:
        count = len(meeting.participants)
        if count:
            facts.append((t("minutes.participants"), t("minutes.participant_count", n=count)))
    else:
        for key, value in (("minutes.facilitator", meeting.facilitator),
                           ("minutes.case_bringer", meeting.case_bringer)):
            if value.strip():
                facts.append((t(key), value.strip()))
        if meeting.participants:
            facts.append((t("minutes.participants"), ", ".join(meeting.participants)))
    spent = sum(meeting.phase_times.values())
    if spent:
        facts.append((t("minutes.time"), t("minutes.time_value", spent=_minutes_of(spent),
                                            planned=method.minutes)))
    sections = [Section(t("minutes.about_method"), blocks=[
        Block("", text=method.summary(lang)),
        Block(t("minutes.origin"), text=_origin(method, fw, lang))])]
    gcs = {g.id: g.name(lang) for g in fw.concepts.game_changers}
    pits = {p.id: p.name(lang) for p in fw.concepts.pitfalls}
    for phase in method.phases:
        sec = Section(phase.title(lang))
        seconds = meeting.phase_times.get(phase.id)
        if seconds:
            sec.intro = t("minutes.phase_time", spent=max(1, _minutes_of(seconds)),
                          planned=phase.minutes)
        for kind in ITEM_KINDS:
            found = [i for i in items_of(case, meeting.id, phase.id, kind) if not i.hidden]
            if not found:
                continue
            if kind == "advice":
                sec.blocks.append(Block("", table=Table(
                    [t("minutes.advice"), t("minutes.game_changer"), t("minutes.pitfalls"),
                     t("minutes.taken")],
                    [[_with_by(i, anonymised), gcs.get(i.game_changer, i.game_changer),
                      ", ".join(pits.get(p, p) for p in i.pitfalls),
                      t("minutes.yes") if i.taken else t("minutes.no")] for i in found])))
            else:
                sec.blocks.append(Block(t(f"meeting.kind_{kind}_plural"),
                                        items=[_with_by(i, anonymised) for i in found]))
        if sec.blocks or sec.intro:
            sections.append(sec)
    taken = actions_of(case, meeting.id)
    if taken:
        status = {s: t(f"plan.status_{s}") for s in ("planned", "done", "dropped")}
        sections.append(Section(t("minutes.actions"), intro=t("minutes.actions_intro"), blocks=[
            Block("", table=Table([t("minutes.action"), t("minutes.game_changer"),
                                   t("minutes.status")],
                                  [[a.title, ", ".join(gcs.get(g, g) for g in a.game_changers),
                                    status.get(a.status, a.status)] for a in taken]))]))
    readings = readings_of(case, meeting.id)
    if len(readings) >= 2:
        cmp = compare.compare([compare.from_reading(case, r) for r in readings], lang,
                              anonymised=anonymised,
                              pseudonyms={a.id: a.name for a in case.actors})
        points = cmp.points(fw, lang)
        sections.append(Section(t("minutes.readings"), intro=t(
            "minutes.readings_intro", n=len(readings), disputed=len(cmp.disputed)), blocks=[
            Block(t("compare.points"), items=points or [t("compare.no_points")])]))
    if meeting.follow_up or meeting.follow_up_note.strip():
        block = Block("",
                      text=dates.show(meeting.follow_up, lang) if meeting.follow_up else "")
        if meeting.follow_up_note.strip():
            block.items = [meeting.follow_up_note.strip()]
        sections.append(Section(t("minutes.follow_up"), blocks=[block]))
    return Minutes(meeting_title(meeting, method, lang), facts, sections, anonymised)


def _with_by(item: MeetingItem, anonymised: bool) -> str:
    """An item's text, with who gave it (from a live room: a name they agreed to show, or
    'Participant n'); never a name in anonymised minutes."""
    if anonymised or not item.by.strip():
        return item.text
    return f"{item.text} ({item.by.strip()})"


def _origin(method: Method, fw: Framework, lang: str) -> str:
    known = {s.id: s for s in fw.concepts.sources}
    cited = [known[s].citation for s in method.sources if s in known]
    text = method.origin(lang)
    return f"{text} {i18n.t('minutes.sources', lang, sources=' '.join(cited))}" if cited else text


def made_on(lang: str, today: dt.date | None = None) -> str:
    return i18n.t("minutes.made", lang, date=dates.show(today or dt.date.today(), lang))
