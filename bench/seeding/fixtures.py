"""The few rows of reference data, written by the services themselves in one unit of work.

The UVdesk admin and the client user are made as ``helpdesk token create`` makes them
(``ensure_user``, ``ensure_account``, ``issue_token``), so the CLI finds them by email and
account name when the runner mints tokens of its own; two tokens are minted here too.
Agents, groups, labels and the queue go through the services an admin's or the client's
requests call, as that caller (``authenticate`` with the new token).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.settings import Settings
from helpdesk.domain.cases.models import Case
from helpdesk.domain.identity import repository
from helpdesk.domain.identity import service as identity
from helpdesk.domain.identity.models import AccountType, SupportRole, User
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.people import service as people
from helpdesk.domain.queues import service as queues
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.support import catalog, organisation
from helpdesk.domain.support.models import SupportGroup, TicketType
from helpdesk.domain.tickets.models import Ticket
from seeding import vocabulary
from seeding.formats import by_json

ADMIN_EMAIL = "bench-admin@example.com"
CLIENT_ACCOUNT = "Bench"
CLIENT_EMAIL = "bench@example.com"
OPERATIONS_ACCOUNT = "Bench Operations"
OPERATOR_EMAIL = "bench-ops@example.com"
QUEUE_NAME = "Bench"
TOKEN_NAME = "bench-seed"  # noqa: S105  (the name tokens are listed under)


@dataclass(frozen=True, slots=True)
class Person:
    """Who a seeded row names: as a user, as a contact, and in audit trails."""

    user_id: int
    public_id: str
    name: str
    contact_id: int
    account_id: int | None
    by: str
    """As audit trails name them (``{"id": public id, "name": full name}``)."""


@dataclass(frozen=True, slots=True)
class Fixtures:
    admin: Person
    agents: list[Person]
    group_ids: list[int]
    label_ids: list[int]
    tag_ids: list[int]
    type_ids: list[int]
    client: Person
    operator: Person
    client_account: str
    queue_id: int
    queue_public_id: str
    tokens: dict[str, str]


async def create_fixtures(settings: Settings) -> Fixtures:
    runtime = build_runtime(settings, pool_size=1)
    try:
        async with runtime.unit_of_work() as unit:
            return await _fixtures(unit.session)
    finally:
        await runtime.dispose()


async def _fixtures(session: AsyncSession) -> Fixtures:
    await _refuse_non_empty(session)
    admin_user = await identity.ensure_user(session, ADMIN_EMAIL, name="Bench Admin")
    instance = await identity.ensure_user_instance(session, admin_user, SupportRole.ADMIN)
    admin_token = await identity.issue_token(
        session, admin_user, instance=instance, name=TOKEN_NAME
    )
    account = await identity.ensure_account(session, AccountType.CLIENT, CLIENT_ACCOUNT)
    client_user = await identity.ensure_user(
        session, CLIENT_EMAIL, account=account, name="Bench Client"
    )
    client_token = await identity.issue_token(
        session, client_user, account=account, name=TOKEN_NAME
    )
    operations = await identity.ensure_account(session, AccountType.OPERATIONS, OPERATIONS_ACCOUNT)
    operator = await identity.ensure_user(
        session, OPERATOR_EMAIL, account=operations, name="Olivia Operator"
    )
    admin = await identity.authenticate(session, admin_token.secret)
    agents = [await _agent(session, admin, first, last) for first, last in vocabulary.AGENT_NAMES]
    groups = [
        await organisation.save_unit(
            session, admin, SupportGroup, organisation.UnitDraft(name=name, description=name)
        )
        for name in vocabulary.GROUP_NAMES
    ]
    labels = [
        await catalog.create_label(session, admin, name, color) for name, color in vocabulary.LABELS
    ]
    tags = [await catalog.tag_named(session, name) for name in vocabulary.TAG_NAMES]
    client = await identity.authenticate(session, client_token.secret)
    queue = await queues.create_queue(
        session, client, {"name": QUEUE_NAME, "description": "Cases seeded for the benchmarks."}
    )
    return Fixtures(
        admin=await _person(session, admin_user),
        agents=[await _person(session, agent) for agent in agents],
        group_ids=[group.id for group in groups],
        label_ids=[label.id for label in labels],
        tag_ids=[tag.id for tag in tags],
        type_ids=list(await session.scalars(select(TicketType.id).order_by(TicketType.id))),
        client=await _person(session, client_user),
        operator=await _person(session, operator),
        client_account=account.public_id,
        queue_id=queue.id,
        queue_public_id=queue.public_id,
        tokens={"uvdesk_admin": admin_token.secret, "marketplace_client": client_token.secret},
    )


async def _refuse_non_empty(session: AsyncSession) -> None:
    tickets = await session.scalar(select(func.count(Ticket.id)))
    cases = await session.scalar(select(func.count(Case.id)))
    if tickets or cases:
        raise SystemExit(
            f"The database holds {tickets} tickets and {cases} cases already: seed an empty one."
        )


async def _agent(session: AsyncSession, admin: Actor, first: str, last: str) -> User:
    email = f"{first}.{last}@agents.example.com".lower()
    user = await repository.user_by_email(session, email)
    if user is None:
        details = people.Person(email=email, first_name=first, last_name=last, active=True)
        user = await people.add_person(session, admin, SupportRole.AGENT, details)
    return user


async def _person(session: AsyncSession, user: User) -> Person:
    contact = await repository.contact_for_user(session, user.id)
    if contact is None:  # ensure_user always makes one
        raise SystemExit(f"{user.email} has no contact")
    return Person(
        user.id,
        user.public_id,
        user.full_name,
        contact.id,
        user.account_id,
        by_json(user.public_id, user.full_name),
    )
