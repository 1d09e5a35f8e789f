"""The knowledge base: solution folders hold categories, categories hold articles."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.shared.models import REQUIRED_JOIN, Base, TimestampMixin
from helpdesk.domain.support.models import SupportTag, article_tags


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


class SolutionFolder(TimestampMixin, Base):
    """A folder ("solution") of the knowledge base; private folders are for staff only."""

    __tablename__ = "kb_folders"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(1000))
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.PUBLIC.value)


class KbCategory(TimestampMixin, Base):
    __tablename__ = "kb_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[int] = mapped_column(
        ForeignKey("kb_folders.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(1000))
    sort_order: Mapped[int] = mapped_column(default=0)


class KbArticle(TimestampMixin, Base):
    """An article: a plain-text title and sanitised HTML content; drafts are for staff."""

    __tablename__ = "kb_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("kb_categories.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text, default="")
    is_published: Mapped[bool] = mapped_column(default=False)

    category: Mapped[KbCategory] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    tags: Mapped[list[SupportTag]] = relationship(
        secondary=article_tags, lazy="selectin", order_by=SupportTag.id
    )
