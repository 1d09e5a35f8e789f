"""Every ORM model, imported once so the metadata (and Alembic) sees all tables."""

from helpdesk.domain.answers.models import ChatAnswer
from helpdesk.domain.cases.models import Case
from helpdesk.domain.chats.models import (
    Chat,
    ChatAttachment,
    ChatLink,
    ChatMessage,
    ChatParticipant,
)
from helpdesk.domain.feedback.models import Feedback, FeedbackAttachment
from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.forms.models import (
    CaseParameterValue,
    Form,
    FormSection,
    GroupParameter,
    ParameterDefinition,
    ParameterGroup,
)
from helpdesk.domain.guards.models import IdempotentRequest, RateWindow
from helpdesk.domain.identity.models import (
    Account,
    AgentPrivilege,
    ApiToken,
    Contact,
    User,
    UserInstance,
)
from helpdesk.domain.jobs.models import Job
from helpdesk.domain.knowledgebase.models import KbArticle, KbCategory, SolutionFolder
from helpdesk.domain.mailboxes.imap_folders import ImapFolderState
from helpdesk.domain.mailboxes.models import EmailTemplate, Mailbox, MailMessage, SavedReply
from helpdesk.domain.mailboxes.quarantined import QuarantinedMail
from helpdesk.domain.oauth.models import OAuthClient, OAuthRefreshToken
from helpdesk.domain.outbox.models import OutboundMail
from helpdesk.domain.queues.models import Queue
from helpdesk.domain.shared.models import Base
from helpdesk.domain.support.models import (
    Company,
    CustomField,
    SupportGroup,
    SupportLabel,
    SupportTag,
    SupportTeam,
    TicketPriority,
    TicketStatus,
    TicketType,
)
from helpdesk.domain.tasks.models import Task, Todo
from helpdesk.domain.tickets.models import Thread, ThreadAttachment, Ticket, TicketCustomValue
from helpdesk.domain.workflows.models import Workflow, WorkflowRun

__all__ = [
    "Account",
    "AgentPrivilege",
    "ApiToken",
    "Base",
    "Case",
    "CaseParameterValue",
    "Chat",
    "ChatAnswer",
    "ChatAttachment",
    "ChatLink",
    "ChatMessage",
    "ChatParticipant",
    "Company",
    "Contact",
    "CustomField",
    "EmailTemplate",
    "Feedback",
    "FeedbackAttachment",
    "Form",
    "FormSection",
    "GroupParameter",
    "IdempotentRequest",
    "ImapFolderState",
    "Job",
    "KbArticle",
    "KbCategory",
    "MailMessage",
    "Mailbox",
    "OAuthClient",
    "OAuthRefreshToken",
    "OutboundMail",
    "ParameterDefinition",
    "ParameterGroup",
    "QuarantinedMail",
    "Queue",
    "RateWindow",
    "SavedReply",
    "SolutionFolder",
    "StoredFile",
    "SupportGroup",
    "SupportLabel",
    "SupportTag",
    "SupportTeam",
    "Task",
    "Thread",
    "ThreadAttachment",
    "Ticket",
    "TicketCustomValue",
    "TicketPriority",
    "TicketStatus",
    "TicketType",
    "Todo",
    "User",
    "UserInstance",
    "Workflow",
    "WorkflowRun",
]
