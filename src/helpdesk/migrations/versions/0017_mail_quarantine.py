"""The mail quarantine: messages intake could not take in, with the reason.

Revision ID: 0017
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_quarantine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("raw_file_id", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=True),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=True),
        sa.Column("subject", sa.String(length=1000), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_file_id"], ["stored_files.id"],
            name=op.f("fk_mail_quarantine_raw_file_id_stored_files"),
        ),
        sa.ForeignKeyConstraint(
            ["mailbox_id"], ["mailboxes.id"],
            name=op.f("fk_mail_quarantine_mailbox_id_mailboxes"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_quarantine")),
        sa.UniqueConstraint("raw_sha256", name=op.f("uq_mail_quarantine_raw_sha256")),
    )  # fmt: skip
    op.create_index(op.f("ix_mail_quarantine_mailbox_id"), "mail_quarantine", ["mailbox_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_mail_quarantine_mailbox_id"), table_name="mail_quarantine")
    op.drop_table("mail_quarantine")
