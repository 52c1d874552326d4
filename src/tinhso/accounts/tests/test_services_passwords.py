"""Password services: administrator's reset, own change, generated passwords."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tinhso.accounts import services
from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


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


def test_generated_passwords_mix_cases_and_digits():
    for _ in range(50):
        password = services.generate_password()
        assert any(c.isupper() for c in password) and any(c.isdigit() for c in password)
        assert not set(password) & set("0O1lI")
