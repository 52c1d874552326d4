"""Membership services: grant, reopen, end, rights cache, who manages whom; seeded roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tinhso.accounts import access, services
from tinhso.accounts.access import AccessDenied, Action
from tinhso.accounts.models import Role
from tinhso.accounts.tests.factories import MembershipFactory, member, role
from tinhso.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


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


def test_roles_are_seeded_by_the_migration():
    from tinhso.accounts.tests.factories import STANDARD_ROLES

    seeded = {
        r.code: (r.name, r.actions, r.scope, r.sort_order)
        for r in Role.objects.filter(code__in=STANDARD_ROLES)
    }
    assert seeded == STANDARD_ROLES
