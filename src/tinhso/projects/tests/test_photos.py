"""Photo checks: extension AND first bytes, JPEG/PNG/WebP only, at most 10 MB."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.projects.photos import MAX_PHOTO_BYTES, check_photo

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jpg", JPEG, "image/jpeg"),
        ("a.JPEG", JPEG, "image/jpeg"),
        ("a.png", PNG, "image/png"),
        ("a.webp", WEBP, "image/webp"),
    ],
)
def test_accepted(name, content, expected):
    assert check_photo(SimpleUploadedFile(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.gif", GIF),  # format not accepted
        ("a.png", JPEG),  # name says PNG, bytes say JPEG
        ("a.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("a.webp", b"RIFF\x10\x00\x00\x00WAVEfmt " + b"\x00" * 8),  # RIFF but not WebP
        ("a.exe", JPEG),
        ("photo", JPEG),
        ("a.jpg", b""),
    ],
)
def test_refused(name, content):
    with pytest.raises(ValidationError) as exc:
        check_photo(SimpleUploadedFile(name, content))
    assert "file" in exc.value.message_dict


def test_size_limit():
    ok = SimpleUploadedFile("a.png", PNG + b"\x00" * (MAX_PHOTO_BYTES - len(PNG)))
    assert check_photo(ok) == "image/png"
    big = SimpleUploadedFile("a.png", PNG + b"\x00" * (MAX_PHOTO_BYTES - len(PNG) + 1))
    with pytest.raises(ValidationError):
        check_photo(big)
