"""Dates as a reader writes and reads them, whatever the browser's locale.

Typed: day first, always: DD/MM/YYYY (also with `-`, `.` or spaces between), the ISO form
YYYY-MM-DD, or the day, a month name and the year ("15 september 2026", "15 Sep 2026") in
Dutch or English. A date that does not exist (31/02/2026), a month above 12 (09/15/2026, an
American order) or a year of two digits is refused with a reason, never read another way.

Shown: Dutch DD/MM/YYYY; English "15 Sep 2026" (the month named, so no reader takes the day
for the month). `spelled` names the month in full, to show back what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from workbook import i18n

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
# every month name, full or abbreviated, either language -> month number
_NAMES: dict[str, int] = {}
for _names in MONTHS.values():
    for _n, _name in enumerate(_names, start=1):
        _NAMES[_name.lower()] = _n
        _NAMES[_name.lower()[:3]] = _n
_NAMES.update({"mrt": 3, "okt": 10, "sept": 9})

_NUMERIC = re.compile(r"^(\d{1,4})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,4})$")
_NAMED = re.compile(r"^(\d{1,2})\.?\s*([^\W\d_]+)\.?,?\s*(\d{1,4})$")


@dataclass
class DateRefused(ValueError):
    """Why a typed date was refused: a locale key and its parameters."""

    key: str
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return i18n.t(f"dates.{self.key}", lang, **self.params)


def parse(text: str | None) -> dt.date | None:
    """The date typed in `text`; None for an empty text. Raises DateRefused."""
    text = " ".join((text or "").split())
    if not text:
        return None
    found = _NUMERIC.match(text)
    if found:
        first, second, third = found.groups()
        if len(first) == 4:  # ISO: year first, then month, then day
            return _make(third, second, first, text)
        return _make(first, second, third, text)
    found = _NAMED.match(text)
    if found:
        day, name, year = found.groups()
        month = _NAMES.get(name.lower())
        if month is None:
            raise DateRefused("unknown_month", {"text": text, "month": name})
        return _make(day, str(month), year, text)
    raise DateRefused("unreadable", {"text": text})


def _make(day: str, month: str, year: str, text: str) -> dt.date:
    if len(year) != 4:
        raise DateRefused("year_in_full", {"text": text})
    d, m, y = int(day), int(month), int(year)
    if not 1 <= m <= 12:
        raise DateRefused("no_such_month", {"text": text, "month": m})
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise DateRefused("no_such_day", {"text": text}) from None


def show(value: dt.date | None, lang: str) -> str:
    """A date as the reader reads it: nl 15/09/2026, en 15 Sep 2026; '' for None."""
    if value is None:
        return ""
    if lang == "en":
        return f"{value.day} {MONTHS['en'][value.month - 1][:3]} {value.year}"
    return value.strftime("%d/%m/%Y")


def spelled(value: dt.date, lang: str) -> str:
    """The date with its month in full, to show back what was typed: 15 september 2026."""
    names = MONTHS.get(lang, MONTHS["en"])
    return f"{value.day} {names[value.month - 1]} {value.year}"


def typed(value: dt.date | None) -> str:
    """A stored date as a user types it (the same in both languages): 15/09/2026."""
    return value.strftime("%d/%m/%Y") if value else ""


def from_iso(value: object) -> dt.date | None:
    """A stored value (a date or an ISO text) as a date; anything else is None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
