"""Tasks made from a ticket and some of its threads, their followers, and todos.

A todo belongs to a ticket (``ticket_id`` always set), and optionally to one of its
threads or to one of its tasks; every row here goes when its ticket goes (``CASCADE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.core.clock import utcnow
from helpdesk.domain.identity.models import User
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base, TimestampMixin
from helpdesk.domain.support.models import TicketPriority


@dataclass(frozen=True, slots=True)
class Stage:
    id: int
    name: str
    color: str


# spec/uvdesk.md: task stages 1 New, 2 In Progress, 3 Done (colors as in the seed).
STAGES = {
    1: Stage(1, "New", "#DF5B49"),
    2: Stage(2, "In Progress", "#F1BB52"),
    3: Stage(3, "Done", "#90C059"),
}
NEW = 1

task_followers = Table(
    "task_followers",
    Base.metadata,
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)
task_threads = Table(
    "task_threads",
    Base.metadata,
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "thread_id",
        Integer,
        ForeignKey("threads.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Task(TimestampMixin, Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(1000))
    description: Mapped[str] = mapped_column(Text, default="")
    stage_id: Mapped[int] = mapped_column(default=NEW, index=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("ticket_priorities.id"), index=True)
    assigned_agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    deadline: Mapped[date | None] = mapped_column()

    priority: Mapped[TicketPriority] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    assigned_agent: Mapped[User | None] = relationship(
        foreign_keys=[assigned_agent_id], lazy="joined"
    )
    user: Mapped[User] = relationship(
        foreign_keys=[user_id], lazy="joined", innerjoin=REQUIRED_JOIN
    )
    followers: Mapped[list[User]] = relationship(
        secondary=task_followers, lazy="selectin", order_by=User.id
    )

    @property
    def stage(self) -> Stage:
        return STAGES[self.stage_id]


class Todo(Base):
    __tablename__ = "todos"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(String(1000))
    is_done: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
