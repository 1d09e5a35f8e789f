"""Marketplace chats: chats, participants, messages, attachments, links.

Revision ID: 0003
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def tracked() -> list[sa.Column[object]]:
    return [
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("audit", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("description", sa.String(length=4000), nullable=True),
        sa.Column("icon_file_id", sa.Integer(), nullable=True),
        sa.Column("last_message_id", sa.Integer(), nullable=True),
        *tracked(),
        sa.ForeignKeyConstraint(
            ["icon_file_id"], ["stored_files.id"], name=op.f("fk_chats_icon_file_id_stored_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chats")),
        sa.UniqueConstraint("public_id", name=op.f("uq_chats_public_id")),
    )
    op.create_index(op.f("ix_chats_type"), "chats", ["type"])
    op.create_index(op.f("ix_chats_name"), "chats", ["name"])
    op.create_index(op.f("ix_chats_created_at"), "chats", ["created_at"])

    op.create_table(
        "chat_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("muted", sa.Boolean(), nullable=False),
        sa.Column("last_read_message_id", sa.Integer(), nullable=True),
        *tracked(),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["chats.id"],
            name=op.f("fk_chat_participants_chat_id_chats"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_chat_participants_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_chat_participants_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_participants")),
        sa.UniqueConstraint("public_id", name=op.f("uq_chat_participants_public_id")),
        sa.UniqueConstraint(
            "chat_id", "contact_id", name=op.f("uq_chat_participants_chat_id_contact_id")
        ),
    )
    op.create_index(op.f("ix_chat_participants_contact_id"), "chat_participants", ["contact_id"])
    op.create_index(op.f("ix_chat_participants_account_id"), "chat_participants", ["account_id"])
    op.create_index(op.f("ix_chat_participants_created_at"), "chat_participants", ["created_at"])

    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        *tracked(),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["chats.id"],
            name=op.f("fk_chat_messages_chat_id_chats"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["chat_participants.id"],
            name=op.f("fk_chat_messages_sender_id_chat_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_chat_messages_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_messages")),
        sa.UniqueConstraint("public_id", name=op.f("uq_chat_messages_public_id")),
    )
    op.create_index("ix_chat_messages_chat_id_id", "chat_messages", ["chat_id", "id"])
    op.create_index(op.f("ix_chat_messages_sender_id"), "chat_messages", ["sender_id"])
    op.create_index(op.f("ix_chat_messages_created_at"), "chat_messages", ["created_at"])

    # The two references back to messages close a cycle, so they are added afterwards.
    with op.batch_alter_table("chats") as batch:
        batch.create_foreign_key(
            op.f("fk_chats_last_message_id_chat_messages"),
            "chat_messages",
            ["last_message_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("chat_participants") as batch:
        batch.create_foreign_key(
            op.f("fk_chat_participants_last_read_message_id_chat_messages"),
            "chat_messages",
            ["last_read_message_id"],
            ["id"],
            ondelete="SET NULL",
        )

    for table in ("chat_attachments", "chat_links"):
        _content_table(table)


def _content_table(table: str) -> None:
    specific = (
        [
            sa.Column("file_id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=255), nullable=False),
            sa.Column("description", sa.String(length=4000), nullable=True),
            sa.ForeignKeyConstraint(
                ["file_id"], ["stored_files.id"], name=op.f(f"fk_{table}_file_id_stored_files")
            ),
        ]
        if table == "chat_attachments"
        else [
            sa.Column("uri", sa.String(length=2000), nullable=False),
            sa.Column("object_id", sa.String(length=64), nullable=True),
            sa.Column("name", sa.String(length=255), nullable=True),
            sa.Column("icon", sa.String(length=1000), nullable=True),
        ]
    )
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        *specific,
        *tracked(),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f(f"fk_{table}_chat_id_chats"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["chat_messages.id"], name=op.f(f"fk_{table}_message_id_chat_messages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("public_id", name=op.f(f"uq_{table}_public_id")),
    )
    op.create_index(op.f(f"ix_{table}_chat_id"), table, ["chat_id"])
    op.create_index(op.f(f"ix_{table}_message_id"), table, ["message_id"])
    op.create_index(op.f(f"ix_{table}_created_at"), table, ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("chat_participants") as batch:
        batch.drop_constraint(
            op.f("fk_chat_participants_last_read_message_id_chat_messages"), type_="foreignkey"
        )
    with op.batch_alter_table("chats") as batch:
        batch.drop_constraint(op.f("fk_chats_last_message_id_chat_messages"), type_="foreignkey")
    for table in ("chat_links", "chat_attachments", "chat_messages", "chat_participants", "chats"):
        op.drop_table(table)
