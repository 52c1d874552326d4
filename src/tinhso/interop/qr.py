"""The QR code of a dossier's public lookup page, for the appointment slip and the web."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.utils.translation import gettext as _

from .notices import lookup_path, public_url


def lookup_url(code: str, request: Any = None) -> str:
    """The absolute address of `/tra-cuu/<code>/`: `TINHSO_PUBLIC_BASE_URL` + path, else the
    request's host, else the bare path."""
    return public_url(lookup_path(code), request)


def lookup_qr_svg(code: str, request: Any = None) -> str:
    """An inline `<svg>` (no XML declaration, no script, no style attribute) encoding the
    lookup address of `code`, to embed in an HTML or DOCX-rendered slip."""
    qr = segno.make(lookup_url(code, request), error="m")
    title = _("Look up dossier %(code)s") % {"code": code}
    return str(qr.svg_inline(scale=4, border=2, svgclass="lookup-qr", title=title))


def lookup_qr_svg_document(code: str, request: Any = None) -> bytes:
    """The same QR as a standalone SVG file (served at `/tra-cuu/<code>/qr.svg`)."""
    qr = segno.make(lookup_url(code, request), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=4, border=2, svgclass="lookup-qr")
    return buffer.getvalue()
