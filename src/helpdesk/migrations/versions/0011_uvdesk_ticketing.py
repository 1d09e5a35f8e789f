"""UVdesk ticketing core: company, groups, teams, ticket types, statuses, priorities,
labels, tags, custom fields, tickets, threads, attachments and the full-text index.

Reference data (statuses, priorities with the seed's ids and colors, a "Default" group and
a "Support" ticket type) is present from the first start.

Revision ID: 0011
Revises: 0001
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = [
    (1, "open", "Open", "#337ab7", 1),
    (2, "pending", "Pending", "#d9534f", 2),
    (3, "resolved", "Resolved", "#5cb85c", 4),
    (4, "closed", "Closed", "#767676", 5),
    (5, "spam", "Spam", "#00A1F2", 6),
    (6, "answered", "Answered", "#F1BB52", 3),
]
PRIORITIES = [
    (1, "low", "Low", "#5cb85c"),
    (2, "medium", "Medium", "#337ab7"),
    (3, "high", "High", "#f0ad4e"),
    (4, "urgent", "Urgent", "#d9534f"),
]
DEFAULT_GROUP_ID = 835
SUPPORT_TYPE_ID = 807


def timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def link_table(name: str, left: tuple[str, str], right: tuple[str, str]) -> None:
    (left_column, left_table), (right_column, right_table) = left, right
    op.create_table(
        name,
        sa.Column(left_column, sa.Integer(), nullable=False),
        sa.Column(right_column, sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            [left_column],
            [f"{left_table}.id"],
            name=op.f(f"fk_{name}_{left_column}_{left_table}"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            [right_column],
            [f"{right_table}.id"],
            name=op.f(f"fk_{name}_{right_column}_{right_table}"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(left_column, right_column, name=op.f(f"pk_{name}")),
    )


def upgrade() -> None:
    _organisation()
    _tickets()
    _search_index()
    _reference_data()


def _organisation() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("next_ticket_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
    )
    for table in ("support_groups", "support_teams"):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=255), nullable=False),
            sa.Column("description", sa.String(length=1000), nullable=False),
            sa.Column("is_active", sa.Boolean(), nullable=False),
            *timestamps(),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_name"), table, ["name"])
    link_table(
        "support_group_members",
        ("group_id", "support_groups"),
        ("user_instance_id", "user_instances"),
    )
    link_table(
        "support_team_members",
        ("team_id", "support_teams"),
        ("user_instance_id", "user_instances"),
    )
    link_table("support_team_groups", ("team_id", "support_teams"), ("group_id", "support_groups"))
    op.create_table(
        "ticket_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=255), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_types")),
        sa.UniqueConstraint("code", name=op.f("uq_ticket_types_code")),
    )
    op.create_table(
        "ticket_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("color", sa.String(length=16), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_statuses")),
        sa.UniqueConstraint("code", name=op.f("uq_ticket_statuses_code")),
    )
    op.create_table(
        "ticket_priorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("color", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_priorities")),
        sa.UniqueConstraint("code", name=op.f("uq_ticket_priorities_code")),
    )
    op.create_table(
        "support_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("color", sa.String(length=16), nullable=True),
        sa.Column("user_instance_id", sa.Integer(), nullable=False),
        *timestamps(),
        sa.ForeignKeyConstraint(
            ["user_instance_id"],
            ["user_instances.id"],
            name=op.f("fk_support_labels_user_instance_id_user_instances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_labels")),
    )
    op.create_index(
        op.f("ix_support_labels_user_instance_id"), "support_labels", ["user_instance_id"]
    )
    op.create_table(
        "support_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_support_tags_name")),
    )
    op.create_table(
        "custom_fields",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("field_type", sa.String(length=32), nullable=False),
        sa.Column("agent_type", sa.String(length=16), nullable=False),
        sa.Column("is_required", sa.Boolean(), nullable=False),
        sa.Column("status", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("validation", sa.JSON(), nullable=False),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_fields")),
        sa.UniqueConstraint("name", name=op.f("uq_custom_fields_name")),
    )


def _tickets() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("increment_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=1000), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=True),
        sa.Column("is_starred", sa.Boolean(), nullable=False),
        sa.Column("is_trashed", sa.Boolean(), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.Column("is_replied", sa.Boolean(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("unique_reply_to", sa.String(length=255), nullable=True),
        sa.Column("reference_ids", sa.String(length=2000), nullable=True),
        sa.Column("ip_address", sa.String(length=64), nullable=True),
        sa.Column("agent_last_replied_at", sa.DateTime(timezone=True), nullable=True),
        *timestamps(),
        sa.ForeignKeyConstraint(
            ["status_id"], ["ticket_statuses.id"], name=op.f("fk_tickets_status_id_ticket_statuses")
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["ticket_priorities.id"],
            name=op.f("fk_tickets_priority_id_ticket_priorities"),
        ),
        sa.ForeignKeyConstraint(
            ["type_id"], ["ticket_types.id"], name=op.f("fk_tickets_type_id_ticket_types")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["support_groups.id"], name=op.f("fk_tickets_group_id_support_groups")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["support_teams.id"], name=op.f("fk_tickets_team_id_support_teams")
        ),
        sa.ForeignKeyConstraint(["agent_id"], ["users.id"], name=op.f("fk_tickets_agent_id_users")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["users.id"], name=op.f("fk_tickets_customer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("increment_id", name=op.f("uq_tickets_increment_id")),
    )
    for column in (
        "status_id",
        "priority_id",
        "type_id",
        "group_id",
        "team_id",
        "agent_id",
        "customer_id",
        "mailbox_id",
    ):
        op.create_index(op.f(f"ix_tickets_{column}"), "tickets", [column])
    op.create_index("ix_tickets_is_trashed_id", "tickets", ["is_trashed", "id"])
    link_table("ticket_collaborators", ("ticket_id", "tickets"), ("user_id", "users"))
    link_table("ticket_labels", ("ticket_id", "tickets"), ("label_id", "support_labels"))
    link_table("ticket_tags", ("ticket_id", "tickets"), ("tag_id", "support_tags"))
    op.create_table(
        "threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_type", sa.String(length=16), nullable=False),
        sa.Column("thread_type", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.String(length=1000), nullable=True),
        sa.Column("cc", sa.JSON(), nullable=True),
        sa.Column("bcc", sa.JSON(), nullable=True),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("is_locked", sa.Boolean(), nullable=False),
        sa.Column("is_bookmarked", sa.Boolean(), nullable=False),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=True),
        *timestamps(),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_threads_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_threads_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
    )
    op.create_index("ix_threads_ticket_id_id", "threads", ["ticket_id", "id"])
    op.create_index(op.f("ix_threads_user_id"), "threads", ["user_id"])
    op.create_index(op.f("ix_threads_message_id"), "threads", ["message_id"])
    op.create_table(
        "thread_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_attachments_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_thread_attachments_file_id_stored_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread_attachments")),
    )
    op.create_index(op.f("ix_thread_attachments_thread_id"), "thread_attachments", ["thread_id"])
    op.create_table(
        "ticket_custom_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_custom_values_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["field_id"],
            ["custom_fields.id"],
            name=op.f("fk_ticket_custom_values_field_id_custom_fields"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_custom_values")),
    )
    op.create_index(
        op.f("ix_ticket_custom_values_ticket_id"), "ticket_custom_values", ["ticket_id"]
    )
    op.create_index(op.f("ix_ticket_custom_values_field_id"), "ticket_custom_values", ["field_id"])


def _search_index() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE ticket_search ("
            " ticket_id integer PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
            " document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_ticket_search_document ON ticket_search USING gin (document)")
    else:
        op.execute("CREATE VIRTUAL TABLE ticket_search USING fts5(body, tokenize='unicode61')")


def _reference_data() -> None:
    now = datetime.now(UTC)
    statuses = sa.table(
        "ticket_statuses",
        sa.column("id", sa.Integer()),
        sa.column("code", sa.String()),
        sa.column("description", sa.String()),
        sa.column("color", sa.String()),
        sa.column("sort_order", sa.Integer()),
    )
    op.bulk_insert(
        statuses,
        [
            {"id": i, "code": c, "description": d, "color": color, "sort_order": o}
            for i, c, d, color, o in STATUSES
        ],
    )
    priorities = sa.table(
        "ticket_priorities",
        sa.column("id", sa.Integer()),
        sa.column("code", sa.String()),
        sa.column("description", sa.String()),
        sa.column("color", sa.String()),
    )
    op.bulk_insert(
        priorities,
        [{"id": i, "code": c, "description": d, "color": color} for i, c, d, color in PRIORITIES],
    )
    groups = sa.table(
        "support_groups",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("description", sa.String()),
        sa.column("is_active", sa.Boolean()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        groups,
        [
            {
                "id": DEFAULT_GROUP_ID,
                "name": "Default",
                "description": "Default",
                "is_active": True,
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    types = sa.table(
        "ticket_types",
        sa.column("id", sa.Integer()),
        sa.column("code", sa.String()),
        sa.column("description", sa.String()),
        sa.column("is_active", sa.Boolean()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        types,
        [
            {
                "id": SUPPORT_TYPE_ID,
                "code": "Support",
                "description": "Support",
                "is_active": True,
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    companies = sa.table(
        "companies",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("timezone", sa.String()),
        sa.column("next_ticket_id", sa.Integer()),
    )
    op.bulk_insert(
        companies, [{"id": 1, "name": "Helpdesk", "timezone": "UTC", "next_ticket_id": 1}]
    )
    if op.get_context().dialect.name == "postgresql":
        # Rows inserted with explicit ids: move the sequences past them.
        for table in (
            "ticket_statuses",
            "ticket_priorities",
            "support_groups",
            "ticket_types",
            "companies",
        ):
            op.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS ticket_search")
    for table in (
        "ticket_custom_values",
        "thread_attachments",
        "threads",
        "ticket_tags",
        "ticket_labels",
        "ticket_collaborators",
        "tickets",
        "custom_fields",
        "support_tags",
        "support_labels",
        "ticket_priorities",
        "ticket_statuses",
        "ticket_types",
        "support_team_groups",
        "support_team_members",
        "support_group_members",
        "support_teams",
        "support_groups",
        "companies",
    ):
        op.drop_table(table)
