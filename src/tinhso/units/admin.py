"""Django admin of units for the technical operator (officials use the unit directory)."""

from __future__ import annotations

from django.contrib import admin

from tinhso.audit.admin import AuditedModelAdmin

from .models import Unit, UnitLevel, UnitLineage


@admin.register(UnitLevel)
class UnitLevelAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "is_administrative", "sort_order")
    ordering = ("sort_order",)


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "division_type",
        "province_code",
        "valid_from",
        "valid_to",
    )
    list_filter = ("level", "division_type")
    search_fields = ("code", "name", "search_text")
    list_select_related = ("level",)
    raw_id_fields = ("parent", "standing_agency")
    readonly_fields = ("path", "depth", "search_text")
    ordering = ("path",)


@admin.register(UnitLineage)
class UnitLineageAdmin(AuditedModelAdmin):
    list_display = ("predecessor", "successor", "kind", "partial", "effective_date", "legal_basis")
    list_filter = ("kind", "partial", "effective_date")
    search_fields = (
        "predecessor__name",
        "successor__name",
        "predecessor__code",
        "successor__code",
        "legal_basis",
    )
    list_select_related = ("predecessor", "successor")
    raw_id_fields = ("predecessor", "successor")
