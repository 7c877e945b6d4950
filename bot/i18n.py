"""Messages in English, French and Spanish: gettext catalogs managed with Babel,
and dates formatted with Babel's locale data."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from babel import Locale

from storage.models import Precision

LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "fr", "es")
# Babel locale used for formatting: British English writes "7 February 2019".
FORMAT_LOCALE = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}


def zone_label(value: datetime, locale: Locale | str) -> str:
    """The zone of a moment as the locale abbreviates it ("CET"), or as an offset from UTC where it has no
    abbreviation ("UTC+01:00" in French, rather than CLDR's bare "+0100")."""
    from babel.dates import format_datetime  # when first used: babel.dates costs a start about 10 ms

    zone = format_datetime(value, "zzz", tzinfo=value.tzinfo, locale=locale)
    if not zone[:1].isalpha():
        zone = format_datetime(value, "ZZZZ", tzinfo=value.tzinfo, locale=locale)
    return zone


def N_(message: str) -> str:  # noqa: N802 - gettext's usual name for the marker
    """Marks a message for extraction where it is defined; it is translated where it is shown."""
    return message


def normalise_locale(value: str | None, default: str = "en") -> str:
    """"fr-FR", "es_419", "FR" → "fr"; anything unsupported → default."""
    if not value:
        return default
    lang = value.replace("-", "_").split("_")[0].lower()
    return lang if lang in SUPPORTED else default


class Translator:
    """Translations for one language."""

    def __init__(self, lang: str, catalog: dict[str, str | list[str]]) -> None:
        self.lang = lang
        self._catalog = catalog

    @cached_property
    def babel_locale(self) -> Locale:
        return Locale.parse(FORMAT_LOCALE[self.lang])

    def t(self, message: str, /, **values: object) -> str:
        text = self._catalog.get(message) or message
        if isinstance(text, list):
            text = text[0] or message
        return text.format(**values) if values else text

    def tn(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        found = self._catalog.get(singular)
        if isinstance(found, list) and all(found):
            index = self.babel_locale.plural_form(n)
            forms = {"one": 0, "other": 1, "many": min(2, len(found) - 1)}
            text = found[min(forms.get(index, 1), len(found) - 1)]
        else:
            text = singular if n == 1 else plural
        return text.format(n=n, **values)

    # dates ---------------------------------------------------------------
    def day(self, value: date) -> str:
        from babel.dates import format_date  # when first used: babel.dates costs a start about 10 ms

        return format_date(value, "long", locale=self.babel_locale)

    def month(self, value: date) -> str:
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", value, locale=self.babel_locale)

    def moment(self, value: datetime) -> str:
        """"24 November 2026, 09:10 CET", "24 de noviembre de 2026, 9:10 CET": the locale's long date and
        short time, joined as the locale joins them; the zone when ``value`` has one."""
        from babel.dates import format_date, format_time

        loc = self.babel_locale
        text = str(loc.datetime_formats["medium"]).format(
            format_time(value, "short", tzinfo=value.tzinfo, locale=loc), format_date(value, "long", locale=loc))
        if value.tzinfo is None:
            return text
        return f"{text} {zone_label(value, loc)}"

    def span(self, start: date, end: date | None, precision: str = Precision.DAY) -> str:
        """A day, a range of days, or a month, as this locale writes it."""
        if precision == Precision.MONTH:
            return self.month(start)
        if end is None or end == start:
            return self.day(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{self.day(end)}"  # "20–21 March 2019", "20–21 de marzo de 2019"
        from babel.dates import format_interval

        return format_interval(start, end, skeleton="yMMMMd", locale=self.babel_locale)

    def weekday_day(self, value: date) -> str:
        """The locale's full date: "Saturday 12 June 2027", "sábado, 12 de junio de 2027"."""
        from babel.dates import format_date

        return format_date(value, "full", locale=self.babel_locale)

    def value(self, value: object) -> object:
        """A placeholder value as this locale writes it: a moment (a wall-clock time when naive), a day,
        or the value itself."""
        if isinstance(value, datetime):
            return self.moment(value)
        if isinstance(value, date):
            return self.day(value)
        if hasattr(value, "localized"):  # e.g. a date reading shown back (bot.dates.Reading)
            return value.localized(self.babel_locale)
        return value


class I18n:
    """Hands out translators by language, each catalog read once, when its language is first asked for
    (a start in one language does not read the others' catalogs)."""

    def __init__(self, locale_dir: Path = LOCALE_DIR) -> None:
        self._locale_dir = locale_dir
        self._translators: dict[str, Translator] = {}

    @staticmethod
    def _load(locale_dir: Path, lang: str) -> dict[str, str | list[str]]:
        po = locale_dir / lang / "LC_MESSAGES" / "messages.po"
        if not po.is_file():
            return {}
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        out: dict[str, str | list[str]] = {}
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple):
                assert message.string is not None  # read_po gives a plural message a translation per form
                out[message.id[0]] = list(message.string)
            elif message.string:
                assert isinstance(message.id, str) and isinstance(message.string, str)  # a singular message
                out[message.id] = message.string
        return out

    def get(self, lang: str | None) -> Translator:
        lang = normalise_locale(lang)
        found = self._translators.get(lang)
        if found is None:
            found = self._translators[lang] = Translator(lang, self._load(self._locale_dir, lang))
        return found


