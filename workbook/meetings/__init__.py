"""Intervision meetings: the methods a facilitator leads them with, the meeting as it goes
(phases, the clock, what each phase yields, advice taken into the plan, the follow-up), its
minutes, and comparing the readings of several participants of one case.

- `methods`: a method's schema (pydantic) and loading the methods of a framework from YAML
  (`frameworks/<framework>/methods/*.yaml`), with problems named by file and line.
- `meeting`: what a facilitator does in a meeting, as operations on the case (ops by id):
  start, move to a phase, the clock, items, taking advice into the action plan, follow-up.
- `clock`: the phase's clock (running, paused, over time) from what the meeting stores.
- `minutes`: the minutes of a meeting as report sections (text only; the formats are drawn
  in workbook.share.minutes), anonymised as the case is presented.
- `compare`: readings of one case side by side: actors matched across readings, the role
  agreement matrix, a consensus placement, the disputed actors and points to discuss.

Layer: above analysis (the maps of readings), below share (the minutes' HTML and PDF). Uses
analysis, framework, case and the core; never Streamlit or the interface.
"""
