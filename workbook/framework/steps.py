"""A worksheet worked out step by step (one with `steps`, such as the authentic question):
how far each step is, what the coach says at each step, and what the result becomes
elsewhere in the case (`becomes`: the question becomes the topic of game changer 2).

The coach speaks at a step through the rules that read one of its fields (in the case) and
through the rules a field names in `coach` (on the text the trainee just wrote).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbook.case.model import Case
from workbook.coach import Hint, answers_read, hints, text_hints
from workbook.framework.schema import CHOICE_TYPES, Framework, Worksheet, WorksheetStep
from workbook.framework.worksheets import answer_path, field_value, is_answered

Path = tuple[str, ...]


@dataclass(frozen=True)
class StepState:
    step: WorksheetStep
    answered: int
    total: int

    @property
    def done(self) -> bool:
        return self.answered >= self.total


def stepped(fw: Framework, part: int) -> list[Worksheet]:
    """The worksheets of a part that are worked out step by step."""
    return [w for w in fw.worksheets_of(part) if w.steps]


def step_states(case: Case, ws: Worksheet) -> list[StepState]:
    out = []
    for step in ws.steps:
        fields = [ws.field(f) for f in step.fields]
        out.append(StepState(step, sum(is_answered(case, ws, f) for f in fields if f),
                             len(fields)))
    return out


def step_hints(case: Case, fw: Framework, ws: Worksheet, step: WorksheetStep,
               found: list[Hint] | None = None) -> list[Hint]:
    """What the coach says at this step: the case's hints (`found`, or computed) whose rule
    reads this worksheet and is acted on here (the last step with a field the rule reads),
    then the hints of each field's own rules on its text."""
    case_hints = found if found is not None else hints(case, fw)
    out = [h for h in case_hints if _step_of_rule(ws, h) is step]
    seen = {h.id for h in out}
    for field_id in step.fields:
        field = ws.field(field_id)
        text = case.answer(ws.id, field_id) if field is not None else None
        if field is None or not field.coach or not isinstance(text, str):
            continue
        for hint in text_hints(text, field.coach, fw):
            if hint.id not in seen:
                seen.add(hint.id)
                out.append(hint)
    return out


def _step_of_rule(ws: Worksheet, hint: Hint) -> WorksheetStep | None:
    read = {f for sheet, f in answers_read(hint.rule) if sheet == ws.id}
    at = [s for s in ws.steps if read & set(s.fields)]
    return at[-1] if at else None


def takeover(case: Case, fw: Framework, ws: Worksheet) -> list[tuple[Path, Any]]:
    """The changes that carry this worksheet's result where its fields say it `becomes`:
    (path, value) for each answered field; a choice keeps only the options the target has,
    and two checklists that become one are joined."""
    out: dict[Path, Any] = {}
    for field in ws.fields:
        target = fw.answer_field(field.becomes) if field.becomes else None
        if target is None or not is_answered(case, ws, field):
            continue
        path = answer_path(fw.worksheet(field.becomes[0]), target)
        value = field_value(case, ws, field)
        if target.type in CHOICE_TYPES:
            offered = [o.id for o in target.options]
            values = set(value if isinstance(value, list) else [value])
            values |= set(out.get(path) or [])
            value = [v for v in offered if v in values]  # in the target's order
            if target.type == "choice":
                value = value[0] if value else None
        out[path] = value
    return list(out.items())


def taken_over(case: Case, fw: Framework, ws: Worksheet) -> bool:
    """Whether the case already holds this worksheet's result where it becomes something."""
    changes = takeover(case, fw, ws)
    return bool(changes) and all(_at(case, path) == value for path, value in changes)


def _at(case: Case, path: Path) -> Any:
    node: Any = case.to_doc()
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node
