"""Ticket tallies: per-facet ticket counts kept by triggers, for the ticket tabs; an index
that lets label counts start from a label's tickets; indexes for pages sorted by last
update (of one status, or of the whole list).

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every SQL text below is built from this module's constants only (hence the S608 waivers).
FACETS = "status_id, is_trashed, is_new, is_replied, is_starred, agent_key"


def _facets_of(row: str) -> str:
    return (
        f"{row}.status_id, {row}.is_trashed, {row}.is_new, {row}.is_replied, "
        f"{row}.is_starred, coalesce({row}.agent_id, 0)"
    )


def _matching(row: str) -> str:
    return (
        f"status_id = {row}.status_id AND is_trashed = {row}.is_trashed "
        f"AND is_new = {row}.is_new AND is_replied = {row}.is_replied "
        f"AND is_starred = {row}.is_starred AND agent_key = coalesce({row}.agent_id, 0)"
    )


def _changed() -> str:
    return (
        "OLD.status_id IS NOT NEW.status_id OR OLD.is_trashed IS NOT NEW.is_trashed "
        "OR OLD.is_new IS NOT NEW.is_new OR OLD.is_replied IS NOT NEW.is_replied "
        "OR OLD.is_starred IS NOT NEW.is_starred OR OLD.agent_id IS NOT NEW.agent_id"
    )


def _count_in(row: str) -> str:
    return (
        f"INSERT INTO ticket_tallies ({FACETS}, tickets) VALUES ({_facets_of(row)}, 1) "  # noqa: S608
        f"ON CONFLICT ({FACETS}) DO UPDATE SET tickets = ticket_tallies.tickets + 1"
    )


def _count_out(row: str) -> str:
    return f"UPDATE ticket_tallies SET tickets = tickets - 1 WHERE {_matching(row)}"  # noqa: S608


SQLITE_TRIGGERS = [
    f"CREATE TRIGGER ticket_tallies_insert AFTER INSERT ON tickets BEGIN {_count_in('NEW')}; END",
    f"CREATE TRIGGER ticket_tallies_delete AFTER DELETE ON tickets BEGIN {_count_out('OLD')}; END",
    "CREATE TRIGGER ticket_tallies_update AFTER UPDATE OF status_id, is_trashed, is_new, "
    f"is_replied, is_starred, agent_id ON tickets WHEN {_changed()} "
    f"BEGIN {_count_out('OLD')}; {_count_in('NEW')}; END",
]

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION ticket_tallies_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_count_out("OLD")};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_count_in("NEW")};
    END IF;
    RETURN NULL;
END $$
"""

POSTGRESQL_TRIGGERS = [
    "CREATE TRIGGER ticket_tallies_insert_delete AFTER INSERT OR DELETE ON tickets "
    "FOR EACH ROW EXECUTE FUNCTION ticket_tallies_count()",
    "CREATE TRIGGER ticket_tallies_update AFTER UPDATE OF status_id, is_trashed, is_new, "
    "is_replied, is_starred, agent_id ON tickets FOR EACH ROW "
    f"WHEN ({_changed().replace('IS NOT', 'IS DISTINCT FROM')}) "
    "EXECUTE FUNCTION ticket_tallies_count()",
]


def upgrade() -> None:
    op.create_table(
        "ticket_tallies",
        sa.Column("status_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("is_trashed", sa.Boolean(), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.Column("is_replied", sa.Boolean(), nullable=False),
        sa.Column("is_starred", sa.Boolean(), nullable=False),
        sa.Column("agent_key", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "status_id", "is_trashed", "is_new", "is_replied", "is_starred", "agent_key",
            name=op.f("pk_ticket_tallies"),
        ),
    )  # fmt: skip
    op.create_index(
        op.f("ix_ticket_labels_label_id_ticket_id"),
        "ticket_labels",
        ["label_id", "ticket_id"],
    )
    op.create_index(op.f("ix_tickets_status_id_updated_at"), "tickets", ["status_id", "updated_at"])
    op.create_index(
        op.f("ix_tickets_is_trashed_updated_at"), "tickets", ["is_trashed", "updated_at"]
    )
    op.execute(
        f"INSERT INTO ticket_tallies ({FACETS}, tickets) "  # noqa: S608
        f"SELECT {_facets_of('tickets')}, count(*) FROM tickets "
        f"GROUP BY {_facets_of('tickets')}"
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        for trigger in POSTGRESQL_TRIGGERS:
            op.execute(trigger)
        return
    for trigger in SQLITE_TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER ticket_tallies_update ON tickets")
        op.execute("DROP TRIGGER ticket_tallies_insert_delete ON tickets")
        op.execute("DROP FUNCTION ticket_tallies_count()")
    else:
        for name in ("update", "delete", "insert"):
            op.execute(f"DROP TRIGGER ticket_tallies_{name}")
    op.drop_table("ticket_tallies")
    op.drop_index(op.f("ix_ticket_labels_label_id_ticket_id"), table_name="ticket_labels")
    op.drop_index(op.f("ix_tickets_is_trashed_updated_at"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_status_id_updated_at"), table_name="tickets")
