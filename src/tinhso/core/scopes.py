"""Token scopes: a request made with an integration token may do only what its scopes list.

The token itself is authenticated in `accounts.auth`, which puts it on `request.api_token`;
this check lives in core so that every app's API (units included) can call it. A session
(the UI) carries no token and is limited by its user's roles alone.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthorizationError


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse (403) a token request whose token does not list `scope`."""
    token = getattr(request, "api_token", None)
    if token is not None and scope not in token.scopes:
        raise AuthorizationError(message=f"Token lacks scope {scope}")
