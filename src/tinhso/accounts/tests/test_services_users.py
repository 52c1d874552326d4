"""Account services: create, update, (de)activate; access, validation, audit rows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tinhso.accounts import services
from tinhso.accounts.access import AccessDenied
from tinhso.accounts.models import Membership, Role, User
from tinhso.accounts.tests.factories import UserFactory, member
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _create(actor, unit, **kwargs):
    defaults = {
        "username": "vanthu.bienhoa",
        "full_name": "Trần Thị Thu",
        "email": "thu@bienhoa.gov.vn",
        "phone": "0251 3822 123",
        "position": "Văn thư",
        "unit": unit,
        "role": "officer",
    }
    return services.user_create(actor=actor, **{**defaults, **kwargs})


# --- user_create ---------------------------------------------------------------------


def test_user_create_makes_user_membership_and_one_audit_row(admin_a, tree):
    before = AuditEntry.objects.count()
    created = _create(admin_a, tree["a"])
    user = created.user
    assert user.pk and user.must_change_password and user.is_active
    assert user.check_password(created.password)
    assert len(created.password) == services.GENERATED_PASSWORD_LENGTH
    membership = Membership.objects.get(user=user)
    assert (membership.unit, membership.role.code, membership.valid_from) == (
        tree["a"],
        "officer",
        TODAY(),
    )
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.object_type, entry.object_id) == (
        "create",
        "accounts.User",
        str(user.pk),
    )
    assert entry.actor == admin_a and entry.unit == tree["a"]
    assert entry.before is None
    assert entry.after["username"] == "vanthu.bienhoa"
    assert entry.after["membership"] == {"unit": "26068", "role": "officer"}
    assert "password" not in entry.after


def test_user_create_with_a_chosen_password_returns_none_and_validates_it(admin_a, tree):
    created = _create(admin_a, tree["a"], password="Bien-Hoa-2026-xyz")
    assert created.password is None
    assert created.user.check_password("Bien-Hoa-2026-xyz")
    with pytest.raises(ValidationError) as exc:
        _create(admin_a, tree["a"], username="other", password="123")
    assert "password" in exc.value.message_dict


def test_user_create_refuses_a_taken_username_whatever_its_case(admin_a, tree):
    UserFactory(username="VanThu.BienHoa")
    with pytest.raises(ValidationError) as exc:
        _create(admin_a, tree["a"])
    assert list(exc.value.message_dict) == ["username"]


def test_user_create_reports_every_bad_field_at_once(admin_a, tree):
    with pytest.raises(ValidationError) as exc:
        _create(admin_a, tree["a"], username="có dấu", full_name=" ", email="x@", phone="abc")
    assert set(exc.value.message_dict) == {"username", "full_name", "email", "phone"}
    assert exc.value.message_dict["email"] == [
        "Nhập địa chỉ thư điện tử hợp lệ, ví dụ ten@donvi.gov.vn."
    ]
    assert not User.objects.filter(full_name="").exists()


def test_user_create_by_an_inspector_is_denied(inspector_p, tree):
    with pytest.raises(AccessDenied):
        _create(inspector_p, tree["a"])
    assert not User.objects.filter(username="vanthu.bienhoa").exists()


def test_commune_admin_cannot_create_in_another_commune(admin_a, tree):
    with pytest.raises(AccessDenied):
        _create(admin_a, tree["b"])
    with pytest.raises(AccessDenied):
        _create(admin_a, 999_999)  # a unit that does not exist looks the same


def test_user_create_in_a_closed_unit_is_refused(admin_p, tree):
    closed = UnitFactory(parent=tree["p"], closed=True)
    with pytest.raises(ValidationError) as exc:
        _create(admin_p, closed)
    assert list(exc.value.message_dict) == ["unit"]


def test_unknown_role_is_a_field_error(admin_a, tree):
    with pytest.raises(ValidationError) as exc:
        _create(admin_a, tree["a"], role="boss")
    assert list(exc.value.message_dict) == ["role"]


def test_no_role_stronger_than_the_actors_own_can_be_granted(tree):
    unit_admin = Role.objects.create(
        code="unit-admin", name="Quản trị riêng", actions=["view", "manage"], scope="unit"
    )
    actor = UserFactory()
    Membership.objects.create(user=actor, unit=tree["p"], role=unit_admin)
    # A subtree role on P would reach A and B, which the actor does not manage.
    with pytest.raises(ValidationError) as exc:
        _create(actor, tree["p"], role="viewer")
    assert list(exc.value.message_dict) == ["role"]
    # The actor's own unit-only role is fine.
    assert _create(actor, tree["p"], role="unit-admin").user.pk


# --- user_update ---------------------------------------------------------------------


def test_user_update_checks_the_version_and_audits_only_changes(admin_a, tree):
    target = member(tree["a"], "officer", position="Văn thư")
    updated = services.user_update(
        actor=admin_a,
        user=target,
        data={"position": "Chánh Văn phòng", "full_name": target.full_name},
        version=1,
    )
    assert (updated.position, updated.version) == ("Chánh Văn phòng", 2)
    assert "chanh van phong" in updated.search_text
    entry = AuditEntry.objects.latest("id")
    assert entry.before == {"position": "Văn thư", "version": 1}
    assert entry.after == {"position": "Chánh Văn phòng", "version": 2}
    with pytest.raises(ConcurrentEditError):
        services.user_update(actor=admin_a, user=target, data={"phone": "0912345678"}, version=1)
    target.refresh_from_db()
    assert target.phone == "" and target.version == 2


def test_user_update_without_change_writes_nothing(admin_a, tree):
    target = member(tree["a"], "officer")
    before = AuditEntry.objects.count()
    services.user_update(actor=admin_a, user=target, data={"phone": ""}, version=1)
    target.refresh_from_db()
    assert target.version == 1 and AuditEntry.objects.count() == before


def test_user_update_refuses_unknown_fields_and_bad_values(admin_a, tree):
    target = member(tree["a"], "officer")
    with pytest.raises(ValidationError) as exc:
        services.user_update(
            actor=admin_a, user=target, data={"username": "x", "is_superuser": True}, version=1
        )
    assert set(exc.value.message_dict) == {"username", "is_superuser"}
    with pytest.raises(ValidationError) as exc:
        services.user_update(actor=admin_a, user=target, data={"email": "nope"}, version=1)
    assert list(exc.value.message_dict) == ["email"]


def test_commune_admin_cannot_update_a_user_of_another_commune(admin_a, tree):
    other = member(tree["b"], "officer")
    with pytest.raises(AccessDenied):
        services.user_update(actor=admin_a, user=other, data={"position": "x"}, version=1)


def test_province_admin_manages_commune_users(admin_p, tree):
    target = member(tree["a"], "officer")
    assert (
        services.user_update(
            actor=admin_p, user=target, data={"position": "Phó Chánh Văn phòng"}, version=1
        ).version
        == 2
    )


def test_nobody_deactivates_themselves(admin_a):
    with pytest.raises(ValidationError):
        services.user_set_active(actor=admin_a, user=admin_a, is_active=False)
    with pytest.raises(ValidationError):
        services.user_update(actor=admin_a, user=admin_a, data={"is_active": False}, version=1)


def test_superuser_accounts_are_out_of_reach_of_unit_admins(admin_a, tree):
    root = member(tree["a"], "officer", is_superuser=True)
    with pytest.raises(AccessDenied):
        services.user_set_password(actor=admin_a, user=root)


def test_user_set_active_toggles_and_audits(admin_a, tree):
    target = member(tree["a"], "officer")
    services.user_set_active(actor=admin_a, user=target, is_active=False)
    target.refresh_from_db()
    assert not target.is_active
    entry = AuditEntry.objects.latest("id")
    assert entry.before["is_active"] is True and entry.after["is_active"] is False
    count = AuditEntry.objects.count()
    services.user_set_active(actor=admin_a, user=target, is_active=False)  # no change
    assert AuditEntry.objects.count() == count
