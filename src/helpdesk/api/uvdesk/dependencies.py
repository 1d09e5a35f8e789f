"""UVdesk request dependencies: the caller must hold a UVdesk role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from helpdesk.api.common.auth import resolve_actor
from helpdesk.api.common.session import DbSession
from helpdesk.domain.identity.actor import Actor
from helpdesk.domain.shared.errors import AuthenticationRequired


async def uvdesk_actor(request: Request, session: DbSession) -> Actor:
    actor = await resolve_actor(request, session, allow_query_token=True)
    if actor.support is None:
        raise AuthenticationRequired("The token does not act as a UVdesk user.")
    return actor


UvdeskActor = Annotated[Actor, Depends(uvdesk_actor)]
