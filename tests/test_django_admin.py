"""The technical operator's Django admin: pages load, writes are audited, some are read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tinhso.accounts.models import Role
from tinhso.accounts.tests.factories import MembershipFactory, UserFactory
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.units.tests.factories import UnitFactory, UnitLineageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_every_admin_list_and_change_page_loads(client, operator, django_assert_max_num_queries):
    membership = MembershipFactory()
    lineage = UnitLineageFactory()
    entry = audit_record(actor=operator, action="update", obj=membership.unit)
    pages = [
        "/django-admin/",
        "/django-admin/units/unit/",
        f"/django-admin/units/unit/{membership.unit_id}/change/",
        "/django-admin/units/unitlevel/",
        "/django-admin/units/unitlineage/",
        f"/django-admin/units/unitlineage/{lineage.pk}/change/",
        "/django-admin/accounts/user/",
        f"/django-admin/accounts/user/{membership.user_id}/change/",
        "/django-admin/accounts/user/add/",
        "/django-admin/accounts/role/",
        f"/django-admin/accounts/role/{membership.role_id}/change/",
        "/django-admin/accounts/membership/",
        "/django-admin/accounts/apitoken/",
        "/django-admin/audit/auditentry/",
        f"/django-admin/audit/auditentry/{entry.pk}/change/",
        "/django-admin/workcalendar/officialcalendarday/",
    ]
    for url in pages:
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200, url


def test_a_role_edited_in_the_admin_is_audited_and_validated(client, operator):
    role = Role.objects.create(code="clerk", name="Văn thư", actions=["view"], scope="unit")
    url = f"/django-admin/accounts/role/{role.pk}/change/"
    data = {
        "code": "clerk",
        "name": "Văn thư",
        "description": "",
        "actions": ["view", "edit"],
        "scope": "unit",
        "sort_order": 60,
    }
    assert client.post(url, data).status_code == 302
    role.refresh_from_db()
    assert role.actions == ["view", "edit"]
    entry = AuditEntry.objects.get(object_type="accounts.Role", action="update")
    assert entry.actor == operator
    assert entry.after == {"actions": ["view", "edit"], "sort_order": 60}
    # An action the access layer does not know is refused.
    bad = client.post(url, {**data, "actions": ["fly"]})
    assert bad.status_code == 200 and "fly" in bad.content.decode()
    role.refresh_from_db()
    assert role.actions == ["view", "edit"]


def test_deleting_in_the_admin_is_audited(client, operator):
    unit = UnitFactory()
    role = Role.objects.create(code="temp", name="Tạm", actions=["view"], scope="unit")
    response = client.post(f"/django-admin/accounts/role/{role.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    assert AuditEntry.objects.filter(object_type="accounts.Role", action="delete").count() == 1
    assert unit.pk  # the unrelated unit is untouched


def test_audit_and_calendar_cannot_be_changed_in_the_admin(client, operator):
    entry = audit_record(actor=operator, action="update", object_type="x.Y")
    assert (
        client.post(
            f"/django-admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get("/django-admin/audit/auditentry/add/").status_code == 403
    assert client.get("/django-admin/workcalendar/officialcalendarday/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_officials_cannot_open_the_admin(client):
    official = get_user_model().objects.create_user(
        username="cb", full_name="Cán bộ", email="cb@example.gov.vn", password="x"
    )
    client.force_login(official)
    assert client.get("/django-admin/").status_code == 302
