"""The official working-day calendar: exceptions to the Monday–Friday week, and a revision
counter that tells every process when its cached `WorkingCalendar` is stale."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OfficialCalendarDay(models.Model):
    """One exception to the Mon–Fri week announced by the Government: a weekday off (holiday,
    compensatory or swapped day) or a make-up working weekend day.

    Only `confirmed` rows feed the deadline engine; `proposed` rows are drafts (e.g. from
    the `holidays` package) awaiting an administrator. Weekend days inside a holiday break
    need no row: they are off anyway.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Make-up working day")

    class AppliesTo(models.TextChoices):
        CIVIL_SERVICE = "civil_service", _("Civil servants and public employees")
        ALL = "all", _("All employees")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    legal_ref = models.CharField(
        _("legal reference"),
        max_length=300,
        blank=True,
        help_text=_("The announcement, dispatch or article that decides this day."),
    )
    applies_to = models.CharField(
        _("applies to"), max_length=20, choices=AppliesTo.choices, default=AppliesTo.CIVIL_SERVICE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("official calendar day")
        verbose_name_plural = _("official calendar days")
        ordering = ["date", "applies_to"]
        constraints = [
            models.UniqueConstraint(fields=["date", "applies_to"], name="calendar_day_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["day_off", "working_day"]), name="calendar_day_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "confirmed"]),
                name="calendar_day_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "date"], name="calendar_day_status_date")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.reason}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    def clean(self) -> None:
        """A day off must be a weekday and a make-up working day a Saturday or Sunday:
        anything else would not change the calendar and only confuse readers."""
        super().clean()
        if self.date is None:
            return
        weekend = self.date.weekday() >= 5
        if self.kind == self.Kind.DAY_OFF and weekend:
            raise ValidationError(
                {"date": _("Saturdays and Sundays are already days off; enter weekdays only.")}
            )
        if self.kind == self.Kind.WORKING_DAY and not weekend:
            raise ValidationError(
                {"date": _("A make-up working day must be a Saturday or a Sunday.")}
            )


class CalendarRevision(models.Model):
    """A single counter bumped in the same transaction as every calendar change, so each
    process can tell in one cheap query whether its cached working calendar is stale."""

    revision = models.PositiveBigIntegerField(_("revision"), default=1)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar revision")
        verbose_name_plural = _("calendar revisions")

    def __str__(self) -> str:
        return str(self.revision)
