"""What the column beside a worksheet (the map, the role balance, the map in words and the
coach) shows of the case, as one value: a worksheet that reruns alone compares it with what
the column drew, and asks for the whole page only when it differs."""

from __future__ import annotations

from workbook.analysis.balance import own_estimate
from workbook.case.model import Case
from workbook.framework.schema import Framework
from ui.analysis.mapview import map_content
from ui.coach import side_hints


def side_shows(case: Case, fw: Framework, part: int = 2) -> tuple:
    """The map's content, the coach's hints and the trainee's own estimate of the middle."""
    return map_content(case), side_hints(case, fw, part), own_estimate(case, fw)
