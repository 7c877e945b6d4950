"""Reading dates and times people type, in English, French and Spanish, in their own time zone.

One reader for every command. A ``When`` is a day, a range of days (also across months), a
whole month ("September"), or a moment with a time ("next Friday 15:00", "14 May at 3pm CET",
"à 10h", "a las 9") in an IANA zone, optionally with an end time ("14:00-16:00").

The grammar is strict: the whole text must read as a date, or a ``UsageError`` says what could
not be read. Day and month names come from Babel for each language; forms the grammar does not
know are handed to dateparser, and refused unless dateparser reads all of them.

Dates without a year are read in the future sense ("May" asked in December is next May).
``check_sensible`` asks back (one line showing the reading) for a date in the past or more than
five years away where a future one is meant; the person confirms by repeating the command with
the word ``confirm`` (``confirmer``, ``confirmar``) after the date.
"""

from bot.dates.clock import ABBREVIATIONS, TimePhrase, read_clock, read_time_phrase
from bot.dates.confirming import CONFIRM_WORDS, FAR_YEARS, Reading, check_sensible, describe, strip_confirm
from bot.dates.reader import DateReader
from bot.dates.vocabulary import looks_like_date
from bot.dates.when import DATE_EXAMPLES, AmbiguousDate, InvalidDate, Unlikely, When
from bot.dates.words import LANGUAGES, fold

__all__ = [
    "ABBREVIATIONS", "CONFIRM_WORDS", "DATE_EXAMPLES", "FAR_YEARS", "LANGUAGES", "AmbiguousDate", "DateReader",
    "InvalidDate", "Reading", "TimePhrase", "Unlikely", "When", "check_sensible", "describe", "fold",
    "looks_like_date", "read_clock", "read_time_phrase", "strip_confirm",
]
