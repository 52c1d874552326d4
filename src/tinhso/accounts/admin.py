"""Django admin of accounts for the technical operator; every write is audited.

Officials manage users on tinhso's own pages (with the granting rules); the admin is
where a superuser edits roles (roles are data) or repairs an account.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm, UsernameField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tinhso.audit.admin import AuditedModelAdmin

from .enums import Action
from .models import ApiToken, Membership, Role, User


class RoleForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    """Actions as checkboxes: a role can only hold actions the access layer knows."""

    actions = forms.MultipleChoiceField(
        label=_("actions"), choices=Action.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Role
        fields = ("code", "name", "description", "actions", "scope", "sort_order")


@admin.register(Role)
class RoleAdmin(AuditedModelAdmin):
    form = RoleForm
    list_display = ("code", "name", "scope", "actions", "sort_order")
    ordering = ("sort_order",)


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ("user", "unit", "role", "valid_from", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__code")
    list_select_related = ("user", "unit", "role")
    raw_id_fields = ("user", "unit")


class _UserChangeForm(UserChangeForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}


class _UserCreationForm(UserCreationForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = User
        fields = ("username", "full_name", "email")
        field_classes = {"username": UsernameField}


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):  # type: ignore[type-arg]  # stubs-only generic
    form = _UserChangeForm
    add_form = _UserCreationForm
    list_display = (
        "username",
        "full_name",
        "email",
        "position",
        "is_active",
        "is_superuser",
        "last_login",
    )
    list_filter = ("is_active", "is_superuser", "must_change_password")
    search_fields = ("username", "full_name", "email", "search_text")
    ordering = ("full_name", "username")
    readonly_fields = ("last_login", "date_joined", "version")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "position", "email", "phone")}),
        (
            _("Status"),
            {
                "fields": (
                    "is_active",
                    "must_change_password",
                    "is_staff",
                    "is_superuser",
                    "version",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ()


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """Tokens are created on the user page (the secret is shown once); here: view, revoke."""

    list_display = (
        "name",
        "prefix",
        "user",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    exclude = ("token_hash",)
    readonly_fields = ("user", "name", "prefix", "scopes", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
