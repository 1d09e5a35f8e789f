"""Marketplace request dependencies: the caller must act inside an account."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from helpdesk.api.common.auth import resolve_actor
from helpdesk.api.common.session import DbSession
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import AuthenticationRequired


async def marketplace_actor(request: Request, session: DbSession) -> Actor:
    actor = await resolve_actor(request, session)
    if actor.account is None:
        raise AuthenticationRequired("The token does not act inside a Marketplace account.")
    return actor


MarketplaceActor = Annotated[Actor, Depends(marketplace_actor)]
