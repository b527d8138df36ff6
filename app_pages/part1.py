"""Part 1 of the course."""

from ui.part import part_header, worksheet_area

case, fw = part_header(1)
if fw is not None:
    worksheet_area(1, case, fw)
