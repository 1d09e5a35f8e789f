"""Is an upload really a JPEG or PNG image? Checked by content, never by name or type.

Two checks: the format's magic bytes, then Pillow parses the header (and ``verify`` walks
the file's structure: PNG chunk checksums) without decoding pixels, so a renamed text
file, an SVG (with or without script) or a truncated header is refused, and no image is
ever decompressed in the request."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from helpdesk.domain.shared.errors import ValidationFailed

SIGNATURES = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
SIDE_MAX = 8192  # pixels: a logo, favicon or banner is never larger


def image_content_type(data: bytes, field: str) -> str:
    """``image/png`` or ``image/jpeg`` for a real image of that format; a 400 naming the
    field otherwise."""
    kind = next((name for name, magic in SIGNATURES.items() if data.startswith(magic)), None)
    refusal = f"{field} must be a JPEG or PNG image."
    if kind is None:
        raise ValidationFailed.for_field(field, refusal)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise ValidationFailed.for_field(field, f"{field} is not a readable image.") from None
    if not (0 < width <= SIDE_MAX and 0 < height <= SIDE_MAX):
        message = f"{field} must be at most {SIDE_MAX} pixels wide and high."
        raise ValidationFailed.for_field(field, message)
    return CONTENT_TYPES[kind]
