"""Accounts pages: login, home (my units and roles), users and memberships, audit log.

Thin views: a form parses input, one selector or service does the work, errors become
form errors or 404. Pages that show a one-time secret (initial password, API token) are
rendered directly, never redirected through the session, and marked `never_cache`.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tinhso.core.exceptions import ConcurrentEditError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from . import audit_display, excel, forms, selectors, services
from .access import Action, unit_ids_for
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # A password chosen by an administrator is changed before anything else.
        if getattr(self.request.user, "must_change_password", False):
            return reverse("accounts:password_change")
        return super().get_success_url()


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    memberships = selectors.membership_list_of_user(user=request.user)
    context = {
        "memberships": memberships,
        "can_manage": bool(unit_ids_for(request.user, Action.MANAGE)),
        "can_audit": bool(unit_ids_for(request.user, Action.AUDIT)),
    }
    return render(request, "accounts/home.html", context)


@never_cache
@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    """The signed-in user changes their password (required after an admin set it)."""
    form = forms.PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_own_password(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]  # signed in
            messages.success(request, _("Your password has been changed."))
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = reverse("home")
            return HttpResponseRedirect(target)
    return render(request, "accounts/password_change.html", {"form": form})


# --- users ---------------------------------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    """Pages for account administrators: nobody else learns they exist (404)."""
    if not unit_ids_for(request.user, Action.MANAGE):
        raise Http404


def _memberships_text(user: User) -> str:
    return "; ".join(
        f"{m.unit.name}: {m.role.name}" for m in getattr(user, "managed_memberships", [])
    )


class AuditedExportMixin:
    """Exports of personal data leave a READ row in the audit log (who took what out)."""

    request: HttpRequest
    export_basename: ClassVar[str]

    def on_export(self, fmt: str, filters: dict[str, Any]) -> None:
        services.list_export_record(
            actor=self.request.user, list_name=self.export_basename, fmt=fmt, filters=filters
        )


class UserListView(AuditedExportMixin, FilteredListView):
    """Accounts the signed-in administrator manages; filter, page, export."""

    template_name = "accounts/user_list.html"
    filter_form_class = forms.UserFilterForm
    export_basename = "tai-khoan"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Username"), "username"),
        Column(gettext_lazy("Full name"), "full_name"),
        Column(gettext_lazy("E-mail"), "email"),
        Column(gettext_lazy("Phone"), "phone"),
        Column(gettext_lazy("Position"), "position"),
        Column(gettext_lazy("Units and roles"), _memberships_text),
        Column(gettext_lazy("Active"), "is_active"),
        Column(gettext_lazy("Last sign-in"), "last_login"),
    ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        _require_manager(request)
        return super().get(request, *args, **kwargs)

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.user_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs["form"]
        form.set_unit_choices(selectors.manageable_unit_list(user=self.request.user))
        return super().get_context_data(**kwargs)


@never_cache
@login_required
def user_create_view(request: HttpRequest) -> HttpResponse:
    """A new account with its first role; shows the generated password once."""
    _require_manager(request)
    form = forms.UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                position=data["position"],
                unit=data["unit"],
                role=data["role"],
                password=data["password"] or None,
            )
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            return render(request, "accounts/user_created.html", {"created": created})
    return render(request, "accounts/user_create.html", {"form": form})


def _detail_context(request: HttpRequest, target: User, **overrides: Any) -> dict[str, Any]:
    actor = request.user
    entries = list(
        selectors.audit_entry_list(
            user=actor, filters={"object_type": User._meta.label, "object_id": target.pk}
        )[:10]
    )
    names = selectors.audit_related_names(entries=entries)
    context: dict[str, Any] = {
        "target": target,
        "memberships": selectors.membership_list(user=actor, filters={"user": target}),
        "tokens": selectors.api_token_list(user=actor, owner=target),
        "update_form": forms.UserUpdateForm(
            initial={
                "full_name": target.full_name,
                "email": target.email,
                "phone": target.phone,
                "position": target.position,
                "version": target.version,
            }
        ),
        "membership_form": forms.MembershipCreateForm(user=actor),
        "token_form": forms.TokenCreateForm(),
        "history": audit_display.audit_rows(entries, names),
        "is_self": target.pk == actor.pk,
    }
    context.update(overrides)
    return context


def _render_detail(
    request: HttpRequest, target: User, *, status: int = 200, **overrides: Any
) -> HttpResponse:
    context = _detail_context(request, target, **overrides)
    return render(request, "accounts/user_detail.html", context, status=status)


@never_cache
@login_required
def user_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    return _render_detail(request, target)


def _back_to(request: HttpRequest, target_pk: int) -> HttpResponse:
    """The user's page, or the list when the actor no longer manages that user."""
    try:
        selectors.user_get(user=request.user, pk=target_pk)
    except Http404:
        return redirect("accounts:user_list")
    return redirect("accounts:user_detail", pk=target_pk)


@require_POST
@login_required
def user_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    form = forms.UserUpdateForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.user_update(actor=request.user, user=target, data=data, version=version)
        except ConcurrentEditError as exc:
            form.add_error(None, exc.message)
            return _render_detail(request, target, status=409, update_form=form)
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            messages.success(request, _("The account has been saved."))
            return redirect("accounts:user_detail", pk=pk)
    return _render_detail(request, target, update_form=form)


@require_POST
@login_required
def user_set_active_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    is_active = request.POST.get("is_active") == "1"
    try:
        services.user_set_active(actor=request.user, user=target, is_active=is_active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The account has been activated.")
            if is_active
            else _("The account has been deactivated."),
        )
    return redirect("accounts:user_detail", pk=pk)


@never_cache
@require_POST
@login_required
def user_reset_password_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    try:
        password = services.user_set_password(actor=request.user, user=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:user_detail", pk=pk)
    target.refresh_from_db()
    return _render_detail(request, target, new_password=password)


@require_POST
@login_required
def membership_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    form = forms.MembershipCreateForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_create(
                actor=request.user,
                user=target,
                unit=data["unit"],
                role=data["role"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            )
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("accounts:user_detail", pk=pk)
    return _render_detail(request, target, membership_form=form)


@require_POST
@login_required
def membership_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(user=request.user, pk=pk)
    try:
        services.membership_end(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The membership has ended."))
    return _back_to(request, membership.user_id)


@never_cache
@require_POST
@login_required
def token_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    form = forms.TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            created = services.api_token_create(
                actor=request.user,
                user=target,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            return _render_detail(request, target, new_token=created)
    return _render_detail(request, target, token_form=form)


@require_POST
@login_required
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token has been revoked."))
    return _back_to(request, token.user_id)


# --- import from Excel ---------------------------------------------------------------


@never_cache
@login_required
def user_import_view(request: HttpRequest) -> HttpResponse:
    """Upload an .xlsx of accounts: all created, or none and a row-by-row error report."""
    _require_manager(request)
    form = forms.UserImportForm(request.POST or None, request.FILES or None)
    result = None
    accounts_json = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.users_import_excel(actor=request.user, file=upload, filename=upload.name)
        if result.ok:
            accounts_json = json.dumps(
                [a.as_sheet_row() for a in result.created], ensure_ascii=False
            )
    context = {"form": form, "result": result, "accounts_json": accounts_json}
    return render(request, "accounts/user_import.html", context)


@login_required
def user_import_template_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    content = services.users_import_template(actor=request.user)
    return _xlsx_response(content, "mau-nhap-tai-khoan.xlsx")


@never_cache
@require_POST
@login_required
def user_import_passwords_view(request: HttpRequest) -> HttpResponse:
    """The accounts just created, with their passwords, as .xlsx.

    The list comes back from the result page itself (a hidden field): passwords are never
    stored on the server, not even in the session.
    """
    _require_manager(request)
    try:
        rows = json.loads(request.POST.get("accounts", "[]"))
    except json.JSONDecodeError as exc:
        raise Http404 from exc
    if not isinstance(rows, list) or len(rows) > excel.MAX_IMPORT_ROWS:
        raise Http404
    accounts = [
        {k: str(v) for k, v in row.items() if isinstance(k, str)}
        for row in rows
        if isinstance(row, dict)
    ]
    return _xlsx_response(excel.build_accounts_sheet(accounts), "tai-khoan-moi.xlsx")


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- audit log -----------------------------------------------------------------------


class AuditListView(AuditedExportMixin, FilteredListView):
    """The audit log of the units the signed-in user may audit, with readable changes."""

    template_name = "accounts/audit_list.html"
    filter_form_class = forms.AuditFilterForm
    export_basename = "nhat-ky"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Time"), "timestamp"),
        Column(gettext_lazy("Actor"), "actor_name"),
        Column(pgettext_lazy("audit", "Action"), audit_display.action_label),
        Column(gettext_lazy("Object type"), "object_type"),
        Column(gettext_lazy("Object id"), "object_id"),
        Column(gettext_lazy("Object"), "object_repr"),
        Column(gettext_lazy("Unit"), "unit.name"),
        Column(gettext_lazy("Changes"), audit_display.changes_text),
        Column(gettext_lazy("Note"), "message"),
        Column(gettext_lazy("Request id"), "request_id"),
    ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not unit_ids_for(request.user, Action.AUDIT):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.audit_entry_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["form"].set_unit_choices(selectors.audit_unit_list(user=self.request.user))
        entries = list(kwargs["rows"])
        names = selectors.audit_related_names(entries=entries)
        kwargs["entries"] = audit_display.audit_rows(entries, names)
        return super().get_context_data(**kwargs)
