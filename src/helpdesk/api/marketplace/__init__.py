"""The Marketplace Helpdesk API dialect (``/public/v1/...``)."""

from fastapi import APIRouter, Depends

from helpdesk.api.marketplace.errors import MARKETPLACE_ERRORS
from helpdesk.api.marketplace.preconditions import RevisionEtagMiddleware, revision_preconditions
from helpdesk.api.marketplace.routes import (
    cases,
    channels,
    chat_answers,
    chat_content,
    chat_messages,
    chat_participants,
    chats,
    contacts,
    feedback,
    forms,
    parameter_groups,
    parameters,
    queues,
)

router = APIRouter(dependencies=[Depends(revision_preconditions)])
for area in (
    contacts,
    queues,
    cases,
    chats,
    chat_participants,
    chat_messages,
    chat_content,
    chat_answers,
    channels,
    parameters,
    parameter_groups,
    forms,
    feedback,
):
    router.include_router(area.router)

__all__ = ["MARKETPLACE_ERRORS", "RevisionEtagMiddleware", "router"]
