"""Tickets and threads as the UVdesk API shows them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpdesk.api.uvdesk.people_views import person_view
from helpdesk.api.uvdesk.wire import formatted, php_datetime, thread_formatted
from helpdesk.domain.identity.access import is_support_agent
from helpdesk.domain.identity.models import User, UserInstance
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes.models import Mailbox
from helpdesk.domain.support.models import SupportLabel, TicketPriority, TicketStatus, TicketType
from helpdesk.domain.support.reference import ReferenceLists
from helpdesk.domain.tickets.listing import LabelCount
from helpdesk.domain.tickets.models import Thread, ThreadAttachment, Ticket

ATTACHMENT_ROUTE = "/api/ticket/attachment/{id}.json"

# Each shown user's role instances, by user id (``identity.service.role_instances``).
People = Mapping[int, Sequence[UserInstance]]


def status_view(status: TicketStatus) -> dict[str, Any]:
    return {
        "id": status.id,
        "name": status.description,
        "description": status.description,
        "color": status.color,
        "sortOrder": status.sort_order,
    }


def priority_view(priority: TicketPriority) -> dict[str, Any]:
    return {
        "id": priority.id,
        "name": priority.description,
        "description": priority.description,
        "color": priority.color,
    }


def type_view(ticket_type: TicketType | None) -> dict[str, Any] | None:
    if ticket_type is None:
        return None
    return {
        "id": ticket_type.id,
        "name": ticket_type.code,
        "description": ticket_type.description,
        "isActive": ticket_type.is_active,
    }


def user_brief(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "email": user.email, "name": user.full_name}


def people_of(ticket: Ticket, *threads: Thread | None) -> set[int]:
    """Users whose role instances a ticket's or its threads' views show."""
    users = {ticket.customer_id, *(user.id for user in ticket.collaborators)}
    if ticket.agent_id is not None:
        users.add(ticket.agent_id)
    return users | {thread.user_id for thread in threads if thread is not None}


def person_or_none(user: User | None, people: People) -> dict[str, Any] | None:
    return None if user is None else person_view(user, people.get(user.id, ()))


def attachment_view(item: ThreadAttachment, thread_id: int) -> dict[str, Any]:
    image = item.file.content_type.startswith("image/")
    path = ATTACHMENT_ROUTE.format(id=item.id)
    return {
        "id": item.id,
        "name": item.file.filename,
        "path": path,
        "thread": thread_id,
        "taskThread": None,
        "attachmentThumb": path if image else None,
        "attachmentOrginal": path if image else None,
        "contentType": item.file.content_type,
        "size": item.file.size,
    }


def thread_view(
    thread: Thread, timezone: str, people: People, *, in_list: bool = True
) -> dict[str, Any]:
    """A thread as the thread list shows it; the ticket view's ``createThread`` dates it the
    way tickets are dated (``in_list=False``)."""
    user = thread.user
    when = thread_formatted if in_list else formatted
    return {
        "id": thread.id,
        "reply": thread.message,
        "source": thread.source,
        "threadType": thread.thread_type,
        "replyTo": thread.reply_to,
        "cc": thread.cc,
        "bcc": thread.bcc,
        "userType": thread.user_type,
        "formatedCreatedAt": when(thread.created_at, timezone),
        "createdAt": php_datetime(thread.created_at, timezone),
        "timestamp": int(thread.created_at.timestamp()),
        "messageId": thread.message_id,
        "user": person_view(user, people.get(user.id, ())),
        "attachments": [attachment_view(item, thread.id) for item in thread.attachments],
        "isLocked": thread.is_locked,
        "fullname": user.full_name,
        "bookmark": thread.is_bookmarked or None,
        "viewedAt": php_datetime(thread.viewed_at, timezone),
        "task": None,
    }


def ticket_row(
    ticket: Ticket, threads: int, has_attachments: bool, timezone: str
) -> dict[str, Any]:
    """A ticket as the list shows it."""
    return {
        "id": ticket.id,
        "incrementId": ticket.increment_id,
        "subject": ticket.subject,
        "isStarred": ticket.is_starred or None,
        "isAgentView": True,
        "isTrashed": ticket.is_trashed,
        "source": ticket.source,
        "group": {"id": ticket.group.id, "name": ticket.group.name} if ticket.group else None,
        "team": {"id": ticket.team.id, "name": ticket.team.name} if ticket.team else None,
        "priority": priority_view(ticket.priority),
        "status": status_view(ticket.status),
        "type": ticket.type.code if ticket.type else None,
        "timestamp": int(ticket.created_at.timestamp()),
        "formatedCreatedAt": formatted(ticket.created_at, timezone),
        "totalThreads": str(threads),
        "agent": user_brief(ticket.agent),
        "customer": user_brief(ticket.customer),
        "hasAttachments": int(has_attachments),
    }


def ticket_view(
    ticket: Ticket, timezone: str, people: People, labels: Sequence[SupportLabel]
) -> dict[str, Any]:
    """A ticket as ``GET /ticket/{incrementId}`` shows it, with the caller's own labels."""
    return {
        "id": ticket.id,
        "subject": ticket.subject,
        "source": ticket.source,
        "formatedCreatedAt": formatted(ticket.created_at, timezone),
        "status": status_view(ticket.status),
        "type": type_view(ticket.type),
        "priority": priority_view(ticket.priority),
        "agent": person_or_none(ticket.agent, people),
        "customer": person_or_none(ticket.customer, people),
        "isStarred": ticket.is_starred or None,
        "mailbox": None,
        "tags": [{"id": tag.id, "name": tag.name} for tag in ticket.tags],
        "group": {"id": ticket.group.id, "name": ticket.group.name} if ticket.group else None,
        "rating": ticket.rating,
        "collaborators": [person_or_none(user, people) for user in ticket.collaborators],
        "referenceIds": ticket.reference_ids,
        "isAgentView": True,
        "isCustomerView": None,
        "customFieldValues": [
            {"id": value.id, "customField": value.field_id, "value": value.value}
            for value in ticket.custom_values
        ],
        "uniqueReplyTo": ticket.unique_reply_to,
        "isTrashed": ticket.is_trashed,
        "ticketLabels": [{"id": label.id, "name": label.name} for label in labels],
        "ratings": [],
        "isNew": ticket.is_new,
        "subgroup": {"id": ticket.team.id, "name": ticket.team.name} if ticket.team else None,
        "agentLastRepliedAt": php_datetime(ticket.agent_last_replied_at, timezone),
        "incrementId": ticket.increment_id,
        "socialChannel": None,
        "isSourceDeleted": False,
        "ipAddress": ticket.ip_address,
        "isReplied": ticket.is_replied,
    }


def labels_block(predefined: dict[str, int], custom: list[LabelCount]) -> dict[str, Any]:
    return {
        "predefind": {name: str(count) for name, count in predefined.items()},
        "custom": [
            {
                "id": item.label.id,
                "name": item.label.name,
                "color": item.label.color,
                "count": str(item.tickets),
            }
            for item in custom
        ],
    }


def user_details(actor: Actor) -> dict[str, Any]:
    return {"user": actor.user_id, "name": actor.name, "pic": None, "role": is_support_agent(actor)}


def reference_view(lists: ReferenceLists) -> dict[str, Any]:
    """The ``status``, ``group``, ``team``, ``priority`` and ``type`` lists beside tickets."""
    return {
        "status": [status_view(status) for status in lists.statuses],
        "group": [
            {
                "id": group.id,
                "name": group.name,
                "subGroups": [{"id": t.id, "name": t.name} for t in group.teams],
            }
            for group in lists.groups
        ],
        "team": [{"id": team.id, "name": team.name} for team in lists.teams],
        "priority": [priority_view(priority) for priority in lists.priorities],
        "type": [type_view(ticket_type) for ticket_type in lists.types],
    }


def mailbox_choices_view(mailboxes: Sequence[Mailbox]) -> list[dict[str, Any]]:
    """The ``mailbox`` list of the ticket list and the filters, as the seed shows it."""
    return [{"id": mailbox.id, "name": mailbox.name} for mailbox in mailboxes]
