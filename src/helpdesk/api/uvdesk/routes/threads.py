"""Threads of a ticket, and attachment downloads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from helpdesk.api.common.documented import file_only, ok
from helpdesk.api.common.downloads import file_response
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, read_list
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.api.uvdesk.routes.tickets import files_from
from helpdesk.api.uvdesk.ticket_views import thread_view
from helpdesk.domain.identity.service import role_instances
from helpdesk.domain.outbox import replies
from helpdesk.domain.shared.bounds import BODY_MAX
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.support.company import company_timezone
from helpdesk.domain.tickets import threads as service
from helpdesk.domain.tickets.models import ThreadType

router = APIRouter(tags=["UVdesk: threads"])
# Threads sort by id alone: oldest first, newest first with ``direction=desc``.
THREADS = ListSpec(per_page=10)

ADDED = {
    ThreadType.REPLY: "Success ! Reply added successfully.",
    ThreadType.FORWARD: "Success ! Forward added successfully.",
    ThreadType.NOTE: "Success ! Note added successfully.",
}


THREAD_BODY = Body(
    Read.required_text("threadType"),
    Read.required_text("reply", BODY_MAX),
    Read.integer("status"),
    Read.items("to"),
    Read.uploads("attachments"),
)
EDIT_BODY = Body(Read.required_text("reply", BODY_MAX))
TOGGLE_BODY = Body(Read.required_text("updateType"))


@router.get("/api/ticket/{ticket_id:id}/threads.json", responses=ok(schemas.ThreadPage))
async def list_threads(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    listing = read_list(request.query_params, THREADS)
    page = await service.list_threads(session, actor, ticket_id, listing.query)
    timezone = await company_timezone(session)
    people = await role_instances(session, {thread.user_id for thread in page.items})
    return {
        "threads": [thread_view(thread, timezone, people) for thread in page.items],
        "pagination": pagination(
            listing.current,
            page.limit,
            page.total,
            len(page.items),
            f"#id/{ticket_id}/page/replacePage",
        ),
    }


@router.post(
    "/api/ticket/{ticket_id:id}/threads.json",
    responses=ok(schemas.CreatedOutcome),
    openapi_extra=THREAD_BODY,
)
async def add_thread(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    raw_type = fields.required_text("threadType")
    try:
        thread_type = ThreadType(raw_type)
    except ValueError:
        raise ValidationFailed.for_field(
            "threadType", "threadType must be reply, forward or note."
        ) from None
    given = service.Reply(
        thread_type=thread_type,
        message=fields.required_text("reply", BODY_MAX),
        status_id=fields.integer("status"),
        to=fields.items("to") or None,
        files=files_from(fields),
    )
    thread = await replies.reply(session, actor, ticket_id, given)
    return {"message": ADDED.get(thread_type, ADDED[ThreadType.REPLY]), "id": thread.id}


@router.put(
    "/api/ticket/{ticket_id:id}/thread/{thread_id:id}.json",
    responses=ok(schemas.Outcome),
    openapi_extra=EDIT_BODY,
)
async def edit_thread(
    ticket_id: int, thread_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    await service.edit_thread(
        session, actor, ticket_id, thread_id, fields.required_text("reply", BODY_MAX)
    )
    return {"message": "Success ! Thread updated successfully."}


@router.patch(
    "/api/ticket/{ticket_id:id}/thread/{thread_id:id}.json",
    responses=ok(schemas.Outcome),
    openapi_extra=TOGGLE_BODY,
)
async def toggle_thread(
    ticket_id: int, thread_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    update_type = fields.required_text("updateType")
    state = await service.toggle(session, actor, ticket_id, thread_id, update_type)
    if update_type == "lock":
        return {"message": f"Success ! Thread {'locked' if state else 'unlocked'} successfully."}
    done = "bookmarked" if state else "unbookmarked"
    return {"message": f"Success ! Thread {done} successfully."}


@router.delete(
    "/api/ticket/{ticket_id:id}/thread/{thread_id:id}.json", responses=ok(schemas.Outcome)
)
async def delete_thread(
    ticket_id: int, thread_id: int, actor: UvdeskActor, session: DbSession
) -> Any:
    await service.delete_thread(session, actor, ticket_id, thread_id)
    return {"message": "Success ! Thread removed successfully."}


@router.get(
    "/api/ticket/attachment/{attachment_id:id}.json",
    response_class=Response,
    responses=file_only(),
)
async def download_attachment(
    attachment_id: int, actor: UvdeskActor, session: DbSession
) -> Response:
    found = await service.attachment(session, actor, attachment_id)
    return file_response(session, found.file)
