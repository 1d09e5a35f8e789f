"""The help centre's theme: text settings, three images and a style sheet.

Images (logo, favicon, banner) are checked by content (``images.py``) and stored with the
type found, never the one claimed; the style sheet must be UTF-8 text and is served as
``text/css``. A replaced file is discarded: its row now, its bytes after commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.company.access import require_admin, require_support_user
from helpdesk.domain.company.images import image_content_type
from helpdesk.domain.files import service as files
from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.support.company import company
from helpdesk.domain.support.models import Company

IMAGE_MAX_BYTES = 5 * 1024 * 1024
CSS_MAX_BYTES = 1024 * 1024
CSS_TYPE = "text/css"

# The wire names of the theme's files and the company columns that hold them.
FILE_COLUMNS = {
    "logo": "logo_file_id",
    "favicon": "favicon_file_id",
    "banner": "banner_file_id",
    "customCSS": "custom_css_file_id",
}
IMAGES = frozenset({"logo", "favicon", "banner"})
FLAGS = ("status", "ticketCreateOption")  # 0 or 1
HOMEPAGE_CONTENTS = frozenset({"category", "article"})


@dataclass(frozen=True, slots=True)
class ThemeDraft:
    """Text settings sent (by wire name), the company name if sent, and files by slot."""

    settings: Mapping[str, str] = field(default_factory=dict)
    name: str | None = None
    uploads: Mapping[str, files.Upload] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    settings: dict[str, Any]
    files: dict[str, StoredFile | None]


async def theme(session: AsyncSession, actor: Actor) -> Theme:
    require_admin(actor)
    return await _theme_of(session, await company(session))


async def save_theme(session: AsyncSession, actor: Actor, draft: ThemeDraft) -> Theme:
    """Text settings sent replace the stored ones; the others stay. Files sent replace
    theirs."""
    require_admin(actor)
    found = await company(session)
    settings = {**found.theme, **_checked_settings(draft.settings)}
    if draft.name is not None:
        if not draft.name.strip():
            raise ValidationFailed.for_field("name", "name is required.")
        found.name = draft.name.strip()
    replaced: list[int] = []
    for slot, upload in draft.uploads.items():
        stored = await _store_checked(session, actor, slot, upload)
        previous = getattr(found, FILE_COLUMNS[slot])
        setattr(found, FILE_COLUMNS[slot], stored.id)
        if previous is not None:
            replaced.append(previous)
    found.theme = settings
    await session.flush()
    await files.discard(session, replaced)
    return await _theme_of(session, found)


async def theme_file(session: AsyncSession, actor: Actor, slot: str) -> StoredFile:
    """A theme file, for anyone the help centre serves; 404 when none is set."""
    require_support_user(actor)
    column = FILE_COLUMNS.get(slot)
    found = await company(session)
    file_id = getattr(found, column) if column else None
    stored = await session.get(StoredFile, file_id) if file_id is not None else None
    if stored is None:
        raise NotFound(f"The theme has no {slot}.")
    return stored


async def _theme_of(session: AsyncSession, found: Company) -> Theme:
    stored = {
        slot: await session.get(StoredFile, file_id) if file_id is not None else None
        for slot, column in FILE_COLUMNS.items()
        for file_id in (getattr(found, column),)
    }
    return Theme(found.name, dict(found.theme), stored)


def _checked_settings(given: Mapping[str, str]) -> dict[str, str]:
    checked = dict(given)
    for flag in FLAGS:
        if flag in checked and checked[flag].strip() not in ("0", "1"):
            raise ValidationFailed.for_field(flag, f"{flag} must be 0 or 1.")
    content = checked.get("homepageContent", "").strip()
    if content and content not in HOMEPAGE_CONTENTS:
        raise ValidationFailed.for_field(
            "homepageContent", "homepageContent must be category or article."
        )
    return checked


async def _store_checked(
    session: AsyncSession, actor: Actor, slot: str, upload: files.Upload
) -> StoredFile:
    """Store the upload (bounded), keeping its bytes to check them, then record the type
    found by content. A refused file is removed again with the rolled-back transaction."""
    seen = bytearray()

    async def kept(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        async for chunk in chunks:
            seen.extend(chunk)
            yield chunk

    limit = min(
        IMAGE_MAX_BYTES if slot in IMAGES else CSS_MAX_BYTES,
        unit_of_work(session).limits.upload_max_bytes,
    )
    teed = files.Upload(kept(aiter(upload.chunks)), upload.filename, upload.content_type)
    stored = await files.store(session, teed, uploaded_by_id=actor.user_id, max_bytes=limit)
    data = bytes(seen)
    stored.content_type = image_content_type(data, slot) if slot in IMAGES else _css(data)
    return stored


def _css(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed.for_field("customCSS", "customCSS must be UTF-8 text.") from None
    if "\x00" in text:
        raise ValidationFailed.for_field("customCSS", "customCSS must be text.")
    return CSS_TYPE
