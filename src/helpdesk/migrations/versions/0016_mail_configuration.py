"""Email templates (with the defaults notifications are rendered from) and saved replies.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (code, name, subject, message): the notifications mail out renders. Codes are stable:
# the outbound mail looks its templates up by them.
DEFAULT_TEMPLATES = [
    (
        "ticket.created.customer",
        "Ticket Generate Success Mail For Customer",
        "[#{%ticket.id%}] {%ticket.subject%}",
        "<p>Hello {%ticket.customerName%},</p>"
        "<p>Thank you for contacting us. Your ticket #{%ticket.id%} "
        "\u201c{%ticket.subject%}\u201d has been created; we will get back to you soon.</p>"
        "<p>Simply reply to this message to add to your ticket.</p>",
    ),
    (
        "ticket.reply.customer",
        "Agent Reply To Customer",
        "Re: [#{%ticket.id%}] {%ticket.subject%}",
        "<p>Hello {%ticket.customerName%},</p>{%ticket.threadMessage%}<p>{%ticket.agentName%}</p>",
    ),
    (
        "ticket.reply.agent",
        "Customer Reply To Agent",
        "Re: [#{%ticket.id%}] {%ticket.subject%}",
        "<p>Hello {%ticket.agentName%},</p>"
        "<p>{%ticket.customerName%} replied to ticket #{%ticket.id%} "
        "\u201c{%ticket.subject%}\u201d:</p>"
        "{%ticket.threadMessage%}",
    ),
    (
        "ticket.assigned.agent",
        "Ticket Assigned To Agent",
        "[#{%ticket.id%}] Assigned to you: {%ticket.subject%}",
        "<p>Hello {%ticket.agentName%},</p>"
        "<p>Ticket #{%ticket.id%} \u201c{%ticket.subject%}\u201d from "
        "{%ticket.customerName%} has been assigned to you. Its status is "
        "{%ticket.status%}.</p>"
        "{%ticket.threadMessage%}",
    ),
]


def upgrade() -> None:
    op.create_table(
        "email_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=998), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_templates")),
        sa.UniqueConstraint("code", name=op.f("uq_email_templates_code")),
    )
    op.create_table(
        "saved_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user_instances.id"],
            name=op.f("fk_saved_replies_owner_id_user_instances"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_replies")),
    )  # fmt: skip
    op.create_index(op.f("ix_saved_replies_owner_id"), "saved_replies", ["owner_id"])
    _default_templates()


def _default_templates() -> None:
    now = datetime.now(UTC)
    templates = sa.table(
        "email_templates",
        sa.column("name", sa.String()),
        sa.column("subject", sa.String()),
        sa.column("message", sa.Text()),
        sa.column("is_default", sa.Boolean()),
        sa.column("code", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        templates,
        [
            {
                "name": name,
                "subject": subject,
                "message": message,
                "is_default": True,
                "code": code,
                "created_at": now,
                "updated_at": now,
            }
            for code, name, subject, message in DEFAULT_TEMPLATES
        ],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_saved_replies_owner_id"), table_name="saved_replies")
    op.drop_table("saved_replies")
    op.drop_table("email_templates")
