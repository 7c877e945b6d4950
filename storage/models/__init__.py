"""The domain as tables: the shared base and the core's models (pathfinder countries, action groups
and items, calendar events, international days, scheduled posts and reminders).

A command family's own models sit beside its queries (``storage/polls.py``, ``storage/members.py``…);
``storage.db.every_table()`` finds them all."""

from storage.models.base import NAMING_CONVENTION, Base, Precision, UTCDateTime, utcnow
from storage.models.countries import PathfinderCountry, PathfinderPriority, PathfinderStatus, PathfinderUpdate
from storage.models.events import CalendarEvent, Observance
from storage.models.items import ActionGroup, ActionItem, ActionItemOwner, ActionItemStatus
from storage.models.scheduled import Occurrence, OccurrenceState, Reminder

__all__ = (
    "NAMING_CONVENTION", "Base", "Precision", "UTCDateTime", "utcnow",
    "PathfinderCountry", "PathfinderPriority", "PathfinderStatus", "PathfinderUpdate",
    "CalendarEvent", "Observance",
    "ActionGroup", "ActionItem", "ActionItemOwner", "ActionItemStatus",
    "Occurrence", "OccurrenceState", "Reminder",
)
