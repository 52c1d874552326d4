"""Read selectors for target sets, targets, assessments and form choices."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from tinhso.indicators.models import Indicator
from tinhso.programmes.models import (
    Catalogue,
    Plan,
    PlanGroup,
    Target,
    TargetAssessment,
    TargetMilestone,
    TargetSet,
)

from .common import _missing_pk

# ---------------------------------------------------------------------------------------
# Target sets and targets


def target_set_get(*, pk: int) -> TargetSet:
    """One target set with its plan. Errors: `Http404`."""
    if _missing_pk(pk):
        raise Http404("No such target set.")
    ts = (
        TargetSet.objects.select_related("plan__document", "plan__unit", "document")
        .filter(pk=pk)
        .first()
    )
    if ts is None:
        raise Http404("No such target set.")
    return ts


def target_set_versions(*, plan_id: int) -> QuerySet[TargetSet]:
    """Every version of a plan's target set, oldest first, with target counts."""
    return (
        TargetSet.objects.filter(plan_id=plan_id)
        .annotate(target_count=Count("targets"))
        .order_by("version")
    )


def target_list(*, target_set: TargetSet) -> list[Target]:
    """The targets of a set in order, with milestones, group, indicator and the set's plan
    loaded (milestones prefetched: two queries whatever the number of targets)."""
    return list(
        Target.objects.filter(target_set_id=target_set.pk)
        .select_related("group", "indicator", "target_set__plan__unit", "lead_unit")
        .prefetch_related(Prefetch("milestones", queryset=TargetMilestone.objects.order_by("year")))
        .order_by("sort_order", "code", "pk")
    )


def target_get(*, pk: int) -> Target:
    """One target with its set, plan, group, indicator and milestones. Errors: `Http404`."""
    if _missing_pk(pk):
        raise Http404("No such target.")
    target = (
        Target.objects.select_related(
            "target_set__plan__document",
            "target_set__plan__unit",
            "group",
            "indicator",
            "lead_unit",
            "source_document",
        )
        .prefetch_related(Prefetch("milestones", queryset=TargetMilestone.objects.order_by("year")))
        .filter(pk=pk)
        .first()
    )
    if target is None:
        raise Http404("No such target.")
    return target


def target_history(*, target: Target) -> list[Target]:
    """The same target (same `key`) in every version of its plan's target set."""
    return list(
        Target.objects.filter(key=target.key, target_set__plan_id=target.target_set.plan_id)
        .select_related("target_set")
        .order_by("target_set__version")
    )


def target_assessments(*, target: Target) -> QuerySet[TargetAssessment]:
    """All assessments of a target, newest first (public, like the target)."""
    return (
        TargetAssessment.objects.filter(target_id=target.pk)
        .select_related("author")
        .order_by("-as_of", "-pk")
    )


def assessment_list(*, target_set: TargetSet) -> QuerySet[TargetAssessment]:
    """All assessments of a set's targets, newest first (for lists and exports)."""
    return (
        TargetAssessment.objects.filter(target__target_set_id=target_set.pk)
        .select_related("target")
        .order_by("target__sort_order", "target_id", "-as_of", "-pk")
    )


def indicator_by_code(*, code: str) -> Indicator:
    """The catalogue indicator with `code` (the catalogue is public). Errors: `Http404`."""
    found = Indicator.objects.filter(code=code.replace("\x00", "").strip()).first()
    if found is None:
        raise Http404("No such indicator.")
    return found


def plan_group_choices(*, plan_id: int) -> list[tuple[int, str]]:
    """The groups of a plan as (id, "code. title") for pickers."""
    return [
        (g.pk, f"{g.code}. {g.title}")
        for g in PlanGroup.objects.filter(plan_id=plan_id).order_by("sort_order", "code")
    ]


def plan_group_get(*, pk: int) -> PlanGroup:
    """One plan group. Errors: `Http404`."""
    if _missing_pk(pk):
        raise Http404("No such plan group.")
    group = PlanGroup.objects.filter(pk=pk).first()
    if group is None:
        raise Http404("No such group.")
    return group


def target_set_latest(*, plan_id: int) -> TargetSet | None:
    """The newest version of a plan's target set."""
    return TargetSet.objects.filter(plan_id=plan_id).order_by("-version").first()


def plan_choices(*, exclude_pk: int | None = None) -> list[tuple[int, str]]:
    """Plans as (id, "number · title") for the parent picker."""
    qs = Plan.objects.select_related("document").order_by("-document__issued_on", "pk")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return [(p.pk, f"{p.document.number} · {p.title}"[:120]) for p in qs[:500]]


def catalogue_choices() -> list[tuple[int, str]]:
    """Catalogue versions as (id, "name (vN)") for the plan form."""
    return [(c.pk, str(c)) for c in Catalogue.objects.order_by("code", "-version")]
