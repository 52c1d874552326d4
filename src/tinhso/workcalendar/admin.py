"""Django admin of the calendar: read-only, because edits must go through the service.

`calendar_day_set` enforces the locked past years and bumps `CalendarRevision`, which
invalidates every process's cached `WorkingCalendar`; a direct admin edit would skip both.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import OfficialCalendarDay


@admin.register(OfficialCalendarDay)
class OfficialCalendarDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # django-stubs generic
    list_display = ("date", "kind", "applies_to", "status", "reason", "legal_ref")
    list_filter = ("kind", "applies_to", "status")
    search_fields = ("reason", "legal_ref")
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
