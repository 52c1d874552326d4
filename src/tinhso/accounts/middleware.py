"""Forced password change: an account whose password an administrator chose (new account,
import, reset) can use nothing but the password page until its holder picks their own.

Install after `AuthenticationMiddleware`. The API is exempt (integrations use tokens, and a
session user is sent to this page by the UI anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/static/", "/media/", "/api/", "/jsi18n/", "/tra-cuu/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not self._exempt(request.path)
        ):
            target = reverse("accounts:password_change")
            return HttpResponseRedirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(EXEMPT_PREFIXES):
            return True
        return path in {reverse("accounts:password_change"), reverse("accounts:logout")}
