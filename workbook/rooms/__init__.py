"""Live intervision rooms: participants add their reading of a meeting's case from their own
device, the facilitator's screen (the projector) shows it as it comes in.

- `entry`: what a participant may send (a question, a concern of the middle, an advice with
  its game changer and pitfalls, a reading of the actors' roles and sides), validated with
  limits; every refusal is a message key (`Refused`), and nothing is stored on refusal.
- `room`: the room in the store (workbook.case.roomrows): opening it for a meeting (an
  unguessable code), joining, admitting (the admitted users, or the whole cohort), what
  arrives, hiding and revealing, a cheap version number to poll, and closing it.
- `record`: what a closed room leaves in the case: the meeting's items and readings, as
  operations (one revision), names only of those who agreed.

Layer: above meetings (methods, meeting items, readings) and accounts (users, the access
check of a case, cohorts), below share. Never Streamlit or the interface.
"""
