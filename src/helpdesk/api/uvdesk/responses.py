"""UVdesk response bodies as documented in ``/openapi.json``.

Each route's own envelope (``tickets``, ``pagination_data``, ``message``...) with the
wire's names, including UVdesk's snake_case keys and spellings (``predefind``,
``formatedCreatedAt``), and exactly the wire's nulls. Keys UVdesk always sends as null
are typed ``None``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from helpdesk.api.common.documented import WireModel, sometimes
from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.mailboxes.intake import Outcome as IngestOutcome
from helpdesk.domain.mailboxes.models import ImapAuth, ImapSecurity, ReceiveVia
from helpdesk.domain.tickets.models import ThreadType


class PhpDate(WireModel):
    """PHP's ``DateTime`` as UVdesk serialises it on users, threads and custom fields."""

    date: str = Field(description="Local time, Y-m-d H:i:s.")
    timezone_type: int = Field(alias="timezone_type")
    timezone: str


class PhpErrors(WireModel):
    warning_count: int = Field(alias="warning_count")
    warnings: list[Any]
    error_count: int = Field(alias="error_count")
    errors: list[Any]


class PhpLocation(WireModel):
    country_code: str = Field(alias="country_code")
    latitude: float
    longitude: float
    comments: str


class PhpTimezone(WireModel):
    name: str
    location: PhpLocation


class PhpDateTime(WireModel):
    """PHP's ``DateTime`` as JMS serialises it in group, team and privilege lists."""

    last_errors: PhpErrors
    timezone: PhpTimezone
    offset: int
    timestamp: int


class Outcome(WireModel):
    message: str


class CreatedOutcome(Outcome):
    id: int


class KnpPagination(WireModel):
    """The KnpPaginator block (``pagination_data`` or ``pagination``)."""

    last: int
    current: int | str = Field(
        description="The page asked for, as the string it came as (KnpPaginator echoes it);"
        " 1 when none was asked for."
    )
    num_items_per_page: int
    first: int
    page_count: int
    total_count: int
    page_range: int
    start_page: int
    end_page: int
    previous: int = sometimes("Past the first page.")
    next: int = sometimes("Before the last page.")
    pages_in_range: list[int]
    first_page_in_range: int
    last_page_in_range: int
    current_item_count: int
    first_item_number: int
    last_item_number: int
    url: str


class UserRole(WireModel):
    id: int
    role: SupportRole
    name: str


class RoleInstance(WireModel):
    id: int
    company_id: int
    first_name: str
    last_name: str
    job_title: str
    created_at: PhpDate
    updated_at: PhpDate
    is_active: bool
    is_verified: bool
    is_starred: bool
    contact_number: str | None
    source: str
    facebook: None
    twitter: None
    signature: str | None
    agent_privilege: list[str] = Field(description="Every privilege set, as id strings.")
    default_filtering: None
    ticket_view: int | None
    authorised_clients: list[Any]
    activity_notifications: None
    user_role: UserRole


class OwnRoleInstance(RoleInstance):
    agent_privilege: int | None = Field(  # type: ignore[assignment]
        description="The first privilege set's id (the seed's single number), or null."
    )


class Me(WireModel):
    id: int
    email: str
    profile_image: None
    is_email_pending: bool
    timezone: str
    data: list[OwnRoleInstance]
    roles: list[SupportRole]


class PersonProfile(WireModel):
    id: int
    email: str
    profile_image: None
    is_email_pending: bool
    timezone: str | None
    data: list[RoleInstance]


class CustomerProfile(PersonProfile):
    token: None
    validation_code: None


class MemberProfile(PersonProfile):
    roles: SupportRole


class CustomerRow(WireModel):
    id: int
    email: str
    small_thumbnail: None
    is_starred: bool | None = Field(description="true, or null when not starred.")
    is_active: bool
    name: str
    source: str
    count: str = Field(description="The customer's ticket count.")


class CustomerCount(WireModel):
    all: str
    starred: str


class CustomerPage(WireModel):
    customers: list[CustomerRow]
    pagination_data: KnpPagination = Field(alias="pagination_data")
    customer_count: CustomerCount = Field(alias="customer_count")


class PersonBrief(WireModel):
    id: int
    name: str
    email: str


class MemberRow(PersonBrief):
    small_thumbnail: None
    is_active: bool
    role: SupportRole


class MemberPage(WireModel):
    users: list[MemberRow]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class MemberFullList(WireModel):
    """``?fullList``: every member, briefly, without pagination."""

    users: list[PersonBrief]


class UnitRow(WireModel):
    id: int
    name: str
    description: str
    created_at: PhpDateTime
    is_active: bool
    user_view: None = sometimes("Groups only.")


class UnitPage(WireModel):
    """Groups and teams alike are listed under ``groups``."""

    groups: list[UnitRow]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class TicketTypeView(WireModel):
    id: int
    name: str
    description: str
    is_active: bool


class TicketTypePage(WireModel):
    types: list[TicketTypeView]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class TagRow(WireModel):
    id: int
    name: str
    ticket_count: str
    article_count: str


class TagPage(WireModel):
    tags: list[TagRow]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class Label(WireModel):
    id: int
    name: str
    color: str | None
    label_user: int


class LabelOutcome(Outcome):
    label: Label


class PrivilegeRow(WireModel):
    id: int
    privileges: list[str]
    name: str
    description: str
    created_at: PhpDateTime


class PrivilegePage(WireModel):
    privileges: list[PrivilegeRow]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class CustomFieldView(WireModel):
    id: int
    name: str
    agent_type: str
    field_type: str
    value: Any
    required: bool
    status: bool
    sort_order: int
    date_added: PhpDate
    date_updated: PhpDate
    validation: dict[str, Any]
    encryption: bool
    custom_fields_dependency: list[TicketTypeView]
    custom_field_values: list[Any]


class IdName(WireModel):
    id: int
    name: str


class GroupWithTeams(IdName):
    sub_groups: list[IdName]


class StatusView(WireModel):
    id: int
    name: str
    description: str
    color: str
    sort_order: int


class PriorityView(WireModel):
    id: int
    name: str
    description: str
    color: str


class UserData(WireModel):
    id: int
    roles: list[SupportRole]


class FilterLists(WireModel):
    """Only the lists named in the query string are sent."""

    group: list[IdName] = sometimes("With ?group.")
    usergroup: list[GroupWithTeams] = sometimes("With ?usergroup.")
    team: list[IdName] = sometimes("With ?team.")
    type: list[TicketTypeView] = sometimes("With ?type.")
    priority: list[PriorityView] = sometimes("With ?priority.")
    status: list[StatusView] = sometimes("With ?status.")
    tag: list[IdName] = sometimes("With ?tag.")
    mailbox: list[IdName] = sometimes("With ?mailbox.")
    agent: list[PersonBrief] = sometimes("With ?agent.")
    customer: list[PersonBrief] = sometimes("With ?customer.")
    source: dict[str, str] = sometimes("With ?source.")
    userdata: UserData = sometimes("With ?userdata, for a support user.")


class ThreadAttachment(WireModel):
    id: int
    name: str
    path: str
    thread: int
    task_thread: None
    attachment_thumb: str | None = Field(description="Images only.")
    attachment_orginal: str | None = Field(description="Images only.")
    content_type: str
    size: int


class PersonDetail(WireModel):
    """One role instance of a person (the union of the seed's two ``detail`` shapes)."""

    id: int
    company_id: int
    user_role: UserRole
    first_name: str
    last_name: str
    name: str
    is_active: bool
    is_starred: bool
    user: int
    signature: str | None
    user_saved_filters: list[Any]
    default_filtering: None
    manager_group: None
    sub_group: list[Any]
    manager_sub_group: list[Any]
    agent_privilege: list[str] = Field(description="Every privilege set, as id strings.")
    ticket_view: int | None
    session_id: None
    is_verified: bool
    source: str
    authorised_clients: list[Any]
    activity_notifications: None


class PersonSides(WireModel):
    agent: PersonDetail = sometimes("A support user (account owner, administrator, agent).")
    customer: PersonDetail = sometimes("A customer.")


class Person(WireModel):
    """A person on a ticket, a thread or as a collaborator."""

    id: int
    email: str
    profile_image: None
    small_thumbnail: None
    enabled: bool
    role: SupportRole | None = Field(description="The staff role if any, else the customer's.")
    first_name: str
    last_name: str
    name: str
    contact_number: str | None
    timezone: str | None
    password_legal: None
    password_obvious: bool
    detail: PersonSides
    manager_group: list[Any]
    teamlead_sub_group: list[Any]
    user_sub_group: list[Any]
    updated_password: None


class ThreadView(WireModel):
    id: int
    reply: str
    source: str
    thread_type: ThreadType
    reply_to: str | None
    cc: list[str] | None
    bcc: list[str] | None
    user_type: str
    formated_created_at: str = Field(
        description="m-d-y H:i in the thread list; the ticket's own format in createThread."
    )
    created_at: PhpDate
    timestamp: int
    message_id: str | None
    user: Person
    attachments: list[ThreadAttachment]
    is_locked: bool
    fullname: str
    bookmark: bool | None = Field(description="true, or null when not bookmarked.")
    viewed_at: PhpDate | None
    task: None


class ThreadPage(WireModel):
    threads: list[ThreadView]
    pagination: KnpPagination


class RaisedTicket(Outcome):
    id: int = Field(description="The ticket's incrementId, as the seed shows.")
    increment_id: int
    ticket_id: int = Field(description="The ticket's internal id.")


class UserBrief(WireModel):
    id: int
    email: str
    name: str


class TicketRow(WireModel):
    id: int
    increment_id: int
    subject: str
    is_starred: bool | None
    is_agent_view: bool
    is_trashed: bool
    source: str
    group: IdName | None
    team: IdName | None
    priority: PriorityView
    status: StatusView
    type: str | None
    timestamp: int
    formated_created_at: str
    total_threads: str
    agent: UserBrief | None
    customer: UserBrief
    has_attachments: int = Field(description="1 or 0.")


class LabelCount(WireModel):
    id: int
    name: str
    color: str | None
    count: str


class LabelsBlock(WireModel):
    predefind: dict[str, str] = Field(description="Ticket counts per predefined view.")
    custom: list[LabelCount]


class UserDetails(WireModel):
    user: int
    name: str
    pic: None
    role: bool


class TicketSideData(WireModel):
    """What the ticket list and the ticket view carry beside the tickets."""

    labels: LabelsBlock
    user_details: UserDetails
    status: list[StatusView]
    group: list[GroupWithTeams]
    team: list[IdName]
    priority: list[PriorityView]
    type: list[TicketTypeView]


class TicketPage(TicketSideData):
    tabs: dict[str, str | int] = Field(
        description="Ticket counts per status id: a string, or the number 0 when none."
    )
    tickets: list[TicketRow]
    pagination: KnpPagination
    mailbox: list[IdName]


class CustomFieldValue(WireModel):
    id: int
    custom_field: int
    value: Any


class TicketDetail(WireModel):
    id: int
    subject: str
    source: str
    formated_created_at: str
    status: StatusView
    type: TicketTypeView | None
    priority: PriorityView
    agent: Person | None
    customer: Person
    is_starred: bool | None
    mailbox: None
    tags: list[IdName]
    group: IdName | None
    rating: int
    collaborators: list[Person]
    reference_ids: str | None
    is_agent_view: bool
    is_customer_view: None
    custom_field_values: list[CustomFieldValue]
    unique_reply_to: str | None
    is_trashed: bool
    ticket_labels: list[IdName]
    ratings: list[Any]
    is_new: bool
    subgroup: IdName | None
    agent_last_replied_at: PhpDate | None
    increment_id: int
    social_channel: None
    is_source_deleted: bool
    ip_address: str | None
    is_replied: bool


class TicketAnswer(TicketSideData):
    ticket: TicketDetail
    todo: list[Any]
    create_thread: ThreadView | None
    ticket_total_threads: str
    ticket_tasks: list[Any]


class Collaborator(Person):
    user_name: str


class CollaboratorOutcome(Outcome):
    collaborator: Collaborator


class TagAdded(WireModel):
    tag: IdName
    msg: str


class TagRemoved(WireModel):
    tag_id: str
    msg: str


class BulkOutcome(Outcome):
    warning: str = sometimes("When some of the ids named no ticket.")


class DeletedTickets(BulkOutcome):
    deleted_tickets: str = Field(description="The deleted ids, comma-separated.")


class IntakeOutcome(WireModel):
    """What became of a message posted to a mailbox (or retried from the quarantine)."""

    message: str
    outcome: IngestOutcome = Field(
        description="created, threaded, duplicate, ignored, quarantined."
    )
    message_id: str | None = Field(description="Without angle brackets; synthetic if none.")
    ticket_id: int | None
    thread_id: int | None
    matched_by: str | None = Field(
        description="The threading rule that placed it, or why it was set aside."
    )
    reason: str | None
    quarantine_id: int | None
    answerable: bool = Field(description="False for machine-written mail and spam.")


class QuarantinedView(WireModel):
    id: int
    created_at: str = Field(description="ISO 8601, UTC.")
    last_attempt_at: str = Field(description="ISO 8601, UTC.")
    attempts: int
    via: str = Field(description="smtp, imap, http or import.")
    mailbox: int | None
    message_id: str | None
    sender: str | None
    subject: str | None
    reason: str
    size: int
    download: str = Field(description="Where the raw message is downloaded.")


class QuarantinePage(WireModel):
    quarantine: list[QuarantinedView]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class ImapView(WireModel):
    """How a mailbox fetches its mail; the password or token itself is never shown."""

    host: str
    port: int
    security: ImapSecurity
    username: str
    auth: ImapAuth
    folder: str
    has_secret: bool = Field(description="Whether a password or access token is stored.")


class MailboxView(WireModel):
    id: int
    name: str
    email: str
    mailbox_email: str = Field(description="The address of ours that receives its mail.")
    is_active: bool
    receive_via: ReceiveVia
    imap: ImapView | None = Field(description="Set when receiveVia is imap.")
    has_smtp_url: bool = Field(
        description="Whether it sends through its own SMTP URL (never shown) rather than "
        "the server's default."
    )


class MailboxPage(WireModel):
    mailboxes: list[MailboxView]


class MailboxUpdated(Outcome):
    mailbox: MailboxView


class MailboxSaved(MailboxUpdated):
    id: int


class EmailTemplateRow(WireModel):
    id: int
    name: str
    default_template: bool


class EmailTemplateView(EmailTemplateRow):
    subject: str
    message: str
    code: str | None = Field(description="The notification a default template serves.")


class SavedReplyView(WireModel):
    id: int
    company_id: int
    template_id: None
    name: str
    subject: None
    is_predefind: None
    template_for: None
    message: str
    message_inline: None
    is_shared: bool = Field(description="Shared with every agent, rather than its author's own.")


class SavedReplyOutcome(WireModel):
    msg: str
    id: int


class SpamSettings(WireModel):
    black_list: str | None = Field(description="Comma-separated addresses and @domains.")
    white_list: str | None = Field(description="Comma-separated addresses and @domains.")


class TaskPerson(WireModel):
    id: int
    email: str
    name: str
    first_name: str
    profile_image: None
    small_thumbnail: None


class TaskFollower(WireModel):
    id: int
    email: str
    name: str
    small_thumbnail: None


class StageView(WireModel):
    id: int = Field(description="1 New, 2 In Progress, 3 Done.")
    name: str
    color: str


class TaskRow(WireModel):
    id: int
    subject: str
    ticket_id: int
    viewed_users: list[int] = Field(description="User ids of the task's followers.")
    stage: StageView
    priority: PriorityView
    deadline_timestamp: int | None = Field(
        description="The end of the deadline day in the company timezone, or null."
    )
    formated_deadline: str | None = Field(description="Y-m-d, or null without a deadline.")
    timestamp: int
    formated_created_at: str = Field(description="Y-m-d in the company timezone.")
    assigned_agent: TaskPerson | None
    user: TaskPerson = Field(description="Who made the task.")


class TaskPage(WireModel):
    stage_count: dict[str, str] = Field(
        description="Tasks per stage id and in ``all``, of every task the caller sees."
    )
    tasks: list[TaskRow]
    pagination: KnpPagination


class TaskCreateThread(WireModel):
    id: int = Field(description="The task's id: its description is its one create thread.")
    fullname: str
    description: str
    thread_type: str
    created_at: PhpDate
    attachments: list[Any]
    user: TaskPerson
    formated_created_at: str


class TaskDetail(TaskRow):
    description: str
    threads: list[int] = Field(description="Ids of the ticket threads on the task.")
    created_type_thread: TaskCreateThread
    current_thread: None
    last_follower: None
    formated_created_at: str = Field(description="m-d-y H:i in the company timezone.")
    formated_deadline: str | None = Field(
        description="m-d-y H:i, the end of the deadline day; null without a deadline."
    )


class TodoView(WireModel):
    id: int
    description: str
    status: int = Field(description="0 incomplete, 1 complete.")
    ticket_id: int
    thread_id: int | None
    task_id: int | None


class TaskAnswer(WireModel):
    task: TaskDetail
    create_thread: TaskCreateThread
    todo: list[TodoView]
    followers: list[TaskFollower]


class TaskEdited(Outcome):
    task: TaskDetail


class TaskCreated(Outcome):
    id: int
    task: TaskDetail


class AlertOutcome(WireModel):
    alert_class: str
    alert_message: str


class TodoAdded(Outcome):
    id: int
    todo: TodoView


class CompanyDetails(WireModel):
    name: str
    support_email: str | None
    next_ticket_id: int
    timezone: str
    time_format: str | None
    pending_since: int
    default_mailbox: int | None
    default_status: int | None
    default_priority: int | None
    pending_notification_email_template: int | None


class CompanyView(WireModel):
    company: CompanyDetails


class BusinessDay(WireModel):
    is_active: str | None = Field(
        default=None, alias="is_active", description='"on" when open; absent when closed.'
    )
    from_: str = Field(alias="from")
    to: str


class BusinessHours(WireModel):
    business_hours: dict[str, BusinessDay]


class BusinessHoursSaved(Outcome):
    business_hours: dict[str, BusinessDay] = Field(alias="business_hours")
    status: int


class ThemeSettings(WireModel):
    name: str
    logo: str | None = Field(description="Where to download the logo, if one is set.")
    favicon: str | None
    banner: str | None
    custom_css: str | None = Field(alias="customCSS")


class ThemeView(WireModel):
    theme: ThemeSettings


class OAuthToken(WireModel):
    """RFC 6749, 5.1."""

    access_token: str = Field(alias="access_token")
    token_type: str = Field(alias="token_type")
    expires_in: int = Field(alias="expires_in")
    refresh_token: str | None = Field(
        default=None,
        alias="refresh_token",
        description="With the password and refresh_token grants; good for one exchange.",
    )


class OAuthError(BaseModel):
    """RFC 6749, 5.2: why the token endpoint (or RFC 7009's revocation) refused."""

    error: str = Field(description="invalid_request, invalid_client, invalid_grant, ...")
    error_description: str | None = None
    error_uri: str | None = None


class OAuthRevoked(WireModel):
    """RFC 7009, 2.2: an empty object, whether or not the token was known."""


class KbIdName(WireModel):
    id: int
    name: str


class SolutionFolderView(WireModel):
    id: int
    name: str
    description: str | None
    visibility: str = Field(description="public or private (staff only).")
    solution_image: str = Field(description="Always empty: folders carry no image here.")
    categories_count: str = Field(description="Categories the caller sees, as a string.")
    categories: list[KbIdName]
    article_count: str = Field(description="Articles the caller sees, as a string.")


class SolutionFolderPage(WireModel):
    results: list[SolutionFolderView]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class KbOutcome(WireModel):
    """Folder, category and article writes answer ``msg`` (the seed's folder examples)."""

    id: int
    msg: str


class KbCategoryView(WireModel):
    id: int
    name: str
    description: str | None
    sort_order: int
    solution_id: int
    article_count: str = Field(description="Articles the caller sees, as a string.")


class KbCategoryPage(WireModel):
    results: list[KbCategoryView]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class KbArticleRow(WireModel):
    id: int
    name: str
    status: int = Field(description="1 published, 0 draft (staff only).")
    date_added: str
    date_updated: str
    solution_id: int
    categories: list[KbIdName]


class KbArticleView(KbArticleRow):
    content: str = Field(description="Sanitised HTML.")
    tags: list[KbIdName]


class KbArticlePage(WireModel):
    results: list[KbArticleRow]
    pagination_data: KnpPagination = Field(alias="pagination_data")


class KbTagAdded(Outcome):
    id: int


class ErrorAnswer(WireModel):
    """Every UVdesk error but the missing or bad token: a short code and a message."""

    error: str = Field(description="invalid_data, forbidden, not_found, conflict...")
    message: str
    errors: dict[str, list[str]] = sometimes("Field names and their messages, for bad input.")


class AccessDenied(WireModel):
    """The OAuth 401 body, byte for byte."""

    error: Literal["access_denied"]
    error_description: str = Field(alias="error_description")


class WorkflowEvent(WireModel):
    event: str = Field(description="Always ``ticket``.")
    trigger: str = Field(description="created, status, priority, agentReply, ...")


class WorkflowCondition(WireModel):
    type: str
    match: str
    value: str


class WorkflowAction(WireModel):
    type: str
    value: str


class WorkflowView(WireModel):
    id: int
    name: str
    description: str | None
    type: int = Field(description="0 manual (a prepared response), 1 automatic.")
    is_active: bool
    sort_order: int = Field(description="Automatic workflows run lowest first.")
    events: list[WorkflowEvent]
    conditions: list[WorkflowCondition]
    actions: list[WorkflowAction]


class WorkflowList(WireModel):
    workflows: list[WorkflowView]


class WorkflowRunAction(WireModel):
    type: str
    value: str
    outcome: str = Field(description="set, unchanged, added, queued, or skipped: why.")


class WorkflowRunView(WireModel):
    id: int
    workflow_id: int | None = Field(description="Null once the workflow was removed.")
    workflow_name: str
    trigger: str = Field(description="The event that ran it, or ``manual``.")
    applied_by: int | None = Field(description="The agent who applied a prepared response.")
    actions: list[WorkflowRunAction]
    created_at: str


class WorkflowRunPage(WireModel):
    workflow_runs: list[WorkflowRunView] = Field(alias="workflowRuns")
    pagination: KnpPagination


class WorkflowOrderOutcome(Outcome):
    warning: str = sometimes("When some of the ids named no automatic workflow.")
