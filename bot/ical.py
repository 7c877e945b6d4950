"""iCalendar (RFC 5545) export and import of calendar events, with the icalendar library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from storage.models import CalendarEvent, Precision

if TYPE_CHECKING:
    from bot.settings import Settings

PRODID = "-//Alliance 8.7 bot//calendar//EN"
UID_DOMAIN = "alliance87-bot"
MAX_EVENTS = 5000


def uid_of(event: CalendarEvent) -> str:
    return f"event-{event.id}@{UID_DOMAIN}"


def timed_end(event: CalendarEvent) -> datetime:
    """Where a timed event ends: its end time, on its last day when it runs over several ("17-19 May at
    10:00-12:00" ends on the 19th at 12:00); the end of the last day when it has no end time ("14-15 May
    at 10:00"); one hour after the start for a one-day event with no end time."""
    assert event.start_at is not None
    zone = ZoneInfo(event.timezone) if event.timezone else UTC
    start = event.start_at.astimezone(zone)
    if event.ends_on is None or event.ends_on <= start.date():
        return event.end_at or event.start_at + timedelta(hours=1)
    if event.end_at is not None:
        return datetime.combine(event.ends_on, event.end_at.astimezone(zone).timetz())
    return datetime.combine(event.ends_on + timedelta(days=1), time(), zone)


def export(events: list[CalendarEvent], *, name: str, now: datetime,
           month_note: str = "Date to be fixed within the month.") -> bytes:
    """A VCALENDAR with one VEVENT per event: timed events in UTC, others as all-day dates.
    ``month_note`` (in the reader's language) opens the description of an event known only by its month."""
    import icalendar  # here, not at start: most runs never read or write a calendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", uid_of(event))
        entry.add("dtstamp", now.astimezone(UTC))
        entry.add("summary", event.title)
        if event.start_at is not None:
            entry.add("dtstart", event.start_at.astimezone(UTC))
            entry.add("dtend", timed_end(event).astimezone(UTC))
        else:
            entry.add("dtstart", event.starts_on)
            entry.add("dtend", event.ends_on + timedelta(days=1))  # DTEND of an all-day event is exclusive
        if event.place:
            entry.add("location", event.place)
        description = event.description
        if event.precision == Precision.MONTH:
            description = "\n".join(filter(None, [month_note, description]))
        if description:
            entry.add("description", description)
        if event.link.startswith(("http://", "https://")):
            entry.add("url", event.link)
        entry.add("status", "TENTATIVE" if event.tentative else "CONFIRMED")
        if event.group is not None:
            entry.add("categories", [event.group.name])
        calendar.add_component(entry)
    return calendar.to_ical()


@dataclass(frozen=True)
class ImportedEvent:
    uid: str
    title: str
    starts_on: date
    ends_on: date
    start_at: datetime | None
    end_at: datetime | None
    timezone: str
    place: str
    description: str
    link: str
    tentative: bool


class UnreadableCalendar(ValueError):
    """Not an iCalendar file, or one without a single usable event."""


def read(data: bytes, *, default_tz: str) -> list[ImportedEvent]:
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # the parser raises ValueError and friends on bad input
        raise UnreadableCalendar(str(exc)) from None
    found = []
    for entry in calendar.walk("VEVENT")[:MAX_EVENTS]:
        start = entry.get("dtstart")
        title = str(entry.get("summary", "")).strip()
        if start is None or not title:
            continue
        start_value = start.dt
        end = entry.get("dtend")
        end_value = end.dt if end is not None else None
        zone = ZoneInfo(default_tz)
        if isinstance(start_value, datetime):
            start_at = start_value if start_value.tzinfo else start_value.replace(tzinfo=zone)
            end_at = None
            if isinstance(end_value, datetime):
                end_at = end_value if end_value.tzinfo else end_value.replace(tzinfo=zone)
            tz = getattr(start_at.tzinfo, "key", None) or default_tz
            if tz in ("UTC", "Etc/UTC"):  # a moment, not a place: show it in the importer's zone
                tz = default_tz
            local = start_at.astimezone(ZoneInfo(tz))
            ends_on = (end_at.astimezone(ZoneInfo(tz)).date() if end_at else local.date())
            found.append(ImportedEvent(
                uid=str(entry.get("uid", "")), title=title, starts_on=local.date(), ends_on=max(ends_on, local.date()),
                start_at=start_at.astimezone(UTC), end_at=end_at.astimezone(UTC) if end_at else None, timezone=tz,
                place=str(entry.get("location", "")), description=str(entry.get("description", "")),
                link=str(entry.get("url", "")), tentative=str(entry.get("status", "")).upper() == "TENTATIVE"))
        else:
            ends_on = (end_value - timedelta(days=1)) if isinstance(end_value, date) and end_value > start_value \
                else start_value
            found.append(ImportedEvent(
                uid=str(entry.get("uid", "")), title=title, starts_on=start_value, ends_on=ends_on, start_at=None,
                end_at=None, timezone="", place=str(entry.get("location", "")),
                description=str(entry.get("description", "")), link=str(entry.get("url", "")),
                tentative=str(entry.get("status", "")).upper() == "TENTATIVE"))
    return found


def feed_url(settings: Settings, token: str) -> str:
    """Where a calendar feed is fetched from: the web endpoint's public address and the feed's token."""
    base = settings.web.base_url.rstrip("/") or f"http://{settings.web.host}:{settings.web.port}"
    return f"{base}/calendar/{token}.ics"
