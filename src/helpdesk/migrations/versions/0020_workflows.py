"""Workflows, the log of their runs on tickets, and the default notification workflows.

The defaults mail with the email templates 0016 seeds (looked up by code), so this
revision depends on it as well.

Revision ID: 0020
Revises: 0015
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0011", "0016")

# (name, description, trigger, who made the change, action, template code): sent by the
# engine, editable and removable like any workflow (docs/decisions.md, "Workflows").
DEFAULT_WORKFLOWS = [
    (
        "Acknowledge a new ticket",
        "Mail the customer that their ticket was created.",
        "created",
        "customer",
        "mailCustomer",
        "ticket.created.customer",
    ),
    (
        "Tell the agent of a customer reply",
        "Mail the assigned agent when the customer replies.",
        "customerReply",
        None,
        "mailAgent",
        "ticket.reply.agent",
    ),
    (
        "Tell the agent of an assignment",
        "Mail the agent a ticket is assigned to.",
        "agent",
        None,
        "mailAgent",
        "ticket.assigned.agent",
    ),
]


def upgrade() -> None:
    op.create_table(
        "workflows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("type", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflows")),
    )
    op.create_index(op.f("ix_workflows_type"), "workflows", ["type"], unique=False)
    op.create_table(
        "workflow_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("workflow_id", sa.Integer(), nullable=True),
        sa.Column("workflow_name", sa.String(length=255), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("applied_by_id", sa.Integer(), nullable=True),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"],
            name=op.f("fk_workflow_runs_ticket_id_tickets"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workflow_id"], ["workflows.id"],
            name=op.f("fk_workflow_runs_workflow_id_workflows"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["applied_by_id"], ["users.id"],
            name=op.f("fk_workflow_runs_applied_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflow_runs")),
    )  # fmt: skip
    op.create_index(
        "ix_workflow_runs_ticket_id_id", "workflow_runs", ["ticket_id", "id"], unique=False
    )
    op.create_index(
        op.f("ix_workflow_runs_workflow_id"), "workflow_runs", ["workflow_id"], unique=False
    )
    _default_workflows()


def _default_workflows() -> None:
    connection = op.get_bind()
    found = connection.execute(
        sa.text("SELECT code, id FROM email_templates WHERE code IS NOT NULL")
    )
    templates: dict[str, int] = {str(code): int(template_id) for code, template_id in found}
    now = datetime.now(UTC)
    workflows = sa.table(
        "workflows",
        sa.column("name", sa.String()),
        sa.column("description", sa.Text()),
        sa.column("type", sa.Integer()),
        sa.column("is_active", sa.Boolean()),
        sa.column("position", sa.Integer()),
        sa.column("events", sa.JSON()),
        sa.column("conditions", sa.JSON()),
        sa.column("actions", sa.JSON()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    rows = [
        {
            "name": name,
            "description": description,
            "type": 1,
            "is_active": True,
            "position": position,
            "events": [{"event": "ticket", "trigger": trigger}],
            "conditions": (
                [{"type": "userType", "match": "is", "value": user_type}] if user_type else []
            ),
            "actions": [{"type": action, "value": str(templates[code])}],
            "created_at": now,
            "updated_at": now,
        }
        for position, (name, description, trigger, user_type, action, code) in enumerate(
            DEFAULT_WORKFLOWS, start=1
        )
        if code in templates
    ]
    if rows:
        op.bulk_insert(workflows, rows)


def downgrade() -> None:
    op.drop_index(op.f("ix_workflow_runs_workflow_id"), table_name="workflow_runs")
    op.drop_index("ix_workflow_runs_ticket_id_id", table_name="workflow_runs")
    op.drop_table("workflow_runs")
    op.drop_index(op.f("ix_workflows_type"), table_name="workflows")
    op.drop_table("workflows")
