"""Mailboxes (``/api/mailboxes.json``, ``/api/mailbox/{id}.json``) and the company's spam
lists (``/api/company/spam.json``): administrators only, as the seed says."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.domain.mailboxes import service, spam
from helpdesk.domain.mailboxes.connections import ImapDraft
from helpdesk.domain.mailboxes.models import Mailbox, ReceiveVia
from helpdesk.domain.shared.bounds import DESCRIPTION_MAX

router = APIRouter(tags=["UVdesk: mailboxes"])

# Unpaged in the seed, newest first.
MAILBOXES = ListSpec(per_page=1000, paged=False, newest_first=True)
IMAP_KEYS = {
    "host": "host",
    "port": "port",
    "security": "security",
    "username": "username",
    "auth": "auth",
    "password": "password",
    "access_token": "accessToken",
    "folder": "folder",
}


def mailbox_view(mailbox: Mailbox) -> dict[str, Any]:
    """Secrets are write-only: the view says whether one is set, never what it is."""
    imap = None
    if mailbox.receive_via == ReceiveVia.IMAP:
        imap = {
            "host": mailbox.imap_host,
            "port": mailbox.imap_port,
            "security": mailbox.imap_security,
            "username": mailbox.imap_username,
            "auth": mailbox.imap_auth,
            "folder": mailbox.imap_folder,
            "hasSecret": mailbox.imap_secret is not None,
        }
    return {
        "id": mailbox.id,
        "name": mailbox.name,
        "email": mailbox.email,
        "mailboxEmail": mailbox.mailbox_email,
        "isActive": mailbox.is_active,
        "receiveVia": mailbox.receive_via,
        "imap": imap,
        "hasSmtpUrl": mailbox.smtp_url is not None,
    }


def draft_from(fields: Fields) -> service.MailboxDraft:
    imap = None
    if fields.has("imap") or any(key.startswith("imap[") for key in fields.values):
        given = fields.mapping("imap")
        imap = ImapDraft(
            **{
                attribute: None if given.get(key) is None else str(given[key])
                for attribute, key in IMAP_KEYS.items()
            }
        )
    return service.MailboxDraft(
        name=fields.text("name"),
        email=fields.text("email"),
        is_active=fields.flag("isActive"),
        receive_via=fields.text("receiveVia"),
        imap=imap,
        smtp_url=(fields.text("smtpUrl", DESCRIPTION_MAX) or "") if fields.has("smtpUrl") else None,
    )


MAILBOX_BODY = Body(
    Read.mapping("imap"),
    Read.text("name"),
    Read.text("email"),
    Read.flag("isActive"),
    Read.text("receiveVia"),
    Read.text("smtpUrl", DESCRIPTION_MAX),
)
SPAM_BODY = Body(Read.items("blackList"), Read.items("whiteList"))


@router.get("/api/mailboxes.json", responses=ok(schemas.MailboxPage))
async def list_mailboxes(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(MAILBOXES)
) -> Any:
    found = await service.list_mailboxes(session, actor, listing.query)
    return {"mailboxes": [mailbox_view(mailbox) for mailbox in found]}


@router.post("/api/mailboxes.json", responses=ok(schemas.MailboxSaved), openapi_extra=MAILBOX_BODY)
async def add_mailbox(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    mailbox = await service.add_mailbox(session, actor, draft_from(fields))
    return {
        "message": "Success ! Mailbox saved successfully.",
        "id": mailbox.id,
        "mailbox": mailbox_view(mailbox),
    }


@router.put(
    "/api/mailbox/{mailbox_id:id}.json",
    responses=ok(schemas.MailboxUpdated),
    openapi_extra=MAILBOX_BODY,
)
async def edit_mailbox(
    mailbox_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    mailbox = await service.edit_mailbox(session, actor, mailbox_id, draft_from(fields))
    return {"message": "Success ! Mailbox updated successfully.", "mailbox": mailbox_view(mailbox)}


@router.delete("/api/mailbox/{mailbox_id:id}.json", responses=ok(schemas.Outcome))
async def delete_mailbox(mailbox_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_mailbox(session, actor, mailbox_id)
    return {"message": "Success ! Mailbox removed successfully."}


def spam_view(lists: spam.SpamLists) -> dict[str, Any]:
    return {"blackList": lists.black_list, "whiteList": lists.white_list}


@router.get("/api/company/spam.json", responses=ok(schemas.SpamSettings))
async def view_spam_settings(actor: UvdeskActor, session: DbSession) -> Any:
    return spam_view(await spam.spam_lists(session, actor))


@router.put("/api/company/spam.json", responses=ok(schemas.Outcome), openapi_extra=SPAM_BODY)
async def edit_spam_settings(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    await spam.save_spam_lists(
        session,
        actor,
        black_list=_list_text(fields, "blackList"),
        white_list=_list_text(fields, "whiteList"),
    )
    return {"message": "Success ! Spam setting saved successfully."}


def _list_text(fields: Fields, name: str) -> str | None:
    """Absent: unchanged; null or empty: emptied; an array is accepted like a string."""
    if not fields.has(name):
        return None
    return ",".join(fields.items(name))
