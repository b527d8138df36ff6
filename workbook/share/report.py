"""The content of a case's report, shared by the HTML and the PDF export.

`report` describes a case as a list of `Section`s: every part and worksheet of the framework in
order, each field as an `Item` (text, a list, a `Table` or titled tables), then the case data
that no worksheet showed, the action plan and answers to worksheets the framework no longer has.
It holds text only, never markup: each format escapes or draws it in its own way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbook import dates, i18n
from workbook.case.edits import jsonable
from workbook.case.model import Case
from workbook.framework.schema import Framework, Worksheet, WorksheetField
from workbook.framework.worksheets import field_options, field_value, is_answered


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    long: int | None = None  # the column holding long text (the PDF puts it under the table)
    key: tuple[int, ...] = (0,)  # the columns that name a row above its long text in the PDF


@dataclass
class Item:
    """One answered (or open) field: a label and a value in one of four shapes."""

    label: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None
    tables: list[tuple[str, Table]] = field(default_factory=list)  # titled tables (poles)
    answered: bool = True
    help: str = ""


@dataclass
class Section:
    title: str
    level: int  # 1 part, 2 worksheet
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    anchor: str = ""


def report(case: Case, fw: Framework, lang: str) -> list[Section]:
    """Every part and worksheet of the framework with the case's answers, in order."""
    t = translator(lang)
    sections: list[Section] = []
    shown: set[str] = set()
    story = getattr(case, "narrative", "")
    if story.strip():
        sections.append(Section(t("export.report.narrative"), 1, anchor="narrative",
                                items=[Item("", text=story)]))
    for part in fw.parts:
        sheets = fw.worksheets_of(part.number)
        if not sheets:
            continue
        sections.append(Section(t("export.report.part", n=part.number, title=part.title(lang)),
                                1, anchor=f"part-{part.number}"))
        for ws in sheets:
            sec = Section(ws.title(lang), 2, anchor=f"ws-{ws.id}")
            for fld in ws.fields:
                shown.add(fld.type)
                sec.items.append(_item(case, fw, ws, fld, lang))
            sections.append(sec)
    typed = [k for k in ("poles", "actors", "fuel") if k not in shown]
    shown_plan = "actions" in shown
    extra = Section(t("export.report.case_data"), 1, anchor="case-data")
    for kind in typed:
        if kind == "poles":
            extra.items.append(Item(t("export.report.pole"), tables=_pole_tables(case, lang)))
        elif kind == "actors" and case.actors:
            extra.items.append(Item(t("case.actors"), table=_actor_table(case, fw, lang)))
        elif kind == "fuel" and case.fuel:
            extra.items.append(Item(t("case.fuel_events"), table=_fuel_table(case, lang)))
    if extra.items:
        sections.append(extra)
    if case.strategy.actions and not shown_plan:
        sections.append(Section(t("export.report.plan"), 1, anchor="plan", items=[
            Item(t("export.report.plan"), table=_action_table(case, fw, lang))]))
    other = _other_answers(case, fw, lang)
    if other:
        sections.append(Section(t("export.report.other_answers"), 1, anchor="other",
                                intro=t("export.report.other_answers_help"), items=other))
    return sections


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **params)`: the interface text `key` in `lang`."""
    return lambda key, **kw: i18n.t(key, lang, **kw)


def _item(case: Case, fw: Framework, ws: Worksheet, fld: WorksheetField, lang: str) -> Item:
    t = translator(lang)
    item = Item(fld.label(lang))
    value = field_value(case, ws, fld)
    if fld.type == "poles":
        item.tables = _pole_tables(case, lang)
        item.answered = is_answered(case, ws, fld)
        return item
    if fld.type == "actors":
        item.table = _actor_table(case, fw, lang) if case.actors else None
    elif fld.type == "fuel":
        item.table = _fuel_table(case, lang) if case.fuel else None
    elif fld.type == "actions":
        item.table = _action_table(case, fw, lang) if case.strategy.actions else None
    elif fld.type == "intended":
        item.table = _intended_table(case, fw, lang)
    if fld.type in ("actors", "fuel", "actions", "intended"):
        item.answered = item.table is not None
        return item
    if not is_answered(case, ws, fld):
        item.answered = False
        return item
    if fld.type == "position":
        actor = case.actor(value) if isinstance(value, str) else None
        item.text = (actor.name or actor.id) if actor else _plain(value)
        return item
    if fld.type == "table":
        item.table = _answer_table(fld, value, lang)
        return item
    labels = {oid: (lab(lang) if callable(lab) else lab)
              for oid, lab in field_options(fld, fw, case)}
    if fld.type == "choice":
        item.text = _label(labels, value)
    elif fld.type in ("multichoice", "checklist"):
        values = value if isinstance(value, list) else [value]
        item.items = [_label(labels, v) for v in values]
    elif fld.type == "scale":
        item.text = t("export.report.scale_value", value=_plain(value), min=fld.min, max=fld.max)
        ends = [x(lang) for x in (fld.min_label, fld.max_label) if x is not None]
        if len(ends) == 2:
            item.text += f" ({fld.min} = {ends[0]}; {fld.max} = {ends[1]})"
    elif fld.type == "yesno":
        item.text = t("field.answer_yes") if _truthy(value) else t("field.answer_no")
    elif fld.type == "date":
        item.text = _date(value, lang)
    else:  # text, longtext, number, and whatever a newer framework adds
        item.text = _plain(jsonable(value))
    return item


def _answer_table(fld: WorksheetField, value: Any, lang: str) -> Table:
    """A `table` field: one row per dict, choice columns by their labels."""
    rows = value if isinstance(value, list) else [value]
    header = [c.label(lang) for c in fld.columns]
    out = []
    for row in rows:
        row = row if isinstance(row, dict) else {}
        cells = []
        for col in fld.columns:
            cell = row.get(col.id)
            labels = {o.id: o.label(lang) for o in col.options}
            cells.append(labels.get(cell, _plain(cell)) if isinstance(cell, str) else
                         _plain(jsonable(cell)))
        out.append(cells)
    longs = [i for i, c in enumerate(fld.columns) if c.type == "longtext"]
    return Table(header, out, long=longs[-1] if len(longs) == 1 else None)


def _intended_table(case: Case, fw: Framework, lang: str) -> Table | None:
    """Per actor that the strategy moves: today's value -> the intended one."""
    t = translator(lang)
    intended = getattr(case.strategy, "intended", {}) or {}
    poles = {"a": case.pole("a").label or t("field.pole_a"),
             "b": case.pole("b").label or t("field.pole_b"), "none": t("actor.side_none")}

    def show(what: str, value: Any) -> str:
        if what == "role":
            role = fw.role(value) if value else None
            return role.name(lang) if role else (value or t("field.unknown"))
        if what == "side":
            return poles.get(value, str(value))
        if what == "stance":
            return "–" if value is None else f"{value:+.1f}"
        return str(value)

    rows = []
    for actor in case.actors:
        place = intended.get(actor.id)
        if place is None:
            continue
        cells, moved = [actor.name or actor.id], False
        for what in ("role", "side", "stance", "influence"):
            new = getattr(place, what, None)
            old = getattr(actor, what)
            if new is None or new == old:
                cells.append("")
            else:
                cells.append(f"{show(what, old)} → {show(what, new)}")
                moved = True
        if moved:
            rows.append(cells)
    if not rows:
        return None
    return Table([t("actor.name"), t("actor.role"), t("actor.side"), t("export.report.stance"),
                  t("export.report.influence")], rows)


def _label(labels: dict[str, str], value: Any) -> str:
    return labels.get(value, _plain(value)) if isinstance(value, str) else _plain(value)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("yes", "ja", "true", "1", "y", "j")
    return bool(value)


def _date(value: Any, lang: str = "nl") -> str:
    """A date in the reader's format (workbook.dates); other values as they are."""
    day = dates.from_iso(value)
    return dates.show(day, lang) if day else _plain(value)


def _plain(value: Any) -> str:
    """Any stored value as readable text (lists joined, dicts as key: value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)


def _pole_tables(case: Case, lang: str) -> list[tuple[str, Table]]:
    t = translator(lang)
    a_side = [p for p in case.poles if p.side == "a"]
    b_side = [p for p in case.poles if p.side == "b"]
    out = []
    for n, (a, b) in enumerate(zip(a_side, b_side), start=1):
        construct = a.thought_construct or b.thought_construct
        title = t("export.report.construct", n=n) + (f": {construct}" if construct else "")
        rows = [[t("field.pole_a"), a.label, a.identity], [t("field.pole_b"), b.label, b.identity]]
        out.append((title, Table([t("export.report.pole"), t("field.pole_label"),
                                  t("field.pole_identity")], rows, long=2)))
    return out


def _actor_table(case: Case, fw: Framework, lang: str) -> Table:
    t = translator(lang)
    poles = {"a": case.pole("a").label or t("field.pole_a"),
             "b": case.pole("b").label or t("field.pole_b"), "none": t("actor.side_none")}
    rows = []
    for a in case.actors:
        role = fw.role(a.role)
        rows.append([a.name, t(f"actor.kind_{a.kind}"),
                     role.name(lang) if role else (a.role or t("field.unknown")),
                     poles.get(a.side, a.side),
                     "–" if a.stance is None else f"{a.stance:+.1f}", str(a.influence), a.notes])
    return Table([t("actor.name"), t("actor.kind"), t("actor.role"), t("actor.side"),
                  t("export.report.stance"), t("export.report.influence"), t("actor.notes")],
                 rows, long=6)


def _fuel_table(case: Case, lang: str) -> Table:
    t = translator(lang)
    names = {a.id: a.name or a.id for a in case.actors}
    events = sorted(case.fuel, key=lambda e: (e.date is None, e.date or dt.date.min))
    rows = [[dates.show(e.date, lang), names.get(e.source, e.source), e.channel,
             str(e.intensity), e.description] for e in events]
    return Table([t("fuel.date"), t("export.report.source"), t("fuel.channel"),
                  t("export.report.intensity"), t("export.report.description")], rows, long=4,
                 key=(0, 1))


def _action_table(case: Case, fw: Framework, lang: str) -> Table:
    t = translator(lang)
    names = {a.id: a.name or a.id for a in case.actors}
    changers = {g.id: g.name(lang) for g in fw.concepts.game_changers}
    rows = [[a.title, a.owner, dates.show(a.date, lang),
             ", ".join(names.get(x, x) for x in a.targets),
             ", ".join(changers.get(g, g) for g in a.game_changers),
             t(f"export.report.status_{a.status}"), a.reflection]
            for a in case.strategy.actions]
    header = [t("export.report.action_title"), t("export.report.action_owner"),
              t("export.report.action_date"), t("export.report.action_targets"),
              t("export.report.action_game_changers"), t("export.report.action_status"),
              t("export.report.action_reflection")]
    if any(a.meeting for a in case.strategy.actions):  # advice taken in a meeting: which one
        from workbook.meetings.minutes import meeting_title

        def source(meeting_id: str) -> str:
            meeting = case.meeting(meeting_id) if meeting_id else None
            return meeting_title(meeting, None, lang) if meeting else ""

        header.insert(6, t("plan.from_meeting"))
        for action, row in zip(case.strategy.actions, rows):
            row.insert(6, source(action.meeting))
    return Table(header, rows, long=len(header) - 1)


def _other_answers(case: Case, fw: Framework, lang: str) -> list[Item]:
    items = []
    for ws_id, fields in case.answers.items():
        ws = fw.worksheet(ws_id)
        for field_id, value in fields.items():
            if ws is not None and ws.field(field_id) is not None:
                continue
            if value in (None, "", [], {}):
                continue
            items.append(Item(f"{ws_id} · {field_id}", text=_plain(value)))
    return items
