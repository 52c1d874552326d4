"""API authentication: the UI's session (CSRF-checked) or a hashed integration token.

A token is sent as `Authorization: Bearer tsk_<prefix>_<secret>`. It authenticates as its
user and additionally carries scopes (`units:read`…); handlers that need a scope call
`require_scope(request, "units:read")`. Session users have every scope their roles allow.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader, SessionAuth

from tinhso.core.scopes import require_scope

from .models import ApiToken

__all__ = ["SessionUserAuth", "TokenAuth", "api_auth", "require_scope"]

TOKEN_PREFIX = "tsk_"  # noqa: S105  # the public marker of our tokens, not a secret


class TokenAuth(APIKeyHeader):
    param_name = "Authorization"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key or not key.startswith("Bearer "):
            return None
        raw = key.removeprefix("Bearer ").strip()
        if not raw.startswith(TOKEN_PREFIX):
            return None
        token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=ApiToken.hash_secret(raw))
            .first()
        )
        if token is None or not token.is_usable() or not token.user.is_active:
            return None
        # Touch last_used_at at most once a minute: no write on every request.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request.user = token.user
        request.api_token = token  # type: ignore[attr-defined]  # read by require_scope
        return token.user


class SessionUserAuth(SessionAuth):
    """Session auth that also works for GETs from the UI; ninja checks CSRF on writes."""


api_auth = [TokenAuth(), SessionUserAuth()]
