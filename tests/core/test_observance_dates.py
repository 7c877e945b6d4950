"""The one rule for when an international day falls (``storage.models.Observance``)."""

from __future__ import annotations

from datetime import date

from storage.models import Observance


def day(month: int, dom: int) -> Observance:
    return Observance(key="d", month=month, day=dom, name="World Day", name_fr="Journée mondiale", name_es="")


def test_the_next_time_a_day_comes_round_counts_today_and_waits_for_a_leap_year():
    assert day(6, 12).next_on_or_after(date(2027, 6, 12)) == date(2027, 6, 12)
    assert day(6, 12).next_on_or_after(date(2027, 6, 13)) == date(2028, 6, 12)
    assert day(2, 29).next_on_or_after(date(2025, 3, 1)) == date(2028, 2, 29)


def test_the_days_between_two_dates_are_each_year_s_and_skip_a_missing_29_february():
    assert day(12, 2).between(date(2026, 11, 1), date(2028, 1, 31)) == [date(2026, 12, 2), date(2027, 12, 2)]
    assert day(2, 29).between(date(2026, 1, 1), date(2028, 12, 31)) == [date(2028, 2, 29)]
    assert day(3, 1).between(date(2027, 3, 2), date(2027, 12, 31)) == []


def test_a_day_is_named_in_the_language_asked_or_in_english():
    assert day(6, 12).name_in("fr") == "Journée mondiale"
    assert day(6, 12).name_in("es") == "World Day"  # no Spanish name recorded
    assert day(6, 12).name_in(None) == "World Day"
