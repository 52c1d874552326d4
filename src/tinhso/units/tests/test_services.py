"""`unit_update`: the manage right, editable fields, version check, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tinhso.accounts.access import AccessDenied
from tinhso.accounts.tests.factories import UserFactory, member
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.units.services import unit_update

from .factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return UnitFactory(province=True, code="T1", name="Tỉnh Thử")


@pytest.fixture
def ward(province):
    return UnitFactory(parent=province, name="Phường Thử", code="90001")


@pytest.fixture
def admin(province):
    """Administrator of the whole test province (manage on its subtree)."""
    return member(province, "admin")


def test_admin_updates_contact_details(admin, ward):
    updated = unit_update(
        actor=admin,
        unit=ward,
        data={"phone": " 0251 3822 505 ", "email": "ubnd@thu.gov.vn", "address": "1 Đường A"},
        version=1,
    )
    ward.refresh_from_db()
    assert updated.version == ward.version == 2
    assert ward.phone == "0251 3822 505"
    assert ward.email == "ubnd@thu.gov.vn"
    assert ward.address == "1 Đường A"


def test_short_name_is_searchable_after_update(admin, ward):
    unit_update(actor=admin, unit=ward, data={"short_name": "P. Thử Nghiệm"}, version=1)
    ward.refresh_from_db()
    assert "p. thu nghiem" in ward.search_text


def test_update_writes_one_audit_entry_with_the_change(admin, ward):
    unit_update(actor=admin, unit=ward, data={"phone": "0251 111 222", "address": ""}, version=1)
    entries = AuditEntry.objects.filter(object_type="units.Unit", object_id=str(ward.pk))
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.actor == admin
    assert entry.unit_id == ward.pk
    assert entry.before == {"phone": ""}
    assert entry.after == {"phone": "0251 111 222"}


def test_no_change_writes_nothing(admin, ward):
    unit_update(actor=admin, unit=ward, data={"phone": ""}, version=1)
    ward.refresh_from_db()
    assert ward.version == 1
    assert not AuditEntry.objects.filter(object_id=str(ward.pk)).exists()


@pytest.mark.parametrize("role_code", ["viewer", "officer", "leader", "inspector"])
def test_roles_without_manage_are_refused(role_code, ward):
    user = member(ward, role_code)
    with pytest.raises(AccessDenied):
        unit_update(actor=user, unit=ward, data={"phone": "0251 1"}, version=1)
    ward.refresh_from_db()
    assert ward.phone == ""


def test_admin_of_another_province_is_refused(ward):
    other = UnitFactory(province=True, code="T2", name="Tỉnh Khác")
    outsider = member(other, "admin")
    with pytest.raises(AccessDenied):
        unit_update(actor=outsider, unit=ward, data={"phone": "0251 1"}, version=1)


def test_admin_of_a_ward_cannot_edit_its_province(province, ward):
    ward_admin = member(ward, "admin")
    unit_update(actor=ward_admin, unit=ward, data={"phone": "0251 2"}, version=1)
    with pytest.raises(AccessDenied):
        unit_update(actor=ward_admin, unit=province, data={"phone": "0251 2"}, version=1)


def test_user_without_membership_is_refused(ward):
    with pytest.raises(AccessDenied):
        unit_update(actor=UserFactory(), unit=ward, data={"phone": "0251 1"}, version=1)


def test_stale_version_is_a_concurrent_edit(admin, ward):
    unit_update(actor=admin, unit=ward, data={"phone": "0251 1"}, version=1)
    with pytest.raises(ConcurrentEditError):
        unit_update(actor=admin, unit=ward, data={"phone": "0251 2"}, version=1)
    ward.refresh_from_db()
    assert ward.phone == "0251 1"
    assert ward.version == 2
    assert AuditEntry.objects.filter(object_id=str(ward.pk)).count() == 1


@pytest.mark.parametrize("field", ["name", "code", "parent", "valid_to", "level", "source"])
def test_official_fields_are_not_editable(admin, ward, field):
    with pytest.raises(ValidationError) as exc:
        unit_update(actor=admin, unit=ward, data={field: "x"}, version=1)
    assert field in exc.value.message_dict
    ward.refresh_from_db()
    assert ward.name == "Phường Thử"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"short_name": "x" * 101}, "short_name"),
    ],
)
def test_invalid_values_give_field_errors(admin, ward, data, field):
    with pytest.raises(ValidationError) as exc:
        unit_update(actor=admin, unit=ward, data=data, version=1)
    assert field in exc.value.message_dict
    ward.refresh_from_db()
    assert ward.version == 1


def test_closed_unit_is_not_edited(admin, province):
    old = UnitFactory(parent=province, closed=True)
    with pytest.raises(DomainError):
        unit_update(actor=admin, unit=old, data={"phone": "0251 1"}, version=1)
