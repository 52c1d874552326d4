"""`make run`'s seed: real units, demo accounts with the right rights, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tinhso.accounts.access import Action, can, unit_ids_for
from tinhso.accounts.models import User
from tinhso.audit.models import AuditEntry
from tinhso.demo.accounts import DEMO_PASSWORD
from tinhso.units.models import Unit

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_to_run_without_units():
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_seed_demo_creates_accounts_through_services_and_is_idempotent():
    call_command("load_units", verbosity=0)
    call_command("seed_demo", "--accounts-only", verbosity=0)
    users = User.objects.count()
    assert users == 11 + 95 * 3
    assert AuditEntry.objects.filter(actor__username="admin.tinh").count() >= 9 + 285
    call_command("seed_demo", "--accounts-only", verbosity=0)
    assert User.objects.count() == users

    def unit(code: str) -> Unit:
        return Unit.objects.current().get(code=code, level__code="commune")

    province = Unit.objects.current().get(code="75", level__code="province")
    admin = User.objects.get(username="admin.tinh")
    assert can(admin, Action.MANAGE, unit("26173"))
    inspector = User.objects.get(username="thanhtra")
    assert can(inspector, Action.AUDIT, unit("26068"))
    assert unit_ids_for(inspector, Action.EDIT) == frozenset()
    officer = User.objects.get(username="bienhoa.canbo")
    assert can(officer, Action.EDIT, unit("26068"))
    assert not can(officer, Action.VIEW, unit("26080"))
    assert not can(officer, Action.VIEW, province)
    leader = User.objects.get(username="bcd.lanhdao")
    assert can(leader, Action.VIEW, unit("26080")) and not can(leader, Action.EDIT, unit("26080"))

    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "phuly.canbo", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.status_code == 200 and "Xã Phú Lý" in response.content.decode()
