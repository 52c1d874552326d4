"""Accounts an administrator manages: list, create, detail, edit, (de)activate, reset the
password, grant and end memberships, issue and revoke API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tinhso.accounts import audit_display, forms, selectors, services
from tinhso.accounts.models import User
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from .common import AuditedExportMixin, require_manager


def _memberships_text(user: User) -> str:
    return "; ".join(
        f"{m.unit.name}: {m.role.name}" for m in getattr(user, "managed_memberships", [])
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
        require_manager(request)
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
    require_manager(request)
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
