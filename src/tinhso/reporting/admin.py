"""Django admin of reporting for the technical operator: regimes are data kept here; rounds,
obligations and reports are read-only (rounds open through `report_round_open`, states
change only through `report_transition`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tinhso.audit.admin import AuditedModelAdmin

from .models import ReportingRound, ReportSchedule


@admin.register(ReportSchedule)
class ReportScheduleAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "cadence", "cutoff_day", "due_days_after_end", "is_active")
    list_filter = ("cadence", "is_active")
    search_fields = ("code", "name")
    raw_id_fields = ("reviewer_unit", "plan")
    filter_horizontal = ("reporting_levels", "indicators")


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic over the model
    list_display = ("title", "schedule", "period", "cutoff_on", "due_on")
    list_select_related = ("schedule", "period")
    list_filter = ("schedule",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
