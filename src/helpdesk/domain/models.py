"""Every ORM model, imported once so the metadata (and Alembic) sees all tables."""

from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.identity.models import (
    Account,
    AgentPrivilege,
    ApiToken,
    Contact,
    User,
    UserInstance,
)
from helpdesk.domain.shared.models import Base

__all__ = [
    "Account",
    "AgentPrivilege",
    "ApiToken",
    "Base",
    "Contact",
    "StoredFile",
    "User",
    "UserInstance",
]
