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
MARKETPLACE_ACTORS = (OPERATIONS, CLIENT_A, CLIENT_B, VENDOR)

# UVdesk actor kinds.
OWNER = "owner"
ADMIN = "admin"
AGENT_IN_GROUP = "agent in group"
AGENT_OUTSIDE_GROUP = "agent outside group"
AGENT_WITHOUT_PRIVILEGE = "agent without a privilege"
CUSTOMER_A = "customer A"
CUSTOMER_B = "customer B"
ANONYMOUS = "anonymous"
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
    "GET /api/company.json": Row("company", "get"),
    "PUT /api/company.json": Row("company", "update"),
    "GET /api/company/business-hours.json": Row("business hours", "get"),
    "POST /api/company/business-hours.json": Row("business hours", "update"),
    "GET /api/company/theme.json": Row("theme", "get"),
    "PUT /api/company/theme.json": Row("theme", "update"),
    "GET /api/company/theme/{slot}.json": Row("theme file", "download"),
    # Anonymous by design: the client authenticates with its id and secret (RFC 6749).
    "POST /oauth/v2/token": Row("oauth tokens", "create"),
    "POST /oauth/v2/revoke": Row("oauth tokens", "delete"),
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
    "GET /api/tasks.json": Row("tasks", "list"),
    "POST /api/tasks.json": Row("tasks", "create"),
    "GET /api/task/{task_id}.json": Row("task", "get"),
    "PUT /api/task/{task_id}.json": Row("task", "update"),
    "DELETE /api/task/{task_id}.json": Row("task", "delete"),
    "POST /api/task/{task_id}/follower.json": Row("task followers", "create"),
    "DELETE /api/task/{task_id}/follower.json": Row("task followers", "delete"),
    "POST /api/task/{task_id}/thread.json": Row("task threads", "create"),
    "DELETE /api/task/{task_id}/thread.json": Row("task threads", "delete"),
    "POST /api/task/{task_id}/thread/{thread_id}.json": Row("task thread", "create"),
    "DELETE /api/task/{task_id}/thread/{thread_id}.json": Row("task thread", "delete"),
    "POST /api/todo.json": Row("todos", "create"),
    "PUT /api/todo/{todo_id}.json": Row("todo", "update"),
    "DELETE /api/todo/{todo_id}.json": Row("todo", "delete"),
    "GET /api/solutions.json": Row("solutions", "list"),
    "POST /api/solutions.json": Row("solutions", "create"),
    "GET /api/solution/{folder_id}.json": Row("solution", "get"),
    "PUT /api/solution/{folder_id}.json": Row("solution", "update"),
    "DELETE /api/solution/{folder_id}.json": Row("solution", "delete"),
    "GET /api/categories.json": Row("categories", "list"),
    "POST /api/categories.json": Row("categories", "create"),
    "GET /api/category/{category_id}.json": Row("category", "get"),
    "PUT /api/category/{category_id}.json": Row("category", "update"),
    "DELETE /api/category/{category_id}.json": Row("category", "delete"),
    "GET /api/articles.json": Row("articles", "list"),
    "POST /api/articles.json": Row("articles", "create"),
    "GET /api/article/{article_id}.json": Row("article", "get"),
    "PUT /api/article/{article_id}.json": Row("article", "update"),
    "DELETE /api/article/{article_id}.json": Row("article", "delete"),
    "POST /api/article/{article_id}/tags.json": Row("article tags", "create"),
    "DELETE /api/article/{article_id}/tags.json": Row("article tags", "delete"),
    "GET /api/workflows.json": Row("workflows", "list"),
    "POST /api/workflows.json": Row("workflows", "create"),
    "PUT /api/workflow/{kind}/{workflow_id}.json": Row("workflow", "update"),
    "PUT /api/workflow/{workflow_id}.json": Row("workflow", "update"),
    "DELETE /api/workflow/{kind}/{workflow_id}.json": Row("workflow", "delete"),
    "DELETE /api/workflow/{workflow_id}.json": Row("workflow", "delete"),
    "PUT /api/workflows/order.json": Row("workflows", "update"),
    "POST /api/ticket/{ticket_id}/workflow/{workflow_id}.json": Row("ticket workflow", "act"),
    "GET /api/ticket/{ticket_id}/workflow-runs.json": Row("ticket workflow runs", "list"),
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
    # Anonymous visitors may call the route (the public knowledge base): what they may not
    # see is 404 and unlisted for them too, rather than 401.
    public: bool = False


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
IN_CHAT = {OPERATIONS, CLIENT_A, VENDOR}
A_ONLY = {CLIENT_A}
ITEM_OWNERS = {OPERATIONS, CLIENT_A}
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
    cells(f"GET {MP}/queues/{{queue_id}}", "shared queue", "get", set(MARKETPLACE_ACTORS)),
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
SEE_TASK = SEE_TICKET - {CUSTOMER_A}
CUSTOMERS = {CUSTOMER_A, CUSTOMER_B}
CUSTOMERS_REFUSED = ((CUSTOMER_A, 403), (CUSTOMER_B, 403))
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
    # Tasks and todos: the admin made a task on the ticket (with a note of it) and a todo on
    # the ticket and on the task. Agents see them as they see the ticket; customers are
    # refused whatever the id (agent-only routes); changes to tasks need task privileges,
    # which no agent of this world holds.
    cells("GET /api/task/{task_id}.json", "task", "get", SEE_TASK, answers=CUSTOMERS_REFUSED),
    cells("GET /api/tasks.json", "task", "list", SEE_TASK, answers=CUSTOMERS_REFUSED),
    *(
        cells(route, obj, verb, ADMINS, NO_PRIVILEGE, body=body)
        for route, obj, verb, body in (
            ("PUT /api/task/{task_id}.json", "task", "update", {"stage": 2}),
            ("DELETE /api/task/{task_id}.json", "task", "delete", None),
            ("POST /api/task/{task_id}/follower.json", "task", "create", {"followerId": 1}),
            ("DELETE /api/task/{task_id}/follower.json", "task", "delete", {"followerId": 1}),
            ("POST /api/task/{task_id}/thread.json", "task note", "create", {"threadId": "{id}"}),
            (
                "DELETE /api/task/{task_id}/thread.json",
                "task note",
                "delete",
                {"threadId": "{id}"},
            ),
            ("POST /api/task/{task_id}/thread/{thread_id}.json", "task", "create", None),
            ("DELETE /api/task/{task_id}/thread/{thread_id}.json", "task", "delete", None),
            ("POST /api/todo.json", "task", "create", {"taskId": "{id}", "description": "x"}),
        )
    ),
    cells(
        "POST /api/tasks.json",
        "ticket",
        "create",
        ADMINS,
        NO_PRIVILEGE,
        body={"subject": "x", "ticket": "{id}"},
    ),
    # A todo on the ticket: any agent who sees the ticket; a ticket out of sight is a 400.
    cells(
        "POST /api/todo.json",
        "ticket",
        "create",
        SEE_TASK,
        CUSTOMERS,
        body={"ticketId": "{id}", "description": "x"},
        answers=((AGENT_OUTSIDE_GROUP, 400),),
    ),
    cells("PUT /api/todo/{todo_id}.json", "ticket todo", "update", SEE_TASK, CUSTOMERS, body={}),
    cells("DELETE /api/todo/{todo_id}.json", "ticket todo", "delete", SEE_TASK, CUSTOMERS),
    # A task's todo changes with the task privilege, once the todo is in sight.
    cells(
        "PUT /api/todo/{todo_id}.json",
        "task todo",
        "update",
        ADMINS,
        CUSTOMERS | {AGENT_IN_GROUP, AGENT_WITHOUT_PRIVILEGE},
        body={"status": 1},
    ),
    cells(
        "DELETE /api/todo/{todo_id}.json",
        "task todo",
        "delete",
        ADMINS,
        CUSTOMERS | {AGENT_IN_GROUP, AGENT_WITHOUT_PRIVILEGE},
    ),
    # Workflows are managed by administrators and agents holding the manage privileges;
    # prepared responses are applied by those holding ROLE_AGENT_APPLY_WORKFLOW. The run
    # log is for staff who see the ticket (customers are refused before it is looked up).
    cells(
        "GET /api/workflows.json",
        "prepared response",
        "get",
        ADMINS,
        answers=tuple((a, 403) for a in NO_PRIVILEGE),
    ),
    cells(
        "PUT /api/workflow/{kind}/{workflow_id}.json",
        "prepared response",
        "update",
        ADMINS,
        NO_PRIVILEGE,
        body={"name": "x", "type": 0, "actions": [{"type": "priority", "value": "2"}]},
    ),
    cells(
        "DELETE /api/workflow/{workflow_id}.json",
        "prepared response",
        "delete",
        ADMINS,
        NO_PRIVILEGE,
    ),
    cells(
        "POST /api/ticket/{ticket_id}/workflow/{workflow_id}.json",
        "prepared response",
        "act",
        ADMINS,
        NO_PRIVILEGE,
    ),
    cells(
        "GET /api/ticket/{ticket_id}/workflow-runs.json",
        "prepared response",
        "get",
        SEE_TICKET - {CUSTOMER_A},
        answers=((CUSTOMER_A, 403), (CUSTOMER_B, 403)),
    ),
    # Mail configuration and the quarantine are for administrators (the seed: mailboxes
    # require the admin privilege); everyone else sees that the list exists but is refused.
    *(
        cells(route, "ticket", "get", ADMINS, answers=tuple((a, 403) for a in NO_PRIVILEGE))
        for route in (
            "GET /api/mailboxes.json",
            "GET /api/company/spam.json",
            "GET /api/mail/quarantine.json",
            "GET /api/company.json",
            "GET /api/company/business-hours.json",
            "GET /api/company/theme.json",
        )
    ),
    # Company settings are the administrators' (no agent privilege grants them).
    *(
        cells(route, "ticket", "update", ADMINS, NO_PRIVILEGE, body=body)
        for route, body in (
            ("PUT /api/company.json", {"name": "x"}),
            ("POST /api/company/business-hours.json", {"business_hours": {}}),
            ("PUT /api/company/theme.json", {"name": "x"}),
            ("PUT /api/company/spam.json", {"blackList": "x@y.test"}),
        )
    ),
    # The theme's files are the help centre's face: every UVdesk user may fetch them.
    cells(
        "GET /api/company/theme/{slot}.json",
        "theme logo",
        "download",
        set(UVDESK_ACTORS) - {ANONYMOUS},
        accept="*/*",
    ),
)


# The knowledge-base world: the admin made a public folder with a published article and a
# draft, and a private folder with a published article. Every agent reads everything;
# customers and anonymous visitors read published articles of public folders only; managing
# needs the knowledge-base privilege, which no agent of this world holds.
STAFF = {OWNER, ADMIN, AGENT_IN_GROUP, AGENT_OUTSIDE_GROUP, AGENT_WITHOUT_PRIVILEGE}
EVERYONE = set(UVDESK_ACTORS)
KB_READS = (
    ("GET /api/solution/{folder_id}.json", "public folder", EVERYONE),
    ("GET /api/solution/{folder_id}.json", "private folder", STAFF),
    ("GET /api/category/{category_id}.json", "public category", EVERYONE),
    ("GET /api/category/{category_id}.json", "private category", STAFF),
    ("GET /api/article/{article_id}.json", "published article", EVERYONE),
    ("GET /api/article/{article_id}.json", "draft article", STAFF),
    ("GET /api/article/{article_id}.json", "private article", STAFF),
)
KB_LISTS = (
    ("GET /api/solutions.json", "public folder", EVERYONE),
    ("GET /api/solutions.json", "private folder", STAFF),
    ("GET /api/categories.json", "public category", EVERYONE),
    ("GET /api/categories.json", "private category", STAFF),
    ("GET /api/articles.json", "published article", EVERYONE),
    ("GET /api/articles.json", "draft article", STAFF),
    ("GET /api/articles.json", "private article", STAFF),
)
KB_WRITES = (
    ("POST /api/solutions.json", "public folder", "create", {"name": "x"}),
    ("PUT /api/solution/{folder_id}.json", "private folder", "update", {"name": "x"}),
    ("DELETE /api/solution/{folder_id}.json", "public folder", "delete", None),
    ("POST /api/categories.json", "public folder", "create", {"solutionId": "{id}", "name": "x"}),
    ("PUT /api/category/{category_id}.json", "public category", "update", {"name": "x"}),
    ("DELETE /api/category/{category_id}.json", "private category", "delete", None),
    ("POST /api/articles.json", "public category", "create", {"categoryId": "{id}", "name": "x"}),
    ("PUT /api/article/{article_id}.json", "published article", "update", {"name": "x"}),
    ("DELETE /api/article/{article_id}.json", "draft article", "delete", None),
    ("POST /api/article/{article_id}/tags.json", "published article", "create", {"name": "x"}),
    ("DELETE /api/article/{article_id}/tags.json", "private article", "delete", {"id": 1}),
)
KB_CELLS = (
    *(cells(route, obj, "get", allowed, public=True) for route, obj, allowed in KB_READS),
    *(cells(route, obj, "list", allowed, public=True) for route, obj, allowed in KB_LISTS),
    # Privilege-gated writes refuse every non-admin with 403 before looking at the object.
    *(
        cells(route, obj, verb, ADMINS, NO_PRIVILEGE, body=body)
        for route, obj, verb, body in KB_WRITES
    ),
)
