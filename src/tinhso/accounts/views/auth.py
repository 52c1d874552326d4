"""Signing in and out, the home page (my units and roles) and changing one's own password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tinhso.accounts import forms, selectors, services
from tinhso.accounts.access import Action, unit_ids_for


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
