"""audit_record: who/what/unit, only changed fields, secrets redacted, request id kept."""

from __future__ import annotations

import pytest

from tinhso.accounts.tests.factories import MembershipFactory, UserFactory
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.middleware import _request_id
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_update_keeps_only_changed_fields_and_the_owning_unit():
    membership = MembershipFactory()
    actor = UserFactory(full_name="Trần Quốc Hùng")
    before = audit_snapshot(membership)
    other = UnitFactory()
    membership.unit = other
    entry = audit_record(
        actor=actor,
        action="update",
        obj=membership,
        before=before,
        after=audit_snapshot(membership),
    )
    assert entry.before == {"unit": before["unit"]} and entry.after == {"unit": other.pk}
    assert entry.unit_id == other.pk  # followed Membership.unit_lookup
    assert entry.actor == actor and entry.actor_name == "Trần Quốc Hùng"
    assert entry.object_type == "accounts.Membership" and entry.object_id == str(membership.pk)


def test_passwords_are_never_copied():
    user = UserFactory()
    snap = audit_snapshot(user)
    assert "password" not in snap and snap["username"] == user.username


def test_system_actor_and_request_id():
    token = _request_id.set("req-123")
    try:
        entry = audit_record(
            actor=None, action="import", object_type="units.Unit", message="load_units: 3321"
        )
    finally:
        _request_id.reset(token)
    assert entry.actor is None and entry.actor_name == "system"
    assert entry.request_id == "req-123"
    assert AuditEntry.objects.count() == 1


def test_a_unit_is_its_own_unit():
    unit = UnitFactory()
    entry = audit_record(actor=None, action="update", obj=unit)
    assert entry.unit_id == unit.pk


def test_request_id_header_round_trip(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="abc-1")
    assert response["X-Request-ID"] == "abc-1"
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] != "bad id with spaces" and len(response["X-Request-ID"]) == 32
