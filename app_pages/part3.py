"""Part 3 of the course."""

from ui.part import part_header, worksheet_area

case, fw = part_header(3)
if fw is not None:
    worksheet_area(3, case, fw)
