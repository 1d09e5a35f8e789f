"""Tasks on tickets, their followers and threads, and todos.

Revision ID: 0021
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=1000), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("assigned_agent_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"],
            name=op.f("fk_tasks_ticket_id_tickets"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"], ["ticket_priorities.id"],
            name=op.f("fk_tasks_priority_id_ticket_priorities"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_agent_id"], ["users.id"],
            name=op.f("fk_tasks_assigned_agent_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_tasks_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )  # fmt: skip
    for column in ("ticket_id", "stage_id", "priority_id", "assigned_agent_id", "user_id"):
        op.create_index(op.f(f"ix_tasks_{column}"), "tasks", [column])
    op.create_table(
        "task_followers",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"],
            name=op.f("fk_task_followers_task_id_tasks"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_task_followers_user_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("task_id", "user_id", name=op.f("pk_task_followers")),
    )  # fmt: skip
    op.create_index(op.f("ix_task_followers_user_id"), "task_followers", ["user_id"])
    op.create_table(
        "task_threads",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"],
            name=op.f("fk_task_threads_task_id_tasks"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["threads.id"],
            name=op.f("fk_task_threads_thread_id_threads"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("task_id", "thread_id", name=op.f("pk_task_threads")),
    )  # fmt: skip
    op.create_index(op.f("ix_task_threads_thread_id"), "task_threads", ["thread_id"])
    op.create_table(
        "todos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("is_done", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"],
            name=op.f("fk_todos_ticket_id_tickets"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["threads.id"],
            name=op.f("fk_todos_thread_id_threads"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_todos_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_todos_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_todos")),
    )  # fmt: skip
    for column in ("ticket_id", "thread_id", "task_id", "user_id"):
        op.create_index(op.f(f"ix_todos_{column}"), "todos", [column])


def downgrade() -> None:
    op.drop_table("todos")
    op.drop_table("task_threads")
    op.drop_table("task_followers")
    op.drop_table("tasks")
