"""Abuse limits: rate-limit windows and Idempotency-Key answers.

Revision ID: 0024
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Counters of the current minute: losing them in a PostgreSQL crash only resets the
    # limits, so the table skips the write-ahead log (UNLOGGED), which makes the one upsert
    # per request cheap. SQLite keeps its counters in a file of their own (see
    # domain/guards/rate_limit.py); the table exists there too, unused.
    op.create_table(
        "rate_windows",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("window", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window", name=op.f("pk_rate_windows")),
        prefixes=["UNLOGGED"] if op.get_context().dialect.name == "postgresql" else [],
    )  # fmt: skip
    op.create_table(
        "idempotent_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("caller", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotent_requests")),
        sa.UniqueConstraint("caller", "key", name=op.f("uq_idempotent_requests_caller_key")),
    )  # fmt: skip
    op.create_index(
        "ix_idempotent_requests_expires_at", "idempotent_requests", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_idempotent_requests_expires_at", table_name="idempotent_requests")
    op.drop_table("idempotent_requests")
    op.drop_table("rate_windows")
