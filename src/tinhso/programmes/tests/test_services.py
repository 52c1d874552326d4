"""Plan, catalogue, target-set, target and assessment services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tinhso.accounts.access import AccessDenied
from tinhso.accounts.tests.factories import UserFactory, member
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.documents.tests.factories import DocumentFactory
from tinhso.programmes import selectors, services
from tinhso.programmes.models import Catalogue, Target, TargetAssessment, TargetSet

from .factories import (
    CatalogueFactory,
    CatalogueItemFactory,
    PlanFactory,
    PlanGroupFactory,
    TargetAssessmentFactory,
    TargetFactory,
    TargetMilestoneFactory,
    TargetSetFactory,
)

pytestmark = pytest.mark.django_db


def test_plan_create_update_and_access(world, officer, outsider):
    doc = DocumentFactory(owner_unit=world["A"])
    nq = DocumentFactory(resolution=True, owner_unit=world["P"])
    plan = services.plan_create(
        actor=officer, unit=world["A"], document=doc, title="KH 469", data={"implements": nq}
    )
    assert plan.implements == nq
    with pytest.raises(AccessDenied):
        services.plan_create(actor=outsider, unit=world["A"], document=doc, title="x")
    with pytest.raises(AccessDenied):
        services.plan_update(actor=outsider, plan=plan, data={"title": "x"}, version=1)
    updated = services.plan_update(
        actor=officer, plan=plan, data={"title": "KH 469 mới"}, version=1
    )
    assert updated.version == 2
    with pytest.raises(ConcurrentEditError):
        services.plan_update(actor=officer, plan=plan, data={"title": "y"}, version=1)
    with pytest.raises(ValidationError):
        services.plan_update(actor=officer, plan=plan, data={"unit": world["B"]}, version=2)


def test_plan_cannot_be_its_own_ancestor(world, officer):
    parent = PlanFactory(unit=world["A"])
    child = PlanFactory(unit=world["A"], parent=parent)
    with pytest.raises(ValidationError):
        services.plan_update(actor=officer, plan=parent, data={"parent": child}, version=1)


def test_groups_from_catalogue(world, officer):
    cat = CatalogueFactory()
    for code in ("1", "2", "3"):
        CatalogueItemFactory(catalogue=cat, code=code, sort_order=int(code))
    plan = PlanFactory(unit=world["A"], catalogue=cat)
    PlanGroupFactory(plan=plan, code="1")
    created = services.plan_groups_from_catalogue(actor=officer, plan=plan)
    assert [g.code for g in created] == ["2", "3"]
    other = CatalogueItemFactory()
    with pytest.raises(ValidationError):
        services.plan_group_create(
            actor=officer, plan=plan, code="9", title="x", catalogue_item=other
        )


def test_catalogue_new_version_copies_items_and_keeps_old(world):
    admin = member(world["P"], "admin")
    cat = services.catalogue_create(
        actor=admin,
        code="plan02-groups",
        name="Tám nhóm nhiệm vụ Kế hoạch 02",
        items=[("1", "Thể chế"), ("2", "Hạ tầng số")],
        valid_from=dt.date(2025, 6, 19),
    )
    v2 = services.catalogue_new_version(actor=admin, catalogue=cat, valid_from=dt.date(2026, 1, 1))
    assert v2.version == 2
    assert [i.code for i in v2.items.all()] == ["1", "2"]
    cat.refresh_from_db()
    assert cat.valid_to == dt.date(2026, 1, 1)
    assert Catalogue.objects.filter(code="plan02-groups").count() == 2
    with pytest.raises(DomainError):
        services.catalogue_new_version(actor=admin, catalogue=cat, valid_from=dt.date(2026, 2, 1))
    # A commune officer cannot change province-wide catalogues.
    with pytest.raises(AccessDenied):
        services.catalogue_create(actor=member(world["B"], "admin"), code="x", name="x", items=[])
    assert [c.version for c in selectors.catalogue_list(code="plan02-groups")] == [2, 1]


def test_target_set_revise_keeps_history(world, officer):
    ts = TargetSetFactory(plan__unit=world["A"], label="43 chỉ tiêu")
    group = PlanGroupFactory(plan=ts.plan)
    national = TargetFactory()
    targets = [TargetFactory(target_set=ts, group=group, key=f"k{i}") for i in range(43)]
    TargetMilestoneFactory(target=targets[0], year=2025, value=Decimal(50))
    TargetMilestoneFactory(target=targets[0], year=2026, value=Decimal(60))
    targets[0].national_targets.add(national)
    TargetAssessmentFactory(target=targets[0])
    new = services.target_set_revise(
        actor=officer, target_set=ts, label="45 chỉ tiêu", valid_from=dt.date(2025, 12, 2)
    )
    for i in (43, 44):
        services.target_create(
            actor=officer, target_set=new, data={"key": f"k{i}", "code": str(i + 1), "text": "mới"}
        )
    ts.refresh_from_db()
    assert ts.valid_to == dt.date(2025, 12, 2)
    assert ts.targets.count() == 43 and new.targets.count() == 45
    copy = new.targets.get(key="k0")
    assert copy.pk != targets[0].pk and copy.group == group
    assert {m.year: m.value for m in copy.milestones.all()} == {2025: 50, 2026: 60}
    assert list(copy.national_targets.all()) == [national]
    # Assessments stay with the old version (history).
    assert TargetAssessment.objects.get().target_id == targets[0].pk
    # Only the latest version is revised, and it must start later.
    with pytest.raises(DomainError):
        services.target_set_revise(
            actor=officer, target_set=ts, label="x", valid_from=dt.date(2026, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.target_set_revise(
            actor=officer, target_set=new, label="x", valid_from=dt.date(2025, 12, 2)
        )
    # History by key.
    assert [t.target_set.version for t in selectors.target_history(target=copy)] == [1, 2]
    # The set valid on a date.
    assert selectors.plan_current_target_set(plan=ts.plan, as_of=dt.date(2025, 8, 31)) == ts
    assert selectors.plan_current_target_set(plan=ts.plan, as_of=dt.date(2025, 12, 31)) == new


def test_revise_other_unit_is_refused(world, outsider):
    ts = TargetSetFactory(plan__unit=world["A"])
    with pytest.raises(AccessDenied):
        services.target_set_revise(
            actor=outsider, target_set=ts, label="x", valid_from=dt.date(2026, 1, 1)
        )
    assert TargetSet.objects.count() == 1


def test_target_create_update_rules(world, officer, outsider):
    ts = TargetSetFactory(plan__unit=world["A"])
    foreign_group = PlanGroupFactory()
    with pytest.raises(ValidationError):
        services.target_create(
            actor=officer,
            target_set=ts,
            data={"key": "a", "code": "1", "text": "x", "group": foreign_group},
        )
    with pytest.raises(ValidationError):
        services.target_create(
            actor=officer,
            target_set=ts,
            data={"key": "a", "code": "1", "text": "x", "baseline_year": 2024, "target_year": 2030},
            milestones={2024: Decimal(1)},
        )
    t = services.target_create(
        actor=officer,
        target_set=ts,
        data={"key": "a", "code": "1", "text": "x", "baseline_year": 2024, "target_year": 2030},
        milestones={2025: Decimal(1)},
    )
    with pytest.raises(ValidationError):
        services.target_create(
            actor=officer, target_set=ts, data={"key": "a", "code": "2", "text": "y"}
        )
    with pytest.raises(AccessDenied):
        services.target_update(actor=outsider, target=t, data={"text": "z"}, version=1)
    t2 = services.target_update(
        actor=officer, target=t, data={"text": "z"}, version=1, milestones={2026: Decimal(5)}
    )
    assert t2.version == 2 and [m.year for m in t2.milestones.all()] == [2026]
    with pytest.raises(ConcurrentEditError):
        services.target_update(actor=officer, target=t, data={"text": "w"}, version=1)


def test_target_delete_only_from_open_version_without_assessments(world, officer):
    ts = TargetSetFactory(plan__unit=world["A"])
    t = TargetFactory(target_set=ts)
    kept = TargetFactory(target_set=ts)
    TargetAssessmentFactory(target=kept)
    with pytest.raises(DomainError):
        services.target_delete(actor=officer, target=kept)
    services.target_delete(actor=officer, target=t)
    assert not Target.objects.filter(pk=t.pk).exists()
    services.target_set_revise(
        actor=officer, target_set=ts, label="v2", valid_from=dt.date(2026, 1, 1)
    )
    old = TargetFactory(target_set=ts)
    with pytest.raises(DomainError):
        services.target_delete(actor=officer, target=old)


def test_assess_rules_and_audit(world, officer, outsider):
    t = TargetFactory(target_set__plan__unit=world["A"])
    with pytest.raises(ValidationError) as exc:
        services.target_assess(
            actor=officer, target=t, as_of=dt.date(2025, 8, 31), measurement="confirmed"
        )
    assert {"value", "source"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.target_assess(
            actor=officer, target=t, as_of=dt.date(2025, 8, 31), measurement="x", value=Decimal(1)
        )
    with pytest.raises(AccessDenied):
        services.target_assess(
            actor=outsider,
            target=t,
            as_of=dt.date(2025, 8, 31),
            measurement="compiling",
            value=Decimal(1),
        )
    a = services.target_assess(
        actor=officer,
        target=t,
        as_of=dt.date(2025, 8, 31),
        measurement="confirmed",
        value=Decimal("55.5"),
        source="BC 198/BC-UBND",
    )
    assert a.author == officer
    entry = AuditEntry.objects.get(object_type="programmes.TargetAssessment")
    assert entry.unit_id == world["A"].pk


def test_services_refuse_anonymous(world):
    t = TargetFactory(target_set__plan__unit=world["A"])
    with pytest.raises(AccessDenied):
        services.target_assess(
            actor=UserFactory(),
            target=t,
            as_of=dt.date(2025, 8, 31),
            measurement="compiling",
            value=Decimal(1),
        )
