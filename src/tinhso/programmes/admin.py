"""Django admin of programmes for the technical operator: classification catalogues (with
their items inline). Plans, targets and assessments change through tinhso's own pages."""

from __future__ import annotations

from django.contrib import admin

from tinhso.audit.admin import AuditedModelAdmin

from .models import Catalogue, CatalogueItem


class CatalogueItemInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = CatalogueItem
    extra = 1
    fields = ("code", "name", "sort_order")


@admin.register(Catalogue)
class CatalogueAdmin(AuditedModelAdmin):
    list_display = ("code", "version", "name", "valid_from", "valid_to")
    search_fields = ("code", "name")
    raw_id_fields = ("source_document",)
    inlines = (CatalogueItemInline,)
    ordering = ("code", "version")
