"""The Decision 766 service-quality index as data (spec §1): versioned indicator sets,
rating bands, inputs the system cannot count itself, and the stored scores per unit and
period, kept current incrementally (see `services.py`).

Every threshold, weight, band and policy is a row with its source, never a constant
(spec §0 design rule): a new portal rule is a new version, not a deploy.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.units.models import Unit

from . import engine


class Panel(models.TextChoices):
    """The six panels of the portal (group 3 splits into online services and payment)."""

    TRANSPARENCY = "transparency", _("Publicity and transparency")
    PROGRESS = "progress", _("Processing progress and results")
    ONLINE_SERVICES = "online_services", _("Online public services")
    ONLINE_PAYMENT = "online_payment", _("Online payment")
    DIGITISATION = "digitisation", _("Dossier digitisation")
    SATISFACTION = "satisfaction", _("Satisfaction")


GROUP_NAMES: dict[int, Any] = {
    1: _("Publicity and transparency"),
    2: _("Processing progress and results"),
    3: _("Online-service provision"),
    4: _("Dossier digitisation"),
    5: _("Satisfaction"),
}


class Rule(models.TextChoices):
    LINEAR = engine.RULE_LINEAR, _("linear: maximum × rate")
    CAPPED = engine.RULE_CAPPED, _("capped: full marks from the threshold upwards")


class ZeroPolicy(models.TextChoices):
    FULL = engine.ZERO_FULL, _("full marks")
    ZERO = engine.ZERO_ZERO, _("zero points")
    NA = engine.ZERO_NA, _("not assessed (N/A, 0 points)")


class DenominatorMode(models.TextChoices):
    SUM = engine.DEN_SUM, _("sum of the denominator counts")
    MAX = engine.DEN_MAX, _("largest of the denominator counts")


class DataSource(models.TextChoices):
    DOSSIERS = "dossiers", _("dossiers of the one-stop system")
    CATALOGUE = "catalogue", _("procedure catalogue")
    MANUAL = "manual", _("entered by hand")


class Scope(models.TextChoices):
    PROVINCE_COMMUNE = "province_commune", _("province and commune")
    PROVINCE = "province", _("province only")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class IndicatorSetVersion(models.Model):
    """A version of the 766 indicator set, valid over a date range, with its source and the
    policies that differ between sources (spec Q-6: a commune's not-applicable rows)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("First day no longer valid.")
    )
    source_note = models.TextField(_("source"), blank=True)
    not_applicable_full = models.BooleanField(
        _("full marks where an indicator does not apply to communes"),
        default=False,
        help_text=_(
            "Operator's sheet policy (spec Q-6). Off: such indicators are computed for "
            "communes like any other."
        ),
    )

    class Meta:
        verbose_name = _("766 indicator set version")
        verbose_name_plural = _("766 indicator set versions")
        ordering = ["-valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="si_version_dates",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceIndicator(models.Model):
    """One indicator of a version: group/panel, weight, scoring rule and the count keys its
    rate is built from (numerator keys summed; denominator keys summed or their maximum)."""

    version = models.ForeignKey(
        IndicatorSetVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=10)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    group = models.PositiveSmallIntegerField(_("group"))
    panel = models.CharField(_("panel"), max_length=20, choices=Panel.choices)
    name = models.CharField(_("name"), max_length=300)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    rule = models.CharField(_("scoring rule"), max_length=10, choices=Rule.choices)
    threshold = models.DecimalField(
        _("full-marks threshold"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("A share between 0 and 1 (0.80 = 80 %) for the capped rule."),
    )
    zero_policy = models.CharField(
        _("when the denominator is 0"), max_length=5, choices=ZeroPolicy.choices
    )
    numerator_keys = models.JSONField(_("numerator counts"), default=list)
    denominator_keys = models.JSONField(_("denominator counts"), default=list)
    denominator_mode = models.CharField(
        _("denominator"), max_length=5, choices=DenominatorMode.choices, default="sum"
    )
    complement = models.BooleanField(
        _("rate is 100 % minus the share"), default=False, help_text=_("Indicator 5.4.")
    )
    factor_code = models.CharField(
        _("multiply the rate by the rate of"),
        max_length=10,
        blank=True,
        help_text=_("E.g. 1.4 for the sync factor of 3.3."),
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.PROVINCE_COMMUNE
    )
    data_source = models.CharField(_("data from"), max_length=10, choices=DataSource.choices)
    labels = models.JSONField(_("labels of the counts"), default=dict, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("766 indicator")
        verbose_name_plural = _("766 indicators")
        ordering = ["version_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="si_indicator_unique"),
            models.CheckConstraint(
                condition=Q(group__gte=1) & Q(group__lte=5), name="si_indicator_group"
            ),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="si_indicator_max"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.rule == Rule.CAPPED and not (
            self.threshold and Decimal(0) < self.threshold <= Decimal(1)
        ):
            raise ValidationError({"threshold": _("A capped rule needs a threshold in (0, 1].")})

    def as_def(self) -> engine.IndicatorDef:
        return engine.IndicatorDef(
            code=self.code,
            group=self.group,
            panel=self.panel,
            name=self.name,
            max_points=Decimal(self.max_points),
            rule=self.rule,
            threshold=None if self.threshold is None else Decimal(self.threshold),
            zero_policy=self.zero_policy,
            numerator_keys=tuple(self.numerator_keys),
            denominator_keys=tuple(self.denominator_keys),
            denominator_mode=self.denominator_mode,
            complement=self.complement,
            factor_code=self.factor_code,
            applies_to_communes=self.scope == Scope.PROVINCE_COMMUNE,
            labels=dict(self.labels),
        )


class RatingBand(models.Model):
    """A rating band of a version (spec §1.5; the middle cut-offs are placeholders, Q-1)."""

    version = models.ForeignKey(
        IndicatorSetVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="bands",
    )
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    min_total = models.DecimalField(_("from total"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rating band")
        verbose_name_plural = _("rating bands")
        ordering = ["version_id", "-min_total"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="si_band_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ≥ {self.min_total}"


class ManualInput(models.Model):
    """A figure the system cannot count (announcement timeliness, PAKN, e-certified copies)
    for one unit, period and indicator: numerator, denominator and where it came from."""

    unit_lookup = "unit"

    unit = models.ForeignKey(
        Unit,
        verbose_name=pgettext_lazy("organisation", "unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_code = models.CharField(pgettext_lazy("time", "period"), max_length=10)
    indicator_code = models.CharField(_("indicator"), max_length=10)
    numerator = models.DecimalField(_("numerator"), max_digits=14, decimal_places=2)
    denominator = models.DecimalField(_("denominator"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("766 manual input")
        verbose_name_plural = _("766 manual inputs")
        ordering = ["unit_id", "period_code", "indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_code", "indicator_code"], name="si_manual_unique"
            ),
            models.CheckConstraint(
                condition=Q(numerator__gte=0)
                & Q(denominator__gte=0)
                & Q(numerator__lte=models.F("denominator")),
                name="si_manual_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_code} {self.indicator_code}"


class UnitPeriodScore(models.Model):
    """The stored 766 score of a unit for a month, quarter or year: the counts it was
    computed from, the explained points, the total and band (kept current by
    `services.serviceindex_refresh_changed`)."""

    unit_lookup = "unit"

    unit = models.ForeignKey(
        Unit,
        verbose_name=pgettext_lazy("organisation", "unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    period_kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    period_code = models.CharField(pgettext_lazy("time", "period"), max_length=10)
    set_version = models.ForeignKey(
        IndicatorSetVersion,
        verbose_name=_("indicator set"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    counts = models.JSONField(_("counts"), default=dict)
    points = models.JSONField(_("points"), default=dict)
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=4)
    group_points = models.JSONField(_("points per group"), default=dict)
    band = models.CharField(_("band"), max_length=60, blank=True)
    band_code = models.CharField(_("band code"), max_length=20, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    data_version = models.PositiveIntegerField(
        _("data version"), default=1, help_text=_("Incremented whenever counts or points change.")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("766 score")
        verbose_name_plural = _("766 scores")
        ordering = ["period_code", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_code"], name="si_score_unique"),
        ]
        indexes = [models.Index(fields=["period_code", "-total"], name="si_score_rank_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_code}: {self.total}"


class RefreshRun(models.Model):
    """One refresh of the stored scores: when it started (the next run's `since`), what it
    recomputed and how long it took."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    full = models.BooleanField(_("full recompute"), default=False)
    periods = models.JSONField(_("periods"), default=list)
    scores = models.PositiveIntegerField(_("scores written"), default=0)
    seconds = models.DecimalField(_("seconds"), max_digits=10, decimal_places=3, default=0)

    class Meta:
        verbose_name = _("766 refresh run")
        verbose_name_plural = _("766 refresh runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
