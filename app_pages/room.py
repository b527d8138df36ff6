"""A live intervision room, for a participant on their own device (`/room?room=CODE`): the
anonymised case, the meeting's current phase and what it asks for (see ui/rooms/)."""

from ui.rooms import participant

participant.page()
