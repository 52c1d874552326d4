"""Django admin of indicators for the technical operator (officials use the catalogue pages).

Saves are audited (`AuditedModelAdmin`), and so are the breakdown members edited inline.
An indicator saved here gets `version + 1` (an official's open form then sees a conflict),
and its rollups are rebuilt when the aggregation rule or the scale changed, as
`services.indicator_update` does. Periods are read-mostly: only the display name of an
existing period may change, and none is deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from tinhso.audit.admin import AuditedModelAdmin

from . import services
from .models import Dimension, DimensionMember, Indicator, Period


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "aggregation", "frequency", "entry_level", "owner_unit")
    list_filter = ("aggregation", "frequency", "kind", "is_active", "is_illustrative")
    search_fields = ("code", "name")
    list_select_related = ("entry_level", "owner_unit")
    raw_id_fields = ("owner_unit",)
    filter_horizontal = ("dimensions",)
    readonly_fields = ("version", "created_at", "updated_at")
    ordering = ("code",)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        assert isinstance(obj, Indicator)
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        if change and {"aggregation", "scale"} & set(form.changed_data):
            services.indicator_rollups_rebuild(indicator=obj)


class DimensionMemberInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = DimensionMember
    extra = 1
    fields = ("code", "name", "sort_order")


@admin.register(Dimension)
class DimensionAdmin(AuditedModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = (DimensionMemberInline,)


@admin.register(Period)
class PeriodAdmin(AuditedModelAdmin):
    """Periods come from the calendar (created on use): an existing one only gets a new name."""

    list_display = ("code", "kind", "start", "end", "name")
    list_filter = ("kind", "year")
    search_fields = ("code", "name")
    ordering = ("-start", "kind")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [f.name for f in Period._meta.fields if f.name not in {"id", "name"}]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
