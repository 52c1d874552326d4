"""Services of accounts: rules, access, validation, audit rows, cache invalidation."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from tinhso.accounts import access, services
from tinhso.accounts.access import AccessDenied, Action
from tinhso.accounts.auth import TokenAuth
from tinhso.accounts.models import ApiToken, Membership, Role, User
from tinhso.accounts.tests.factories import MembershipFactory, UserFactory, member, role
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


def test_user_set_password_generates_one_and_forces_a_change(admin_a, tree):
    target = member(tree["a"], "officer")
    password = services.user_set_password(actor=admin_a, user=target)
    target.refresh_from_db()
    assert target.check_password(password) and target.must_change_password
    entry = AuditEntry.objects.latest("id")
    assert entry.message == "Quản trị viên đặt lại mật khẩu."
    assert password not in str(entry.after) and "password" not in entry.after
    with pytest.raises(ValidationError):
        services.user_set_password(actor=admin_a, user=admin_a)


def test_user_set_password_lifts_a_login_lockout(admin_a, tree):
    from axes.models import AccessAttempt

    target = member(tree["a"], "officer", username="bi.khoa")
    AccessAttempt.objects.create(
        username="bi.khoa", ip_address="10.0.0.1", failures_since_start=5, user_agent="x"
    )
    services.user_set_password(actor=admin_a, user=target)
    assert not AccessAttempt.objects.filter(username="bi.khoa").exists()


def test_user_change_own_password(tree):
    user = member(tree["a"], "officer", must_change_password=True)
    with pytest.raises(ValidationError) as exc:
        services.user_change_own_password(
            actor=user, old_password="wrong", new_password="Moi-Mat-Khau-2026"
        )
    assert list(exc.value.message_dict) == ["old_password"]
    with pytest.raises(ValidationError) as exc:
        services.user_change_own_password(
            actor=user, old_password="demo-Pass-2025", new_password="12345678"
        )
    assert list(exc.value.message_dict) == ["new_password"]
    services.user_change_own_password(
        actor=user, old_password="demo-Pass-2025", new_password="Moi-Mat-Khau-2026"
    )
    user.refresh_from_db()
    assert user.check_password("Moi-Mat-Khau-2026") and not user.must_change_password
    assert AuditEntry.objects.latest("id").unit == tree["a"]


# --- memberships ---------------------------------------------------------------------


def test_membership_create_grants_and_clears_the_rights_cache(admin_p, tree):
    target = member(tree["a"], "officer")
    assert access.unit_ids_for(target, Action.VIEW) == {tree["a"].pk, tree["c"].pk}
    membership = services.membership_create(
        actor=admin_p, user=target, unit=tree["b"], role="viewer"
    )
    assert membership.valid_from == TODAY() and membership.is_active
    # The cached sets on `target` were forgotten: the new unit is visible at once.
    assert tree["b"].pk in access.unit_ids_for(target, Action.VIEW)
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.object_type, entry.unit_id) == (
        "create",
        "accounts.Membership",
        tree["b"].pk,
    )


def test_membership_create_refuses_duplicates_and_bad_dates(admin_a, tree):
    target = member(tree["a"], "officer")
    with pytest.raises(ValidationError) as exc:
        services.membership_create(actor=admin_a, user=target, unit=tree["a"], role="officer")
    assert list(exc.value.message_dict) == ["role"]
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            actor=admin_a,
            user=target,
            unit=tree["c"],
            role="viewer",
            valid_from=dt.date(2026, 5, 1),
            valid_to=dt.date(2026, 4, 1),
        )
    assert list(exc.value.message_dict) == ["valid_to"]


def test_membership_create_reopens_an_ended_membership(admin_a, tree):
    target = member(tree["a"], "officer")
    old = target.memberships.get()
    services.membership_end(actor=admin_a, membership=old)
    reopened = services.membership_create(
        actor=admin_a, user=target, unit=tree["a"], role="officer"
    )
    assert reopened.pk == old.pk and reopened.valid_to is None and reopened.is_active
    assert AuditEntry.objects.latest("id").message == "Khôi phục phân công."


def test_membership_create_in_another_commune_is_denied(admin_a, tree):
    target = member(tree["a"], "officer")
    with pytest.raises(AccessDenied):
        services.membership_create(actor=admin_a, user=target, unit=tree["b"], role="viewer")


def test_membership_end_takes_rights_away_today(admin_a, tree):
    target = member(tree["a"], "officer")
    membership = target.memberships.get()
    assert access.unit_ids_for(target, Action.EDIT)
    ended = services.membership_end(actor=admin_a, membership=membership)
    assert ended.valid_to == TODAY() and ended.has_ended and not ended.is_active
    assert access.unit_ids_for(membership.user, Action.EDIT) == frozenset()
    entry = AuditEntry.objects.latest("id")
    assert entry.before == {"valid_to": None}
    assert entry.after == {"valid_to": TODAY().isoformat()}
    with pytest.raises(ValidationError):
        services.membership_end(actor=admin_a, membership=membership)


def test_ending_ones_own_membership_clears_ones_own_cache(admin_a, tree):
    extra = MembershipFactory(user=admin_a, unit=tree["c"], role=role("viewer"))
    assert tree["c"].pk in access.unit_ids_for(admin_a, Action.MANAGE)
    services.membership_end(actor=admin_a, membership=admin_a.memberships.get(role__code="admin"))
    assert access.unit_ids_for(admin_a, Action.MANAGE) == frozenset()
    assert extra.is_active


def test_a_future_membership_ends_before_it_starts(admin_a, tree):
    target = member(tree["a"], "officer")
    later = TODAY() + dt.timedelta(days=10)
    membership = services.membership_create(
        actor=admin_a, user=target, unit=tree["c"], role="viewer", valid_from=later
    )
    ended = services.membership_end(actor=admin_a, membership=membership)
    assert ended.valid_to == later and not ended.is_active_on(later)


def test_membership_end_in_another_commune_is_denied(admin_a, tree):
    other = member(tree["b"], "officer")
    with pytest.raises(AccessDenied):
        services.membership_end(actor=admin_a, membership=other.memberships.get())
    assert other.memberships.get().valid_to is None


# --- who manages whom ----------------------------------------------------------------


def test_an_official_who_moved_away_is_out_of_the_former_units_reach(admin_a, admin_p, tree):
    moved = member(tree["a"], "officer")
    services.membership_create(actor=admin_p, user=moved, unit=tree["b"], role="officer")
    services.membership_end(actor=admin_p, membership=moved.memberships.get(unit=tree["a"]))
    with pytest.raises(AccessDenied):
        services.user_set_password(actor=admin_a, user=moved)


def test_a_user_whose_last_membership_ended_stays_with_that_unit(admin_a, admin_b, tree):
    target = member(tree["a"], "officer")
    services.membership_end(actor=admin_a, membership=target.memberships.get())
    assert services.user_set_active(actor=admin_a, user=target, is_active=False).is_active is False
    with pytest.raises(AccessDenied):
        services.user_set_active(actor=admin_b, user=target, is_active=True)


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


def test_generated_passwords_mix_cases_and_digits():
    for _ in range(50):
        password = services.generate_password()
        assert any(c.isupper() for c in password) and any(c.isdigit() for c in password)
        assert not set(password) & set("0O1lI")


def test_roles_are_seeded_by_the_migration():
    from tinhso.accounts.tests.factories import STANDARD_ROLES

    seeded = {
        r.code: (r.name, r.actions, r.scope, r.sort_order)
        for r in Role.objects.filter(code__in=STANDARD_ROLES)
    }
    assert seeded == STANDARD_ROLES
