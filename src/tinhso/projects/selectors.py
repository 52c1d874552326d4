"""Read use-cases of projects: the filtered list (progress, lagging and open blockers on an
as-of date), one project with its milestones, history, blockers and photos, open blockers
across projects, and the counts dashboards read.

Access: every selector starts from `<Model>.objects.for_user(user, Action.VIEW)` (the
managing unit's subtree readers); a project someone may not see is missing (404). Rows under
a project are read through the project the user may see.

Figures on a date `t`: the physical / financial progress of a project on `t` is that of its
latest update dated on or before `t` (0 without one); "lagging" is `status.lagging_q`; a
blocker is open on `t` when raised on or before `t` and not resolved by `t`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from tinhso.accounts.access import Action, unit_ids_for
from tinhso.programmes.models import Target
from tinhso.tasks.models import Task
from tinhso.tasks.status import DayNumber
from tinhso.units.models import Unit

from .models import (
    Project,
    ProjectBlocker,
    ProjectMilestone,
    ProjectPhoto,
    ProjectProgress,
    ProjectStatus,
    open_q,
)
from .status import (
    _EPOCH,
    MilestoneStatus,
    expected_percent,
    is_lagging,
    lagging_q,
    milestone_status_label,
    milestone_status_on,
    milestone_status_q,
)


def _today() -> dt.date:
    return timezone.localdate()


def unit_by_code(code: str) -> Unit | None:
    """The current unit with `code` (the higher level wins when two levels share it)."""
    return (
        Unit.objects.filter(code=code, valid_to__isnull=True)
        .order_by("level__sort_order", "pk")
        .first()
    )


def _subtree_ids(unit: Unit) -> list[int]:
    return list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))


def _latest(field: str, as_of: dt.date) -> Coalesce:
    rows = ProjectProgress.objects.filter(project=OuterRef("pk"), as_of__lte=as_of).order_by(
        "-as_of", "-pk"
    )
    return Coalesce(Subquery(rows.values(field)[:1]), Value(0))


def _expected_expression(as_of: dt.date) -> Case:
    """`status.expected_percent` in SQL (integer ceiling of the straight line)."""
    elapsed = Value((as_of - _EPOCH).days) - DayNumber(F("planned_start"))
    span = DayNumber(F("planned_end")) - DayNumber(F("planned_start"))
    line = ExpressionWrapper(
        (Value(100) * elapsed + span - Value(1)) / span, output_field=IntegerField()
    )
    return Case(
        When(
            Q(planned_start__isnull=True)
            | Q(planned_end__isnull=True)
            | Q(planned_end__lte=F("planned_start")),
            then=Value(None),
        ),
        When(planned_start__gte=as_of, then=Value(0)),
        When(planned_end__lte=as_of, then=Value(100)),
        default=line,
        output_field=IntegerField(),
    )


def _open_blockers(as_of: dt.date) -> QuerySet[ProjectBlocker]:
    return ProjectBlocker.objects.filter(open_q(as_of), project=OuterRef("pk"))


def with_figures(qs: QuerySet[Project], as_of: dt.date) -> QuerySet[Project]:
    """Annotate `physical_on`, `financial_on`, `expected_on`, `lagging` and `open_blockers`
    (all on `as_of`)."""
    open_count = (
        _open_blockers(as_of).order_by().values("project").annotate(n=Count("pk")).values("n")
    )
    return qs.annotate(
        physical_on=_latest("physical_percent", as_of),
        financial_on=_latest("financial_percent", as_of),
        expected_on=_expected_expression(as_of),
        open_blockers=Coalesce(Subquery(open_count[:1]), Value(0)),
    ).annotate(
        lagging=Case(
            When(lagging_q(as_of, physical=F("physical_on")), then=Value(True)),
            default=Value(False),
        )
    )


def project_list(*, user: Any, filters: Mapping[str, Any]) -> QuerySet[Project]:
    """Projects `user` may see, filtered, with their figures on `filters["as_of"]`.

    Filters (all optional): `as_of` (default today), `status`, `kind`, `unit` (unit code:
    the managing unit or any unit below it), `has_open_blockers` (true: at least one
    blocker open on `as_of`), `lagging` (true: `status.lagging_q` on `as_of`), `q` (code or
    name). Ordered by code, then id. Action: VIEW. Side effects: none. Errors: none; an
    unknown unit code gives an empty list.
    """
    as_of: dt.date = filters.get("as_of") or _today()
    qs = Project.objects.for_user(user, Action.VIEW)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if code := filters.get("unit"):
        unit = unit_by_code(str(code).strip())
        if unit is None:
            return qs.none()
        qs = qs.filter(unit_id__in=_subtree_ids(unit))
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=text) | Q(code__iexact=text))
    if filters.get("has_open_blockers"):
        qs = qs.filter(Exists(_open_blockers(as_of)))
    qs = with_figures(qs.select_related("unit"), as_of)
    if filters.get("lagging"):
        qs = qs.filter(**{"lagging": True})  # the annotation of `with_figures`
    return qs.order_by("code", "pk")


def decorate(project: Project, as_of: dt.date) -> Project:
    """Attach the figures on `as_of` computed in Python (same rules as `with_figures`)."""
    latest = project_progress_on(project=project, as_of=as_of)
    physical = latest.physical_percent if latest else 0
    project.as_of = as_of  # type: ignore[attr-defined]  # computed attribute
    project.physical_on = physical  # type: ignore[attr-defined]
    project.financial_on = latest.financial_percent if latest else 0  # type: ignore[attr-defined]
    project.expected_on = expected_percent(  # type: ignore[attr-defined]
        as_of=as_of, start=project.planned_start, end=project.planned_end
    )
    project.lagging = is_lagging(  # type: ignore[attr-defined]
        as_of=as_of,
        start=project.planned_start,
        end=project.planned_end,
        physical_percent=physical,
    )
    return project


def project_get(
    *, user: Any, pk: int, as_of: dt.date | None = None, action: str = Action.VIEW
) -> Project:
    """One project `user` may see (or act on with `action`), with its links and figures on
    `as_of` (default today). Action: VIEW (or the one given). Side effects: none. Errors:
    `Http404` when missing or not visible.
    """
    project = (
        Project.objects.for_user(user, action)
        .select_related("unit", "decision_document")
        .prefetch_related(
            Prefetch("communes", queryset=Unit.objects.order_by("name", "pk")),
            Prefetch(
                "tasks",
                queryset=Task.objects.select_related("lead_unit").order_by("deadline", "pk"),
            ),
            Prefetch(
                "targets",
                queryset=Target.objects.select_related("target_set").order_by("code", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    return decorate(project, as_of or _today())


def project_progress_on(*, project: Project, as_of: dt.date) -> ProjectProgress | None:
    """The latest update of `project` dated on or before `as_of` (None without one)."""
    return (
        ProjectProgress.objects.filter(project=project, as_of__lte=as_of)
        .order_by("-as_of", "-pk")
        .first()
    )


def project_progress_list(*, project: Project) -> QuerySet[ProjectProgress]:
    """The progress history of a project the caller already may see, newest first."""
    return (
        ProjectProgress.objects.filter(project=project)
        .select_related("author")
        .order_by("-as_of", "-pk")
    )


def project_milestones(*, project: Project, as_of: dt.date) -> list[ProjectMilestone]:
    """The milestones of a project (already visible) in order, each with `status` and
    `status_label` on `as_of` (`status.milestone_status_on`)."""
    rows = list(
        ProjectMilestone.objects.filter(project=project).order_by("sort_order", "planned_on", "pk")
    )
    for row in rows:
        code = milestone_status_on(as_of=as_of, planned_on=row.planned_on, actual_on=row.actual_on)
        row.status = code  # type: ignore[attr-defined]  # computed
        row.status_label = milestone_status_label(code)  # type: ignore[attr-defined]  # computed
    return rows


def project_blockers(*, project: Project, as_of: dt.date) -> list[ProjectBlocker]:
    """The blockers of a project (already visible), open ones first, each with `is_open`
    on `as_of`."""
    rows = list(
        ProjectBlocker.objects.filter(project=project)
        .select_related("owner_unit")
        .order_by("raised_on", "pk")
    )
    for row in rows:
        row.is_open = row.raised_on <= as_of and (  # type: ignore[attr-defined]  # computed
            row.resolved_on is None or row.resolved_on > as_of
        )
    rows.sort(key=lambda b: (not b.is_open, b.raised_on, b.pk))  # type: ignore[attr-defined]
    return rows


def project_photos(*, project: Project) -> QuerySet[ProjectPhoto]:
    """The photos of a project (already visible), newest first."""
    return ProjectPhoto.objects.filter(project=project).order_by("-taken_on", "-pk")


def project_photo_get(*, user: Any, pk: int) -> ProjectPhoto:
    """One photo `user` may see. Action: VIEW. Errors: `Http404`."""
    photo = ProjectPhoto.objects.for_user(user, Action.VIEW).filter(pk=pk).first()
    if photo is None:
        raise Http404("No such photo.")
    return photo


def blocker_get(
    *, user: Any, project_pk: int, pk: int, action: str = Action.VIEW
) -> ProjectBlocker:
    """One blocker of project `project_pk` that `user` may see (or act on). Errors: `Http404`."""
    blocker = (
        ProjectBlocker.objects.for_user(user, action)
        .select_related("project")
        .filter(pk=pk, project_id=project_pk)
        .first()
    )
    if blocker is None:
        raise Http404("No such blocker.")
    return blocker


def blocker_open_list(*, user: Any, filters: Mapping[str, Any]) -> QuerySet[ProjectBlocker]:
    """Blockers open on `as_of` (default today) across the projects `user` may see: what a
    leader must act on. Filters: `as_of`, `unit` (managing unit code and below), `q`
    (text). Ordered by raised date (oldest first), then id. Action: VIEW."""
    as_of: dt.date = filters.get("as_of") or _today()
    qs = ProjectBlocker.objects.for_user(user, Action.VIEW).filter(open_q(as_of))
    if code := filters.get("unit"):
        unit = unit_by_code(str(code).strip())
        if unit is None:
            return qs.none()
        qs = qs.filter(project__unit_id__in=_subtree_ids(unit))
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(Q(description__icontains=text) | Q(project__name__icontains=text))
    return qs.select_related("project__unit", "owner_unit").order_by("raised_on", "pk")


def project_counts(*, user: Any, as_of: dt.date | None = None) -> dict[str, Any]:
    """Figures for dashboards on `as_of` (default today), over the projects `user` may see:
    `total`, `by_status` (code → count), `lagging`, `with_open_blockers`, `open_blockers`,
    `overdue_milestones`. A fixed number of queries. Action: VIEW."""
    day = as_of or _today()
    projects = Project.objects.for_user(user, Action.VIEW)
    by_status = {code: 0 for code in ProjectStatus.values}
    for row in projects.order_by().values("status").annotate(n=Count("pk")):
        by_status[row["status"]] = row["n"]
    # Counted in Python: a province has tens of projects, and PostgreSQL cannot filter an
    # aggregate on these annotations (Django moves them into a subquery without them).
    annotated: Any = with_figures(projects, day)  # the stubs do not see the annotations
    flags = list(annotated.values_list("lagging", "open_blockers"))
    figures = {
        "lagging": sum(1 for lagging, _open in flags if lagging),
        "with_open": sum(1 for _lagging, open_ in flags if open_),
    }
    open_blockers = ProjectBlocker.objects.for_user(user, Action.VIEW).filter(open_q(day)).count()
    overdue = (
        ProjectMilestone.objects.for_user(user, Action.VIEW)
        .filter(milestone_status_q(MilestoneStatus.OVERDUE, day))
        .count()
    )
    return {
        "as_of": day,
        "total": sum(by_status.values()),
        "by_status": by_status,
        "lagging": figures["lagging"],
        "with_open_blockers": figures["with_open"],
        "open_blockers": open_blockers,
        "overdue_milestones": overdue,
    }


def unit_choices(*, user: Any, action: str = Action.EDIT) -> QuerySet[Unit]:
    """Current units `user` may act on with `action` (form choices), in tree order."""
    return Unit.objects.filter(valid_to__isnull=True, pk__in=unit_ids_for(user, action)).order_by(
        "path"
    )


def commune_choices() -> QuerySet[Unit]:
    """Current commune-level units (wards and communes) for the location field."""
    return Unit.objects.filter(valid_to__isnull=True, level__code="commune").order_by("name", "pk")


def task_choices(*, user: Any) -> QuerySet[Task]:
    """Tasks `user` may see, for linking (newest deadline last)."""
    return Task.objects.for_user(user, Action.VIEW).order_by("deadline", "pk")


def target_choices() -> QuerySet[Target]:
    """Targets (published plan content, readable by everyone) for linking."""
    return Target.objects.select_related("target_set__plan__document").order_by(
        "target_set__plan_id", "code", "pk"
    )


def owner_unit_choices() -> QuerySet[Unit]:
    """Current units that may be in charge of a blocker, in tree order."""
    return Unit.objects.filter(valid_to__isnull=True).order_by("path")
