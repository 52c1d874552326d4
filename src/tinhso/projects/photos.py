"""Checking an uploaded site photo: JPEG, PNG or WebP by extension AND first bytes, ≤ 10 MB.

The extension alone proves nothing (a renamed file), the browser's content type even less;
the first bytes (the format's signature) must match the extension's format. No image
library is needed: thumbnails are not made (the page scales the photo with CSS).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PHOTO_BYTES = 10 * 1024 * 1024

# extension -> format
EXTENSIONS: dict[str, str] = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def sniff(head: bytes) -> str | None:
    """The image format that `head` (the first 12 bytes or more) starts with, if any."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_photo(upload: Any) -> str:
    """Validate an uploaded file; returns its content type.

    Rule: a name ending in .jpg/.jpeg/.png/.webp, at most `MAX_PHOTO_BYTES`, non-empty, and
    first bytes of that same format. Errors: `ValidationError` on the field `file`.
    """
    if upload is None:
        raise ValidationError({"file": _("Choose a photo.")})
    name = str(getattr(upload, "name", "") or "")
    expected = EXTENSIONS.get(PurePath(name).suffix.lower())
    if expected is None:
        raise ValidationError({"file": _("Only JPEG, PNG or WebP photos are accepted.")})
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > MAX_PHOTO_BYTES:
        raise ValidationError({"file": _("A photo may be at most 10 MB.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if sniff(head) != expected:
        raise ValidationError(
            {"file": _("The file's content is not the image format its name says.")}
        )
    return expected
