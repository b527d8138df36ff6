"""Dates are read day first in both languages; impossible or ambiguous ones are refused with
a reason, never read another way; they are shown in the reader's format."""

import datetime as dt

import pytest

from workbook import dates
from workbook.dates import DateRefused


@pytest.mark.parametrize("text", ["15/09/2026", "15-09-2026", "15.09.2026", "15 / 9 / 2026",
                                  "2026-09-15", "15 september 2026", "15 Sep 2026",
                                  "15 sept. 2026", " 15/09/2026 "])
def test_the_fifteenth_of_september_however_it_is_typed(text):
    assert dates.parse(text) == dt.date(2026, 9, 15)


@pytest.mark.parametrize("text, key", [
    ("31/02/2026", "no_such_day"), ("09/15/2026", "no_such_month"),
    ("15/09/26", "year_in_full"), ("morgen", "unreadable"), ("15 brumaire 2026", "unknown_month"),
    ("2026-02-30", "no_such_day")])
def test_impossible_or_ambiguous_dates_are_refused_with_a_reason(text, key):
    with pytest.raises(DateRefused) as refused:
        dates.parse(text)
    assert refused.value.key == key
    for lang in ("nl", "en"):
        message = refused.value.message(lang)
        assert text.strip() in message or key == "no_such_month"
        assert "dates." not in message


def test_nothing_typed_is_no_date():
    assert dates.parse("") is None and dates.parse("  ") is None and dates.parse(None) is None


def test_shown_in_the_readers_format():
    day = dt.date(2026, 9, 5)
    assert dates.show(day, "nl") == "05/09/2026"
    assert dates.show(day, "en") == "5 Sep 2026"
    assert dates.spelled(day, "nl") == "5 september 2026"
    assert dates.spelled(day, "en") == "5 September 2026"
    assert dates.typed(day) == "05/09/2026" and dates.show(None, "nl") == ""


def test_what_is_shown_reads_back_as_the_same_date():
    for day in (dt.date(2026, 1, 31), dt.date(2024, 2, 29), dt.date(2026, 12, 1)):
        for lang in ("nl", "en"):
            assert dates.parse(dates.show(day, lang)) == day
            assert dates.parse(dates.spelled(day, lang)) == day
