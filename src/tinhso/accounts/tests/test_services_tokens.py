"""API token services: issue (hash only, secret once), validate, revoke; access, audit."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from tinhso.accounts import services
from tinhso.accounts.access import AccessDenied
from tinhso.accounts.auth import TokenAuth
from tinhso.accounts.models import ApiToken
from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


# --- API tokens ----------------------------------------------------------------------


def test_api_token_create_stores_only_the_hash_and_authenticates(admin_a, tree):
    owner = member(tree["a"], "officer")
    created = services.api_token_create(
        actor=admin_a, user=owner, name="Hệ thống một cửa", scopes=["accounts:read"]
    )
    secret = created.secret
    assert secret.startswith("tsk_") and len(secret) > 40
    token = ApiToken.objects.get(pk=created.token.pk)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (token.prefix, token.token_hash) and secret.startswith(token.prefix)
    entry = AuditEntry.objects.latest("id")
    assert entry.unit == tree["a"] and "token_hash" not in entry.after
    assert secret not in str(entry.after)
    request = RequestFactory().get("/api/v1/me")
    assert TokenAuth().authenticate(request, f"Bearer {secret}") == owner
    assert TokenAuth().authenticate(request, f"Bearer {secret}x") is None


def test_api_token_create_validates_its_input(admin_a, tree):
    owner = member(tree["a"], "officer")
    with pytest.raises(ValidationError) as exc:
        services.api_token_create(
            actor=admin_a,
            user=owner,
            name=" ",
            scopes=["everything"],
            expires_at=timezone.now() - dt.timedelta(days=1),
        )
    assert set(exc.value.message_dict) == {"name", "scopes", "expires_at"}


def test_api_token_for_a_user_of_another_commune_is_denied(admin_a, tree):
    other = member(tree["b"], "officer")
    with pytest.raises(AccessDenied):
        services.api_token_create(actor=admin_a, user=other, name="x", scopes=["units:read"])


def test_api_token_revoke_by_admin_or_owner(admin_a, admin_b, tree):
    owner = member(tree["a"], "officer")
    first = services.api_token_create(actor=admin_a, user=owner, name="a", scopes=["units:read"])
    second = services.api_token_create(actor=admin_a, user=owner, name="b", scopes=["units:read"])
    with pytest.raises(AccessDenied):
        services.api_token_revoke(actor=admin_b, token=first.token)
    revoked = services.api_token_revoke(actor=admin_a, token=first.token)
    assert revoked.revoked_at is not None and not revoked.is_usable()
    request = RequestFactory().get("/")
    assert TokenAuth().authenticate(request, f"Bearer {first.secret}") is None
    assert services.api_token_revoke(actor=owner, token=second.token).revoked_at is not None
    count = AuditEntry.objects.count()
    services.api_token_revoke(actor=owner, token=second.token)  # already revoked
    assert AuditEntry.objects.count() == count
