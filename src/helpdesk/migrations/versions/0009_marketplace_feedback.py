"""Marketplace feedback and its attachments.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
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
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.String(length=10000), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("notes", sa.String(length=10000), nullable=True),
        sa.Column("internal_notes", sa.String(length=10000), nullable=True),
        sa.Column("submitted_from", sa.JSON(), nullable=False),
        sa.Column("external_ids", sa.JSON(), nullable=False),
        *tracked(),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_feedback_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["users.id"], name=op.f("fk_feedback_requester_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("public_id", name=op.f("uq_feedback_public_id")),
    )
    for column in ("account_id", "requester_id", "name", "status", "created_at"):
        op.create_index(op.f(f"ix_feedback_{column}"), "feedback", [column])
    op.create_table(
        "feedback_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        *tracked(),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_feedback_attachments_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_feedback_attachments_file_id_stored_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_attachments")),
        sa.UniqueConstraint("public_id", name=op.f("uq_feedback_attachments_public_id")),
    )
    for column in ("feedback_id", "created_at"):
        op.create_index(op.f(f"ix_feedback_attachments_{column}"), "feedback_attachments", [column])


def downgrade() -> None:
    op.drop_table("feedback_attachments")
    op.drop_table("feedback")
