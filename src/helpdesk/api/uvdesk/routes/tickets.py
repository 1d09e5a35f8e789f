"""Tickets: raise, view, list, edit, assign, collaborate, tag, trash, restore, delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.common.uploads import upload_of
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList, flag, read_list
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.api.uvdesk.people_views import person_view
from helpdesk.api.uvdesk.task_views import task_row, todo_view
from helpdesk.api.uvdesk.ticket_views import (
    labels_block,
    mailbox_choices_view,
    people_of,
    reference_view,
    thread_view,
    ticket_row,
    ticket_view,
    user_details,
)
from helpdesk.core.database import Session
from helpdesk.domain.files.service import Upload
from helpdesk.domain.identity.service import role_instances
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes.service import mailbox_choices
from helpdesk.domain.shared.bounds import BODY_MAX, SUBJECT_MAX
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Condition, Filter, Special, Value
from helpdesk.domain.support.access import labels_seen
from helpdesk.domain.support.company import company_timezone
from helpdesk.domain.support.reference import reference_lists
from helpdesk.domain.tasks import service as tasks
from helpdesk.domain.tasks import todos
from helpdesk.domain.tickets import listing, service
from helpdesk.domain.tickets.queries import opening_thread

router = APIRouter(tags=["UVdesk: tickets"])


def files_from(fields: Fields) -> list[Upload]:
    return [upload_of(part) for part in fields.uploads("attachments")]


def custom_values(fields: Fields) -> dict[int, Any]:
    given = fields.mapping("customFields")
    try:
        return {int(key): value for key, value in given.items()}
    except ValueError:
        raise ValidationFailed.for_field("customFields", "Custom fields are keyed by id.") from None


# The spec: filters new, unassigned, mine, starred, trashed, label, status, agent, customer,
# priority, group, team, tags, mailbox, search; sort t.id|t.updatedAt|agentName|c.email|name.
TICKETS = ListSpec(
    per_page=15,
    sorts={
        "id": "id",
        "updatedat": "updatedAt",
        "agentname": "agent.name",
        "email": "customer.email",
        "name": "customer.name",
    },
    only={"new": "isNew", "starred": "isStarred"},
    ids={
        "label": "labels.id",
        "status": "status.id",
        "agent": "agent.id",
        "customer": "customer.id",
        "priority": "priority.id",
        "group": "group.id",
        "team": "team.id",
        "tags": "tags.id",
        "mailbox": "mailbox.id",
    },
)


def ticket_list(request: Request, actor: Actor) -> UvdeskList:
    """The ticket list's own filters: the trash, ``unassigned`` and ``mine``."""
    params = request.query_params
    trashed = Condition("eq", "isTrashed", Value(str(flag(params, "trashed")).lower()))
    extra: list[Filter] = [trashed]
    if flag(params, "unassigned"):
        extra.append(Condition("eq", "agent.id", Special.NULL))
    if flag(params, "mine"):
        extra.append(Condition("eq", "agent.id", Value(str(actor.user_id))))
    return read_list(params, TICKETS, *extra)


async def side_data(session: Session, actor: Actor) -> dict[str, Any]:
    return {
        "labels": labels_block(
            await listing.predefined_counts(session, actor),
            await listing.label_counts(session, actor),
        ),
        "userDetails": user_details(actor),
        **reference_view(await reference_lists(session)),
    }


def bulk_answer(result: service.BulkResult, message: str) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    if result.missing:
        answer["warning"] = "Ticket(s) not found: " + ", ".join(str(i) for i in result.missing)
    answer["message"] = message
    return answer


NEW_TICKET_BODY = Body(
    Read.required_text("subject", SUBJECT_MAX),
    Read.required_text("reply", BODY_MAX),
    Read.required_email("from"),
    Read.text("name"),
    Read.integer("type"),
    Read.integer("status"),
    Read.integer("priority"),
    Read.integer("group"),
    Read.text("source"),
    Read.mapping("customFields"),
    Read.uploads("attachments"),
)
EDIT_BODY = Body(
    Read.text("subject", SUBJECT_MAX), Read.text("reply", BODY_MAX), Read.integer("type")
)
PROPERTY_BODY = Body(Read.required_text("editType"), Read.text("value"))
AGENT_BODY = Body(Read.integer("id"), Read.integer("agentId"))
COLLABORATOR_BODY = Body(Read.required_email("email"))
UNCOLLABORATE_BODY = Body(Read.integer("collaboratorId"))
TAG_BODY = Body(Read.required_text("name"))
UNTAG_BODY = Body(Read.integer("tagId"), Read.integer("id"))
DELETE_BODY = Body(Read.integers("ids"))


@router.post("/api/tickets.json", responses=ok(schemas.RaisedTicket), openapi_extra=NEW_TICKET_BODY)
async def raise_ticket(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    draft = service.TicketDraft(
        subject=fields.required_text("subject", SUBJECT_MAX),
        reply=fields.required_text("reply", BODY_MAX),
        customer_email=fields.required_email("from"),
        customer_name=fields.text("name") or "",
        type_id=fields.integer("type"),
        status_id=fields.integer("status"),
        priority_id=fields.integer("priority"),
        group_id=fields.integer("group"),
        source=fields.text("source") or "api",
        ip_address=request.client.host if request.client else None,
        files=files_from(fields),
        custom_fields=custom_values(fields),
    )
    ticket = await service.raise_ticket(session, actor, draft)
    # As the seed shows: ``id`` is the number people see, ``ticketId`` the internal id.
    return {
        "message": "Success ! Ticket has been created successfully.",
        "id": ticket.increment_id,
        "incrementId": ticket.increment_id,
        "ticketId": ticket.id,
    }


@router.get("/api/tickets.json", responses=ok(schemas.TicketPage))
async def list_tickets(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    wanted = ticket_list(request, actor)
    page = await listing.list_tickets(session, actor, wanted.query, wanted.search)
    ids = [ticket.id for ticket in page.items]
    threads = await listing.thread_counts(session, actor, ids)
    attached = await listing.with_attachments(session, actor, ids)
    timezone = await company_timezone(session)
    tabs = await listing.status_tabs(session, actor)
    return {
        # The seed: a status with tickets counts as a string, one without as the number 0.
        "tabs": {str(s): str(tabs[s]) if tabs.get(s) else 0 for s in range(1, 7)},
        "tickets": [
            ticket_row(ticket, threads.get(ticket.id, 0), ticket.id in attached, timezone)
            for ticket in page.items
        ],
        "pagination": pagination(wanted.current, page.limit, page.total, len(page.items)),
        **await side_data(session, actor),
        "mailbox": mailbox_choices_view(await mailbox_choices(session, actor)),
    }


@router.get("/api/ticket/{increment_id:id}.json", responses=ok(schemas.TicketAnswer))
async def view_ticket(increment_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    ticket = await service.ticket_by_number(session, actor, increment_id)
    timezone = await company_timezone(session)
    threads = await listing.thread_counts(session, actor, [ticket.id])
    opening = await opening_thread(session, ticket.id)
    people = await role_instances(session, people_of(ticket, opening))
    return {
        "ticket": ticket_view(ticket, timezone, people, labels_seen(actor, ticket.labels)),
        **await side_data(session, actor),
        "todo": [
            todo_view(todo) for todo in await todos.todos_of_ticket(session, actor, ticket.id)
        ],
        "createThread": thread_view(opening, timezone, people, in_list=False) if opening else None,
        "ticketTotalThreads": str(threads.get(ticket.id, 0)),
        "ticketTasks": [
            task_row(task, timezone)
            for task in await tasks.tasks_of_ticket(session, actor, ticket.id)
        ],
    }


@router.put(
    "/api/ticket/{ticket_id:id}.json", responses=ok(schemas.Outcome), openapi_extra=EDIT_BODY
)
async def edit_ticket(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    await service.edit_ticket(
        session,
        actor,
        ticket_id,
        subject=fields.text("subject", SUBJECT_MAX),
        reply=fields.text("reply", BODY_MAX),
        type_id=fields.integer("type"),
    )
    return {"message": "Success ! Ticket has been updated successfully."}


@router.patch(
    "/api/ticket/{ticket_id:id}.json", responses=ok(schemas.Outcome), openapi_extra=PROPERTY_BODY
)
async def change_property(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    edited = await service.change_property(
        session, actor, ticket_id, fields.required_text("editType"), fields.text("value")
    )
    return {"message": f"Success: {edited} updated"}


@router.delete("/api/ticket/{ticket_id:id}.json", responses=ok(schemas.Outcome))
@router.put("/api/ticket/{ticket_id:id}/trash.json", responses=ok(schemas.Outcome))
async def trash_ticket(ticket_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.trash(session, actor, ticket_id)
    return {"message": "Success ! Ticket moved to trash successfully."}


@router.put(
    "/api/ticket/{ticket_id:id}/agent.json", responses=ok(schemas.Outcome), openapi_extra=AGENT_BODY
)
async def assign_agent(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    agent_id = fields.integer("id") or fields.integer("agentId")
    if agent_id is None:
        fields.required_text("id")
    await service.assign_agent(session, actor, ticket_id, agent_id or 0)
    return {"message": "Success ! Agent successfully assigned."}


@router.post(
    "/api/ticket/{ticket_id:id}/collaborator.json",
    responses=ok(schemas.CollaboratorOutcome),
    openapi_extra=COLLABORATOR_BODY,
)
async def add_collaborator(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    user = await service.add_collaborator(session, actor, ticket_id, fields.required_email("email"))
    people = await role_instances(session, [user.id])
    view = {**person_view(user, people[user.id]), "userName": user.email}
    return {"collaborator": view, "message": "Success ! Collaborator added successfully."}


@router.delete(
    "/api/ticket/{ticket_id:id}/collaborator.json",
    responses=ok(schemas.Outcome),
    openapi_extra=UNCOLLABORATE_BODY,
)
async def remove_collaborator(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    collaborator = fields.integer("collaboratorId")
    if collaborator is None:
        fields.required_text("collaboratorId")
    await service.remove_collaborator(session, actor, ticket_id, collaborator or 0)
    return {"message": "Success ! Collaborator removed successfully."}


@router.post(
    "/api/ticket/{ticket_id:id}/tags.json", responses=ok(schemas.TagAdded), openapi_extra=TAG_BODY
)
async def add_tag(ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    tag = await service.add_tag(session, actor, ticket_id, fields.required_text("name"))
    return {"tag": {"id": tag.id, "name": tag.name}, "msg": "Success ! Tag added successfully."}


@router.delete(
    "/api/ticket/{ticket_id:id}/tags.json",
    responses=ok(schemas.TagRemoved),
    openapi_extra=UNTAG_BODY,
)
async def remove_tag(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    tag_id = fields.integer("tagId") or fields.integer("id")
    if tag_id is None:
        fields.required_text("tagId")
    await service.remove_tag(session, actor, ticket_id, tag_id or 0)
    return {"tagId": str(tag_id), "msg": "Success ! Tag removed successfully."}


BULK_ROUTES = {
    "trash": ("trash", None, "Success ! Tickets moved to trashed successfully."),
    "status": ("status", "statusId", "Success ! Tickets status changed successfully."),
    "restore": ("restore", None, "Success ! Tickets restored successfully."),
    "priority": ("priority", "priorityId", "Success ! Tickets priority changed successfully."),
    "label": ("label", "labelId", "Success ! label added to Tickets successfully."),
    "group": ("group", "groupId", "Success ! Tickets group changed successfully."),
    "agent": ("agent", "agentId", "Success ! Agent assigned successfully."),
}


BULK_BODY = Body(
    Read.integers("ids"),
    Read.integer("id"),
    *(Read.integer(field) for _, field, _ in BULK_ROUTES.values() if field is not None),
)


@router.put(
    "/api/tickets/{operation}.json", responses=ok(schemas.BulkOutcome), openapi_extra=BULK_BODY
)
async def bulk_change(
    operation: str, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    if operation not in BULK_ROUTES:
        raise NotFound(f"No bulk operation {operation}.")
    name, value_field, message = BULK_ROUTES[operation]
    fields = await read_fields(request)
    value = None
    if value_field is not None:
        value = fields.integer(value_field)
        if value is None and operation == "agent":
            value = fields.integer("id")
    result = await service.bulk(session, actor, fields.integers("ids"), name, value)
    return bulk_answer(result, message)


@router.delete("/api/tickets.json", responses=ok(schemas.DeletedTickets), openapi_extra=DELETE_BODY)
async def delete_tickets(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    result = await service.bulk(session, actor, fields.integers("ids"), "delete", None)
    answer = bulk_answer(result, "Success ! Ticket(s) removed successfully.")
    return {"deletedTickets": ",".join(str(i) for i in result.applied), **answer}
