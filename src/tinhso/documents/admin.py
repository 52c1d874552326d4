"""Django admin of documents for the technical operator (officials use the registry pages).

Saves are audited; a document saved here gets `version + 1` so an official's open form
sees a conflict instead of overwriting the fix.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.http import HttpRequest

from tinhso.audit.admin import AuditedModelAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(AuditedModelAdmin):
    list_display = ("number", "doc_type", "issuer", "issued_on", "owner_unit", "is_illustrative")
    list_filter = ("doc_type", "is_illustrative")
    search_fields = ("number", "title")
    list_select_related = ("owner_unit",)
    raw_id_fields = ("owner_unit",)
    readonly_fields = ("version", "created_at", "updated_at")
    date_hierarchy = "issued_on"
    ordering = ("-issued_on", "number")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # noqa: RUF012  # Django's own attribute

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        assert isinstance(obj, Document)
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
