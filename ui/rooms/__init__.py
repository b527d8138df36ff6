"""The live intervision room: the facilitator's room in the meeting page (facilitator) and
the participant's page on their own device (participant); one fragment with `run_every`
per view asks the store for the room's version and redraws only when it changed."""
