"""An intervision meeting on the open case: a facilitator leads it with a method, phase by
phase, records what it yields, compares the participants' readings and leaves with minutes
and an updated action plan (see ui/meetings/)."""

from ui.meetings import page

page.show()
