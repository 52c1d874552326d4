"""Indicators (KPI): the catalogue, reporting periods, values per unit and period, rollups.

A value is entered for one unit × period (× breakdown) at the indicator's entry level and
is rolled up the unit tree into `IndicatorRollup` by the indicator's aggregation rule
(a ratio is Σ numerator / Σ denominator, never an average of percentages). See ADR-0008.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.units.models import Unit, UnitLevel


class PeriodKind(models.TextChoices):
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF = "half", _("six months")
    YEAR = "year", _("year")
    AD_HOC = "adhoc", _("ad hoc")


class Period(models.Model):
    """A reporting period: 2025-M09, 2025-Q3, 2025-H1, 2025, 2025-W38 or an ad-hoc range."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("number in year"), default=1, help_text=_("Month 1–12, quarter 1–4, half 1–2, week.")
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    name = models.CharField(_("name"), max_length=80, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("time", "period")
        verbose_name_plural = pgettext_lazy("time", "periods")
        ordering = ["start", "kind"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_order"),
        ]
        indexes = [models.Index(fields=["kind", "start"], name="period_kind_start_idx")]

    def __str__(self) -> str:
        return self.name or self.code


class Aggregation(models.TextChoices):
    SUM = "sum", _("sum")
    AVERAGE = "avg", _("average")
    RATIO = "ratio", _("ratio of sums (numerator / denominator)")
    LAST = "last", _("last value")
    MAX = "max", _("maximum")


class Frequency(models.TextChoices):
    MONTHLY = "month", _("monthly")
    QUARTERLY = "quarter", _("quarterly")
    HALF_YEARLY = "half", _("six-monthly")
    ANNUAL = "year", _("annual")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class IndicatorKind(models.TextChoices):
    STRATEGIC = "strategic", _("strategic KPI")
    OPERATIONAL = "operational", _("operational KPI")


class Dimension(models.Model):
    """A breakdown axis (target group, sex, sector…) whose members split an indicator's value."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("breakdown")
        verbose_name_plural = _("breakdowns")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class DimensionMember(models.Model):
    """One value of a breakdown axis, e.g. "officials" of the target-group axis."""

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("breakdown"), on_delete=models.CASCADE, related_name="members"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("breakdown member")
        verbose_name_plural = _("breakdown members")
        ordering = ["dimension_id", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="dimension_member_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        """The breakdown key stored on values: "<dimension>:<member>"."""
        return f"{self.dimension.code}:{self.code}"


class IndicatorQuerySet(ScopedQuerySet["Indicator"]):
    def active(self) -> IndicatorQuerySet:
        return self.filter(is_active=True)


class Indicator(models.Model):
    """A KPI of the catalogue: how it is measured, entered, checked and aggregated.

    Everyone signed in may read the catalogue; the owner unit maintains it.
    """

    unit_lookup = "owner_unit"

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("definition and formula"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    aggregation = models.CharField(
        _("aggregation rule"), max_length=10, choices=Aggregation.choices
    )
    numerator_label = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=200, blank=True)
    scale = models.DecimalField(
        _("ratio scale"),
        max_digits=8,
        decimal_places=2,
        default=100,
        help_text=_("A ratio is numerator / denominator × scale (100 for a percentage)."),
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=IndicatorKind.choices, default=IndicatorKind.OPERATIONAL
    )
    entry_level = models.ForeignKey(
        UnitLevel,
        verbose_name=_("entered at level"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Values are entered for units of this level and rolled up above it."),
    )
    dimensions = models.ManyToManyField(
        Dimension, verbose_name=_("breakdowns"), blank=True, related_name="indicators"
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="indicators"
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_change_pct = models.DecimalField(
        _("largest change from the previous period (%)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A larger change is an outlier and needs a comment."),
    )
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    is_active = models.BooleanField(_("in use"), default=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="indicator_range_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CONFIRMED = "confirmed", _("confirmed")


class IndicatorValueQuerySet(ScopedQuerySet["IndicatorValue"]):
    def counted(self) -> IndicatorValueQuerySet:
        """Values that count in rollups: submitted or confirmed, never drafts."""
        return self.exclude(status=ValueStatus.DRAFT)


class IndicatorValue(models.Model):
    """The value of one indicator for one unit and period (and breakdown member), with source.

    For a ratio indicator, `numerator` and `denominator` are entered and `value` is derived.
    `rollup_path` is the tree path of the unit the value counts under today: the unit's own
    path, or its successor's when the unit was closed by a reform (lineage).
    """

    unit_lookup = "unit"

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    period = models.ForeignKey(
        Period,
        verbose_name=pgettext_lazy("time", "period"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    breakdown = models.CharField(
        _("breakdown"),
        max_length=81,
        blank=True,
        default="",
        help_text=_("Empty for the total, else dimension:member."),
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    as_of = models.DateField(_("as of"))
    comment = models.TextField(_("comment"), blank=True)
    is_outlier = models.BooleanField(_("outlier"), default=False)
    rollup_path = models.CharField(_("rollup path"), max_length=255, editable=False, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator_id", "period_id", "unit_id", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "breakdown"], name="indicator_value_unique"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="indicator_value_num_le_den",
            ),
        ]
        indexes = [
            models.Index(
                fields=["indicator", "period", "breakdown", "rollup_path"],
                name="indicator_value_rollup_idx",
            ),
            models.Index(fields=["unit", "period"], name="indicator_value_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.unit_id} · {self.period_id}: {self.value}"


class IndicatorRollupQuerySet(ScopedQuerySet["IndicatorRollup"]):
    pass


class IndicatorRollup(models.Model):
    """The aggregate of an indicator over a unit's subtree for a period (kept current on write).

    `contributors` counts the values aggregated (submitted or confirmed), `confirmed` how
    many of them are confirmed; sums are kept so a ratio is Σnumerator / Σdenominator.
    """

    unit_lookup = "unit"

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="rollups"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="indicator_rollups"
    )
    period = models.ForeignKey(
        Period,
        verbose_name=pgettext_lazy("time", "period"),
        on_delete=models.CASCADE,
        related_name="rollups",
    )
    breakdown = models.CharField(_("breakdown"), max_length=81, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True)
    value_sum = models.DecimalField(_("sum of values"), max_digits=24, decimal_places=4, null=True)
    numerator_sum = models.DecimalField(
        _("sum of numerators"), max_digits=24, decimal_places=4, null=True
    )
    denominator_sum = models.DecimalField(
        _("sum of denominators"), max_digits=24, decimal_places=4, null=True
    )
    contributors = models.PositiveIntegerField(_("values counted"), default=0)
    confirmed = models.PositiveIntegerField(_("values confirmed"), default=0)
    latest_as_of = models.DateField(_("latest as of"), null=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IndicatorRollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator rollup")
        verbose_name_plural = _("indicator rollups")
        ordering = ["indicator_id", "period_id", "unit_id", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "breakdown"], name="indicator_rollup_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "unit", "breakdown"], name="indicator_rollup_series"),
        ]

    def __str__(self) -> str:
        return f"Σ {self.indicator_id} · {self.unit_id} · {self.period_id}: {self.value}"
