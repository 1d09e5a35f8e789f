"""Identity use cases: authenticating tokens, provisioning users, accounts and contacts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.identity import repository
from helpdesk.domain.identity.access import require_may_act, require_may_act_as
from helpdesk.domain.identity.models import (
    Account,
    AccountType,
    ApiToken,
    Contact,
    SupportRole,
    User,
    UserInstance,
)
from helpdesk.domain.identity.repository import Credential
from helpdesk.domain.identity.tokens import generate_token, hash_token
from helpdesk.domain.kernel.actor import AccountRef, Actor, SupportIdentity
from helpdesk.domain.shared.errors import AuthenticationRequired, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.unit_of_work import unit_of_work


async def authenticate(session: AsyncSession, raw_token: str | None) -> Actor:
    """Turn a bearer token into an actor, or fail with ``AuthenticationRequired``.

    One statement reads the token with everything the actor is made of: every request pays
    for this, so it is a single round trip (pinned by the query-count tests)."""
    if not raw_token:
        raise AuthenticationRequired("A bearer token is required.")
    rows = await repository.credential_rows(session, hash_token(raw_token))
    if not rows or not _usable(rows[0]):
        raise AuthenticationRequired("The bearer token is invalid, expired or revoked.")
    first = rows[0]
    name = " ".join(part for part in (first.first_name, first.last_name) if part)
    return _acting(
        session,
        Actor(
            user_id=first.user_id,
            user_public_id=first.user_public_id,
            email=first.email,
            name=name or first.email,
            token_id=first.token_id,
            token_public_id=first.token_public_id,
            account=_account_ref(first),
            support=_support_identity(rows),
        ),
    )


def _usable(credential: Credential) -> bool:
    expires_at = credential.expires_at
    return (
        credential.revoked_at is None
        and (expires_at is None or _aware(expires_at) > utcnow())
        and bool(credential.user_is_active)
    )


def _acting(session: AsyncSession, actor: Actor) -> Actor:
    """The unit of work is now done for ``actor``."""
    unit_of_work(session).actor = actor
    return actor


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def _account_ref(credential: Credential) -> AccountRef | None:
    if credential.account_id is None or credential.account_status != "Active":
        return None
    return AccountRef(
        credential.account_id,
        credential.account_public_id,
        AccountType(credential.account_type),
        credential.account_name,
    )


def _instance_identity(instance: UserInstance) -> SupportIdentity | None:
    if not instance.is_active:
        return None
    granted = frozenset(name for group in instance.privileges for name in group.privileges)
    return SupportIdentity(instance.id, SupportRole(instance.role), granted, instance.ticket_view)


def _support_identity(rows: Sequence[Credential]) -> SupportIdentity | None:
    first = rows[0]
    if first.instance_id is None or not first.instance_is_active:
        return None
    granted = frozenset(name for row in rows if row.privileges for name in row.privileges)
    return SupportIdentity(
        first.instance_id, SupportRole(first.instance_role), granted, first.ticket_view
    )


async def ensure_account(session: AsyncSession, account_type: AccountType, name: str) -> Account:
    account = await repository.account_by_name(session, account_type, name)
    if account is None:
        account = Account(
            public_id=await allocate_public_id(session, Account.public_id, "ACC", 2),
            type=account_type,
            name=name,
        )
        session.add(account)
        await session.flush()
    return account


async def ensure_user(
    session: AsyncSession, email: str, *, account: Account | None = None, name: str = ""
) -> User:
    """The user with this email, created with its contact if missing."""
    user = await repository.user_by_email(session, email)
    if user is None:
        first, _, last = name.partition(" ")
        new_user = User(
            public_id=await allocate_public_id(session, User.public_id, "USR", 2),
            email=email.lower(),
            first_name=first,
            last_name=last,
            account_id=account.id if account else None,
        )
        user = await _insert_unless_raced(
            session, new_user, lambda: repository.user_by_email(session, email)
        )
    elif account is not None and user.account_id is None:
        user.account_id = account.id
    if await repository.contact_for_user(session, user.id) is None:
        session.add(
            Contact(
                public_id=await allocate_public_id(session, Contact.public_id, "CTT", 2),
                email=user.email,
                name=user.full_name,
                user_id=user.id,
                account_id=user.account_id,
            )
        )
    await session.flush()
    return user


async def ensure_user_instance(
    session: AsyncSession, user: User, role: SupportRole
) -> UserInstance:
    instance = await repository.instance_for(session, user.id, role)
    if instance is None:
        instance = await _insert_unless_raced(
            session,
            UserInstance(user_id=user.id, role=role),
            lambda: repository.instance_for(session, user.id, role),
        )
    return instance


async def _insert_unless_raced[T](
    session: AsyncSession, row: T, find: Callable[[], Awaitable[T | None]]
) -> T:
    """Insert ``row``, or take the one a concurrent transaction committed first under the
    same unique key (two first tickets from one new address, on PostgreSQL: both looked,
    found nothing, and inserted). The savepoint keeps the unit of work usable."""
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        found = await find()
        if found is None:
            raise
        return found
    return row


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str


async def issue_token(
    session: AsyncSession,
    user: User,
    *,
    account: Account | None = None,
    instance: UserInstance | None = None,
    name: str = "",
    expires_at: datetime | None = None,
    secret: str | None = None,
    oauth_client_id: int | None = None,
) -> IssuedToken:
    """Create a token; the returned secret is the only copy that will ever exist. The OAuth
    token endpoint passes the ``secret`` it generated and the client it issues to."""
    secret = secret or generate_token()
    token = ApiToken(
        public_id=await allocate_public_id(session, ApiToken.public_id, "TKN", 2),
        name=name,
        token_hash=hash_token(secret),
        user_id=user.id,
        account_id=account.id if account else None,
        user_instance_id=instance.id if instance else None,
        oauth_client_id=oauth_client_id,
        created_at=utcnow(),
        expires_at=expires_at,
    )
    session.add(token)
    await session.flush()
    return IssuedToken(token, secret)


async def revoke_token(session: AsyncSession, raw_token: str) -> bool:
    """Revoke by the token itself. False when no such live token exists."""
    token = await repository.token_by_hash(session, hash_token(raw_token))
    if token is None or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    await session.flush()
    return True


async def profile_of(session: AsyncSession, actor: Actor) -> tuple[User, list[UserInstance]]:
    """The caller's own user record and UVdesk role instances."""
    user = await session.get(User, actor.user_id)
    if user is None:
        raise AuthenticationRequired("The token's user no longer exists.")
    return user, await repository.instances_of_user(session, user.id)


async def act_as(session: AsyncSession, actor: Actor, kind: str, email: str) -> Actor:
    """UVdesk's ``actAsType``/``actAsEmail``: an admin performs a call as a customer or an
    agent; the call is then authorized and recorded as that user."""
    require_may_act(actor)
    roles = {
        "customer": (SupportRole.CUSTOMER,),
        "agent": (SupportRole.AGENT, SupportRole.ADMIN, SupportRole.SUPER_ADMIN),
    }.get(kind.lower())
    if roles is None:
        raise ValidationFailed.for_field("actAsType", "actAsType must be customer or agent.")
    user = await repository.user_by_email(session, email)
    instance = None
    if user is not None:
        instance = next(
            (i for i in await repository.instances_of_user(session, user.id) if i.role in roles),
            None,
        )
    if user is None or instance is None:
        raise ValidationFailed.for_field("actAsEmail", f"No {kind} with the email {email}.")
    require_may_act_as(actor, instance.role, user.id)
    return _acting(
        session,
        Actor(
            user_id=user.id,
            user_public_id=user.public_id,
            email=user.email,
            name=user.full_name,
            token_id=actor.token_id,
            token_public_id=actor.token_public_id,
            account=None,
            support=_instance_identity(instance),
        ),
    )


async def role_instances(
    session: AsyncSession, user_ids: Collection[int]
) -> dict[int, list[UserInstance]]:
    """Each user's UVdesk role instances (UVdesk shows them as a person's ``detail``)."""
    return await repository.instances_of_users(session, user_ids)
