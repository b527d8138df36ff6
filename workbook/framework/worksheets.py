"""What a worksheet field offers and whether it has been answered: logic shared by the
renderer, the case overview and the exports."""

from __future__ import annotations

from typing import Any

from workbook.case.model import Case
from workbook.framework.schema import Framework, Worksheet, WorksheetField
from workbook.text import Text


def field_options(field: WorksheetField, framework: Framework, case: Case | None
                  ) -> list[tuple[str, Text | str]]:
    """(id, label) pairs; labels are Text from YAML, or plain user text for actors."""
    if field.options:
        return [(o.id, o.label) for o in field.options]
    if field.options_from == "actors":
        return [(a.id, a.name or a.id) for a in (case.actors if case else [])]
    concepts = getattr(framework.concepts, field.options_from or "", [])
    return [(c.id, c.name) for c in concepts]


def answer_path(worksheet: Worksheet, field: WorksheetField) -> tuple[str, ...]:
    """Where a field's value lives in the case document."""
    if field.type in ("poles", "actors", "fuel"):
        return (field.type,)
    if field.type in ("intended", "actions"):
        return ("strategy", field.type)
    if field.type == "position":
        return ("strategy", "me")
    return ("answers", worksheet.id, field.id)


def field_value(case: Case, worksheet: Worksheet, field: WorksheetField) -> Any:
    if field.type in ("poles", "actors", "fuel"):
        return getattr(case, field.type)
    if field.type in ("intended", "actions"):
        return getattr(case.strategy, field.type)
    if field.type == "position":
        return case.strategy.me
    return case.answer(worksheet.id, field.id)


def is_answered(case: Case, worksheet: Worksheet, field: WorksheetField) -> bool:
    value = field_value(case, worksheet, field)
    if field.type == "poles":
        return any(p.label.strip() or p.identity.strip() for p in value)
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return value is not None


def part_progress(case: Case, framework: Framework, part: int) -> tuple[int, int]:
    """(answered, total) fields over the worksheets of one course part."""
    done = total = 0
    for ws in framework.worksheets_of(part):
        for field in ws.fields:
            total += 1
            done += is_answered(case, ws, field)
    return done, total


def next_worksheet(case: Case, framework: Framework, parts: tuple[int, ...] = (2, 3)
                   ) -> Worksheet | None:
    """Where to go on: the first worksheet of these parts, in order, with no answer yet."""
    for part in parts:
        for ws in framework.worksheets_of(part):
            if not any(is_answered(case, ws, f) for f in ws.fields):
                return ws
    return None
