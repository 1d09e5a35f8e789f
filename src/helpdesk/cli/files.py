"""``helpdesk files``: housekeeping of stored files."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Annotated

import typer

from helpdesk.cli.unit_of_work import with_runtime
from helpdesk.core.clock import utcnow
from helpdesk.domain import models  # noqa: F401  (every table that owns files must be known)
from helpdesk.domain.files.garbage import Garbage, collect_rows, find_garbage
from helpdesk.domain.shared.unit_of_work import Runtime

files_app = typer.Typer(help="Stored files.", no_args_is_help=True)


@files_app.command("gc")
def collect_garbage(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be removed; change nothing.")
    ] = False,
    grace_minutes: Annotated[
        int, typer.Option(min=0, help="Keep unrecorded files younger than this (uploads).")
    ] = 60,
) -> None:
    """Remove stored files that nothing owns: rows without an owner, bytes of deleted
    owners, and bytes without a row."""

    async def run(runtime: Runtime) -> Garbage:
        cutoff = utcnow() - timedelta(minutes=grace_minutes)
        async with runtime.unit_of_work(may_write=not dry_run) as unit:
            found = await find_garbage(unit.session, runtime.storage, blobs_older_than=cutoff)
            if not dry_run:
                await collect_rows(unit.session, found)
        if not dry_run:
            await _remove_stray_blobs(runtime, found)
        return found

    found = with_runtime(run)
    if dry_run:
        _list(found)
    typer.echo(_summary(found, dry_run=dry_run))


async def _remove_stray_blobs(runtime: Runtime, found: Garbage) -> None:
    with typer.progressbar(
        found.orphaned_blobs, label="Removing unrecorded files", file=sys.stderr
    ) as blobs:
        for blob in blobs:
            await runtime.storage.delete(blob.key)


def _list(found: Garbage) -> None:
    for row in found.orphaned_rows:
        typer.echo(f"row without owner\t{row.id}\t{row.storage_key}\t{row.filename}")
    for row in found.released_rows:
        typer.echo(f"bytes of deleted owner\t{row.id}\t{row.storage_key}\t{row.filename}")
    for blob in found.orphaned_blobs:
        typer.echo(f"bytes without row\t-\t{blob.key}\t{blob.size} bytes")


def _summary(found: Garbage, *, dry_run: bool) -> str:
    verb = "Would remove" if dry_run else "Removed"
    stray_bytes = sum(blob.size for blob in found.orphaned_blobs)
    return (
        f"{verb}: {len(found.orphaned_rows)} files without an owner, "
        f"{len(found.released_rows)} files of deleted owners, "
        f"{len(found.orphaned_blobs)} unrecorded files ({stray_bytes} bytes)."
    )
