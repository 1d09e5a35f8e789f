"""API clients and the tokens issued to them: registering a client, storing and finding
tokens by their hashes, revoking. ``server.py`` drives these through authlib."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.identity import repository as identities
from helpdesk.domain.identity.models import ApiToken, SupportRole, User, UserInstance
from helpdesk.domain.identity.service import issue_token
from helpdesk.domain.identity.tokens import generate_token, hash_token
from helpdesk.domain.oauth.models import OAuthClient, OAuthRefreshToken
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.unit_of_work import unit_of_work

CLIENT_ID_BYTES = 16
# Whom a password grant acts as, when the user holds several UVdesk roles: the staff side first.
ROLE_PREFERENCE = (
    SupportRole.SUPER_ADMIN,
    SupportRole.ADMIN,
    SupportRole.AGENT,
    SupportRole.CUSTOMER,
)
STAFF_ROLES = frozenset({SupportRole.SUPER_ADMIN, SupportRole.ADMIN, SupportRole.AGENT})


@dataclass(frozen=True, slots=True)
class RegisteredClient:
    client: OAuthClient
    secret: str
    """The only copy of the secret that will ever exist."""


@dataclass(frozen=True, slots=True)
class Subject:
    """Whom a token acts as: a user in one UVdesk role."""

    user_id: int
    instance_id: int


async def register_client(
    session: AsyncSession, name: str, member_email: str | None = None
) -> RegisteredClient:
    """A new API client. With ``member_email`` (an agent or administrator), its
    client_credentials tokens act as that member; without, it may only exchange users'
    passwords and refresh tokens."""
    if not name.strip():
        raise ValidationFailed.for_field("name", "name is required.")
    instance_id = None
    if member_email is not None:
        instance_id = await _member_instance(session, member_email)
    secret = generate_token()
    client = OAuthClient(
        client_id=secrets.token_hex(CLIENT_ID_BYTES),
        secret_hash=hash_token(secret),
        name=name.strip(),
        user_instance_id=instance_id,
    )
    session.add(client)
    await session.flush()
    return RegisteredClient(client, secret)


async def _member_instance(session: AsyncSession, email: str) -> int:
    user = await identities.user_by_email(session, email)
    instances = await identities.instances_of_user(session, user.id) if user else []
    staff = _preferred(i for i in instances if i.role in STAFF_ROLES and i.is_active)
    if staff is None:
        raise ValidationFailed.for_field("email", f"{email} is not an active agent or admin.")
    return staff.id


def _preferred(instances: Iterable[UserInstance]) -> UserInstance | None:
    ranked = sorted(instances, key=lambda i: ROLE_PREFERENCE.index(SupportRole(i.role)))
    return ranked[0] if ranked else None


def secret_matches(client: OAuthClient, secret: str) -> bool:
    return hmac.compare_digest(client.secret_hash, hash_token(secret))


async def client_by_id(session: AsyncSession, client_id: str) -> OAuthClient | None:
    found = await session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id))
    return found if found is not None and found.revoked_at is None else None


@dataclass(frozen=True, slots=True)
class PasswordHolder:
    user_id: int
    password_hash: str | None


async def password_holder(session: AsyncSession, email: str) -> PasswordHolder | None:
    """The active user with this email, and their password hash to check (off the loop)."""
    user = await identities.user_by_email(session, email)
    if user is None or not user.is_active:
        return None
    return PasswordHolder(user.id, user.password_hash)


async def subject_of_user(session: AsyncSession, user_id: int) -> Subject | None:
    """The user acting in their main UVdesk role (staff before customer)."""
    instances = await identities.instances_of_user(session, user_id)
    chosen = _preferred(i for i in instances if i.is_active)
    return Subject(user_id, chosen.id) if chosen else None


async def subject_of_instance(session: AsyncSession, instance_id: int | None) -> Subject | None:
    if instance_id is None:
        return None
    instance = await session.get(UserInstance, instance_id)
    if instance is None or not instance.is_active:
        return None
    user = await session.get(User, instance.user_id)
    return Subject(user.id, instance.id) if user is not None and user.is_active else None


async def save_tokens(
    session: AsyncSession,
    client: OAuthClient,
    subject: Subject,
    access_token: str,
    refresh_token: str | None,
) -> None:
    """Store the hashes of freshly generated tokens (lifetimes from the settings)."""
    settings = unit_of_work(session).settings
    now = utcnow()
    user = await session.get(User, subject.user_id)
    instance = await session.get(UserInstance, subject.instance_id)
    assert user is not None and instance is not None  # noqa: S101 (checked by the grant)
    issued = await issue_token(
        session,
        user,
        instance=instance,
        name=f"OAuth: {client.name}"[:255],
        expires_at=now + timedelta(seconds=settings.oauth_access_token_seconds),
        secret=access_token,
        oauth_client_id=client.id,
    )
    if refresh_token is not None:
        session.add(
            OAuthRefreshToken(
                token_hash=hash_token(refresh_token),
                client_id=client.id,
                user_instance_id=instance.id,
                access_token_id=issued.token.id,
                expires_at=now + timedelta(seconds=settings.oauth_refresh_token_seconds),
            )
        )
    await session.flush()


async def claim_refresh_token(session: AsyncSession, raw: str) -> OAuthRefreshToken | None:
    """Use a refresh token up: it is good for exactly one exchange. The conditional UPDATE
    lets only one of two concurrent exchanges of the same token win."""
    now = utcnow()
    found = await session.scalar(
        select(OAuthRefreshToken).where(OAuthRefreshToken.token_hash == hash_token(raw))
    )
    if found is None or found.used_at is not None or found.revoked_at is not None:
        return None
    if _aware(found.expires_at) <= now:
        return None
    claimed = await session.execute(
        update(OAuthRefreshToken)
        .where(OAuthRefreshToken.id == found.id, OAuthRefreshToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        return None
    await session.refresh(found)
    return found


@dataclass(frozen=True, slots=True)
class ClientToken:
    """An access or refresh token of some client, for revocation."""

    client_id: int
    access_token_id: int | None
    refresh_token_id: int | None


async def client_token(session: AsyncSession, raw: str, hint: str | None) -> ClientToken | None:
    """An OAuth token by its value (personal access tokens are not the endpoint's)."""
    digest = hash_token(raw)
    finders = [_access_token, _refresh_token]
    if hint == "refresh_token":
        finders.reverse()
    for finder in finders:
        if (found := await finder(session, digest)) is not None:
            return found
    return None


async def _access_token(session: AsyncSession, digest: str) -> ClientToken | None:
    token = await session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or token.oauth_client_id is None:
        return None
    return ClientToken(token.oauth_client_id, token.id, None)


async def _refresh_token(session: AsyncSession, digest: str) -> ClientToken | None:
    token = await session.scalar(
        select(OAuthRefreshToken).where(OAuthRefreshToken.token_hash == digest)
    )
    if token is None:
        return None
    return ClientToken(token.client_id, token.access_token_id, token.id)


async def revoke(session: AsyncSession, token: ClientToken) -> None:
    """Revoke the token and its pair: the access token issued with a refresh token, and the
    refresh tokens issued with an access token (RFC 7009, 2.1). At once: every request
    checks ``revoked_at``."""
    now = utcnow()
    pairs = OAuthRefreshToken.access_token_id == token.access_token_id
    if token.refresh_token_id is not None:
        pairs = OAuthRefreshToken.id == token.refresh_token_id
        if token.access_token_id is not None:
            pairs = pairs | (OAuthRefreshToken.access_token_id == token.access_token_id)
    await session.execute(
        update(OAuthRefreshToken)
        .where(pairs, OAuthRefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    if token.access_token_id is not None:
        await session.execute(
            update(ApiToken)
            .where(ApiToken.id == token.access_token_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)
