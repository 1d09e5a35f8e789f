"""Identity shared by both dialects: accounts, users, contacts, UVdesk roles, API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.kernel.actor import AccountType, SupportRole
from helpdesk.domain.shared.models import Base, TimestampMixin

# The actor's vocabulary (account types, roles) lives in the kernel and identity's tables
# store it; it is exported here too, for callers that name it along with the tables.
__all__ = [
    "Account",
    "AccountType",
    "AgentPrivilege",
    "ApiToken",
    "Contact",
    "SupportRole",
    "User",
    "UserInstance",
    "user_instance_privileges",
]


class Account(TimestampMixin, Base):
    """A Marketplace organisation. Users act inside one account."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("type", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    type: Mapped[AccountType] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="Active")


class User(TimestampMixin, Base):
    """A person who can log in or own tokens, in either dialect."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    first_name: Mapped[str] = mapped_column(String(255), default="")
    last_name: Mapped[str] = mapped_column(String(255), default="")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    # scrypt hash (domain/identity/passwords.py); None: the user cannot log in with one.
    password_hash: Mapped[str | None] = mapped_column(String(255))

    account: Mapped[Account | None] = relationship()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part) or self.email


class Contact(TimestampMixin, Base):
    """Someone who can take part in conversations; every user has exactly one."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    name: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)

    user: Mapped[User | None] = relationship()
    account: Mapped[Account | None] = relationship()


user_instance_privileges = Table(
    "user_instance_privileges",
    Base.metadata,
    Column(
        "user_instance_id",
        Integer,
        ForeignKey("user_instances.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "agent_privilege_id",
        Integer,
        ForeignKey("agent_privileges.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class AgentPrivilege(TimestampMixin, Base):
    """A named set of UVdesk agent permissions (``ROLE_AGENT_*``)."""

    __tablename__ = "agent_privileges"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(String(1000), default="")
    privileges: Mapped[list[str]] = mapped_column(JSON, default=list)


class UserInstance(TimestampMixin, Base):
    """A user's UVdesk role (agent side or customer side), with its role-specific profile."""

    __tablename__ = "user_instances"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[SupportRole] = mapped_column(String(32))
    is_active: Mapped[bool] = mapped_column(default=True)
    is_verified: Mapped[bool] = mapped_column(default=True)
    is_starred: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(32), default="api")
    signature: Mapped[str | None] = mapped_column(String(2000))
    job_title: Mapped[str | None] = mapped_column(String(255))
    contact_number: Mapped[str | None] = mapped_column(String(64))
    ticket_view: Mapped[int | None] = mapped_column()

    user: Mapped[User] = relationship()
    privileges: Mapped[list[AgentPrivilege]] = relationship(secondary=user_instance_privileges)


class ApiToken(Base):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The Marketplace account the token acts in, and/or the UVdesk role it acts as.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    user_instance_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_instances.id", ondelete="CASCADE")
    )
    # The OAuth 2.0 API client that obtained the token at the token endpoint; None for a
    # personal access token.
    oauth_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("oauth_clients.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()
