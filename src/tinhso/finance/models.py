"""Budget allocation and disbursement of S&T, innovation and digital-transformation funds.

A `BudgetLine` is one allocation (fiscal year, funding source, expenditure type, managing
unit, optional links to a task, a plan and a project). Its figures live in monthly
`BudgetSnapshot` rows (one per as-of date): allocated, supplementary, carried-over,
cumulative disbursed, returned and committed amounts, in integer đồng. Rates are computed
from snapshots by `rates.py`, never stored. `LocalBudgetTotal` holds the province's total
local budget expenditure (estimate and/or settlement), the denominator of the ≥ 3 % share.

Spec: `programme-monitoring.md` §6 and §9.5.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.programmes.models import Plan
from tinhso.projects.models import Project
from tinhso.tasks.models import Task
from tinhso.units.models import Unit

MIN_YEAR = 2000
MAX_YEAR = 2100


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("central budget")
    LOCAL = "local", _("local budget")


class ExpenditureType(models.TextChoices):
    RECURRENT = "recurrent", _("recurrent expenditure")
    INVESTMENT = "investment", _("development investment")


class BudgetLineQuerySet(ScopedQuerySet["BudgetLine"]):
    def in_year(self, year: int) -> BudgetLineQuerySet:
        return self.filter(fiscal_year=year)


class BudgetLine(models.Model):
    """One allocation of S&T / innovation / DT funds to a managing unit for a fiscal year.

    `is_st_dt` marks the lines that count in the share of S&T + innovation + DT spending in
    the total local budget. Figures are in the line's `BudgetSnapshot` rows.
    """

    unit_lookup = "unit"

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    code = models.CharField(_("line number"), max_length=40, blank=True)
    title = models.CharField(_("budget line"), max_length=500)
    source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices, default="local"
    )
    expenditure_type = models.CharField(
        _("expenditure type"), max_length=12, choices=ExpenditureType.choices
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan or programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    decision_number = models.CharField(
        _("allocation decision number/symbol"), max_length=80, blank=True
    )
    is_st_dt = models.BooleanField(
        _("S&T, innovation and DT spending"),
        default=True,
        help_text=_("Counts in the share of S&T, innovation and DT spending in the local budget."),
    )
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-fiscal_year", "expenditure_type", "code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=MIN_YEAR) & Q(fiscal_year__lte=MAX_YEAR),
                name="finance_line_year_range",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "code"],
                condition=~Q(code=""),
                name="finance_line_code_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "unit"], name="finance_line_year_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class BudgetSnapshotQuerySet(ScopedQuerySet["BudgetSnapshot"]):
    def on_or_before(self, day: object) -> BudgetSnapshotQuerySet:
        return self.filter(as_of__lte=day)


class BudgetSnapshot(models.Model):
    """The figures of a budget line as of a date (cumulative for the fiscal year).

    Available capital = allocated + supplementary + carried over − returned; the cumulative
    disbursement never exceeds it. Older dates may be entered later (corrections).
    """

    unit_lookup = "line__unit"

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    as_of = models.DateField(_("as of"))
    allocated = models.BigIntegerField(_("allocated (VND)"), default=0)
    supplementary = models.BigIntegerField(_("supplementary (VND)"), default=0)
    carried_over = models.BigIntegerField(_("carried over from previous years (VND)"), default=0)
    disbursed = models.BigIntegerField(_("disbursed, cumulative (VND)"), default=0)
    returned = models.BigIntegerField(_("returned or cancelled (VND)"), default=0)
    committed = models.BigIntegerField(_("committed (VND)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = BudgetSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget snapshot")
        verbose_name_plural = _("budget snapshots")
        ordering = ["line_id", "-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["line", "as_of"], name="finance_snapshot_line_as_of"),
            models.CheckConstraint(
                condition=Q(allocated__gte=0)
                & Q(supplementary__gte=0)
                & Q(carried_over__gte=0)
                & Q(disbursed__gte=0)
                & Q(returned__gte=0)
                & (Q(committed__isnull=True) | Q(committed__gte=0)),
                name="finance_snapshot_amounts_ge_0",
            ),
            models.CheckConstraint(
                condition=Q(
                    disbursed__lte=F("allocated")
                    + F("supplementary")
                    + F("carried_over")
                    - F("returned")
                ),
                name="finance_snapshot_disbursed_le_available",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} @ {self.as_of}"

    @property
    def available(self) -> int:
        """Allocated + supplementary + carried over − returned."""
        return self.allocated + self.supplementary + self.carried_over - self.returned


class LocalBudgetTotalQuerySet(ScopedQuerySet["LocalBudgetTotal"]):
    pass


class LocalBudgetTotal(models.Model):
    """The total local budget expenditure of a province for a year (estimate and/or
    settlement) as of a date, with its source: the denominator of the ≥ 3 % share."""

    unit_lookup = "unit"

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="local_budget_totals",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    as_of = models.DateField(_("as of"))
    total_estimate = models.BigIntegerField(
        _("total local expenditure, estimate (VND)"), null=True, blank=True
    )
    total_settled = models.BigIntegerField(
        _("total local expenditure, settled (VND)"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=500)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LocalBudgetTotalQuerySet.as_manager()

    class Meta:
        verbose_name = _("total local budget expenditure")
        verbose_name_plural = _("total local budget expenditures")
        ordering = ["unit_id", "-fiscal_year", "-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "as_of"], name="finance_total_unit_year_as_of"
            ),
            models.CheckConstraint(
                condition=Q(total_estimate__isnull=False) | Q(total_settled__isnull=False),
                name="finance_total_has_a_figure",
            ),
            models.CheckConstraint(
                condition=(Q(total_estimate__isnull=True) | Q(total_estimate__gt=0))
                & (Q(total_settled__isnull=True) | Q(total_settled__gt=0)),
                name="finance_total_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.fiscal_year} @ {self.as_of}"
