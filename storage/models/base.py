"""The shared base of every model: the naming convention, UTC datetimes, precision of a date."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import JSON, DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware datetimes stored as UTC; SQLite gives them back aware too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON}


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"


class _Names(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def name_fr(self) -> str: ...
    @property
    def name_es(self) -> str: ...


class NamedInLanguages:
    """A model whose name is stored in English with its French and Spanish forms."""

    def name_in(self: _Names, lang: str | None) -> str:
        """The name in a language, the English one when it has none there."""
        return {"fr": self.name_fr, "es": self.name_es}.get(lang or "") or self.name


class _Descriptions(Protocol):
    @property
    def description(self) -> str: ...
    @property
    def description_fr(self) -> str: ...
    @property
    def description_es(self) -> str: ...


class DescribedInLanguages:
    """A model whose description is stored in English with its French and Spanish forms."""

    def description_in(self: _Descriptions, lang: str | None) -> str:
        """The description in a language; none when it has none there: an English text is not shown inside
        a French or Spanish answer."""
        return {"en": self.description, "fr": self.description_fr, "es": self.description_es}.get(lang or "en", "")
