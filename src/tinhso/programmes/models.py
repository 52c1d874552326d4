"""Plans and targets: plan → group → target (tasks live in `tasks`), catalogues, target sets.

Nothing is tied to one resolution: a plan names the document it implements (57-NQ/TW,
59-NQ/TW, 02-KH/BCĐTW…) and the classification catalogue its groups follow. Catalogues
and target sets are versioned, so "43 → 45 targets" keeps the 43 for history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.documents.models import Document
from tinhso.indicators.models import Direction, Indicator
from tinhso.units.models import Unit


class Catalogue(models.Model):
    """A versioned classification (the seven NQ57 task groups, Plan 02's eight groups…)."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(pgettext_lazy("record", "version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    source_document = models.ForeignKey(
        Document,
        verbose_name=_("source document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalogues",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("classification catalogue")
        verbose_name_plural = _("classification catalogues")
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="catalogue_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class CatalogueItem(models.Model):
    """One class of a catalogue, e.g. group 5 "digital transformation in the political system"."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("catalogue"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=400)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["catalogue_id", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="catalogue_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("in force")
    CLOSED = "closed", _("closed")


class PlanQuerySet(ScopedQuerySet["Plan"]):
    pass


class Plan(models.Model):
    """A plan or programme (e.g. Plan 469-KH/TU implementing 57-NQ/TW) owned by a unit.

    Plans are read by every signed-in official (they are published documents); the owner
    unit's editors maintain them.
    """

    unit_lookup = "unit"

    document = models.ForeignKey(
        Document,
        verbose_name=_("plan document"),
        on_delete=models.PROTECT,
        related_name="plans",
        help_text=_("The document that issues the plan (its number/symbol names the plan)."),
    )
    implements = models.ForeignKey(
        Document,
        verbose_name=_("implements"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implementing_plans",
        help_text=_("The resolution or plan this plan carries out, e.g. 57-NQ/TW."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=400)
    catalogue = models.ForeignKey(
        Catalogue,
        verbose_name=_("group catalogue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source_note = models.CharField(_("source and confidence"), max_length=500, blank=True)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-document__issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.document.number} · {self.title}"


class PlanGroupQuerySet(ScopedQuerySet["PlanGroup"]):
    pass


class PlanGroup(models.Model):
    """A section of a plan (nhóm nhiệm vụ, giải pháp), classified by a catalogue item."""

    unit_lookup = "plan__unit"

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="groups"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=400)
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        verbose_name=_("classification"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_groups",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = PlanGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan group")
        verbose_name_plural = _("plan groups")
        ordering = ["plan_id", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_group_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class TargetSetQuerySet(ScopedQuerySet["TargetSet"]):
    pass


class TargetSet(models.Model):
    """One version of a plan's list of targets (e.g. 43 targets, then 45 after revision)."""

    unit_lookup = "plan__unit"

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="target_sets"
    )
    version = models.PositiveSmallIntegerField(pgettext_lazy("record", "version"))
    label = models.CharField(_("label"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("revising document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_sets",
    )
    note = models.TextField(_("note"), blank=True)
    tolerance_pct = models.DecimalField(
        _("at-risk tolerance (%)"),
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text=_(
            "A target short of its trajectory by at most this share of the gap still to "
            "close is at risk rather than not achieved."
        ),
    )

    objects = TargetSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target set")
        verbose_name_plural = _("target sets")
        ordering = ["plan_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="target_set_version_unique")
        ]

    def __str__(self) -> str:
        return self.label


class TargetQuerySet(ScopedQuerySet["Target"]):
    pass


class Target(models.Model):
    """A quantified target (chỉ tiêu) with baseline, yearly milestones to 2030 and 2045 vision.

    `key` stays the same across target-set versions so a target's history continues.
    Its value is measured by `indicator` (province rollup) or by dated assessments.
    """

    unit_lookup = "target_set__plan__unit"

    target_set = models.ForeignKey(
        TargetSet, verbose_name=_("target set"), on_delete=models.CASCADE, related_name="targets"
    )
    group = models.ForeignKey(
        PlanGroup,
        verbose_name=_("plan group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
    )
    key = models.SlugField(_("stable key"), max_length=60)
    code = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("target"))
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), default=2030)
    value_text = models.CharField(
        _("target as published"), max_length=200, blank=True, help_text=_("e.g. ≥ 50, 35–37")
    )
    vision_value = models.DecimalField(
        _("2045 vision value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    vision_text = models.CharField(_("2045 vision"), max_length=300, blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_targets",
    )
    source_document = models.ForeignKey(
        Document,
        verbose_name=_("source document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
    )
    national_targets = models.ManyToManyField(
        "self",
        verbose_name=_("national targets"),
        symmetrical=False,
        blank=True,
        related_name="local_targets",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source_note = models.CharField(_("source and confidence"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["target_set_id", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["target_set", "key"], name="target_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class TargetMilestone(models.Model):
    """The value a target should reach by the end of a year (its trajectory)."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="milestones"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("target milestone")
        verbose_name_plural = _("target milestones")
        ordering = ["target_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="target_milestone_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class MeasurementStatus(models.TextChoices):
    NO_DATA = "no_data", _("no data")
    COMPILING = "compiling", _("being compiled")
    CONFIRMED = "confirmed", _("confirmed")


class Achievement(models.TextChoices):
    ACHIEVED = "achieved", _("achieved or exceeded")
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    NOT_ACHIEVED = "not_achieved", _("not achieved")
    UNKNOWN = "unknown", _("not yet assessable")


class TargetAssessmentQuerySet(ScopedQuerySet["TargetAssessment"]):
    pass


class TargetAssessment(models.Model):
    """A dated measurement of a target without an indicator (or an official override).

    Targets like "top 3 in the region" have no series: the standing agency records the
    measured value or the achievement it confirmed, with its source.
    """

    unit_lookup = "target__target_set__plan__unit"

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="assessments"
    )
    as_of = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    achievement = models.CharField(
        _("achievement"), max_length=15, choices=Achievement.choices, blank=True
    )
    measurement = models.CharField(
        _("measurement"), max_length=10, choices=MeasurementStatus.choices
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TargetAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("target assessment")
        verbose_name_plural = _("target assessments")
        ordering = ["target_id", "-as_of", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(value__isnull=True, achievement=""),
                name="target_assessment_has_value_or_achievement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_id} @ {self.as_of}"
