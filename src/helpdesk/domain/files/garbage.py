"""Finding and removing stored files that nothing owns any more.

Earlier versions deleted owners (tickets, threads, feedback attachments) without their
files, and soft-deleted owners (chat attachments, messages) kept their bytes. Owners are
found from the schema itself: every column with a foreign key to ``stored_files.id`` owns
the files it points at, unless its row carries ``is_deleted`` and is flagged, which keeps
the metadata but not the bytes. So an area that adds a table with files is covered
without registering anything here (the caller must have imported every model).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, ColumnElement, Table, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.files import service as files
from helpdesk.domain.files.models import StoredFile
from helpdesk.storage.backend import BlobInfo, FileStorage


@dataclass(frozen=True, slots=True)
class Garbage:
    orphaned_rows: list[StoredFile]
    """Rows no owner references: the row and its bytes go."""
    released_rows: list[StoredFile]
    """Rows referenced only by soft-deleted owners, bytes still stored: the bytes go."""
    orphaned_blobs: list[BlobInfo]
    """Bytes in storage with no live row (and older than the grace period): they go."""


def _owner_columns() -> Iterable[tuple[Table, Column[int]]]:
    stored_id = StoredFile.__table__.c.id
    for table in StoredFile.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column is stored_id:
                yield table, key.parent


def _referenced(*, live_only: bool) -> ColumnElement[bool]:
    checks: list[ColumnElement[bool]] = []
    for table, column in _owner_columns():
        condition = column == StoredFile.id
        if live_only and "is_deleted" in table.c:
            condition = condition & table.c.is_deleted.is_(False)
        checks.append(exists().where(condition))
    return or_(false(), *checks)


async def find_garbage(
    session: AsyncSession, storage: FileStorage, *, blobs_older_than: datetime
) -> Garbage:
    """What can go. Blobs younger than ``blobs_older_than`` are left alone: an upload in
    flight has its bytes stored before its row is committed."""
    orphaned = list(await session.scalars(select(StoredFile).where(~_referenced(live_only=False))))
    released = list(
        await session.scalars(
            select(StoredFile).where(
                StoredFile.removed_at.is_(None),
                _referenced(live_only=False),
                ~_referenced(live_only=True),
            )
        )
    )
    known = set(
        await session.scalars(select(StoredFile.storage_key).where(StoredFile.removed_at.is_(None)))
    )
    stray = [
        blob
        async for blob in storage.blobs()
        if blob.key not in known and blob.modified_at < blobs_older_than
    ]
    return Garbage(orphaned, released, stray)


async def collect_rows(session: AsyncSession, garbage: Garbage) -> None:
    """Remove the garbage rows (and, after commit, their bytes)."""
    await files.discard(session, [row.id for row in garbage.orphaned_rows])
    await files.purge(session, [row.id for row in garbage.released_rows])
