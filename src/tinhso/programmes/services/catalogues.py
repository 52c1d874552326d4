"""Write services for programme catalogues and their versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.core.exceptions import DomainError
from tinhso.documents.models import Document
from tinhso.programmes.models import Catalogue, CatalogueItem

from .common import _reject_nul, _require_catalogue_right


def catalogue_create(
    *,
    actor: Any,
    code: str,
    name: str,
    items: list[tuple[str, str]],
    source_document: Document | None = None,
    valid_from: dt.date | None = None,
) -> Catalogue:
    """Create version 1 of a classification catalogue with its items (code, name).

    Action: MANAGE on a province-level unit. Side effects: catalogue + items, one audit
    entry. Errors: `AccessDenied`, `ValidationError` (duplicate code or item code).
    """
    _require_catalogue_right(actor)
    _reject_nul({"code": code, "name": name, **{f"item_{c}": n for c, n in items}})
    with transaction.atomic():
        cat = Catalogue(
            code=code,
            version=1,
            name=name,
            source_document=source_document,
            valid_from=valid_from,
        )
        cat.full_clean()
        cat.save()
        for order, (item_code, item_name) in enumerate(items, start=1):
            item = CatalogueItem(catalogue=cat, code=item_code, name=item_name, sort_order=order)
            item.full_clean(exclude=["catalogue"])
            item.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=cat,
            after={"code": code, "name": name, "items": [c for c, _n in items]},
        )
    return cat


def catalogue_new_version(
    *,
    actor: Any,
    catalogue: Catalogue,
    valid_from: dt.date,
    name: str | None = None,
    source_document: Document | None = None,
) -> Catalogue:
    """Start version N+1 of a catalogue: copy its items, close the old version.

    Rule: only from the latest version; the old version's `valid_to` becomes `valid_from`
    and it is kept (plans classified by it stay valid). Action: MANAGE on a province-level
    unit. Side effects: new catalogue and items, one audit entry. Errors: `AccessDenied`,
    `DomainError` (not the latest version), `ValidationError` (dates out of order).
    """
    _require_catalogue_right(actor)
    with transaction.atomic():
        old = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
        latest = Catalogue.objects.filter(code=old.code).aggregate(v=Max("version"))["v"]
        if latest != old.version:
            raise DomainError(_("Only the latest version can be revised."), code="not_latest")
        if old.valid_from is not None and valid_from <= old.valid_from:
            raise ValidationError(
                {"valid_from": _("The new version must start after the current one.")}
            )
        new = Catalogue.objects.create(
            code=old.code,
            version=old.version + 1,
            name=name or old.name,
            source_document=source_document or old.source_document,
            valid_from=valid_from,
        )
        CatalogueItem.objects.bulk_create(
            CatalogueItem(catalogue=new, code=i.code, name=i.name, sort_order=i.sort_order)
            for i in old.items.order_by("sort_order", "code")
        )
        old.valid_to = valid_from
        old.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=new,
            after={"code": new.code, "version": new.version, "from_version": old.version},
        )
    return new
