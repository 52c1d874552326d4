"""Site photos of a project."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.projects.models import Project, ProjectPhoto
from tinhso.projects.photos import check_photo

from .common import _lock, _today, _user


def project_photo_add(
    *,
    actor: Any,
    project: Project,
    file: Any,
    caption: str,
    taken_on: dt.date | None = None,
    latitude: Any = None,
    longitude: Any = None,
) -> ProjectPhoto:
    """Add a site photo.

    Rule: `photos.check_photo` (JPEG/PNG/WebP by extension and first bytes, ≤ 10 MB); a
    caption; `taken_on` not in the future; both or neither coordinates. Action: EDIT on the
    managing unit. Side effects: the stored file and row, one audit entry. Errors:
    `AccessDenied`, `ValidationError`.
    """
    require(actor, Action.EDIT, project.unit_id)
    content_type = check_photo(file)
    errors: dict[str, str] = {}
    if not (caption or "").strip():
        errors["caption"] = _("Write a caption.")
    if taken_on is not None and taken_on > _today():
        errors["taken_on"] = _("This date is in the future.")
    if (latitude is None) != (longitude is None):
        errors["longitude"] = _("Give both latitude and longitude, or neither.")
    if errors:
        raise ValidationError(errors)
    photo = ProjectPhoto(
        project=project,
        file=file,
        content_type=content_type,
        size=int(file.size),
        caption=caption.strip(),
        taken_on=taken_on,
        latitude=Decimal(str(latitude)) if isinstance(latitude, float) else latitude,
        longitude=Decimal(str(longitude)) if isinstance(longitude, float) else longitude,
        uploaded_by=_user(actor),
    )
    with transaction.atomic():
        _lock(project)
        photo.full_clean()
        photo.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=photo,
            unit=project.unit_id,
            after=audit_snapshot(photo),
        )
    return photo
