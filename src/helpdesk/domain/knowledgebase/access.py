"""Who may read and manage the knowledge base.

Staff (agents and admins) read everything: private folders and draft articles, which they
answer tickets with. Managing (adding, editing, deleting, tagging) needs administrator
rights or ``ROLE_AGENT_MANAGE_KNOWLEDGEBASE``. Everyone else, customers and anonymous
visitors (``None``), reads the public folders, their categories and their published
articles only; anything else is not found to them and never counted.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, select, true
from sqlalchemy.orm import aliased

from helpdesk.domain.identity.access import is_support_agent, require_privilege
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.knowledgebase.models import KbArticle, KbCategory, SolutionFolder, Visibility

MANAGE_KNOWLEDGEBASE = "ROLE_AGENT_MANAGE_KNOWLEDGEBASE"


def require_manager(actor: Actor) -> None:
    require_privilege(actor, MANAGE_KNOWLEDGEBASE)


def is_staff(reader: Actor | None) -> bool:
    return reader is not None and is_support_agent(reader)


def visible_folders(reader: Actor | None) -> ColumnElement[bool]:
    if is_staff(reader):
        return true()
    return SolutionFolder.visibility == Visibility.PUBLIC.value


def visible_categories(reader: Actor | None) -> ColumnElement[bool]:
    """Categories of the folders the reader sees."""
    if is_staff(reader):
        return true()
    folder = aliased(SolutionFolder)
    return exists(
        select(1).where(
            folder.id == KbCategory.folder_id, folder.visibility == Visibility.PUBLIC.value
        )
    )


def visible_articles(reader: Actor | None) -> ColumnElement[bool]:
    """Published articles in the categories the reader sees."""
    if is_staff(reader):
        return true()
    category, folder = aliased(KbCategory), aliased(SolutionFolder)
    return and_(
        KbArticle.is_published.is_(True),
        exists(
            select(1).where(
                category.id == KbArticle.category_id,
                folder.id == category.folder_id,
                folder.visibility == Visibility.PUBLIC.value,
            )
        ),
    )
