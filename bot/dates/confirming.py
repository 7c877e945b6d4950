"""Asking back a date in the past or far away, the word "confirm", and showing a reading back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale

from bot.dates.when import Unlikely, When
from bot.dates.words import fold
from bot.i18n import N_, zone_label
from storage.models import Precision

FAR_YEARS = 5  # a date further ahead than this is asked back before it is saved
CONFIRM_WORDS = ("confirm", "confirmed", "confirmer", "confirme", "confirmé", "confirmar", "confirmado")


def strip_confirm(text: str) -> tuple[str, bool]:
    """ "1 May 2026 confirm" → ("1 May 2026", True)."""
    words = text.strip().split()
    if words and fold(words[-1]).strip("!.,()") in {fold(w) for w in CONFIRM_WORDS}:
        return " ".join(words[:-1]), True
    return text, False


def check_sensible(when: When, *, now: datetime, tz: str, past: bool = True) -> None:
    """Ask back (never save) a date in the past or more than FAR_YEARS years away: one line, the question."""
    today = now.astimezone(ZoneInfo(tz)).date()
    if past and (when.at is not None and when.at < now - timedelta(seconds=59) or (when.at is None and when.end < today)):
        raise Unlikely(N_('Did you mean {reading}? That is in the past; to save it anyway, repeat with '
                            '"confirm" after the date.'), values={"reading": Reading(when)})
    try:
        far = today.replace(year=today.year + FAR_YEARS)
    except ValueError:
        far = today.replace(year=today.year + FAR_YEARS, day=28)
    if when.start > far:
        raise Unlikely(N_('Did you mean {reading}? That is more than {years} years away; to save it anyway, '
                            'repeat with "confirm" after the date.'), values={"reading": Reading(when),
                                                                           "years": FAR_YEARS})


@dataclass(frozen=True)
class Reading:
    """A ``When`` as a reply shows it: weekday, date, time and zone ("Friday 14 May 2027, 15:00 CEST")."""

    when: When

    def localized(self, locale) -> str:
        return describe(self.when, locale)

    def __str__(self) -> str:
        return describe(self.when, "en")


def describe(when: When, locale: Locale | str = "en") -> str:
    """What was read, with the weekday and, for a moment, the zone."""
    # imported when first used: babel.dates costs a start about 10 ms
    from babel.dates import format_date, format_skeleton, format_time

    if when.precision == Precision.MONTH:
        return format_skeleton("yMMMM", when.start, locale=locale)

    def day(value: date) -> str:  # "Friday 14 May 2027", "vendredi 14 mai 2027", "viernes, 14 de mayo de 2027"
        spanish = str(locale).startswith("es")
        return format_date(value, "full" if spanish else "EEEE d MMMM y", locale=locale)

    if when.at is not None:
        at, end_at = when.at, when.end_at
        if end_at is not None and when.end > end_at.date():  # "14-15 May at 10:00-12:00": to 12:00 on the
            end_at = datetime.combine(when.end, end_at.timetz())  # 15th, as the calendar export reads it
        text = f"{day(at.date())}, {format_time(at, 'short', tzinfo=at.tzinfo, locale=locale)}"
        if end_at is not None:
            if end_at.date() != at.date():
                text += f" – {day(end_at.date())}, "
            else:
                text += "–"
            text += format_time(end_at, 'short', tzinfo=end_at.tzinfo, locale=locale)
        zone = zone_label(at, locale)
        text += f" {zone}"
        if when.timezone and zone != when.timezone:
            text += f" ({when.timezone})"
        if when.end != (end_at or at).date():  # "14-15 May at 10:00(-12:00)": the last day too
            text += f" – {day(when.end)}"
        return text
    if when.end != when.start:
        return f"{day(when.start)} – {day(when.end)}"
    return day(when.start)
