"""Accounts pages: login, home (my units and roles), users and memberships, audit log."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    memberships = selectors.membership_list_of_user(user=request.user)
    return render(request, "accounts/home.html", {"memberships": memberships})
