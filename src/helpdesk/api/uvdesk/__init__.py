"""The UVdesk REST API v1 dialect (``/{_locale}/api/<route>.json``)."""

from fastapi import APIRouter

from helpdesk.api.uvdesk.errors import UVDESK_ERRORS
from helpdesk.api.uvdesk.paths import UvdeskPathMiddleware
from helpdesk.api.uvdesk.routes import (
    articles,
    catalog,
    company,
    custom_fields,
    email_templates,
    filters,
    knowledgebase,
    mail_intake,
    mailboxes,
    me,
    oauth,
    organisation,
    people,
    privileges,
    saved_replies,
    tasks,
    threads,
    tickets,
    workflows,
)

router = APIRouter()
for area in (
    me,
    people,
    organisation,
    catalog,
    privileges,
    custom_fields,
    filters,
    threads,
    tickets,
    mail_intake,
    mailboxes,
    company,
    email_templates,
    saved_replies,
    tasks,
    oauth,
    knowledgebase,
    articles,
    workflows,
):
    router.include_router(area.router)

__all__ = ["UVDESK_ERRORS", "UvdeskPathMiddleware", "router"]
