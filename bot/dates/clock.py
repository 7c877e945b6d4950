"""Times of day, time ranges and time zones as people write them ("at 3pm CET", "14:00-16:00", "à 10h")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from bot.dates.words import _alternation, fold

_NAMED_TIMES = {"noon": time(12), "midday": time(12), "midi": time(12), "mediodia": time(12),
                "midnight": time(0), "minuit": time(0), "medianoche": time(0)}
_CLOCK = (r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*h\s*(?:\d{2})?|\d{1,2}\s*[ap]\.?m\.?"
          r"|noon|midday|midnight|midi|minuit|mediodia|medianoche)")
# a bare hour ("9") is a time only after "at", "à", "a las"
_AT = r"(?:at|a|à|a\s+las|a\s+la|@|vers|hacia|around|about)"
_TIME_TOKEN = rf"(?:{_CLOCK}|(?<={_AT[3:-1]}\s)\d{{1,2}})"

# fixed abbreviations people write after a time; each is the offset it names
ABBREVIATIONS = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120, "met": 60, "mest": 120,
    "eet": 120, "eest": 180, "msk": 180, "eat": 180, "cat": 120, "wat": 60, "sast": 120, "gst": 240,
    "pkt": 300, "ict": 420, "jst": 540, "kst": 540, "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    "hne": -300, "hae": -240, "heure de paris": 60,
}
_OFFSET = r"(?:(?:utc|gmt)\s*)?(?P<sign>[+-−])\s*(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?"


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {z.lower(): z for z in available_timezones() if "/" in z}


def _read_zone(word: str) -> tuple[tzinfo, str] | None:
    """A zone name ("America/New_York"), abbreviation ("CET") or offset ("GMT+2", "+05:30") → (tzinfo, label)."""
    w = word.strip().lower()
    if "/" in w:
        name = _zone_names().get(w)
        return (ZoneInfo(name), name) if name else None
    if w in ABBREVIATIONS:
        minutes = ABBREVIATIONS[w]
        return timezone(timedelta(minutes=minutes), word.strip().upper()), word.strip().upper()
    offset = re.fullmatch(_OFFSET, w)
    if offset and (w.startswith(("utc", "gmt")) or w[0] in "+-−"):
        hours, minutes = int(offset.group("hh")), int(offset.group("mm") or 0)
        if hours > 14 or minutes > 59:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        delta = -delta if offset.group("sign") in "-−" else delta
        label = "UTC" + ("+" if delta >= timedelta() else "-") + f"{hours:02d}:{minutes:02d}"
        return timezone(delta, label), label
    return None


_ZONE_TOKEN = (r"(?:[a-z]+/[a-z_+\-/0-9]+|(?:utc|gmt)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|[+-−]\d{2}:?\d{2}|"
               rf"{_alternation(ABBREVIATIONS)})")


def read_clock(text: str, *, bare_hour: bool = False) -> time | None:
    """ "9:00", "9am", "17h30", "10h", "noon", "midi", "9.30 pm" (and "9" when ``bare_hour``) → time."""
    t = fold(text).strip().replace(" ", "")
    t = t.replace(".m.", "m").replace("a.m", "am").replace("p.m", "pm")
    if t in _NAMED_TIMES:
        return _NAMED_TIMES[t]
    match = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2})?)?(am|pm)?", t)
    if not match:
        return None
    has_mark = ":" in t or "." in t or "h" in t or match.group(3)
    if not has_mark and not bare_hour:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


@dataclass(frozen=True)
class TimePhrase:
    start: time
    end: time | None = None
    zone: tzinfo | None = None
    zone_label: str = ""


_TIME_PHRASE = re.compile(
    rf"^(?:(?:from|de|des|du|entre|desde|between)\s+)?(?:{_AT}\s+)?(?P<start>{_CLOCK}|\d{{1,2}})"
    rf"(?:\s*(?:-|–|—|to|until|till|a|à|au|hasta|y|and|et)\s*(?:{_AT}\s+)?(?P<end>{_CLOCK}|\d{{1,2}}))?"
    rf"(?:\s+(?P<zone>{_ZONE_TOKEN}))?$",
    re.IGNORECASE,
)


def read_time_phrase(text: str, *, bare_hour: bool = False) -> TimePhrase | None:
    """ "15:00", "at 3pm CET", "14:00-16:00", "from 2pm to 4pm", "à 10h", "a las 9", "noon UTC",
    "9:00 America/New_York" → a TimePhrase; None when the text is not only a time."""
    t = " ".join(fold(text).split()).strip(" ,")
    match = _TIME_PHRASE.match(t)
    if not match:
        return None
    led = bool(re.match(rf"^(?:{_AT}|from|de|des|entre|desde|between)\s", t))
    start = read_clock(match.group("start"), bare_hour=bare_hour or led)
    if start is None:
        return None
    end = None
    if match.group("end"):
        end = read_clock(match.group("end"), bare_hour=True)
        if end is None:
            return None
    zone, label = None, ""
    if match.group("zone"):
        found = _read_zone(match.group("zone"))
        if found is None:
            return None
        zone, label = found
    return TimePhrase(start, end, zone, label)
