"""API tokens for integrations: issue (secret shown once) and revoke."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.auth import TOKEN_PREFIX
from tinhso.accounts.models import ApiToken, User
from tinhso.audit.services import audit_record, audit_snapshot

from .common import (
    TOKEN_AUDIT_FIELDS,
    manage_user,
    own_unit_id,
    save_with_audit,
)


@dataclass(frozen=True)
class CreatedToken:
    """A new API token; `secret` is the clear token, shown once and never stored."""

    token: ApiToken
    secret: str


def api_token_create(
    *, actor: Any, user: User, name: str, scopes: Iterable[str], expires_at: Any = None
) -> CreatedToken:
    """Issue an API token acting as `user`, limited to `scopes`, optionally expiring.

    The clear token (`tsk_` + `secrets.token_urlsafe(32)`) is returned once; only its
    SHA-256 is stored. Action: MANAGE on one of the user's units. Side effects: one
    ApiToken, one audit row (without the secret). Errors: AccessDenied; ValidationError
    (empty name, unknown or no scopes, expiry in the past).
    """
    unit_id = manage_user(actor, user)
    scope_list = sorted(set(scopes))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the token a name, e.g. the system that will use it.")]
    unknown = [s for s in scope_list if s not in ApiToken.SCOPES]
    if unknown or not scope_list:
        errors["scopes"] = [
            _("Choose one or more of: %(scopes)s.") % {"scopes": ", ".join(ApiToken.SCOPES)}
        ]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry must be in the future.")]
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[:12],
        token_hash=ApiToken.hash_secret(secret),
        scopes=scope_list,
        expires_at=expires_at,
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        audit_record(
            actor=actor,
            action="create",
            obj=token,
            unit=unit_id,
            after=audit_snapshot(token, TOKEN_AUDIT_FIELDS),
        )
    return CreatedToken(token=token, secret=secret)


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token at once. Its owner may always revoke it; others need MANAGE on one of
    the owner's units. Revoking a revoked token changes nothing. Side effects: sets
    `revoked_at`, one audit row. Errors: AccessDenied.
    """
    owner = token.user
    unit_id = own_unit_id(owner) if owner.pk == actor.pk else manage_user(actor, owner)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        before = audit_snapshot(locked, TOKEN_AUDIT_FIELDS)
        locked.revoked_at = timezone.now()
        save_with_audit(
            locked,
            actor=actor,
            unit=unit_id,
            before=before,
            fields=TOKEN_AUDIT_FIELDS,
            update_fields=["revoked_at"],
            message=_("Token revoked."),
        )
    return locked
