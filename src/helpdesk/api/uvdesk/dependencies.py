"""UVdesk request dependencies: the caller must hold a UVdesk role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from helpdesk.api.common.auth import resolve_actor
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk.bodies import read_fields
from helpdesk.domain.identity.service import act_as
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import AuthenticationRequired


async def uvdesk_caller(request: Request, session: DbSession) -> Actor:
    """The token's own UVdesk user, never anyone it acts as: for routes whose body is not
    fields (a raw message), where ``actAs*`` could only come from the query string."""
    actor = await resolve_actor(request, session, allow_query_token=True)
    if actor.support is None:
        raise AuthenticationRequired("The token does not act as a UVdesk user.")
    return actor


async def uvdesk_actor(request: Request, session: DbSession) -> Actor:
    actor = await uvdesk_caller(request, session)
    kind, email = await _acting_as(request)
    if kind and email:
        return await act_as(session, actor, kind, email)
    return actor


async def _acting_as(request: Request) -> tuple[str | None, str | None]:
    """``actAsType``/``actAsEmail`` from the query string, else from the body."""
    query = request.query_params
    if query.get("actAsType"):
        return query.get("actAsType"), query.get("actAsEmail")
    if request.method in ("GET", "HEAD"):
        return None, None
    fields = await read_fields(request)
    return fields.text("actAsType"), fields.text("actAsEmail")


async def uvdesk_reader(request: Request, session: DbSession) -> Actor | None:
    """For what anonymous visitors may read (the public knowledge base): no token at all
    reads as an anonymous visitor (``None``); a token given is checked as everywhere."""
    given = request.headers.get("authorization") or request.query_params.get("access_token")
    if not given:
        return None
    return await uvdesk_actor(request, session)


UvdeskActor = Annotated[Actor, Depends(uvdesk_actor)]
UvdeskReader = Annotated[Actor | None, Depends(uvdesk_reader)]
UvdeskCaller = Annotated[Actor, Depends(uvdesk_caller)]
