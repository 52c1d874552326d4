"""Every branch of accounts/access.py (CONVENTIONS §4: access changes need full coverage)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from tinhso.accounts import access
from tinhso.accounts.access import AccessDenied, Action
from tinhso.accounts.models import Membership, Role
from tinhso.accounts.tests.factories import MembershipFactory, UserFactory, member, role
from tinhso.units.models import Unit, UnitLevel
from tinhso.units.tests.factories import UnitFactory, UnitLineageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """Province P with communes A and B; A has a service centre C; X is another province."""
    p = UnitFactory(province=True, code="75", name="Đồng Nai")
    a = UnitFactory(parent=p, name="Phường Biên Hòa")
    b = UnitFactory(parent=p, name="Phường Long Khánh")
    c = UnitFactory(parent=a, service_centre=True)
    x = UnitFactory(province=True, code="79", name="Hồ Chí Minh")
    return {"p": p, "a": a, "b": b, "c": c, "x": x}


def test_anonymous_user_reaches_no_unit(tree):
    assert access.unit_ids_for(AnonymousUser(), Action.VIEW) == frozenset()


def test_inactive_user_reaches_no_unit(tree):
    user = member(tree["a"], "admin")
    user.is_active = False
    assert access.unit_ids_for(user, Action.VIEW) == frozenset()


def test_superuser_reaches_every_unit(tree):
    user = UserFactory(is_superuser=True)
    assert access.unit_ids_for(user, Action.MANAGE) == frozenset(
        Unit.objects.values_list("pk", flat=True)
    )


def test_subtree_role_reaches_unit_and_descendants_only(tree):
    user = member(tree["a"], "officer")
    ids = access.unit_ids_for(user, Action.EDIT)
    assert ids == {tree["a"].pk, tree["c"].pk}
    assert tree["b"].pk not in ids and tree["p"].pk not in ids


def test_role_without_the_action_grants_nothing(tree):
    user = member(tree["p"], "viewer")
    assert access.unit_ids_for(user, Action.EDIT) == frozenset()
    assert tree["a"].pk in access.unit_ids_for(user, Action.VIEW)


def test_unit_only_role_does_not_reach_children(tree):
    clerk = Role.objects.create(code="clerk", name="Văn thư", actions=["view"], scope="unit")
    user = UserFactory()
    MembershipFactory(user=user, unit=tree["a"], role=clerk)
    assert access.unit_ids_for(user, Action.VIEW) == {tree["a"].pk}


def test_expired_and_future_memberships_grant_nothing(tree):
    user = UserFactory()
    today = timezone.localdate()
    MembershipFactory(
        user=user, unit=tree["a"], role=role("admin"), valid_to=today - dt.timedelta(days=1)
    )
    MembershipFactory(
        user=user, unit=tree["b"], role=role("admin"), valid_from=today + dt.timedelta(days=1)
    )
    assert access.unit_ids_for(user, Action.VIEW) == frozenset()


def test_reading_extends_to_predecessors_and_their_subtrees_but_writing_does_not(tree):
    old_province = UnitFactory(province=True, closed=True, code="70", name="Tỉnh Bình Phước")
    old_district = UnitFactory(
        parent=old_province,
        closed=True,
        level=UnitLevel.objects.get_or_create(code="district", defaults={"name": "Huyện"})[0],
    )
    old_commune = UnitFactory(parent=old_district, closed=True)
    UnitLineageFactory(predecessor=old_province, successor=tree["p"])
    # A two-step chain: an older unit merged into old_commune before.
    older = UnitFactory(closed=True, valid_to=dt.date(2020, 1, 1))
    UnitLineageFactory(predecessor=older, successor=old_commune, effective_date=dt.date(2020, 1, 1))
    user = member(tree["p"], "admin")
    view_ids = access.unit_ids_for(user, Action.VIEW)
    assert {old_province.pk, old_district.pk, old_commune.pk, older.pk} <= view_ids
    assert access.unit_ids_for(user, Action.AUDIT) >= {old_commune.pk}
    assert old_commune.pk not in access.unit_ids_for(user, Action.EDIT)
    # A commune officer does not inherit the province's history.
    officer = member(tree["a"], "officer")
    assert old_province.pk not in access.unit_ids_for(officer, Action.VIEW)


def test_split_predecessor_is_visible_to_both_successors(tree):
    old = UnitFactory(closed=True, name="Xã Xuân Tâm")
    UnitLineageFactory(predecessor=old, successor=tree["a"], kind="split", partial=True)
    UnitLineageFactory(predecessor=old, successor=tree["b"], kind="split", partial=True)
    assert old.pk in access.unit_ids_for(member(tree["a"], "viewer"), Action.VIEW)
    assert old.pk in access.unit_ids_for(member(tree["b"], "viewer"), Action.VIEW)


def test_result_is_cached_per_user_object_and_cleared_on_demand(tree, django_assert_num_queries):
    user = member(tree["a"], "officer")
    first = access.unit_ids_for(user, Action.VIEW)
    with django_assert_num_queries(0):
        assert access.unit_ids_for(user, Action.VIEW) == first
    Membership.objects.filter(user=user).delete()
    assert access.unit_ids_for(user, Action.VIEW) == first  # still cached in this request
    access.clear_cache(user)
    assert access.unit_ids_for(user, Action.VIEW) == frozenset()
    access.clear_cache(user)  # clearing twice is harmless


def test_anonymous_results_are_not_cached_on_the_shared_object(tree):
    anon = AnonymousUser()
    access.unit_ids_for(anon, Action.VIEW)
    assert not hasattr(anon, "_tinhso_unit_ids")


def test_can_and_require(tree):
    user = member(tree["a"], "officer")
    assert access.can(user, Action.EDIT, tree["a"])
    assert access.can(user, "edit", tree["c"].pk)
    assert not access.can(user, Action.EDIT, tree["b"])
    assert not access.can(user, Action.EDIT, None)
    access.require(user, Action.EDIT, tree["a"])
    with pytest.raises(AccessDenied):
        access.require(user, Action.EDIT, tree["b"])
    with pytest.raises(Http404):  # AccessDenied is a 404: forbidden looks missing
        access.require(user, Action.MANAGE, tree["a"])


def test_scope_filters_by_unit_lookup_and_by_pk_for_units(tree):
    admin_a = member(tree["a"], "admin")
    other = member(tree["b"], "admin")
    scoped = access.scope(Membership.objects.all(), admin_a, Action.MANAGE)
    assert set(scoped.values_list("user_id", flat=True)) == {admin_a.pk}
    assert other.pk not in set(scoped.values_list("user_id", flat=True))
    units = access.scope(Unit.objects.all(), admin_a, Action.MANAGE)
    assert set(units.values_list("pk", flat=True)) == {tree["a"].pk, tree["c"].pk}
    assert set(Membership.objects.for_user(admin_a, Action.MANAGE)) == set(scoped)


def test_scope_refuses_a_model_without_unit_lookup(tree):
    with pytest.raises(TypeError):
        access.scope(Role.objects.all(), UserFactory(), Action.VIEW)


def test_get_for_user_or_404_makes_forbidden_and_missing_identical(tree):
    admin_a = member(tree["a"], "admin")
    admin_b = member(tree["b"], "admin")
    mine = Membership.objects.get(user=admin_a)
    theirs = Membership.objects.get(user=admin_b)
    assert access.get_for_user_or_404(Membership, admin_a, Action.MANAGE, pk=mine.pk) == mine
    qs = Membership.objects.select_related("unit")
    assert access.get_for_user_or_404(qs, admin_a, Action.MANAGE, pk=mine.pk) == mine
    with pytest.raises(AccessDenied) as forbidden:
        access.get_for_user_or_404(Membership, admin_a, Action.MANAGE, pk=theirs.pk)
    with pytest.raises(AccessDenied) as missing:
        access.get_for_user_or_404(Membership, admin_a, Action.MANAGE, pk=10**9)
    assert str(forbidden.value) == str(missing.value)


def test_a_unit_without_a_path_never_widens_to_every_unit(tree):
    user = member(tree["a"], "admin")
    Unit.objects.filter(pk=tree["a"].pk).update(path="")
    assert access.unit_ids_for(user, Action.MANAGE) == {tree["a"].pk}
    old = UnitFactory(closed=True)
    Unit.objects.filter(pk=old.pk).update(path="")
    UnitLineageFactory(predecessor=old, successor=tree["a"])
    access.clear_cache(user)
    assert access.unit_ids_for(user, Action.VIEW) == {tree["a"].pk, old.pk}


def test_clear_cache_on_a_user_without_cache_is_harmless(tree):
    user = UserFactory()
    access.clear_cache(user)
    assert not hasattr(user, "_tinhso_unit_ids")


def test_lineage_walk_is_bounded_against_bad_data(tree):
    # A chain longer than any real history (one reform a decade) stops after the bound.
    successor = tree["a"]
    chain = []
    for step in range(access._MAX_LINEAGE_STEPS + 2):
        older = UnitFactory(closed=True, valid_to=dt.date(2020 - step, 1, 1))
        UnitLineageFactory(
            predecessor=older, successor=successor, effective_date=dt.date(2020 - step, 1, 1)
        )
        chain.append(older.pk)
        successor = older
    ids = access.unit_ids_for(member(tree["a"], "viewer"), Action.VIEW)
    assert set(chain[: access._MAX_LINEAGE_STEPS]) <= ids
    assert chain[-1] not in ids


def _shared_task(lead, co_units, number="1-KH/TEST"):
    """A task led by `lead` and shared with `co_units` (the model with shared_unit_lookups)."""
    from tinhso.documents.models import Document
    from tinhso.programmes.models import Plan
    from tinhso.tasks.models import Task

    doc = Document.objects.create(
        number=number,
        issuer="Test",
        issued_on=dt.date(2025, 1, 2),
        title="t",
        owner_unit=lead,
    )
    plan = Plan.objects.create(document=doc, unit=lead, title="plan")
    task = Task.objects.create(plan=plan, lead_unit=lead, title="shared task")
    task.co_units.set(co_units)
    return task


def test_shared_units_may_view_but_not_act_and_rows_are_not_duplicated(tree):
    from tinhso.tasks.models import Task

    task = _shared_task(tree["a"], [tree["b"], tree["c"]])
    # Officer of B co-ordinates: sees the task once, may not edit it.
    officer_b = member(tree["b"], "officer")
    assert list(Task.objects.for_user(officer_b, Action.VIEW)) == [task]
    assert not Task.objects.for_user(officer_b, Action.EDIT).exists()
    # The province leader reaches it through the lead unit and through both co-units: once.
    leader_p = member(tree["p"], "leader")
    assert list(Task.objects.for_user(leader_p, Action.VIEW)) == [task]
    # Another province sees nothing.
    assert not Task.objects.for_user(member(tree["x"], "admin"), Action.VIEW).exists()
    with pytest.raises(AccessDenied):
        access.get_for_user_or_404(Task, officer_b, Action.EDIT, pk=task.pk)
    assert access.get_for_user_or_404(Task, officer_b, Action.VIEW, pk=task.pk) == task


def test_a_parent_lead_reads_delegated_sub_tasks_and_shared_rows_are_cached(tree):
    from tinhso.tasks.models import Task

    parent = _shared_task(tree["a"], [])
    child = Task.objects.create(
        plan=parent.plan, lead_unit=tree["b"], parent=parent, kind="subtask", title="sub"
    )
    officer_a = member(tree["a"], "officer")
    visible = Task.objects.for_user(officer_a, Action.VIEW)
    # A delegates to B: A reads B's sub-task (through parent__lead_unit), once.
    assert list(visible.order_by("pk")) == [parent, child]
    # Cached per user: a later share needs clear_cache (as after a membership change).
    sibling = _shared_task(tree["b"], [tree["a"]], number="2-KH/TEST")
    assert sibling not in Task.objects.for_user(officer_a, Action.VIEW)
    access.clear_cache(officer_a)
    assert sibling in Task.objects.for_user(officer_a, Action.VIEW)
    # Anonymous users reach nothing and nothing is cached on them.
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not Task.objects.for_user(anonymous, Action.VIEW).exists()
    assert not hasattr(anonymous, "_tinhso_shared_ids")


def test_shared_unit_columns_let_the_receiving_unit_view_only(tree):
    """A dossier received in B and resolved in A (`shared_unit_columns`): B reads, A acts."""
    from tinhso.dossiers.models import Dossier
    from tinhso.dossiers.tests.factories import DossierFactory

    dossier = DossierFactory(resolving_unit=tree["a"], receiving_unit=tree["b"])
    officer_b = member(tree["b"], "officer")
    assert list(Dossier.objects.for_user(officer_b, Action.VIEW)) == [dossier]
    assert not Dossier.objects.for_user(officer_b, Action.EDIT).exists()
    assert list(Dossier.objects.for_user(member(tree["a"], "officer"), Action.EDIT)) == [dossier]
    # Reached through two columns by the province: still one row.
    assert list(Dossier.objects.for_user(member(tree["p"], "leader"), Action.VIEW)) == [dossier]
    assert not Dossier.objects.for_user(member(tree["x"], "admin"), Action.VIEW).exists()
