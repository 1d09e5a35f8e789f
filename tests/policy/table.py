"""The policy table: who may do what to which object, on both dialects.

``ROUTES`` names every route of the app (method and path as declared) with the object kind
it serves and its verb; ``tests/policy/test_matrix.py`` fails naming any route of the app
missing here (and any row naming no route), so every new route must join the table.

``CHAT_CELLS`` and ``TICKET_CELLS`` are the cells run over real HTTP against a world of
fixed actors and objects (see the test): for each route and object, which actor kinds are
allowed; every other actor kind gets the denial given (404 for what it may not see, 403
for what it sees but may not change, 401 for anonymous, except on the public knowledge
base's reads). Denied reads must also be absent from lists and their totals.
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
    "GET /api/company.json": Row("company", "get"),
    "PUT /api/company.json": Row("company", "update"),
    "GET /api/company/business-hours.json": Row("business hours", "get"),
    "POST /api/company/business-hours.json": Row("business hours", "update"),
    "GET /api/company/theme.json": Row("theme", "get"),
    "PUT /api/company/theme.json": Row("theme", "update"),
    "GET /api/company/theme/{slot}.json": Row("theme file", "download"),
    "POST /oauth/v2/token": Row("oauth tokens", "create"),
    "POST /oauth/v2/revoke": Row("oauth tokens", "delete"),
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
    # ``list`` cells on an object: the dotted path of the list inside it.
    items: str | None = None
    # ``count`` cells: the figure (a dotted path in the answer) and its value for those who
    # see the object's uses and for those who do not.
    counter: str = "statistics.totalCasesCount"
    counts: tuple[int, int] = (1, 0)
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
    # Ids inside bodies: a case filed for another account; a read marker naming a message
    # the caller cannot read (400, as for an unknown message).
    cells(
        f"POST {MP}/cases",
        "account A",
        "create",
        ITEM_OWNERS,
        NOT_OURS,
        body={
            "queue": {"id": "{shared queue}"},
            "account": {"id": "{id}"},
            "chat": {"lastMessage": {"content": "x"}},
        },
    ),
    cells(
        f"PUT {CHAT_ITEM}/participants/{{participant_id}}",
        "participant V",
        "update",
        set(),
        {CLIENT_A},
        body={"lastReadMessage": {"id": "{private message}"}},
        answers=((OPERATIONS, 400), (VENDOR, 400)),
    ),
    # Ids inside bodies: a case moved to a queue of another account.
    cells(
        f"PUT {MP}/cases/{{case_id}}",
        "queue B",
        "update",
        {OPERATIONS},
        body={"queue": {"id": "{id}"}},
    ),
    # Items reached through a parent they do not belong to are not found, for anyone.
    *(
        cells(route, f"{obj} elsewhere", verb, set(), **extra)  # type: ignore[arg-type]
        for route, obj, verb, extra in (
            (f"GET {CHANNEL}", "chat", "get", {}),
            (f"GET {CHANNEL}/messages", "chat", "list", {}),
            (f"DELETE {CHANNEL}", "chat", "delete", {}),
            (f"GET {CHAT_ITEM}/messages/{{message_id}}", "public message", "get", {}),
            (
                f"PUT {CHAT_ITEM}/messages/{{message_id}}",
                "public message",
                "update",
                {"body": {"content": "x"}},
            ),
            (f"DELETE {CHAT_ITEM}/messages/{{message_id}}", "public message", "delete", {}),
            (f"GET {CHAT_ITEM}/attachments/{{attachment_id}}", "public attachment", "get", {}),
            (
                f"GET {CHAT_ITEM}/attachments/{{attachment_id}}",
                "public attachment",
                "download",
                {"accept": "*/*"},
            ),
            (
                f"PUT {CHAT_ITEM}/attachments/{{attachment_id}}",
                "public attachment",
                "update",
                {"body": {"name": "x"}},
            ),
            (
                f"DELETE {CHAT_ITEM}/attachments/{{attachment_id}}",
                "public attachment",
                "delete",
                {},
            ),
            (f"GET {CHAT_ITEM}/links/{{link_id}}", "public link", "get", {}),
            (
                f"PUT {CHAT_ITEM}/links/{{link_id}}",
                "public link",
                "update",
                {"body": {"name": "x"}},
            ),
            (f"DELETE {CHAT_ITEM}/links/{{link_id}}", "public link", "delete", {}),
            (f"GET {CHAT_ITEM}/participants/{{participant_id}}", "participant A", "get", {}),
            (
                f"PUT {CHAT_ITEM}/participants/{{participant_id}}",
                "participant A",
                "update",
                {"body": {"muted": True}},
            ),
            # The platform answers leaving with an id that is no participant of the chat 400.
            (
                f"DELETE {CHAT_ITEM}/participants/{{participant_id}}",
                "participant A",
                "delete",
                {"answers": ((OPERATIONS, 400), (CLIENT_B, 400))},
            ),
            (f"GET {ANSWER}", "answer A", "get", {}),
            (f"PUT {ANSWER}", "answer A", "update", {"body": {"name": "x"}}),
            (f"DELETE {ANSWER}", "answer A", "delete", {}),
            (f"POST {ANSWER}/validate", "answer A", "act", {"body": {}}),
            (f"GET {FEEDBACK_FILE}", "feedback attachment A", "get", {}),
            (f"GET {FEEDBACK_FILE}", "feedback attachment A", "download", {"accept": "*/*"}),
            (f"PUT {FEEDBACK_FILE}", "feedback attachment A", "update", {"body": {"name": "x"}}),
            (f"DELETE {FEEDBACK_FILE}", "feedback attachment A", "delete", {}),
            (f"GET {MEMBERS}/{{member_id}}", "member A", "get", {}),
            (f"PUT {MEMBERS}/{{member_id}}", "member A", "update", {"body": {"displayOrder": 1}}),
            (f"DELETE {MEMBERS}/{{member_id}}", "member A", "delete", {}),
        )
    ),
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
    # Statistics of operations' parameters count client A's groups, forms and cases only for
    # those who see them (operations' own group and form count for everyone).
    *(
        cells(
            f"GET {MP}/parameters/{{parameter_id}}",
            "ops parameter",
            "count",
            ITEM_OWNERS,
            counter=counter,
            counts=(2, 1),
        )
        for counter in ("statistics.groupsCount", "statistics.formsCount")
    ),
    cells(
        f"GET {MP}/parameters/{{parameter_id}}",
        "ops case parameter",
        "count",
        ITEM_OWNERS,
        counter="statistics.casesCount",
    ),
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
# belongs to; the grouped agent replied and the admin wrote a note, each with a file.
# Agents of ticket view 2 see their groups' tickets; both of them hold every privilege, so
# the agent outside the group differs from the one inside by scope only. The bare agent
# sees every ticket (view unset) but holds no privilege.
SEE_TICKET = {OWNER, ADMIN, AGENT_IN_GROUP, AGENT_WITHOUT_PRIVILEGE, CUSTOMER_A}
STAFF_SEEING = {OWNER, ADMIN, AGENT_IN_GROUP, AGENT_WITHOUT_PRIVILEGE}
HANDLERS = {OWNER, ADMIN, AGENT_IN_GROUP}
ADMINS = {OWNER, ADMIN}
STAFF = {OWNER, ADMIN, AGENT_IN_GROUP, AGENT_OUTSIDE_GROUP, AGENT_WITHOUT_PRIVILEGE}
PRIVILEGED = {OWNER, ADMIN, AGENT_IN_GROUP, AGENT_OUTSIDE_GROUP}
SIGNED_IN = STAFF | {CUSTOMER_A, CUSTOMER_B}
CUSTOMERS = {CUSTOMER_A, CUSTOMER_B}
# Privilege-gated routes refuse whoever lacks the privilege with 403 before looking at the
# object, so the answer is the same for any id.
NO_PRIVILEGE = {AGENT_WITHOUT_PRIVILEGE, CUSTOMER_A, CUSTOMER_B}
# Administrators' routes refuse every agent and customer.
NOT_ADMIN = SIGNED_IN - ADMINS
TICKET = "/api/ticket/{ticket_id}"
THREAD = "/api/ticket/{ticket_id}/thread/{thread_id}.json"


def refused_to(actors: set[str]) -> tuple[tuple[str, int], ...]:
    return tuple((actor, 403) for actor in actors)


def managed(
    collection: str,
    item: str,
    obj: str,
    allowed: set[str],
    body: dict[str, object],
    *,
    readers: set[str] | None = None,
) -> tuple[Cells, ...]:
    """A managed collection: listed by ``readers`` (those who manage it unless given),
    created, changed and removed by ``allowed`` alone."""
    refused = SIGNED_IN - allowed
    readers = allowed if readers is None else readers
    return (
        cells(f"GET {collection}", obj, "list", readers, SIGNED_IN - readers),
        cells(f"POST {collection}", obj, "create", allowed, refused, body=body),
        cells(f"PUT {item}", obj, "update", allowed, refused, body=body),
        cells(f"DELETE {item}", obj, "delete", allowed, refused),
    )


# Tasks and todos: the admin made a task on the ticket (with the admin's note linked to it)
# and a todo on the ticket and on the task. Agents see them as they see the ticket;
# customers are refused whatever the id (agent-only routes). Changes to a task need the
# task privileges, checked before the task is looked up: the grouped agents hold them, so
# the one outside the group does not find the task, and the bare agent is refused.
TASK = "/api/task/{task_id}"
TASK_CELLS = (
    cells(f"GET {TASK}.json", "task", "get", STAFF_SEEING, CUSTOMERS),
    cells("GET /api/tasks.json", "task", "list", STAFF_SEEING, CUSTOMERS),
    *(
        cells(route, obj, verb, HANDLERS, NO_PRIVILEGE, body=body)
        for route, obj, verb, body in (
            (f"PUT {TASK}.json", "task", "update", {"stage": 2}),
            (f"DELETE {TASK}.json", "task", "delete", None),
            (f"POST {TASK}/follower.json", "task", "create", {"followerId": "{bare agent}"}),
            (f"DELETE {TASK}/follower.json", "task", "delete", {"followerId": "{bare agent}"}),
            (f"POST {TASK}/thread.json", "task note", "create", {"threadId": "{id}"}),
            (f"DELETE {TASK}/thread.json", "task note", "delete", {"threadId": "{id}"}),
            (f"POST {TASK}/thread/{{thread_id}}.json", "task", "create", None),
            (f"DELETE {TASK}/thread/{{thread_id}}.json", "task", "delete", None),
        )
    ),
    # Ids inside bodies: a task on a ticket, a todo on a task, out of the caller's sight is a
    # 400 naming the field, like an unknown one (the privilege is checked first).
    cells(
        "POST /api/tasks.json",
        "ticket",
        "create",
        HANDLERS,
        NO_PRIVILEGE,
        body={"subject": "x", "ticket": "{id}"},
        answers=((AGENT_OUTSIDE_GROUP, 400),),
    ),
    cells(
        "POST /api/todo.json",
        "task",
        "create",
        HANDLERS,
        NO_PRIVILEGE,
        body={"taskId": "{id}", "description": "x"},
        answers=((AGENT_OUTSIDE_GROUP, 400),),
    ),
    # A todo on the ticket: any agent who sees the ticket; a ticket out of sight is a 400,
    # like an unknown one.
    cells(
        "POST /api/todo.json",
        "ticket",
        "create",
        STAFF_SEEING,
        CUSTOMERS,
        body={"ticketId": "{id}", "description": "x"},
        answers=((AGENT_OUTSIDE_GROUP, 400),),
    ),
    cells(
        "PUT /api/todo/{todo_id}.json", "ticket todo", "update", STAFF_SEEING, CUSTOMERS, body={}
    ),
    cells("DELETE /api/todo/{todo_id}.json", "ticket todo", "delete", STAFF_SEEING, CUSTOMERS),
    # A task's todo changes with the task privilege, once the todo is in sight.
    cells(
        "PUT /api/todo/{todo_id}.json",
        "task todo",
        "update",
        HANDLERS,
        NO_PRIVILEGE,
        body={"status": 1},
    ),
    cells("DELETE /api/todo/{todo_id}.json", "task todo", "delete", HANDLERS, NO_PRIVILEGE),
)

# Workflows: the admin made a prepared response (a manual workflow) and applied it to the
# ticket. Administrators and agents holding the manage privilege of a kind manage that
# kind; prepared responses are applied by holders of ROLE_AGENT_APPLY_WORKFLOW to tickets
# they see. The run log is for staff who see the ticket (customers are refused before it
# is looked up).
PREPARED = {"name": "x", "type": 0, "actions": [{"type": "priority", "value": "2"}]}
WORKFLOW_CELLS = (
    cells("GET /api/workflows.json", "prepared response", "list", PRIVILEGED, NO_PRIVILEGE),
    cells(
        "POST /api/workflows.json",
        "prepared response",
        "create",
        PRIVILEGED,
        NO_PRIVILEGE,
        body=PREPARED,
    ),
    *(
        cells(route, "prepared response", "update", PRIVILEGED, NO_PRIVILEGE, body=PREPARED)
        for route in (
            "PUT /api/workflow/{kind}/{workflow_id}.json",
            "PUT /api/workflow/{workflow_id}.json",
        )
    ),
    *(
        cells(route, "prepared response", "delete", PRIVILEGED, NO_PRIVILEGE)
        for route in (
            "DELETE /api/workflow/{kind}/{workflow_id}.json",
            "DELETE /api/workflow/{workflow_id}.json",
        )
    ),
    # Reordering is of automatic workflows, whatever the ids named.
    cells(
        "PUT /api/workflows/order.json",
        "prepared response",
        "update",
        PRIVILEGED,
        NO_PRIVILEGE,
        body={"auto": {"1": 1}},
    ),
    cells(
        f"POST {TICKET}/workflow/{{workflow_id}}.json",
        "prepared response",
        "act",
        HANDLERS,
        NO_PRIVILEGE,
    ),
    cells(f"GET {TICKET}/workflow-runs.json", "workflow run", "list", STAFF_SEEING, CUSTOMERS),
)

# Company settings are the administrators' (no agent privilege grants them); the theme's
# files are the help centre's face, fetched by every UVdesk user.
COMPANY_CELLS = (
    *(
        cells(route, "me", "get", ADMINS, NOT_ADMIN)
        for route in (
            "GET /api/company.json",
            "GET /api/company/business-hours.json",
            "GET /api/company/theme.json",
        )
    ),
    *(
        cells(route, "me", "update", ADMINS, NOT_ADMIN, body=body)
        for route, body in (
            ("PUT /api/company.json", {"name": "x"}),
            ("POST /api/company/business-hours.json", {"business_hours": {}}),
            ("PUT /api/company/theme.json", {"name": "x"}),
        )
    ),
    cells("GET /api/company/theme/{slot}.json", "theme logo", "download", SIGNED_IN, accept="*/*"),
)

# The knowledge base: the admin made a public folder with a published article and a draft,
# and a private folder with a published article. Every agent reads everything; customers
# and anonymous visitors read published articles of public folders only (404 and unlisted
# otherwise, anonymous included); managing needs the knowledge-base privilege, which the
# grouped agents hold and the bare agent does not (refused before the object is looked up).
EVERYONE = SIGNED_IN | {ANONYMOUS}
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
    *(
        cells(route, obj, verb, PRIVILEGED, NO_PRIVILEGE, body=body)
        for route, obj, verb, body in KB_WRITES
    ),
)

# OAuth: the token and revocation endpoints authenticate the API client (HTTP Basic or
# client_id and client_secret), never the caller's bearer token: without client
# credentials every caller is answered 401 (RFC 6749's invalid_client).
FORM = "application/x-www-form-urlencoded"
OAUTH_CELLS = (
    cells(
        "POST /oauth/v2/token",
        "me",
        "create",
        set(),
        answers=tuple((actor, 401) for actor in SIGNED_IN),
        content=b"grant_type=client_credentials",
        content_type=FORM,
    ),
    cells(
        "POST /oauth/v2/revoke",
        "me",
        "delete",
        set(),
        answers=tuple((actor, 401) for actor in SIGNED_IN),
        content=b"token=x",
        content_type=FORM,
    ),
)

TICKET_CELLS = (
    cells("GET /api/ticket/{increment_id}.json", "ticket", "get", SEE_TICKET),
    cells(f"GET {TICKET}/threads.json", "ticket", "get", SEE_TICKET),
    cells("GET /api/tickets.json", "ticket", "list", SEE_TICKET),
    # Notes stay out of what customers can count or search for: the ticket's thread count,
    # and a search for a word only a note holds.
    cells(
        "GET /api/ticket/{increment_id}.json",
        "ticket",
        "count",
        STAFF_SEEING,
        counter="ticketTotalThreads",
        counts=(2, 1),
    ),
    cells("GET /api/tickets.json", "ticket", "list", STAFF_SEEING, query="?search=zanzibar"),
    cells(f"DELETE {TICKET}.json", "ticket", "delete", HANDLERS, NO_PRIVILEGE),
    cells(f"PUT {TICKET}/agent.json", "ticket", "update", HANDLERS, NO_PRIVILEGE, body={"id": 1}),
    cells(f"PUT {TICKET}/trash.json", "ticket", "act", HANDLERS, NO_PRIVILEGE),
    cells(
        f"POST {TICKET}/threads.json",
        "ticket",
        "create",
        SEE_TICKET,
        body={"threadType": "reply", "reply": "hi"},
    ),
    cells(f"PUT {TICKET}.json", "ticket", "update", HANDLERS, NO_PRIVILEGE, body={"subject": "x"}),
    cells(
        f"PATCH {TICKET}.json",
        "ticket",
        "update",
        HANDLERS,
        # The edit type names the privilege, so the ticket is looked up first.
        NO_PRIVILEGE - {CUSTOMER_B},
        body={"editType": "priority", "value": "2"},
    ),
    cells(
        f"POST {TICKET}/collaborator.json",
        "ticket",
        "create",
        HANDLERS,
        NO_PRIVILEGE,
        body={"email": "bob@example.com"},
    ),
    cells(
        f"DELETE {TICKET}/collaborator.json",
        "customer A",
        "delete",
        HANDLERS,
        NO_PRIVILEGE,
        body={"collaboratorId": "{id}"},
    ),
    cells(
        f"POST {TICKET}/tags.json", "ticket", "create", HANDLERS, NO_PRIVILEGE, body={"name": "x"}
    ),
    cells(
        f"DELETE {TICKET}/tags.json",
        "tag",
        "delete",
        HANDLERS,
        NO_PRIVILEGE,
        body={"tagId": "{id}"},
    ),
    # Bulk routes take ids in the body: a ticket out of the caller's scope is reported in
    # ``warning`` and left alone.
    cells(
        "PUT /api/tickets/{operation}.json",
        "ticket",
        "update",
        HANDLERS,
        NO_PRIVILEGE,
        body={"ids": ["{id}"], "statusId": 2},
        unseen=200,
    ),
    cells(
        "DELETE /api/tickets.json",
        "ticket",
        "delete",
        HANDLERS,
        NO_PRIVILEGE,
        body={"ids": ["{id}"]},
        unseen=200,
    ),
    # Ids inside bodies: a ticket raised in customer A's name. Customers raise tickets in
    # their own name only; agents need the privilege.
    cells(
        "POST /api/tickets.json",
        "ticket",
        "create",
        SIGNED_IN - {AGENT_WITHOUT_PRIVILEGE, CUSTOMER_B},
        {AGENT_WITHOUT_PRIVILEGE, CUSTOMER_B},
        body={
            "name": "Alice",
            "from": "alice@example.com",
            "reply": "x",
            "subject": "x",
            "type": "807",
        },
    ),
    # Threads and their files: notes are staff-only; a reply is changed by its author or an
    # administrator, a note by holders of the note privileges.
    cells(f"GET {TICKET}/threads.json", "note", "list", STAFF_SEEING),
    cells(f"GET {TICKET}/threads.json", "agent reply", "list", SEE_TICKET),
    cells(
        f"PUT {THREAD}",
        "agent reply",
        "update",
        HANDLERS,
        NO_PRIVILEGE - {CUSTOMER_B},
        body={"reply": "x"},
    ),
    cells(f"DELETE {THREAD}", "agent reply", "delete", HANDLERS, NO_PRIVILEGE - {CUSTOMER_B}),
    cells(
        f"PATCH {THREAD}",
        "agent reply",
        "update",
        HANDLERS,
        NO_PRIVILEGE - {CUSTOMER_B},
        body={"updateType": "lock"},
    ),
    cells(
        f"PUT {THREAD}", "note", "update", HANDLERS, {AGENT_WITHOUT_PRIVILEGE}, body={"reply": "x"}
    ),
    cells(f"DELETE {THREAD}", "note", "delete", HANDLERS, {AGENT_WITHOUT_PRIVILEGE}),
    cells(
        f"PATCH {THREAD}",
        "note",
        "update",
        HANDLERS,
        {AGENT_WITHOUT_PRIVILEGE},
        body={"updateType": "lock"},
    ),
    cells(
        "GET /api/ticket/attachment/{attachment_id}.json",
        "agent reply attachment",
        "get",
        SEE_TICKET,
    ),
    cells(
        "GET /api/ticket/attachment/{attachment_id}.json",
        "agent reply attachment",
        "download",
        SEE_TICKET,
        accept="*/*",
    ),
    cells(
        "GET /api/ticket/attachment/{attachment_id}.json",
        "note attachment",
        "download",
        STAFF_SEEING,
        accept="*/*",
    ),
    # Labels are their agent's own; a label another agent made is not found, also inside a
    # ticket change.
    cells("POST /api/labels.json", "label", "create", STAFF, CUSTOMERS, body={"name": "x"}),
    # The grouped agent put its label on the ticket: nobody else sees it there, nor finds
    # the ticket by it.
    cells(
        "GET /api/ticket/{increment_id}.json",
        "label",
        "list",
        {AGENT_IN_GROUP},
        items="ticket.ticketLabels",
    ),
    cells(
        "GET /api/tickets.json",
        "ticket by label",
        "list",
        {AGENT_IN_GROUP},
        query="?label={label_id}",
    ),
    cells(
        "PUT /api/label/{label_id}.json",
        "label",
        "update",
        {AGENT_IN_GROUP},
        CUSTOMERS,
        body={"name": "x"},
    ),
    cells("DELETE /api/label/{label_id}.json", "label", "delete", {AGENT_IN_GROUP}, CUSTOMERS),
    cells(
        f"PATCH {TICKET}.json",
        "label",
        "update",
        {AGENT_IN_GROUP},
        {CUSTOMER_A},
        body={"editType": "label", "value": "{id}"},
    ),
    # The organisation: every agent reads it, holders of each privilege change it.
    cells("GET /api/me.json", "me", "get", SIGNED_IN),
    cells("GET /api/filters.json", "customer A", "list", STAFF, CUSTOMERS, query="?customer=1"),
    *managed(
        "/api/groups.json",
        "/api/group/{group_id}.json",
        "group",
        PRIVILEGED,
        {"name": "x"},
        readers=STAFF,
    ),
    *managed(
        "/api/sub-groups.json",
        "/api/sub-group/{team_id}.json",
        "team",
        PRIVILEGED,
        {"name": "x"},
        readers=STAFF,
    ),
    *managed(
        "/api/ticket-types.json",
        "/api/ticket-type/{type_id}.json",
        "ticket type",
        PRIVILEGED,
        {"name": "x"},
        readers=STAFF,
    ),
    cells(
        "POST /api/ticketTypes.json",
        "ticket type",
        "create",
        PRIVILEGED,
        SIGNED_IN - PRIVILEGED,
        body={"name": "x"},
    ),
    cells("GET /api/tags.json", "tag", "list", STAFF, CUSTOMERS),
    # A tag's ticket count counts only the tickets the caller sees (the world's one tag).
    cells(
        "GET /api/tags.json",
        "tag",
        "count",
        STAFF_SEEING,
        CUSTOMERS,
        counter="tags.0.ticketCount",
    ),
    cells(
        "PUT /api/tag/{tag_id}.json",
        "tag",
        "update",
        PRIVILEGED,
        SIGNED_IN - PRIVILEGED,
        body={"name": "x"},
    ),
    cells("DELETE /api/tag/{tag_id}.json", "tag", "delete", PRIVILEGED, SIGNED_IN - PRIVILEGED),
    *managed(
        "/api/agent-privileges.json",
        "/api/agent-privilege/{privilege_id}.json",
        "privilege set",
        PRIVILEGED,
        {"name": "x", "privileges": ["ROLE_AGENT_ADD_NOTE"]},
    ),
    *managed(
        "/api/custom-fields.json",
        "/api/custom-field/{field_id}.json",
        "custom field",
        PRIVILEGED,
        {"name": "x", "fieldType": "text", "agentType": "both"},
        readers=STAFF,
    ),
    cells(
        "PUT /api/custom-field/order.json",
        "custom field",
        "update",
        PRIVILEGED,
        SIGNED_IN - PRIVILEGED,
        body={"order": ["{id}"]},
    ),
    # People: customers need the customer privilege, agents the agent privilege; only the
    # owner manages the owner; nobody in UVdesk changes or removes a user who belongs to a
    # Marketplace account (a customer through a ticket raised for them).
    cells("GET /api/customers.json", "customer A", "list", PRIVILEGED, NO_PRIVILEGE),
    cells("GET /api/customer/{user_id}.json", "customer A", "get", PRIVILEGED, NO_PRIVILEGE),
    cells(
        "POST /api/customers.json",
        "customer A",
        "create",
        PRIVILEGED,
        NO_PRIVILEGE,
        body={"firstName": "n", "lastName": "n", "email": "new@example.com"},
    ),
    cells(
        "PUT /api/customer/{user_id}.json",
        "customer A",
        "update",
        PRIVILEGED,
        NO_PRIVILEGE,
        body={"firstName": "x"},
    ),
    cells("PATCH /api/customer/{user_id}.json", "customer A", "update", PRIVILEGED, NO_PRIVILEGE),
    cells("DELETE /api/customer/{user_id}.json", "customer A", "delete", PRIVILEGED, NO_PRIVILEGE),
    cells("GET /api/members.json", "bare agent", "list", PRIVILEGED, NO_PRIVILEGE),
    cells(
        "GET /api/members.json", "bare agent", "list", PRIVILEGED, NO_PRIVILEGE, query="?fullList"
    ),
    # Every member reads their own profile.
    cells(
        "GET /api/member/{user_id}.json",
        "bare agent",
        "get",
        PRIVILEGED | {AGENT_WITHOUT_PRIVILEGE},
        CUSTOMERS,
    ),
    cells(
        "POST /api/members.json",
        "bare agent",
        "create",
        PRIVILEGED,
        NO_PRIVILEGE,
        body={
            "firstName": "n",
            "lastName": "n",
            "email": "agent@example.com",
            "role": "ROLE_AGENT",
        },
    ),
    cells(
        "PUT /api/member/{user_id}.json",
        "bare agent",
        "update",
        PRIVILEGED,
        NO_PRIVILEGE,
        body={"firstName": "x"},
    ),
    cells("DELETE /api/member/{user_id}.json", "bare agent", "delete", PRIVILEGED, NO_PRIVILEGE),
    cells("PUT /api/member/profile.json", "me", "update", SIGNED_IN, body={"firstName": "x"}),
    cells("GET /api/member/{user_id}.json", "owner", "get", PRIVILEGED, NO_PRIVILEGE),
    cells(
        "PUT /api/member/{user_id}.json",
        "owner",
        "update",
        {OWNER},
        SIGNED_IN - {OWNER},
        body={"firstName": "x"},
    ),
    cells(
        "DELETE /api/member/{user_id}.json",
        "owner",
        "delete",
        set(),
        SIGNED_IN - {OWNER},
        answers=((OWNER, 409),),
    ),
    cells(
        "GET /api/customer/{user_id}.json", "marketplace customer", "get", PRIVILEGED, NO_PRIVILEGE
    ),
    cells(
        "PUT /api/customer/{user_id}.json",
        "marketplace customer",
        "update",
        set(),
        SIGNED_IN,
        body={"email": "x@evil.test"},
    ),
    cells(
        "DELETE /api/customer/{user_id}.json", "marketplace customer", "delete", set(), SIGNED_IN
    ),
    # Ids inside bodies: ``actAsEmail`` names whom the call is made as. Acting as someone
    # never reaches further than the caller: an administrator acting as the owner still
    # does not manage the owner, and a Marketplace identity stays out of reach when acted as.
    cells(
        "PUT /api/member/{user_id}.json",
        "owner",
        "update",
        {OWNER},
        SIGNED_IN - {OWNER},
        body={"firstName": "x", "actAsType": "agent", "actAsEmail": "owner@desk.test"},
    ),
    cells(
        "PUT /api/member/profile.json",
        "me",
        "update",
        set(),
        SIGNED_IN,
        body={"firstName": "x", "actAsType": "customer", "actAsEmail": "mia@m.test"},
    ),
    # Mail configuration and the quarantine are for administrators (the seed: mailboxes
    # require the admin privilege); everyone else is refused.
    cells("GET /api/mailboxes.json", "mailbox", "list", ADMINS, NOT_ADMIN),
    cells(
        "POST /api/mailboxes.json",
        "mailbox",
        "create",
        ADMINS,
        NOT_ADMIN,
        body={"name": "x", "email": "other@example.com"},
    ),
    cells(
        "PUT /api/mailbox/{mailbox_id}.json",
        "mailbox",
        "update",
        ADMINS,
        NOT_ADMIN,
        body={"name": "x"},
    ),
    cells("DELETE /api/mailbox/{mailbox_id}.json", "mailbox", "delete", ADMINS, NOT_ADMIN),
    cells(
        "POST /api/mailbox/{mailbox_id}/inbound.json",
        "mailbox",
        "act",
        ADMINS,
        NOT_ADMIN,
        content=b"From: a@example.com\r\nSubject: s\r\n\r\nhi",
        content_type="message/rfc822",
    ),
    cells("GET /api/company/spam.json", "me", "get", ADMINS, NOT_ADMIN),
    cells(
        "PUT /api/company/spam.json",
        "me",
        "update",
        ADMINS,
        NOT_ADMIN,
        body={"blackList": "x@y.test"},
    ),
    cells("GET /api/mail/quarantine.json", "quarantined mail", "list", ADMINS, NOT_ADMIN),
    cells(
        "GET /api/mail/quarantine/{item_id}.eml",
        "quarantined mail",
        "download",
        ADMINS,
        NOT_ADMIN,
        accept="*/*",
    ),
    cells(
        "POST /api/mail/quarantine/{item_id}/retry.json",
        "quarantined mail",
        "act",
        ADMINS,
        NOT_ADMIN,
    ),
    cells(
        "DELETE /api/mail/quarantine/{item_id}.json",
        "quarantined mail",
        "delete",
        ADMINS,
        NOT_ADMIN,
    ),
    # Email templates need their privilege.
    *managed(
        "/api/email-templates.json",
        "/api/email-template/{template_id}.json",
        "email template",
        PRIVILEGED,
        {"name": "x", "subject": "x", "message": "x"},
    ),
    cells(
        "GET /api/email-template/{template_id}.json",
        "email template",
        "get",
        PRIVILEGED,
        NO_PRIVILEGE,
    ),
    cells(
        "POST /api/email-template/{template_id}.json",
        "email template",
        "update",
        PRIVILEGED,
        NO_PRIVILEGE,
        body={"name": "x", "subject": "x", "message": "x"},
    ),
    # Saved replies: an agent's own are theirs (and administrators'); shared ones are read
    # by every agent and changed by administrators.
    cells("GET /api/saved-replys.json", "agent saved reply", "list", HANDLERS, CUSTOMERS),
    cells("GET /api/saved-replys.json", "shared saved reply", "list", STAFF, CUSTOMERS),
    cells(
        "POST /api/saved-replys.json",
        "agent saved reply",
        "create",
        STAFF,
        CUSTOMERS,
        body={"name": "x", "message": "x"},
    ),
    cells(
        "PUT /api/saved-reply/{reply_id}.json",
        "agent saved reply",
        "update",
        HANDLERS,
        CUSTOMERS,
        body={"name": "x", "message": "x"},
    ),
    cells(
        "DELETE /api/saved-reply/{reply_id}.json",
        "agent saved reply",
        "delete",
        HANDLERS,
        CUSTOMERS,
    ),
    cells(
        "PUT /api/saved-reply/{reply_id}.json",
        "shared saved reply",
        "update",
        ADMINS,
        SIGNED_IN - ADMINS,
        body={"name": "x", "message": "x"},
    ),
    cells(
        "DELETE /api/saved-reply/{reply_id}.json",
        "shared saved reply",
        "delete",
        ADMINS,
        SIGNED_IN - ADMINS,
    ),
    # Threads reached through customer B's ticket are not found, for anyone.
    cells(f"PUT {THREAD}", "agent reply elsewhere", "update", set(), body={"reply": "x"}),
    cells(f"PATCH {THREAD}", "agent reply elsewhere", "update", set(), body={"updateType": "lock"}),
    cells(f"DELETE {THREAD}", "agent reply elsewhere", "delete", set()),
    cells(f"PUT {THREAD}", "note elsewhere", "update", set(), body={"reply": "x"}),
    cells(f"DELETE {THREAD}", "note elsewhere", "delete", set()),
    # Customers only reply; notes need their privilege.
    cells(
        f"POST {TICKET}/threads.json",
        "ticket",
        "create",
        HANDLERS,
        NO_PRIVILEGE - {CUSTOMER_B},
        body={"threadType": "note", "reply": "x"},
    ),
    *TASK_CELLS,
    *WORKFLOW_CELLS,
    *COMPANY_CELLS,
    *KB_CELLS,
    *OAUTH_CELLS,
)
