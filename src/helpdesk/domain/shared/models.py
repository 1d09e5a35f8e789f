"""Declarative base and mixins shared by every area's ORM models."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, cast

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from helpdesk.core.clock import utcnow

# Stable constraint names make migrations reproducible on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


REQUIRED_JOIN = cast("bool", "unnested")
"""``innerjoin`` for a required many-to-one loaded by a joined eager load: an INNER JOIN
where its row is loaded first-hand, a LEFT OUTER JOIN where it hangs off an outer join
(a chat's last message's sender's contact). With ``True`` SQLAlchemy nests the latter as
``LEFT OUTER JOIN (a JOIN b)``, which SQLite materialises by scanning every row of ``a``
(28 ms a message post at 20,000 chat participants). SQLAlchemy takes the string
``"unnested"``; its annotation says ``bool``."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: DateTime(timezone=True)}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
