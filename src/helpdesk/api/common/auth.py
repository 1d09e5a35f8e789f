"""The one place that reads bearer tokens from a request and turns them into an actor."""

from __future__ import annotations

from fastapi import Request

from helpdesk.core.database import Session
from helpdesk.domain.identity.service import authenticate
from helpdesk.domain.kernel.actor import Actor

_SCHEME = "bearer"


def _token_from_header(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != _SCHEME:
        return None
    return credentials.strip() or None


async def resolve_actor(
    request: Request, session: Session, *, allow_query_token: bool = False
) -> Actor:
    """Authenticate the caller. ``?access_token=`` is honoured only where a dialect allows it."""
    token = _token_from_header(request)
    if token is None and allow_query_token:
        token = request.query_params.get("access_token")
    actor = await authenticate(session, token)
    # The rate limit's guard against invented tokens trusts a token once it has worked.
    request.state.authenticated = True
    return actor
