"""Placeholders in email templates and saved replies: ``{%ticket.subject%}`` and the like.

The names are UVdesk's. A value is HTML-escaped when it goes into HTML, except the thread
message, which is HTML already (sanitised when it was stored). A name we do not know
renders as nothing and is reported back, so that a typo in a template never stops a mail
from leaving."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

import nh3

from helpdesk.domain.identity.models import User
from helpdesk.domain.tickets.models import Thread, Ticket

PLACEHOLDER = re.compile(r"\{%\s*([A-Za-z][A-Za-z0-9_.]*)\s*%\}")
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|li|tr|h[1-6]|blockquote)>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Markup:
    """A value that is HTML already, inserted as is into HTML and as text elsewhere."""

    html: str


Value = str | Markup


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    unknown: tuple[str, ...]
    """Placeholder names that were not known, in order of appearance, each once."""


def html_to_text(markup: str) -> str:
    """Readable plain text of sanitised HTML: block ends become line breaks."""
    broken = _BLOCK_END.sub(lambda found: found.group(0) + "\n", markup)
    text = html.unescape(nh3.clean(broken, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def render(template: str, values: Mapping[str, Value], *, as_html: bool) -> Rendered:
    """``template`` with every placeholder replaced by its value."""
    unknown: dict[str, None] = {}

    def value_of(found: re.Match[str]) -> str:
        name = found.group(1)
        value = values.get(name)
        if value is None:
            unknown[name] = None
            return ""
        if isinstance(value, Markup):
            return value.html if as_html else html_to_text(value.html)
        return html.escape(value) if as_html else value

    return Rendered(PLACEHOLDER.sub(value_of, template), tuple(unknown))


def ticket_values(
    ticket: Ticket,
    *,
    thread: Thread | None,
    public_url: str,
    company_name: str,
    replying_agent: User | None = None,
) -> dict[str, Value]:
    """What a ticket (and the thread being mailed, if any) fills in. ``ticket`` must have
    its references loaded (the ticket model loads them eagerly). The agent is the one
    replying, when an agent's reply is mailed, otherwise the assigned one."""
    base = public_url.rstrip("/")
    message = Markup(thread.message) if thread is not None else Markup("")
    agent = replying_agent or ticket.agent
    return {
        "ticket.id": str(ticket.increment_id),
        "ticket.subject": ticket.subject,
        "ticket.message": message,
        "ticket.threadMessage": message,
        "ticket.status": ticket.status.description,
        "ticket.priority": ticket.priority.description,
        "ticket.type": ticket.type.code if ticket.type is not None else "",
        "ticket.source": ticket.source,
        "ticket.group": ticket.group.name if ticket.group is not None else "",
        "ticket.team": ticket.team.name if ticket.team is not None else "",
        "ticket.tags": ", ".join(tag.name for tag in ticket.tags),
        "ticket.customerName": ticket.customer.full_name,
        "ticket.customerEmail": ticket.customer.email,
        "ticket.agentName": agent.full_name if agent is not None else "",
        "ticket.agentEmail": agent.email if agent is not None else "",
        "ticket.collaboratorEmails": ", ".join(user.email for user in ticket.collaborators),
        "ticket.link": f"{base}/tickets/{ticket.increment_id}",
        "ticket.agentLink": f"{base}/member/ticket/view/{ticket.increment_id}",
        "ticket.customerLink": f"{base}/customer/ticket/view/{ticket.increment_id}",
        "global.companyName": company_name,
        "global.companyUrl": base,
    }
