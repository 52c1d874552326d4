"""Django admin for the technical operator: audited writes, and a read-only audit log.

Officials use tinhso's own pages; the Django admin (at /django-admin/) is for superusers
fixing data. Every save or delete made there still leaves an `AuditEntry`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .models import AuditEntry
from .services import audit_record, audit_snapshot


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic over any model
    """A ModelAdmin whose saves and deletes write audit rows (before/after)."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        before = None
        if change and obj.pk is not None:
            current = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit_snapshot(current) if current is not None else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="update" if change else "create",
            obj=obj,
            before=before,
            after=audit_snapshot(obj),
            message="django-admin",
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (breakdown members, catalogue items…) leave their own audit rows."""
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_record(
                actor=request.user,
                action="create",
                obj=obj,
                after=audit_snapshot(obj),
                message="django-admin",
            )
        for obj, _fields in formset.changed_objects:
            audit_record(
                actor=request.user,
                action="update",
                obj=obj,
                after=audit_snapshot(obj),
                message="django-admin",
            )
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action="delete",
                obj=obj,
                before=audit_snapshot(obj),
                message="django-admin",
            )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        before = audit_snapshot(obj)
        audit_record(
            actor=request.user, action="delete", obj=obj, before=before, message="django-admin"
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # django-stubs generic
    """The audit trail is append-only: no add, change or delete, even for superusers."""

    list_display = ("timestamp", "actor_name", "action", "object_type", "object_repr", "unit")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_repr", "object_id", "message", "request_id")
    list_select_related = ("unit",)
    date_hierarchy = "timestamp"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
