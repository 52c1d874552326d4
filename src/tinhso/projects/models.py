"""Flagship and public-investment projects of the digital-transformation programme.

A `Project` is owned by its managing unit (`unit_lookup = "unit"`); its progress history
(`ProjectProgress`), milestones (`ProjectMilestone`), blockers (`ProjectBlocker`) and
photos (`ProjectPhoto`) follow the project's unit. Milestone status on a date uses the
task vocabulary (`tasks.status`), see `status.py`; the "lagging" rule (physical progress
behind the planned straight line) is in `status.py` too.

The finance app links its investment budget lines to `Project` by foreign key: keep the
model name and table (`projects_project`) stable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.documents.models import Document
from tinhso.programmes.models import Target
from tinhso.tasks.models import Task
from tinhso.units.models import Unit


class ProjectKind(models.TextChoices):
    FLAGSHIP = "flagship", _("flagship project")
    PUBLIC_INVESTMENT = "public_investment", _("public investment project")
    ST_TASK = "st_task", _("science and technology task")
    PPP = "ppp", _("public-private partnership project")
    OTHER = "other", pgettext_lazy("project kind", "other")


class InvestorType(models.TextChoices):
    STATE = "state", _("state")
    PRIVATE = "private", _("private")
    MIXED = "mixed", _("public-private")


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("planning")
    PREPARING = "preparing", _("investment preparation")
    CONSTRUCTION = "construction", _("under construction")
    OPERATING = "operating", _("in operation")
    SUSPENDED = "suspended", _("suspended")


class ProjectQuerySet(ScopedQuerySet["Project"]):
    pass


class Project(models.Model):
    """One project: what, who manages it, where, on which decision, when, how much, and
    how far it has got (physical and financial progress as of a date).

    `physical_percent`, `financial_percent` and `progress_as_of` are the latest values,
    kept by `project_progress_create`; the history is in `ProjectProgress`. Money is
    integer đồng. `source` cites where the facts come from (empty for user entries);
    `is_illustrative` marks demo rows that are not sourced.
    """

    unit_lookup = "unit"

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("project name"), max_length=400)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.FLAGSHIP
    )
    description = models.TextField(_("description"), blank=True)
    investor_name = models.CharField(_("investor"), max_length=300, blank=True)
    investor_type = models.CharField(
        _("investor type"), max_length=10, choices=InvestorType.choices, default="state"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="projects"
    )
    location_text = models.CharField(_("location"), max_length=400, blank=True)
    communes = models.ManyToManyField(
        Unit, verbose_name=_("communes and wards"), blank=True, related_name="located_projects"
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    area_ha = models.DecimalField(
        _("area (ha)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decision_number = models.CharField(_("decision number/symbol"), max_length=80, blank=True)
    decision_document = models.ForeignKey(
        Document,
        verbose_name=_("decision in the registry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    total_investment = models.BigIntegerField(_("total investment (VND)"), null=True, blank=True)
    tasks = models.ManyToManyField(
        Task, verbose_name=_("linked tasks"), blank=True, related_name="projects"
    )
    targets = models.ManyToManyField(
        Target, verbose_name=_("targets served"), blank=True, related_name="projects"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default="planning"
    )
    physical_percent = models.PositiveSmallIntegerField(_("physical progress (%)"), default=0)
    financial_percent = models.PositiveSmallIntegerField(_("financial progress (%)"), default=0)
    disbursed_amount = models.BigIntegerField(_("disbursed (VND)"), null=True, blank=True)
    progress_as_of = models.DateField(_("progress as of"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(physical_percent__lte=100), name="project_physical_le_100"
            ),
            models.CheckConstraint(
                condition=Q(financial_percent__lte=100), name="project_financial_le_100"
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="project_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(total_investment__isnull=True) | Q(total_investment__gte=0),
                name="project_investment_ge_0",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="project_unit_status")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProjectProgressQuerySet(ScopedQuerySet["ProjectProgress"]):
    pass


class ProjectProgress(models.Model):
    """A progress update as of a date: physical %, financial % or disbursed amount,
    narrative, blockers met (vướng mắc) and recommendations."""

    unit_lookup = "project__unit"

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress"
    )
    as_of = models.DateField(_("as of"))
    physical_percent = models.PositiveSmallIntegerField(_("physical progress (%)"))
    financial_percent = models.PositiveSmallIntegerField(_("financial progress (%)"))
    disbursed_amount = models.BigIntegerField(_("disbursed (VND)"), null=True, blank=True)
    narrative = models.TextField(_("results"))
    blockers = models.TextField(_("difficulties and obstacles"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProjectProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("project progress update")
        verbose_name_plural = _("project progress updates")
        ordering = ["project_id", "-as_of", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(physical_percent__lte=100), name="project_progress_physical_le_100"
            ),
            models.CheckConstraint(
                condition=Q(financial_percent__lte=100),
                name="project_progress_financial_le_100",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_amount__isnull=True) | Q(disbursed_amount__gte=0),
                name="project_progress_disbursed_ge_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} @ {self.as_of}"


class MilestoneKind(models.TextChoices):
    PLANNING_APPROVAL = "planning_approval", _("planning approval")
    LAND_CLEARANCE = "land_clearance", _("land clearance")
    INVESTOR_SELECTION = "investor_selection", _("investor selection")
    CONSTRUCTION_START = "construction_start", _("construction start")
    COMPLETION = "completion", _("completion")
    OPERATION = "operation", _("put into operation")
    OTHER = "other", pgettext_lazy("milestone kind", "other")


class ProjectMilestoneQuerySet(ScopedQuerySet["ProjectMilestone"]):
    pass


class ProjectMilestone(models.Model):
    """A milestone of a project with its planned and actual dates; its status on a date
    is computed (`status.milestone_status_on`), never stored."""

    unit_lookup = "project__unit"

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("milestone"), max_length=20, choices=MilestoneKind.choices)
    title = models.CharField(_("description"), max_length=300, blank=True)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    actual_on = models.DateField(_("actual date"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)

    objects = ProjectMilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("project milestone")
        verbose_name_plural = _("project milestones")
        ordering = ["project_id", "sort_order", "planned_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=~Q(kind="other"),
                name="project_milestone_kind_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.get_kind_display()}"


class ProjectBlockerQuerySet(ScopedQuerySet["ProjectBlocker"]):
    def open_on(self, as_of: object) -> ProjectBlockerQuerySet:
        """Blockers raised on or before `as_of` and not resolved by then."""
        return self.filter(open_q(as_of))


def open_q(as_of: object) -> Q:
    """A blocker is open on `as_of`: raised on or before it, not resolved by then."""
    return Q(raised_on__lte=as_of) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=as_of))


class ProjectBlocker(models.Model):
    """A blocker (vướng mắc) of a project: who owns it, whose decision it needs, when it
    was raised and resolved. Open = not resolved on the as-of date."""

    unit_lookup = "project__unit"

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="blockers"
    )
    description = models.TextField(_("difficulty or obstacle"))
    raised_on = models.DateField(_("raised on"))
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_from = models.CharField(_("needs a decision from"), max_length=200, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProjectBlockerQuerySet.as_manager()

    class Meta:
        verbose_name = _("project blocker")
        verbose_name_plural = _("project blockers")
        ordering = ["project_id", "raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("raised_on")),
                name="project_blocker_resolved_after_raised",
            )
        ]
        indexes = [models.Index(fields=["resolved_on"], name="project_blocker_resolved")]

    def __str__(self) -> str:
        return self.description[:80]


class ProjectPhotoQuerySet(ScopedQuerySet["ProjectPhoto"]):
    pass


class ProjectPhoto(models.Model):
    """A site photo (JPEG, PNG or WebP, at most 10 MB, checked by `photos.check_photo`)."""

    unit_lookup = "project__unit"

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("photo"), upload_to="projects/%Y/%m/")
    content_type = models.CharField(_("file type"), max_length=20)
    size = models.PositiveIntegerField(_("size (bytes)"))
    caption = models.CharField(_("caption"), max_length=300)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProjectPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")
        ordering = ["project_id", "-taken_on", "-pk"]

    def __str__(self) -> str:
        return self.caption
