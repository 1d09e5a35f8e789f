"""Company settings (details, business hours, theme) and OAuth 2.0 API clients.

Revision ID: 0023
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
# The pending-notification template of the company names an email template (0016).
depends_on: str | Sequence[str] | None = ("0016",)

COMPANY_FILES = ("logo", "favicon", "banner", "custom_css")


def upgrade() -> None:
    op.create_table(
        "oauth_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("user_instance_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_instance_id"], ["user_instances.id"],
            name=op.f("fk_oauth_clients_user_instance_id_user_instances"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_oauth_clients_client_id")),
    )  # fmt: skip
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("oauth_client_id", sa.Integer(), nullable=True))
        batch.create_index(op.f("ix_api_tokens_oauth_client_id"), ["oauth_client_id"])
        batch.create_foreign_key(
            op.f("fk_api_tokens_oauth_client_id_oauth_clients"),
            "oauth_clients", ["oauth_client_id"], ["id"], ondelete="CASCADE",
        )  # fmt: skip
    op.create_table(
        "oauth_refresh_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("user_instance_id", sa.Integer(), nullable=False),
        sa.Column("access_token_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["oauth_clients.id"],
            name=op.f("fk_oauth_refresh_tokens_client_id_oauth_clients"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_instance_id"], ["user_instances.id"],
            name=op.f("fk_oauth_refresh_tokens_user_instance_id_user_instances"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["access_token_id"], ["api_tokens.id"],
            name=op.f("fk_oauth_refresh_tokens_access_token_id_api_tokens"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_oauth_refresh_tokens_token_hash")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_oauth_refresh_tokens_client_id"), "oauth_refresh_tokens", ["client_id"]
    )
    op.create_index(
        op.f("ix_oauth_refresh_tokens_access_token_id"),
        "oauth_refresh_tokens",
        ["access_token_id"],
    )
    with op.batch_alter_table("companies") as batch:
        batch.add_column(sa.Column("support_email", sa.String(length=320), nullable=True))
        batch.add_column(
            sa.Column("pending_since", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("default_mailbox_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("default_status_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("default_priority_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("time_format", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("pending_notification_template_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("business_hours", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("theme", sa.JSON(), nullable=False, server_default="{}"))
        for name in COMPANY_FILES:
            batch.add_column(sa.Column(f"{name}_file_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_companies_default_mailbox_id_mailboxes"),
            "mailboxes", ["default_mailbox_id"], ["id"], ondelete="SET NULL",
        )  # fmt: skip
        batch.create_foreign_key(
            op.f("fk_companies_default_status_id_ticket_statuses"),
            "ticket_statuses", ["default_status_id"], ["id"],
        )  # fmt: skip
        batch.create_foreign_key(
            op.f("fk_companies_default_priority_id_ticket_priorities"),
            "ticket_priorities", ["default_priority_id"], ["id"],
        )  # fmt: skip
        batch.create_foreign_key(
            op.f("fk_companies_pending_notification_template_id_email_templates"),
            "email_templates", ["pending_notification_template_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip
        for name in COMPANY_FILES:
            batch.create_foreign_key(
                op.f(f"fk_companies_{name}_file_id_stored_files"),
                "stored_files", [f"{name}_file_id"], ["id"], ondelete="SET NULL",
            )  # fmt: skip
    with op.batch_alter_table("companies") as batch:
        # The defaults only filled the existing row; the models supply values from now on.
        batch.alter_column("pending_since", server_default=None)
        batch.alter_column("theme", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("companies") as batch:
        for name in COMPANY_FILES:
            batch.drop_constraint(
                op.f(f"fk_companies_{name}_file_id_stored_files"), type_="foreignkey"
            )
        batch.drop_constraint(
            op.f("fk_companies_pending_notification_template_id_email_templates"),
            type_="foreignkey",
        )
        batch.drop_constraint(
            op.f("fk_companies_default_priority_id_ticket_priorities"), type_="foreignkey"
        )
        batch.drop_constraint(
            op.f("fk_companies_default_status_id_ticket_statuses"), type_="foreignkey"
        )
        batch.drop_constraint(op.f("fk_companies_default_mailbox_id_mailboxes"), type_="foreignkey")
        for name in COMPANY_FILES:
            batch.drop_column(f"{name}_file_id")
        for column in (
            "theme",
            "business_hours",
            "pending_notification_template_id",
            "time_format",
            "default_priority_id",
            "default_status_id",
            "default_mailbox_id",
            "pending_since",
            "support_email",
        ):
            batch.drop_column(column)
    op.drop_index(
        op.f("ix_oauth_refresh_tokens_access_token_id"), table_name="oauth_refresh_tokens"
    )
    op.drop_index(op.f("ix_oauth_refresh_tokens_client_id"), table_name="oauth_refresh_tokens")
    op.drop_table("oauth_refresh_tokens")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_constraint(
            op.f("fk_api_tokens_oauth_client_id_oauth_clients"), type_="foreignkey"
        )
        batch.drop_index(op.f("ix_api_tokens_oauth_client_id"))
        batch.drop_column("oauth_client_id")
    op.drop_table("oauth_clients")
