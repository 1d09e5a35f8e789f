"""Who is asking: the authenticated identity every service call is checked against."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class AccountType(enum.StrEnum):
    CLIENT = "Client"
    VENDOR = "Vendor"
    OPERATIONS = "Operations"


class SupportRole(enum.StrEnum):
    """UVdesk roles; a user holds at most one instance of each."""

    SUPER_ADMIN = "ROLE_SUPER_ADMIN"
    ADMIN = "ROLE_ADMIN"
    AGENT = "ROLE_AGENT"
    CUSTOMER = "ROLE_CUSTOMER"


@dataclass(frozen=True, slots=True)
class AccountRef:
    id: int
    public_id: str
    type: AccountType
    name: str


@dataclass(frozen=True, slots=True)
class SupportIdentity:
    """The UVdesk side of an actor: role instance, privileges and ticket view scope."""

    instance_id: int
    role: SupportRole
    privileges: frozenset[str] = field(default_factory=frozenset)
    ticket_view: int | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    user_public_id: str
    email: str
    name: str
    token_id: int
    token_public_id: str
    account: AccountRef | None = None
    support: SupportIdentity | None = None
