"""Marketplace configuration: parameter definitions, groups, forms, case parameter values.

Case parameter values move from a JSON column on ``cases`` to their own table, so that a
definition's use can be counted and protected from deletion.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def tracked() -> list[sa.Column[object]]:
    return [
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("audit", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def owned(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f(f"fk_{table}_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("public_id", name=op.f(f"uq_{table}_public_id")),
    ]


def indexes(table: str, *columns: str) -> None:
    for column in ("account_id", *columns, "created_at"):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    op.create_table(
        "parameter_definitions",
        *owned("parameter_definitions"),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.String(length=4000), nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("multiple", sa.Boolean(), nullable=False),
        sa.Column("constraints", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        *tracked(),
    )
    indexes("parameter_definitions", "external_id", "name", "scope")

    op.create_table(
        "parameter_groups",
        *owned("parameter_groups"),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=True),
        sa.Column("description", sa.String(length=4000), nullable=True),
        *tracked(),
    )
    indexes("parameter_groups", "name")

    op.create_table(
        "group_parameters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("parameter_id", sa.Integer(), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=False),
        *tracked(),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["parameter_groups.id"],
            name=op.f("fk_group_parameters_group_id_parameter_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parameter_id"],
            ["parameter_definitions.id"],
            name=op.f("fk_group_parameters_parameter_id_parameter_definitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_parameters")),
        sa.UniqueConstraint("public_id", name=op.f("uq_group_parameters_public_id")),
        sa.UniqueConstraint(
            "group_id", "parameter_id", name=op.f("uq_group_parameters_group_id_parameter_id")
        ),
    )
    op.create_index(op.f("ix_group_parameters_parameter_id"), "group_parameters", ["parameter_id"])
    op.create_index(op.f("ix_group_parameters_created_at"), "group_parameters", ["created_at"])

    op.create_table(
        "forms",
        *owned("forms"),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.String(length=4000), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        *tracked(),
    )
    indexes("forms", "name")

    op.create_table(
        "form_sections",
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["forms.id"],
            name=op.f("fk_form_sections_form_id_forms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["parameter_groups.id"],
            name=op.f("fk_form_sections_group_id_parameter_groups"),
        ),
        sa.PrimaryKeyConstraint("form_id", "group_id", name=op.f("pk_form_sections")),
    )

    op.create_table(
        "case_parameter_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("parameter_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_parameter_values_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parameter_id"],
            ["parameter_definitions.id"],
            name=op.f("fk_case_parameter_values_parameter_id_parameter_definitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_parameter_values")),
        sa.UniqueConstraint(
            "case_id", "parameter_id", name=op.f("uq_case_parameter_values_case_id_parameter_id")
        ),
    )
    op.create_index(
        op.f("ix_case_parameter_values_parameter_id"), "case_parameter_values", ["parameter_id"]
    )
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("parameters")


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("parameters", sa.JSON(), nullable=False, server_default="[]"))
    for table in (
        "case_parameter_values",
        "form_sections",
        "forms",
        "group_parameters",
        "parameter_groups",
        "parameter_definitions",
    ):
        op.drop_table(table)
