"""Periodic reporting: schedules, rounds with per-unit deadlines, reports and their workflow.

A report is a unit's indicator values for the round's period plus narrative sections,
approved by the unit, reviewed by the standing agency, then accepted (locked) or
returned. Reopening an accepted report needs a reason and snapshots the old revision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.indicators.models import Indicator, Period, PeriodKind
from tinhso.programmes.models import Plan
from tinhso.units.models import Unit, UnitLevel


class ReportScheduleQuerySet(ScopedQuerySet["ReportSchedule"]):
    pass


class ReportSchedule(models.Model):
    """A reporting regime as data: cadence, cut-off and deadline rule, who reports, to whom.

    The reviewing agency maintains it; every signed-in official may read it.
    """

    unit_lookup = "reviewer_unit"

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    cadence = models.CharField(_("cadence"), max_length=10, choices=PeriodKind.choices)
    cutoff_day = models.PositiveSmallIntegerField(
        _("data cut-off day"),
        null=True,
        blank=True,
        help_text=_("Day of the period's last month when figures are taken; empty = last day."),
    )
    due_days_after_end = models.PositiveSmallIntegerField(
        _("due (days after the period ends)"), default=5
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_schedules",
    )
    reporting_levels = models.ManyToManyField(
        UnitLevel, verbose_name=_("reporting levels"), related_name="+"
    )
    reviewer_unit = models.ForeignKey(
        Unit,
        verbose_name=_("reviewing agency"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The standing agency that reviews and accepts the reports."),
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicators reported"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ReportScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting regime")
        verbose_name_plural = _("reporting regimes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ReportingRound(models.Model):
    """One period of a regime (e.g. the Q3 2025 report) with its default deadline."""

    schedule = models.ForeignKey(
        ReportSchedule, verbose_name=_("regime"), on_delete=models.PROTECT, related_name="rounds"
    )
    period = models.ForeignKey(
        Period,
        verbose_name=pgettext_lazy("time", "period"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cutoff_on = models.DateField(_("data cut-off"))
    due_on = models.DateField(_("due on"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-due_on", "schedule_id"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "period"], name="reporting_round_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ObligationQuerySet(ScopedQuerySet["ReportingObligation"]):
    pass


class ReportingObligation(models.Model):
    """A unit is expected to report in a round by `due_on` (its own deadline may differ)."""

    unit_lookup = "unit"
    shared_unit_lookups = ("round__schedule__reviewer_unit",)

    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["round_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="reporting_obligation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"


class ReportState(models.TextChoices):
    # A context: other apps' catalogues translate the bare words differently (a task is
    # "nghiệm thu", a report is "chấp nhận").
    DRAFT = "draft", pgettext_lazy("report state", "draft")
    UNIT_APPROVED = "unit_approved", pgettext_lazy("report state", "approved by the unit")
    ACCEPTED = "accepted", pgettext_lazy("report state", "accepted")
    RETURNED = "returned", pgettext_lazy("report state", "returned")


class ReportQuerySet(ScopedQuerySet["Report"]):
    pass


class Report(models.Model):
    """A unit's report for a round: values + narrative; locked once accepted."""

    unit_lookup = "obligation__unit"
    # The reviewing agency reads every report it reviews (see access.scope).
    shared_unit_lookups = ("obligation__round__schedule__reviewer_unit",)

    obligation = models.OneToOneField(
        ReportingObligation,
        verbose_name=_("reporting obligation"),
        on_delete=models.PROTECT,
        related_name="report",
    )
    state = models.CharField(
        _("state"), max_length=14, choices=ReportState.choices, default=ReportState.DRAFT
    )
    results = models.TextField(_("results achieved"), blank=True)
    difficulties = models.TextField(_("difficulties and recommendations"), blank=True)
    next_tasks = models.TextField(_("tasks for the next period"), blank=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    submitted_at = models.DateTimeField(_("approved by the unit at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-obligation__round__due_on", "obligation__unit_id"]

    def __str__(self) -> str:
        return str(self.obligation)

    @property
    def is_locked(self) -> bool:
        return self.state == ReportState.ACCEPTED


class ReportEventQuerySet(ScopedQuerySet["ReportEvent"]):
    pass


class ReportEvent(models.Model):
    """History of a report's workflow; a reopening keeps the accepted revision's snapshot."""

    unit_lookup = "report__obligation__unit"
    shared_unit_lookups = ("report__obligation__round__schedule__reviewer_unit",)

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=14, choices=ReportState.choices)
    to_state = models.CharField(_("to"), max_length=14, choices=ReportState.choices)
    revision = models.PositiveSmallIntegerField(_("revision"))
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = ReportEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.action}"
