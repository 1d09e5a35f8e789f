"""The policy table: who may do what to which object, on both dialects.

``ROUTES`` names every route of the app (method and path as declared) with the object kind
it serves and its verb; ``tests/policy/test_matrix.py`` fails naming any route of the app
missing here (and any row naming no route), so every new route must join the table.

``CHAT_CELLS`` and ``TICKET_CELLS`` are the cells run over real HTTP against a world of
fixed actors and objects (see the test): for each route and object, which actor kinds are
allowed; every other actor kind gets the denial given (404 for what it may not see, 403
for what it sees but may not change, 401 for anonymous). Denied reads must also be absent
from lists and their totals.
"""

from __future__ import annotations

from dataclasses import dataclass

MP = "/public/v1/helpdesk"


@dataclass(frozen=True, slots=True)
class Row:
    kind: str
    verb: str


# Marketplace actor kinds.
OPERATIONS = "operations"
CLIENT_A = "client A"
CLIENT_B = "client B"
VENDOR = "vendor"
ANONYMOUS = "anonymous"
MARKETPLACE_ACTORS = (OPERATIONS, CLIENT_A, CLIENT_B, VENDOR, ANONYMOUS)

# UVdesk actor kinds.
OWNER = "owner"
ADMIN = "admin"
AGENT_IN_GROUP = "agent in group"
AGENT_OUTSIDE_GROUP = "agent outside group"
AGENT_WITHOUT_PRIVILEGE = "agent without a privilege"
CUSTOMER_A = "customer A"
CUSTOMER_B = "customer B"
UVDESK_ACTORS = (
    OWNER,
    ADMIN,
    AGENT_IN_GROUP,
    AGENT_OUTSIDE_GROUP,
    AGENT_WITHOUT_PRIVILEGE,
    CUSTOMER_A,
    CUSTOMER_B,
    ANONYMOUS,
)

ROUTES: dict[str, Row] = {
    "GET /healthz": Row("healthz", "list"),
    "GET /public/v1/notifications/contacts": Row("contacts", "list"),
    "POST /public/v1/notifications/contacts": Row("contacts", "create"),
    "GET /public/v1/notifications/contacts/{contact_id}": Row("contacts", "get"),
    "GET /public/v1/helpdesk/queues": Row("queues", "list"),
    "POST /public/v1/helpdesk/queues": Row("queues", "create"),
    "GET /public/v1/helpdesk/queues/{queue_id}": Row("queues", "get"),
    "PUT /public/v1/helpdesk/queues/{queue_id}": Row("queues", "update"),
    "DELETE /public/v1/helpdesk/queues/{queue_id}": Row("queues", "delete"),
    "POST /public/v1/helpdesk/queues/{queue_id}/activate": Row("queues activate", "act"),
    "POST /public/v1/helpdesk/queues/{queue_id}/disable": Row("queues disable", "act"),
    "GET /public/v1/helpdesk/cases": Row("cases", "list"),
    "POST /public/v1/helpdesk/cases": Row("cases", "create"),
    "GET /public/v1/helpdesk/cases/{case_id}": Row("cases", "get"),
    "PUT /public/v1/helpdesk/cases/{case_id}": Row("cases", "update"),
    "POST /public/v1/helpdesk/cases/{case_id}/query": Row("cases query", "act"),
    "POST /public/v1/helpdesk/cases/{case_id}/process": Row("cases process", "act"),
    "POST /public/v1/helpdesk/cases/{case_id}/complete": Row("cases complete", "act"),
    "GET /public/v1/helpdesk/chats": Row("chats", "list"),
    "POST /public/v1/helpdesk/chats": Row("chats", "create"),
    "GET /public/v1/helpdesk/chats/{chat_id}": Row("chats", "get"),
    "PUT /public/v1/helpdesk/chats/{chat_id}": Row("chats", "update"),
    "GET /public/v1/helpdesk/chats/{chat_id}/icon": Row("chats icon", "download"),
    "GET /public/v1/helpdesk/chats/{chat_id}/participants": Row("chats participants", "list"),
    "POST /public/v1/helpdesk/chats/{chat_id}/participants": Row("chats participants", "create"),
    "GET /public/v1/helpdesk/chats/{chat_id}/participants/{participant_id}": Row(
        "chats participants", "get"
    ),
    "PUT /public/v1/helpdesk/chats/{chat_id}/participants/{participant_id}": Row(
        "chats participants", "update"
    ),
    "DELETE /public/v1/helpdesk/chats/{chat_id}/participants/{participant_id}": Row(
        "chats participants", "delete"
    ),
    "GET /public/v1/helpdesk/chats/{chat_id}/messages": Row("chats messages", "list"),
    "POST /public/v1/helpdesk/chats/{chat_id}/messages": Row("chats messages", "create"),
    "GET /public/v1/helpdesk/chats/{chat_id}/messages/{message_id}": Row("chats messages", "get"),
    "PUT /public/v1/helpdesk/chats/{chat_id}/messages/{message_id}": Row(
        "chats messages", "update"
    ),
    "DELETE /public/v1/helpdesk/chats/{chat_id}/messages/{message_id}": Row(
        "chats messages", "delete"
    ),
    "GET /public/v1/helpdesk/chats/{chat_id}/attachments": Row("chats attachments", "list"),
    "POST /public/v1/helpdesk/chats/{chat_id}/attachments": Row("chats attachments", "create"),
    "GET /public/v1/helpdesk/chats/{chat_id}/attachments/{attachment_id}": Row(
        "chats attachments", "get, download"
    ),
    "PUT /public/v1/helpdesk/chats/{chat_id}/attachments/{attachment_id}": Row(
        "chats attachments", "update"
    ),
    "DELETE /public/v1/helpdesk/chats/{chat_id}/attachments/{attachment_id}": Row(
        "chats attachments", "delete"
    ),
    "GET /public/v1/helpdesk/chats/{chat_id}/links": Row("chats links", "list"),
    "POST /public/v1/helpdesk/chats/{chat_id}/links": Row("chats links", "create"),
    "GET /public/v1/helpdesk/chats/{chat_id}/links/{link_id}": Row("chats links", "get"),
    "PUT /public/v1/helpdesk/chats/{chat_id}/links/{link_id}": Row("chats links", "update"),
    "DELETE /public/v1/helpdesk/chats/{chat_id}/links/{link_id}": Row("chats links", "delete"),
    "GET /public/v1/helpdesk/chats/{chat_id}/answers": Row("chats answers", "list"),
    "POST /public/v1/helpdesk/chats/{chat_id}/answers": Row("chats answers", "create"),
    "GET /public/v1/helpdesk/chats/{chat_id}/answers/{answer_id}": Row("chats answers", "get"),
    "PUT /public/v1/helpdesk/chats/{chat_id}/answers/{answer_id}": Row("chats answers", "update"),
    "DELETE /public/v1/helpdesk/chats/{chat_id}/answers/{answer_id}": Row(
        "chats answers", "delete"
    ),
    "POST /public/v1/helpdesk/chats/{chat_id}/answers/{answer_id}/submit": Row(
        "answers submit", "act"
    ),
    "POST /public/v1/helpdesk/chats/{chat_id}/answers/{answer_id}/accept": Row(
        "answers accept", "act"
    ),
    "POST /public/v1/helpdesk/chats/{chat_id}/answers/{answer_id}/query": Row(
        "answers query", "act"
    ),
    "POST /public/v1/helpdesk/chats/{chat_id}/answers/{answer_id}/validate": Row(
        "answers validate", "act"
    ),
    "GET /public/v1/helpdesk/channels": Row("channels", "list"),
    "POST /public/v1/helpdesk/channels": Row("channels", "create"),
    "GET /public/v1/helpdesk/channels/{channel_id}": Row("channels", "get"),
    "PUT /public/v1/helpdesk/channels/{channel_id}": Row("channels", "update"),
    "DELETE /public/v1/helpdesk/channels/{channel_id}": Row("channels", "delete"),
    "GET /public/v1/helpdesk/channels/{channel_id}/messages": Row("channels messages", "list"),
    "GET /public/v1/helpdesk/parameters": Row("parameters", "list"),
    "POST /public/v1/helpdesk/parameters": Row("parameters", "create"),
    "GET /public/v1/helpdesk/parameters/{parameter_id}": Row("parameters", "get"),
    "PUT /public/v1/helpdesk/parameters/{parameter_id}": Row("parameters", "update"),
    "DELETE /public/v1/helpdesk/parameters/{parameter_id}": Row("parameters", "delete"),
    "GET /public/v1/helpdesk/parameter-groups": Row("parameter-groups", "list"),
    "POST /public/v1/helpdesk/parameter-groups": Row("parameter-groups", "create"),
    "GET /public/v1/helpdesk/parameter-groups/{group_id}": Row("parameter-groups", "get"),
    "PUT /public/v1/helpdesk/parameter-groups/{group_id}": Row("parameter-groups", "update"),
    "DELETE /public/v1/helpdesk/parameter-groups/{group_id}": Row("parameter-groups", "delete"),
    "GET /public/v1/helpdesk/parameter-groups/{group_id}/parameters": Row(
        "parameter-groups parameters", "list"
    ),
    "POST /public/v1/helpdesk/parameter-groups/{group_id}/parameters": Row(
        "parameter-groups parameters", "create"
    ),
    "GET /public/v1/helpdesk/parameter-groups/{group_id}/parameters/{member_id}": Row(
        "parameter-groups parameters", "get"
    ),
    "PUT /public/v1/helpdesk/parameter-groups/{group_id}/parameters/{member_id}": Row(
        "parameter-groups parameters", "update"
    ),
    "DELETE /public/v1/helpdesk/parameter-groups/{group_id}/parameters/{member_id}": Row(
        "parameter-groups parameters", "delete"
    ),
    "GET /public/v1/helpdesk/forms": Row("forms", "list"),
    "POST /public/v1/helpdesk/forms": Row("forms", "create"),
    "GET /public/v1/helpdesk/forms/{form_id}": Row("forms", "get"),
    "PUT /public/v1/helpdesk/forms/{form_id}": Row("forms", "update"),
    "DELETE /public/v1/helpdesk/forms/{form_id}": Row("forms", "delete"),
    "POST /public/v1/helpdesk/forms/{form_id}/publish": Row("forms publish", "act"),
    "POST /public/v1/helpdesk/forms/{form_id}/unpublish": Row("forms unpublish", "act"),
    "GET /public/v1/helpdesk/feedback": Row("feedback", "list"),
    "POST /public/v1/helpdesk/feedback": Row("feedback", "create"),
    "GET /public/v1/helpdesk/feedback/{feedback_id}": Row("feedback", "get"),
    "PUT /public/v1/helpdesk/feedback/{feedback_id}": Row("feedback", "update"),
    "DELETE /public/v1/helpdesk/feedback/{feedback_id}": Row("feedback", "delete"),
    "POST /public/v1/helpdesk/feedback/{feedback_id}/review": Row("feedback review", "act"),
    "GET /public/v1/helpdesk/feedback/{feedback_id}/attachments": Row(
        "feedback attachments", "list"
    ),
    "POST /public/v1/helpdesk/feedback/{feedback_id}/attachments": Row(
        "feedback attachments", "create"
    ),
    "GET /public/v1/helpdesk/feedback/{feedback_id}/attachments/{attachment_id}": Row(
        "feedback attachments", "get, download"
    ),
    "PUT /public/v1/helpdesk/feedback/{feedback_id}/attachments/{attachment_id}": Row(
        "feedback attachments", "update"
    ),
    "DELETE /public/v1/helpdesk/feedback/{feedback_id}/attachments/{attachment_id}": Row(
        "feedback attachments", "delete"
    ),
    "GET /api/me.json": Row("me", "get"),
    "GET /api/customers.json": Row("customers", "list"),
    "GET /api/customer/{user_id}.json": Row("customer", "get"),
    "POST /api/customers.json": Row("customers", "create"),
    "PUT /api/customer/{user_id}.json": Row("customer", "update"),
    "PATCH /api/customer/{user_id}.json": Row("customer", "update"),
    "DELETE /api/customer/{user_id}.json": Row("customer", "delete"),
    "GET /api/members.json": Row("members", "list"),
    "GET /api/member/{user_id}.json": Row("member", "get"),
    "POST /api/members.json": Row("members", "create"),
    "PUT /api/member/profile.json": Row("member profile", "update"),
    "PUT /api/member/{user_id}.json": Row("member", "update"),
    "DELETE /api/member/{user_id}.json": Row("member", "delete"),
    "GET /api/groups.json": Row("groups", "list"),
    "POST /api/groups.json": Row("groups", "create"),
    "PUT /api/group/{group_id}.json": Row("group", "update"),
    "DELETE /api/group/{group_id}.json": Row("group", "delete"),
    "GET /api/sub-groups.json": Row("sub-groups", "list"),
    "POST /api/sub-groups.json": Row("sub-groups", "create"),
    "PUT /api/sub-group/{team_id}.json": Row("sub-group", "update"),
    "DELETE /api/sub-group/{team_id}.json": Row("sub-group", "delete"),
    "GET /api/ticket-types.json": Row("ticket-types", "list"),
    "POST /api/ticketTypes.json": Row("ticketTypes", "create"),
    "POST /api/ticket-types.json": Row("ticket-types", "create"),
    "PUT /api/ticket-type/{type_id}.json": Row("ticket-type", "update"),
    "DELETE /api/ticket-type/{type_id}.json": Row("ticket-type", "delete"),
    "GET /api/tags.json": Row("tags", "list"),
    "PUT /api/tag/{tag_id}.json": Row("tag", "update"),
    "DELETE /api/tag/{tag_id}.json": Row("tag", "delete"),
    "POST /api/labels.json": Row("labels", "create"),
    "PUT /api/label/{label_id}.json": Row("label", "update"),
    "DELETE /api/label/{label_id}.json": Row("label", "delete"),
    "GET /api/agent-privileges.json": Row("agent-privileges", "list"),
    "POST /api/agent-privileges.json": Row("agent-privileges", "create"),
    "PUT /api/agent-privilege/{privilege_id}.json": Row("agent-privilege", "update"),
    "DELETE /api/agent-privilege/{privilege_id}.json": Row("agent-privilege", "delete"),
    "GET /api/custom-fields.json": Row("custom-fields", "list"),
    "POST /api/custom-fields.json": Row("custom-fields", "create"),
    "PUT /api/custom-field/order.json": Row("custom-field order", "update"),
    "PUT /api/custom-field/{field_id}.json": Row("custom-field", "update"),
    "DELETE /api/custom-field/{field_id}.json": Row("custom-field", "delete"),
    "GET /api/filters.json": Row("filters", "list"),
    "GET /api/ticket/{ticket_id}/threads.json": Row("ticket threads", "list"),
    "POST /api/ticket/{ticket_id}/threads.json": Row("ticket threads", "create"),
    "PUT /api/ticket/{ticket_id}/thread/{thread_id}.json": Row("ticket thread", "update"),
    "PATCH /api/ticket/{ticket_id}/thread/{thread_id}.json": Row("ticket thread", "update"),
    "DELETE /api/ticket/{ticket_id}/thread/{thread_id}.json": Row("ticket thread", "delete"),
    "GET /api/ticket/attachment/{attachment_id}.json": Row("ticket attachment", "get, download"),
    "POST /api/tickets.json": Row("tickets", "create"),
    "GET /api/tickets.json": Row("tickets", "list"),
    "GET /api/ticket/{increment_id}.json": Row("ticket", "get"),
    "PUT /api/ticket/{ticket_id}.json": Row("ticket", "update"),
    "PATCH /api/ticket/{ticket_id}.json": Row("ticket", "update"),
    "PUT /api/ticket/{ticket_id}/trash.json": Row("ticket trash", "update"),
    "DELETE /api/ticket/{ticket_id}.json": Row("ticket", "delete"),
    "PUT /api/ticket/{ticket_id}/agent.json": Row("ticket agent", "update"),
    "POST /api/ticket/{ticket_id}/collaborator.json": Row("ticket collaborator", "create"),
    "DELETE /api/ticket/{ticket_id}/collaborator.json": Row("ticket collaborator", "delete"),
    "POST /api/ticket/{ticket_id}/tags.json": Row("ticket tags", "create"),
    "DELETE /api/ticket/{ticket_id}/tags.json": Row("ticket tags", "delete"),
    "PUT /api/tickets/{operation}.json": Row("tickets", "update"),
    "DELETE /api/tickets.json": Row("tickets", "delete"),
    "GET /api/mailboxes.json": Row("mailboxes", "list"),
    "POST /api/mailboxes.json": Row("mailboxes", "create"),
    "PUT /api/mailbox/{mailbox_id}.json": Row("mailbox", "update"),
    "DELETE /api/mailbox/{mailbox_id}.json": Row("mailbox", "delete"),
    "POST /api/mailbox/{mailbox_id}/inbound.json": Row("mailbox", "act"),
    "GET /api/company/spam.json": Row("spam settings", "get"),
    "PUT /api/company/spam.json": Row("spam settings", "update"),
    "GET /api/mail/quarantine.json": Row("quarantine", "list"),
    "GET /api/mail/quarantine/{item_id}.eml": Row("quarantined mail", "download"),
    "POST /api/mail/quarantine/{item_id}/retry.json": Row("quarantined mail", "act"),
    "DELETE /api/mail/quarantine/{item_id}.json": Row("quarantined mail", "delete"),
    "GET /api/email-templates.json": Row("email templates", "list"),
    "POST /api/email-templates.json": Row("email templates", "create"),
    "GET /api/email-template/{template_id}.json": Row("email template", "get"),
    "PUT /api/email-template/{template_id}.json": Row("email template", "update"),
    "POST /api/email-template/{template_id}.json": Row("email template", "update"),
    "DELETE /api/email-template/{template_id}.json": Row("email template", "delete"),
    "GET /api/saved-replys.json": Row("saved replies", "list"),
    "POST /api/saved-replys.json": Row("saved replies", "create"),
    "PUT /api/saved-reply/{reply_id}.json": Row("saved reply", "update"),
    "DELETE /api/saved-reply/{reply_id}.json": Row("saved reply", "delete"),
}


@dataclass(frozen=True, slots=True)
class Cells:
    """One route applied to one object of the world: who may, and what the others get.

    ``refused`` (writes only) get 403: they see the object without being allowed to change
    it, or they lack the privilege the route needs whatever the object (checked first, so
    the answer is the same for any id and reveals nothing). Everyone else outside
    ``allowed`` gets 404, anonymous callers 401."""

    route: str
    obj: str
    verb: str
    allowed: frozenset[str]
    refused: frozenset[str] = frozenset()
    body: dict[str, object] | list[object] | None = None
    accept: str = "application/json"
    # Per-actor answers where a denial is not the default (an id in a body that the caller
    # cannot see is a 400 naming the field, like an unknown one).
    answers: tuple[tuple[str, int], ...] = ()
    # What callers who cannot see the object get, where that is not a 404: bulk routes
    # answer 200 and name the ids they did not find in ``warning``.
    unseen: int = 404
    # The body as a multipart form: ``body`` goes in the JSON part of this name, with a file.
    multipart: str | None = None
    file_part: str = "file"
    # A raw body with its content type (a mail message), instead of JSON.
    content: bytes | None = None
    content_type: str | None = None
    query: str = ""


def cells(
    route: str,
    obj: str,
    verb: str,
    allowed: set[str],
    refused: set[str] | None = None,
    **extra: object,
) -> Cells:
    return Cells(route, obj, verb, frozenset(allowed), frozenset(refused or ()), **extra)  # type: ignore[arg-type]


# The chat world: operations run a group chat with client A and the vendor in it; client B
# is outside. Client A posted a public and a private message, each with an attachment and
# a link. Private items are client A's account's only (operations included).
EVERY_ACCOUNT = {OPERATIONS, CLIENT_A, CLIENT_B, VENDOR}
IN_CHAT = {OPERATIONS, CLIENT_A, VENDOR}
A_ONLY = {CLIENT_A}
ITEM_OWNERS = {OPERATIONS, CLIENT_A}
NOT_OURS = {CLIENT_B, VENDOR}


def owned_config(collection: str, placeholder: str, shared: str, own: str) -> tuple[Cells, ...]:
    """Configuration operations share (seen by every account, changed by operations only)
    and configuration an account keeps (seen and changed by that account and operations)."""
    item = f"{MP}/{collection}/{{{placeholder}}}"
    return (
        cells(f"GET {item}", shared, "get", EVERY_ACCOUNT),
        cells(f"GET {MP}/{collection}", shared, "list", EVERY_ACCOUNT),
        cells(f"PUT {item}", shared, "update", {OPERATIONS}, {CLIENT_A, *NOT_OURS}, body={}),
        cells(f"DELETE {item}", shared, "delete", {OPERATIONS}, {CLIENT_A, *NOT_OURS}),
        cells(f"GET {item}", own, "get", ITEM_OWNERS),
        cells(f"GET {MP}/{collection}", own, "list", ITEM_OWNERS),
        cells(f"PUT {item}", own, "update", ITEM_OWNERS, body={}),
        cells(f"DELETE {item}", own, "delete", ITEM_OWNERS),
    )


CHAT_ITEM = f"{MP}/chats/{{chat_id}}"
MEMBERS = f"{MP}/parameter-groups/{{group_id}}/parameters"
ANSWER = f"{CHAT_ITEM}/answers/{{answer_id}}"
FEEDBACK = f"{MP}/feedback/{{feedback_id}}"
FEEDBACK_FILE = f"{FEEDBACK}/attachments/{{attachment_id}}"
CHANNEL = f"{MP}/channels/{{channel_id}}"
MARKETPLACE_MORE_CELLS = (
    cells("GET /healthz", "healthz", "get", {*EVERY_ACCOUNT, ANONYMOUS}),
    # Contacts: operations see everyone's, an account its own.
    cells("GET /public/v1/notifications/contacts/{contact_id}", "contact A", "get", ITEM_OWNERS),
    cells("GET /public/v1/notifications/contacts", "contact A", "list", ITEM_OWNERS),
    cells(
        "POST /public/v1/notifications/contacts",
        "contact A",
        "create",
        EVERY_ACCOUNT,
        body={"name": "New", "email": "new@new.test"},
    ),
    # Queues: anyone keeps queues; only the owner (or operations) changes one.
    cells(f"POST {MP}/queues", "queue A", "create", EVERY_ACCOUNT, body={"name": "x"}),
    cells(f"PUT {MP}/queues/{{queue_id}}", "queue A", "update", ITEM_OWNERS, body={"name": "x"}),
    cells(
        f"DELETE {MP}/queues/{{queue_id}}",
        "shared queue",
        "delete",
        {OPERATIONS},
        {CLIENT_A, *NOT_OURS},
    ),
    *(
        cells(f"POST {MP}/queues/{{queue_id}}/{action}", "queue A", "act", ITEM_OWNERS)
        for action in ("activate", "disable")
    ),
    *(
        cells(
            f"POST {MP}/queues/{{queue_id}}/{action}",
            "shared queue",
            "act",
            {OPERATIONS},
            {CLIENT_A, *NOT_OURS},
        )
        for action in ("activate", "disable")
    ),
    # Cases: the filing account's and operations'.
    *(
        cells(f"POST {MP}/cases/{{case_id}}/{action}", "case A", "act", ITEM_OWNERS, body={})
        for action in ("query", "process")
    ),
    # Chats: only operations list every chat; the others find theirs through their cases.
    cells(f"GET {MP}/chats", "chat", "list", {OPERATIONS}, {CLIENT_A, *NOT_OURS}),
    cells(f"GET {CHAT_ITEM}/icon", "chat", "download", IN_CHAT, accept="*/*"),
    # Ids inside bodies: a chat opened with a contact the caller cannot see.
    cells(
        f"POST {MP}/chats",
        "contact A",
        "create",
        ITEM_OWNERS,
        body={"type": "Group", "name": "x", "participants": [{"contact": {"id": "{id}"}}]},
        answers=((VENDOR, 400), (CLIENT_B, 400)),
    ),
    cells(
        f"DELETE {CHAT_ITEM}/participants/{{participant_id}}",
        "participant A",
        "delete",
        ITEM_OWNERS,
        {VENDOR},
    ),
    cells(f"POST {CHAT_ITEM}/messages", "chat", "create", IN_CHAT, body={"content": "x"}),
    cells(
        f"PUT {CHAT_ITEM}/messages/{{message_id}}",
        "private message",
        "update",
        A_ONLY,
        body={"content": "x"},
    ),
    cells(f"DELETE {CHAT_ITEM}/messages/{{message_id}}", "private message", "delete", A_ONLY),
    cells(
        f"POST {CHAT_ITEM}/attachments",
        "chat",
        "create",
        IN_CHAT,
        body={"name": "x"},
        multipart="attachment",
    ),
    # Ids inside bodies: an attachment tied to a private message of another account (404, as
    # for an unknown message and for links).
    cells(
        f"POST {CHAT_ITEM}/attachments",
        "private message",
        "create",
        A_ONLY,
        body={"name": "x", "message": {"id": "{id}"}},
        multipart="attachment",
    ),
    # Answers: everyone in the chat works on them.
    cells(f"GET {CHAT_ITEM}/answers", "answer A", "list", IN_CHAT),
    cells(f"GET {ANSWER}", "answer A", "get", IN_CHAT),
    cells(f"PUT {ANSWER}", "answer A", "update", IN_CHAT, body={"name": "x"}),
    cells(f"DELETE {ANSWER}", "answer A", "delete", IN_CHAT),
    *(
        cells(f"POST {ANSWER}/{action}", "answer A", "act", IN_CHAT, body={})
        for action in ("submit", "accept", "query", "validate")
    ),
    # Ids inside bodies: an answer to client A's own draft form, given by the vendor.
    cells(
        f"POST {CHAT_ITEM}/answers",
        "form A",
        "create",
        ITEM_OWNERS,
        body={"form": {"id": "{id}"}},
        answers=((VENDOR, 404),),
    ),
    # Channels: client A's own, seen by its members and operations.
    cells(f"POST {MP}/channels", "channel A", "create", EVERY_ACCOUNT, body={"name": "x"}),
    cells(f"GET {CHANNEL}", "channel A", "get", ITEM_OWNERS),
    cells(f"GET {MP}/channels", "channel A", "list", ITEM_OWNERS),
    cells(f"PUT {CHANNEL}", "channel A", "update", ITEM_OWNERS, body={"name": "x"}),
    cells(f"DELETE {CHANNEL}", "channel A", "delete", ITEM_OWNERS),
    cells(f"GET {CHANNEL}/messages", "channel message", "list", ITEM_OWNERS),
    # Configuration: parameters, parameter groups and forms.
    *owned_config("parameters", "parameter_id", "ops parameter", "parameter A"),
    *owned_config("parameter-groups", "group_id", "ops group", "group A"),
    *owned_config("forms", "form_id", "ops form", "form A"),
    *(
        cells(
            f"POST {MP}/{collection}",
            "account A",
            "create",
            {OPERATIONS, CLIENT_A},
            NOT_OURS,
            body={
                "name": "x",
                "type": "SingleLineText",
                "scope": "Form",
                "account": {"id": "{id}"},
            },
        )
        for collection in ("parameters", "parameter-groups", "forms")
    ),
    # Ids inside bodies: a form built on client A's own group.
    cells(
        f"POST {MP}/forms",
        "group A",
        "create",
        ITEM_OWNERS,
        body={"name": "x", "parameterGroups": [{"parameterGroup": {"id": "{id}"}}]},
        answers=((VENDOR, 404), (CLIENT_B, 404)),
    ),
    *(
        cells(f"POST {MP}/forms/{{form_id}}/{action}", "form A", "act", ITEM_OWNERS)
        for action in ("publish", "unpublish")
    ),
    *(
        cells(
            f"POST {MP}/forms/{{form_id}}/{action}",
            "ops form",
            "act",
            {OPERATIONS},
            {CLIENT_A, *NOT_OURS},
        )
        for action in ("publish", "unpublish")
    ),
    cells(f"GET {MEMBERS}/{{member_id}}", "ops member", "get", EVERY_ACCOUNT),
    cells(f"GET {MEMBERS}", "ops member", "list", EVERY_ACCOUNT),
    cells(
        f"PUT {MEMBERS}/{{member_id}}",
        "ops member",
        "update",
        {OPERATIONS},
        {CLIENT_A, *NOT_OURS},
        body={"displayOrder": 1},
    ),
    cells(
        f"DELETE {MEMBERS}/{{member_id}}",
        "ops member",
        "delete",
        {OPERATIONS},
        {CLIENT_A, *NOT_OURS},
    ),
    cells(f"GET {MEMBERS}/{{member_id}}", "member A", "get", ITEM_OWNERS),
    cells(f"GET {MEMBERS}", "member A", "list", ITEM_OWNERS),
    cells(
        f"PUT {MEMBERS}/{{member_id}}", "member A", "update", ITEM_OWNERS, body={"displayOrder": 1}
    ),
    cells(f"DELETE {MEMBERS}/{{member_id}}", "member A", "delete", ITEM_OWNERS),
    cells(
        f"POST {MEMBERS}",
        "ops member",
        "create",
        {OPERATIONS},
        {CLIENT_A, *NOT_OURS},
        body={"parameter": {"id": "{id}"}},
    ),
    # Ids inside bodies: client A's own parameter put in operations' group by operations is
    # fine; in client A's group by anyone who cannot see the group, a 404.
    cells(f"POST {MEMBERS}", "member A", "create", ITEM_OWNERS, body={"parameter": {"id": "x"}}),
    # Feedback: the submitting account's and operations'; operations review it.
    cells(f"POST {MP}/feedback", "feedback A", "create", EVERY_ACCOUNT, body={"name": "x"}),
    cells(f"GET {FEEDBACK}", "feedback A", "get", ITEM_OWNERS),
    cells(f"GET {MP}/feedback", "feedback A", "list", ITEM_OWNERS),
    cells(f"PUT {FEEDBACK}", "feedback A", "update", ITEM_OWNERS, body={"name": "x"}),
    cells(f"DELETE {FEEDBACK}", "feedback A", "delete", ITEM_OWNERS),
    cells(f"POST {FEEDBACK}/review", "feedback A", "act", {OPERATIONS}, {CLIENT_A, *NOT_OURS}),
    cells(f"GET {FEEDBACK}/attachments", "feedback attachment A", "list", ITEM_OWNERS),
    cells(
        f"POST {FEEDBACK}/attachments",
        "feedback attachment A",
        "create",
        ITEM_OWNERS,
        body={"name": "x"},
        multipart="attachment",
    ),
    cells(f"GET {FEEDBACK_FILE}", "feedback attachment A", "get", ITEM_OWNERS),
    cells(f"GET {FEEDBACK_FILE}", "feedback attachment A", "download", ITEM_OWNERS, accept="*/*"),
    cells(
        f"PUT {FEEDBACK_FILE}", "feedback attachment A", "update", ITEM_OWNERS, body={"name": "x"}
    ),
    cells(f"DELETE {FEEDBACK_FILE}", "feedback attachment A", "delete", ITEM_OWNERS),
)

CHAT = f"GET {MP}/chats/{{chat_id}}"
CHAT_CELLS = (
    cells(CHAT, "chat", "get", IN_CHAT),
    cells(f"GET {MP}/chats/{{chat_id}}/messages/{{message_id}}", "public message", "get", IN_CHAT),
    cells(f"GET {MP}/chats/{{chat_id}}/messages/{{message_id}}", "private message", "get", A_ONLY),
    cells(
        f"GET {MP}/chats/{{chat_id}}/attachments/{{attachment_id}}",
        "public attachment",
        "get",
        IN_CHAT,
    ),
    cells(
        f"GET {MP}/chats/{{chat_id}}/attachments/{{attachment_id}}",
        "private attachment",
        "get",
        A_ONLY,
    ),
    cells(
        f"GET {MP}/chats/{{chat_id}}/attachments/{{attachment_id}}",
        "public attachment",
        "download",
        IN_CHAT,
        accept="*/*",
    ),
    cells(
        f"GET {MP}/chats/{{chat_id}}/attachments/{{attachment_id}}",
        "private attachment",
        "download",
        A_ONLY,
        accept="*/*",
    ),
    cells(f"GET {MP}/chats/{{chat_id}}/links/{{link_id}}", "public link", "get", IN_CHAT),
    cells(f"GET {MP}/chats/{{chat_id}}/links/{{link_id}}", "private link", "get", A_ONLY),
    cells(
        f"GET {MP}/chats/{{chat_id}}/participants/{{participant_id}}",
        "participant A",
        "get",
        IN_CHAT,
    ),
    # Lists: the object appears (and counts) only for those allowed.
    cells(f"GET {MP}/chats/{{chat_id}}/messages", "public message", "list", IN_CHAT),
    cells(f"GET {MP}/chats/{{chat_id}}/messages", "private message", "list", A_ONLY),
    cells(f"GET {MP}/chats/{{chat_id}}/attachments", "public attachment", "list", IN_CHAT),
    cells(f"GET {MP}/chats/{{chat_id}}/attachments", "private attachment", "list", A_ONLY),
    cells(f"GET {MP}/chats/{{chat_id}}/links", "public link", "list", IN_CHAT),
    cells(f"GET {MP}/chats/{{chat_id}}/links", "private link", "list", A_ONLY),
    cells(f"GET {MP}/chats/{{chat_id}}/participants", "participant A", "list", IN_CHAT),
    # Denied writes (allowed ones change the world and are covered by the feature tests).
    cells(
        f"PUT {MP}/chats/{{chat_id}}/messages/{{message_id}}",
        "public message",
        "update",
        ITEM_OWNERS,
        IN_CHAT,
        body={"content": "x"},
    ),
    cells(
        f"DELETE {MP}/chats/{{chat_id}}/messages/{{message_id}}",
        "public message",
        "delete",
        ITEM_OWNERS,
        IN_CHAT,
    ),
    cells(
        f"PUT {MP}/chats/{{chat_id}}/attachments/{{attachment_id}}",
        "public attachment",
        "update",
        ITEM_OWNERS,
        IN_CHAT,
        body={"name": "x"},
    ),
    cells(
        f"DELETE {MP}/chats/{{chat_id}}/attachments/{{attachment_id}}",
        "public attachment",
        "delete",
        ITEM_OWNERS,
        IN_CHAT,
    ),
    cells(
        f"PUT {MP}/chats/{{chat_id}}/attachments/{{attachment_id}}",
        "private attachment",
        "update",
        A_ONLY,
        body={"name": "x"},
    ),
    cells(
        f"PUT {MP}/chats/{{chat_id}}/links/{{link_id}}",
        "public link",
        "update",
        ITEM_OWNERS,
        IN_CHAT,
        body={"name": "x"},
    ),
    cells(
        f"DELETE {MP}/chats/{{chat_id}}/links/{{link_id}}",
        "public link",
        "delete",
        ITEM_OWNERS,
        IN_CHAT,
    ),
    cells(f"DELETE {MP}/chats/{{chat_id}}/links/{{link_id}}", "private link", "delete", A_ONLY),
    cells(
        f"PUT {MP}/chats/{{chat_id}}/participants/{{participant_id}}",
        "participant A",
        "update",
        ITEM_OWNERS,
        IN_CHAT,
        body={"status": "Exited"},
    ),
    cells(f"PUT {MP}/chats/{{chat_id}}", "chat", "update", IN_CHAT, body={"name": "x"}),
    # Ids inside bodies: a link naming client A's private message, as the vendor.
    cells(
        f"POST {MP}/chats/{{chat_id}}/links",
        "private message",
        "create",
        A_ONLY,
        body={"uri": "https://x.test", "message": {"id": "{id}"}},
    ),
    # Cases and queues: client A filed a case in the queue operations share with everyone,
    # and keeps a queue of its own.
    cells(f"GET {MP}/cases/{{case_id}}", "case A", "get", ITEM_OWNERS),
    cells(f"GET {MP}/cases", "case A", "list", ITEM_OWNERS),
    cells(f"PUT {MP}/cases/{{case_id}}", "case A", "update", ITEM_OWNERS, body={"priority": 1}),
    cells(f"POST {MP}/cases/{{case_id}}/complete", "case A", "act", ITEM_OWNERS),
    cells(f"GET {MP}/queues/{{queue_id}}", "queue A", "get", ITEM_OWNERS),
    cells(f"GET {MP}/queues", "queue A", "list", ITEM_OWNERS),
    cells(f"GET {MP}/queues/{{queue_id}}", "shared queue", "get", EVERY_ACCOUNT),
    cells(
        f"PUT {MP}/queues/{{queue_id}}",
        "shared queue",
        "update",
        {OPERATIONS},
        {CLIENT_A, CLIENT_B, VENDOR},
        body={"name": "x"},
    ),
    cells(f"DELETE {MP}/queues/{{queue_id}}", "queue A", "delete", ITEM_OWNERS),
    # Statistics of the shared queue count case A only for those who see it.
    cells(f"GET {MP}/queues/{{queue_id}}", "shared queue", "count", ITEM_OWNERS),
    # Ids inside bodies: a case filed in client A's own queue by anyone else.
    cells(
        f"POST {MP}/cases",
        "queue A",
        "create",
        ITEM_OWNERS,
        body={"queue": {"id": "{id}"}, "chat": {"lastMessage": {"content": "x"}}},
    ),
    # A participant naming client A's contact, added by the vendor (client B sees no chat).
    cells(
        f"POST {MP}/chats/{{chat_id}}/participants",
        "contact A",
        "create",
        {OPERATIONS, CLIENT_A},
        body=[{"contact": {"id": "{id}"}}],
        answers=((VENDOR, 400),),
    ),
    *MARKETPLACE_MORE_CELLS,
)

# The ticket world: the admin raised a ticket for customer A in a group the grouped agent
# belongs to. Agents of ticket view 2 see their groups' tickets; the bare agent sees every
# ticket (view unset) but holds no privilege.
SEE_TICKET = {OWNER, ADMIN, AGENT_IN_GROUP, AGENT_WITHOUT_PRIVILEGE, CUSTOMER_A}
ADMINS = {OWNER, ADMIN}
# Privilege-gated routes refuse every non-admin with 403 before looking at the ticket.
NO_PRIVILEGE = {
    AGENT_IN_GROUP,
    AGENT_OUTSIDE_GROUP,
    AGENT_WITHOUT_PRIVILEGE,
    CUSTOMER_A,
    CUSTOMER_B,
}
TICKET_CELLS = (
    cells("GET /api/ticket/{increment_id}.json", "ticket", "get", SEE_TICKET),
    cells("GET /api/ticket/{ticket_id}/threads.json", "ticket", "get", SEE_TICKET),
    cells("GET /api/tickets.json", "ticket", "list", SEE_TICKET),
    cells("DELETE /api/ticket/{ticket_id}.json", "ticket", "delete", ADMINS, NO_PRIVILEGE),
    cells(
        "PUT /api/ticket/{ticket_id}/agent.json",
        "ticket",
        "update",
        ADMINS,
        NO_PRIVILEGE,
        body={"id": 1},
    ),
    cells("PUT /api/ticket/{ticket_id}/trash.json", "ticket", "act", ADMINS, NO_PRIVILEGE),
    cells(
        "POST /api/ticket/{ticket_id}/threads.json",
        "ticket",
        "create",
        SEE_TICKET,
        body={"threadType": "reply", "reply": "hi"},
    ),
    # People: only the owner manages the owner; nobody in UVdesk changes or removes a user
    # who belongs to a Marketplace account (a customer through a ticket raised for them).
    cells(
        "GET /api/member/{user_id}.json",
        "owner",
        "get",
        ADMINS,
        answers=tuple((a, 403) for a in NO_PRIVILEGE),
    ),
    cells(
        "PUT /api/member/{user_id}.json",
        "owner",
        "update",
        {OWNER},
        NO_PRIVILEGE | {ADMIN},
        body={"firstName": "x"},
    ),
    cells(
        "DELETE /api/member/{user_id}.json",
        "owner",
        "delete",
        set(),
        NO_PRIVILEGE | {ADMIN},
        answers=((OWNER, 409),),
    ),
    cells(
        "GET /api/customer/{user_id}.json",
        "marketplace customer",
        "get",
        ADMINS,
        answers=tuple((a, 403) for a in NO_PRIVILEGE),
    ),
    cells(
        "PUT /api/customer/{user_id}.json",
        "marketplace customer",
        "update",
        set(),
        NO_PRIVILEGE | ADMINS,
        body={"email": "x@evil.test"},
    ),
    cells(
        "DELETE /api/customer/{user_id}.json",
        "marketplace customer",
        "delete",
        set(),
        NO_PRIVILEGE | ADMINS,
    ),
    # Mail configuration and the quarantine are for administrators (the seed: mailboxes
    # require the admin privilege); everyone else sees that the list exists but is refused.
    *(
        cells(route, "ticket", "get", ADMINS, answers=tuple((a, 403) for a in NO_PRIVILEGE))
        for route in (
            "GET /api/mailboxes.json",
            "GET /api/company/spam.json",
            "GET /api/mail/quarantine.json",
        )
    ),
)
