"""Forms of the accounts pages: they parse input; the services validate and write."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.forms import DateInput
from tinhso.units.models import Unit

from . import selectors
from .audit_display import ACTION_LABELS
from .models import ApiToken, Role

MAX_IMPORT_BYTES = 10 * 1024 * 1024


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def unit_label(unit: Unit) -> str:
    parent = f" · {unit.parent.name}" if unit.parent_id and unit.parent else ""
    return f"{unit.name} ({unit.code}){parent}"


if TYPE_CHECKING:
    _UnitChoiceBase = forms.ModelChoiceField[Unit]
else:  # the class is generic only in the type stubs
    _UnitChoiceBase = forms.ModelChoiceField


class UnitChoiceField(_UnitChoiceBase):
    def label_from_instance(self, obj: Unit) -> str:
        return unit_label(obj)


def _yes_no(value: str) -> bool:
    return value == "1"


class UserFilterForm(forms.Form):
    """Filters of the user list; the unit choices are set by the view (managed units)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, username, e-mail…")}
        ),
    )
    unit = forms.IntegerField(label=pgettext_lazy("organisation", "Unit"), required=False)
    role = forms.ModelChoiceField(
        label=_("Role"), queryset=Role.objects.none(), required=False, empty_label=_("All")
    )
    active = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
        coerce=_yes_no,
        empty_value=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = selectors.role_list()  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["unit"].widget = forms.Select(choices=[("", _("All"))])

    def set_unit_choices(self, units: Any) -> None:
        self.fields["unit"].widget.choices = [
            ("", _("All")),
            *((u.pk, unit_label(u)) for u in units),
        ]


def _object_type_choices() -> list[tuple[str, str]]:
    models = [m for m in apps.get_models() if m.__module__.startswith("tinhso.")]
    return [("", str(_("All")))] + sorted(
        ((m._meta.label, str(capfirst(m._meta.verbose_name))) for m in models),
        key=lambda c: c[1],
    )


class AuditFilterForm(forms.Form):
    """Filters of the audit log; the unit choices are set by the view (audited units)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    actor = forms.CharField(label=_("Actor"), required=False)
    unit = forms.IntegerField(label=pgettext_lazy("organisation", "Unit"), required=False)
    action = forms.ChoiceField(label=pgettext_lazy("audit", "Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    q = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Object, note…")}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All")), *ACTION_LABELS.items()]  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["object_type"].choices = _object_type_choices()  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["unit"].widget = forms.Select(choices=[("", _("All"))])

    def set_unit_choices(self, units: Any) -> None:
        self.fields["unit"].widget.choices = [
            ("", _("All")),
            *((u.pk, unit_label(u)) for u in units),
        ]


class UserCreateForm(forms.Form):
    """A new account and its first role; units limited to current units the actor manages."""

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.CharField(label=_("E-mail"), required=False, widget=forms.EmailInput())
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    position = forms.CharField(label=_("Position"), required=False, max_length=150)
    unit = UnitChoiceField(
        label=pgettext_lazy("organisation", "Unit"), queryset=Unit.objects.none()
    )
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to generate one. The user must change it at first sign-in."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.manageable_unit_list(user=user)  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["role"].queryset = selectors.role_list()  # type: ignore[attr-defined]  # ModelChoiceField


class UserUpdateForm(forms.Form):
    """Profile fields of an account, with the version the editor saw."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.CharField(label=_("E-mail"), required=False, widget=forms.EmailInput())
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    position = forms.CharField(label=_("Position"), required=False, max_length=150)
    version = forms.IntegerField(widget=forms.HiddenInput())


class MembershipCreateForm(forms.Form):
    """Another role in a unit for an existing account."""

    unit = UnitChoiceField(
        label=pgettext_lazy("organisation", "Unit"), queryset=Unit.objects.none()
    )
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=DateInput(), help_text=_("Empty: today.")
    )
    valid_to = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("First day without the role; empty: open-ended."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.manageable_unit_list(user=user)  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["role"].queryset = selectors.role_list()  # type: ignore[attr-defined]  # ModelChoiceField


class TokenCreateForm(forms.Form):
    """A new API token for an integration acting as this account."""

    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("The system that will use it.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(s, s) for s in ApiToken.SCOPES],
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label=_("Valid through"),
        required=False,
        widget=DateInput(),
        help_text=_("Last day the token works; empty: until revoked."),
    )

    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day in local time (the token works through that day)."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        tz = timezone.get_current_timezone()
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


class UserImportForm(forms.Form):
    """The Excel file of accounts to create."""

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload


class PasswordChangeForm(forms.Form):
    """The signed-in user's new password, typed twice; the service checks the rest."""

    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_confirm = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("new_password")
            and data.get("new_password_confirm")
            and data["new_password"] != data["new_password_confirm"]
        ):
            self.add_error("new_password_confirm", _("The two passwords differ."))
        return data
