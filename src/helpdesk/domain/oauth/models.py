"""API clients and the refresh tokens issued to them. Access tokens are ``api_tokens`` rows
(with ``oauth_client_id`` set), so one function resolves every bearer token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.core.clock import utcnow
from helpdesk.domain.shared.models import Base


class OAuthClient(Base):
    """A registered API client. Only the SHA-256 of its secret is stored."""

    __tablename__ = "oauth_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    # The member a client_credentials token acts as; None: the client may only use the
    # password and refresh_token grants.
    user_instance_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_instances.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class OAuthRefreshToken(Base):
    """A refresh token: good for one use, then replaced (rotation)."""

    __tablename__ = "oauth_refresh_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("oauth_clients.id", ondelete="CASCADE"), index=True
    )
    user_instance_id: Mapped[int] = mapped_column(
        ForeignKey("user_instances.id", ondelete="CASCADE")
    )
    # The access token issued with it: revoking either revokes both (RFC 7009, 2.1).
    access_token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
