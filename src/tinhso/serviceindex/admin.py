"""Admin of the 766 reference data for the technical operator: indicator-set versions with
their indicators and bands (saves audited). Officials change nothing here."""

from __future__ import annotations

from django.contrib import admin

from tinhso.audit.admin import AuditedModelAdmin

from .models import IndicatorSetVersion, RatingBand, ServiceIndicator


class ServiceIndicatorInline(admin.TabularInline):  # type: ignore[type-arg]  # django-stubs generic
    model = ServiceIndicator
    extra = 0
    fields = (
        "position",
        "code",
        "group",
        "panel",
        "name",
        "max_points",
        "rule",
        "threshold",
        "zero_policy",
        "factor_code",
        "scope",
        "data_source",
    )


class RatingBandInline(admin.TabularInline):  # type: ignore[type-arg]  # django-stubs generic
    model = RatingBand
    extra = 0


@admin.register(IndicatorSetVersion)
class IndicatorSetVersionAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "valid_from", "valid_to", "not_applicable_full")
    inlines = (ServiceIndicatorInline, RatingBandInline)
