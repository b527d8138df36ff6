"""The clock of a meeting's open phase, from what the meeting stores: the seconds it ran
before (`elapsed`) and, while it runs, since when (`running_since`). A reload, another tab or
another app process read the same clock; pausing adds what ran to `elapsed`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbook.case.model import Meeting
from workbook.meetings.methods import Method


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


def elapsed(meeting: Meeting, at: dt.datetime | None = None) -> float:
    """Seconds the open phase has run, up to `at` (now)."""
    total = meeting.elapsed
    if meeting.running_since is not None:
        since = (_aware(at or now()) - _aware(meeting.running_since)).total_seconds()
        total += max(0.0, since)
    return total


@dataclass(frozen=True)
class Clock:
    elapsed: float  # seconds
    planned: float  # seconds the phase is planned to take
    running: bool

    @property
    def over(self) -> bool:
        return self.elapsed > self.planned

    @property
    def left(self) -> float:
        """Seconds left (negative: over time)."""
        return self.planned - self.elapsed

    @property
    def share(self) -> float:
        """How much of the planned time has gone, 0..1 (1 when over)."""
        return min(1.0, self.elapsed / self.planned) if self.planned > 0 else 1.0


def clock(meeting: Meeting, method: Method, at: dt.datetime | None = None) -> Clock | None:
    """The open phase's clock; None before the meeting starts (or for an unknown phase)."""
    phase = method.phase(meeting.phase)
    if phase is None:
        return None
    return Clock(elapsed(meeting, at), phase.minutes * 60.0, meeting.running_since is not None)


def mmss(seconds: float) -> str:
    """12:05; past an hour 1:02:05. Never negative: callers say 'over time' in words."""
    whole = int(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
