"""Recurrence phrases in English, French and Spanish ("every Monday 9:00", "chaque lundi à 9h") read into rules."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule as rr  # type: ignore[import-untyped]  # its stubs are not installed

from bot.dates import fold
from bot.errors import UsageError
from bot.i18n import N_
from bot.recurrence.moments import Schedule, _first_after, _rule_line
from bot.recurrence.times import read_time_of_day

WHEN_EXAMPLES = N_('"in 10 minutes", "tomorrow 9:00", "on 14 May at 15:00", "every Monday 9:00", '
                   '"every other Tuesday 10:00", "every last Friday of the month 15:00", "every month on the 1st", '
                   '"cron 0 9 * * 1", "rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"')

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}

_DAY_NAME = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_TIME_TEXT = r"\d{1,2}(?:[:h.]\d{2})\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)|\d{1,2}h"
_ORD = r"first|second|third|fourth|last|1st|2nd|3rd|4th"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}
_EVERY = re.compile(
    rf"""every\s+
    (?:(?P<ord>{_ORD})\s+(?P<owd>{_DAY_NAME})\s+of\s+(?:the|every|each)\s+month
     |other\s+(?P<other>)(?P<ounit>days?|weeks?|months?|{_DAY_NAME})(?:\s+on\s+(?P<oday>{_DAY_NAME}))?
     |(?P<amb>2nd|second|3rd|third|4th|fourth)\s+(?P<awd>{_DAY_NAME})
     |(?:(?P<n>\d+)\s+)?
      (?P<unit>minutes?|hours?|days?|weekdays?|weeks?|months?|years?|{_DAY_NAME}(?:\s*(?:,|and|&)\s*{_DAY_NAME})*)
      (?:\s+on\s+(?:the\s+)?(?P<monthday>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?P<month>{_MONTH_NAME}))?
         |\s+on\s+(?P<month_first>{_MONTH_NAME})\s+(?P<monthday2>\d{{1,2}})(?:st|nd|rd|th)?
         |\s+on\s+(?P<onday>{_DAY_NAME}))?
    )
    (?:\s+(?:at\s+)?(?P<time>{_TIME_TEXT}))?""",
    re.IGNORECASE | re.VERBOSE,
)
_HAS_TIME = re.compile(rf"\b(?:{_TIME_TEXT})\b|\bin\s+\d+\s*(?:min|minute|hour|h)\w*|\bnow\b", re.IGNORECASE)
_ONLY_TIME = re.compile(rf"^(?:at\s+)?(?:{_TIME_TEXT})$", re.IGNORECASE)

# French and Spanish recurrences, rewritten word for word into the English grammar above
_EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FR_ES_DAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
               "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
_FR_ES_ORD = {"premier": "first", "1er": "first", "deuxieme": "second", "second": "second", "2e": "second",
              "troisieme": "third", "3e": "third", "quatrieme": "fourth", "4e": "fourth", "dernier": "last",
              "primer": "first", "primero": "first", "segundo": "second", "tercer": "third", "tercero": "third",
              "cuarto": "fourth", "ultimo": "last"}
_REWRITES = [
    (r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s\b", r"\1"),
    (r"\b(sabado|domingo)s\b", r"\1"),
    (r"^un (\w+) sur deux\b", r"every other \1"),
    (r"^(?:le|la|el|the) (\w+) (\w+) (?:de chaque|du|de cada|del|of every|of each) mois\b", r"every \1 \2 of the month"),
    (r"^(?:le|la|el|the) (\w+) (\w+) (?:de chaque|de cada|del|of every|of each) (?:mes)\b", r"every \1 \2 of the month"),
    (r"^(\w+) por medio\b", r"every other \1"),
    (r"^(?:chaque|tous les|toutes les|cada|todos los|todas las)\b", "every"),
    (r"^every (?:deux|dos)\b", "every other"),
    (r"\b(?:du mois|de chaque mois|de cada mes|del mes)\b", "of the month"),
    (r"\b(?:le|el) dia (\d)", r"on the \1"),
    (r"\b(?:jours ouvrables|jour ouvrable|jours de semaine|dias laborables|dia laborable|dias habiles)\b", "weekday"),
    (r"\b(?:jours|jour|dias|dia)\b", "day"),
    (r"\b(?:semaines|semaine|semanas|semana)\b", "week"),
    (r"\b(?:mois|meses|mes)\b", "month"),
    (r"\b(?:annees|annee|ans|anos|ano)\b", "year"),
    (r"\b(?:heures|heure|horas|hora)\b", "hour"),
    (r"\b(?:minutos|minuto)\b", "minute"),
    (r"\b(?:le|el|les|los)\s+(?=(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miercoles|"
     r"jueves|viernes|sabado|domingo)\b)", "on "),
    (r"\b(?:le|el) (\d)", r"on the \1"),
    (r"(\d)er\b", r"\1"),
    (r"\b(?:a las|a la|à|a)\s+(?=\d|midi|mediodia)", "at "),
    (r"\b(?:et|y)\b", "and"),
]


def canonical_every(folded: str) -> str | None:
    """A recurrence phrase in English, French or Spanish ("chaque lundi à 9h", "cada lunes a las 9",
    "le dernier vendredi du mois") as the English grammar reads it; None when it is not one."""
    text = folded.strip()
    if not re.match(r"^(every|chaque|tous|toutes|cada|todos|todas|un |le |la |el |the |\w+ por medio)", text):
        return None
    for pattern, repl in _REWRITES:
        text = re.sub(pattern, repl, text)
    words = []
    for word in text.split(" "):
        if word in _FR_ES_DAYS:
            word = _EN_DAYS[_FR_ES_DAYS[word]]
        elif word in _FR_ES_ORD:
            word = _FR_ES_ORD[word]
        words.append(word)
    text = " ".join(words).replace("midi", "12:00").replace("mediodia", "12:00").replace("noon", "12:00")
    text = re.sub(r"\b(\d{1,2})h\b", r"\1:00", text)
    text = re.sub(r"\bat (\d{1,2})$", r"at \1:00", text)
    return text if text.startswith("every") else None


def _read_every(text, tz, now, now_local, default_time) -> tuple[Schedule, str] | None:
    """A recurrence phrase at the start of ``text`` in English, French or Spanish, or None."""
    words = text.split(" ")
    folded = fold(text).split(" ")
    for size in range(min(len(words), 14), 0, -1):
        canonical = canonical_every(" ".join(folded[:size]))
        if canonical is None:
            continue
        match = _EVERY.fullmatch(canonical)
        if match:
            return _every_schedule(match, canonical, tz, now, now_local, default_time), " ".join(words[size:])
    if canonical_every(folded[0]) is not None or canonical_every(" ".join(folded[:2])) is not None:
        raise UsageError(N_('I could not read the recurrence in "{text}".'), values={"text": _clip(text)},
                         examples=WHEN_EXAMPLES)
    return None


def _every_schedule(match, text, tz, now, now_local, default_time) -> Schedule:
    if match.group("amb"):
        raise UsageError(N_('"{text}" could mean every other {day} or the {nth} {day} of each month; please say '
                            '"every other {day}" or "every {nth} {day} of the month".'),
                         values={"text": _clip(text), "day": match.group("awd"), "nth": match.group("amb")},
                         examples='"every other Tuesday 10:00", "every 2nd Tuesday of the month 10:00"')
    at = read_time_of_day(match.group("time")) if match.group("time") else None
    kwargs: dict = {"interval": 1}
    if match.group("ord"):
        nth = _ORDINALS[match.group("ord")]
        freq = rr.MONTHLY
        kwargs["byweekday"] = (_weekday(match.group("owd"))(nth),)
    elif match.group("other") is not None:
        unit = match.group("ounit")
        kwargs["interval"] = 2
        if unit.startswith("day"):
            freq = rr.DAILY
        elif unit.startswith("week"):
            freq = rr.WEEKLY
            if match.group("oday"):
                kwargs["byweekday"] = (_weekday(match.group("oday")),)
        elif unit.startswith("month"):
            freq = rr.MONTHLY
        else:
            freq, kwargs["byweekday"] = rr.WEEKLY, (_weekday(unit),)
    else:
        unit = match.group("unit").lower()
        interval = int(match.group("n") or 1)
        if interval < 1 or interval > 1000:
            raise UsageError(N_('"{text}" is not a recurrence that can happen.'), values={"text": f"every {interval}"},
                             examples=WHEN_EXAMPLES)
        kwargs["interval"] = interval
        monthday = match.group("monthday") or match.group("monthday2")
        month_word = match.group("month") or match.group("month_first")
        if unit.startswith("minute"):
            freq = rr.MINUTELY
        elif unit.startswith("hour"):
            freq = rr.HOURLY
        elif unit.startswith("weekday"):
            freq, kwargs["byweekday"] = rr.DAILY, (rr.MO, rr.TU, rr.WE, rr.TH, rr.FR)
        elif unit.startswith("day"):
            freq = rr.DAILY
        elif unit.startswith("week"):
            freq = rr.WEEKLY
            if match.group("onday"):
                kwargs["byweekday"] = (_weekday(match.group("onday")),)
        elif unit.startswith("month"):
            freq = rr.MONTHLY
            if monthday:
                kwargs["bymonthday"] = _monthday(int(monthday), None)
        elif unit.startswith("year"):
            freq = rr.YEARLY
            if monthday:
                if not month_word or _month(month_word) is None:
                    raise UsageError(N_('Please name the month in "{text}".'), values={"text": _clip(text)},
                                     examples='"every year on 12 June"')
                month = _month(month_word)
                kwargs["bymonth"], kwargs["bymonthday"] = month, _monthday(int(monthday), month)
        else:
            days = re.findall(_DAY_NAME, unit, re.IGNORECASE)
            freq, kwargs["byweekday"] = rr.WEEKLY, tuple(_weekday(d) for d in days)
    if freq in (rr.MINUTELY, rr.HOURLY):
        if at is not None:
            raise UsageError(N_('"{text}" takes no time of day.'), values={"text": _clip(text)},
                             examples='"every 2 hours"')
        step = timedelta(minutes=kwargs["interval"]) if freq == rr.MINUTELY else timedelta(hours=kwargs["interval"])
        dtstart = now.astimezone(ZoneInfo(tz)).replace(tzinfo=None, microsecond=0) + step  # "every 2 hours": from now
    else:
        at = at or default_time
        dtstart = now_local.replace(tzinfo=None, hour=at.hour, minute=at.minute)
        if kwargs.get("bymonthday") and freq == rr.YEARLY:
            dtstart = dtstart.replace(day=1)
    # the first moment is the next one the rule's pattern allows ("every 2 days 9:00": tomorrow at 9:00);
    # the interval counts from there
    rule = rr.rrule(freq, dtstart=dtstart, **{**kwargs, "interval": 1})
    first = _first_after(rule, now, tz)
    if first is None:
        raise UsageError(N_('"{text}" never happens.'), values={"text": _clip(text)}, examples=WHEN_EXAMPLES)
    # store the rule anchored at its first moment, so "every 2 weeks" keeps its rhythm
    anchored = rr.rrule(freq, dtstart=first.astimezone(ZoneInfo(tz)).replace(tzinfo=None), **kwargs)
    return Schedule(first, _rule_line(anchored), tz)


def _weekday(word: str):
    return (rr.MO, rr.TU, rr.WE, rr.TH, rr.FR, rr.SA, rr.SU)[WEEKDAYS[word.lower()[:3]]]


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower()[:3])


def _monthday(day: int, month: int | None) -> int:
    if not 1 <= day <= (MONTH_DAYS[month] if month else 31):
        message = N_("Day {day} never happens in that month.") if month else N_("Day {day} never happens.")
        raise UsageError(message, values={"day": day},
                         examples='"every month on the 1st", "every year on 29 February"')
    return day


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
