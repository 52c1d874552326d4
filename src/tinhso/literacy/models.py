"""The mass digital-literacy movement (Bình dân học vụ số): target groups, targets and their
denominators, courses, and one training record per course and person.

Persons are identified only by a keyed hash of their citizen ID (`services.person_key`);
neither the ID nor the person's name is stored (data minimisation). The measures
(enrolments, unique learners, completions, certificates, AI training, coverage) are
computed from the records by `selectors`, never stored.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.units.models import Unit


class TargetGroup(models.Model):
    """A target group of the movement (officials, students, enterprise workers, adults).

    A catalogue kept as data (loaded by a migration); `aliases` are the folded spellings an
    import file may use in its "đối tượng" column.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80)
    aliases = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        help_text=_("Lower-case spellings without diacritics accepted in import files."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.short_name or self.name


class TargetMeasure(models.TextChoices):
    COVERAGE = "coverage", _("coverage (learners or completers ÷ population)")
    AI = "ai", _("trained in AI (AI learners ÷ population)")


class LiteracyTarget(models.Model):
    """A unit's target for one group and year: a rate in % of the group's population.

    A target set at a unit is measured over the unit's subtree (a province target counts
    every commune and department below it).
    """

    unit_lookup = "unit"

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="literacy_targets"
    )
    group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2024), MaxValueValidator(2035)]
    )
    measure = models.CharField(
        _("measure"), max_length=10, choices=TargetMeasure.choices, default="coverage"
    )
    target_rate = models.DecimalField(
        _("target rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    target_count = models.PositiveIntegerField(_("target number of persons"), null=True, blank=True)
    source_document = models.CharField(
        _("source document number"), max_length=120, blank=True, help_text=_("e.g. 01-KH/BCĐTW")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("digital literacy target")
        verbose_name_plural = _("digital literacy targets")
        ordering = ["year", "unit_id", "group__sort_order", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "group", "year", "measure"], name="literacy_target_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.group} · {self.year}: {self.target_rate} %"


class Population(models.Model):
    """The denominator: how many persons of a group a unit has in a year, with its source.

    Communes hold residents, students and workers; departments (and communes) hold their
    officials and public employees.
    """

    unit_lookup = "unit"

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="literacy_populations"
    )
    group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2024), MaxValueValidator(2035)]
    )
    count = models.PositiveIntegerField(_("number of persons"))
    source = models.CharField(_("source"), max_length=300)
    as_of = models.DateField(_("as of"))
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target-group population")
        verbose_name_plural = _("target-group populations")
        ordering = ["year", "unit_id", "group__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "group", "year"], name="literacy_pop_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.group} · {self.year}: {self.count}"


class CourseMode(models.TextChoices):
    ONLINE = "online", _("online")
    OFFLINE = "offline", _("in person")


class Course(models.Model):
    """A course or class: on binhdanhocvuso.gov.vn, another platform, or held in person.

    The course catalogue is readable by every signed-in user; the owner unit manages it and
    may import its records for every unit.
    """

    unit_lookup = "owner_unit"

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    provider = models.CharField(
        _("platform or provider"),
        max_length=200,
        blank=True,
        help_text=_("e.g. binhdanhocvuso.gov.vn, or the organiser of an in-person class"),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=CourseMode.choices, default="online")
    is_ai_training = models.BooleanField(_("AI training"), default=False)
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("opens on"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class TrainingRecord(models.Model):
    """One person in one course: enrolment, completion and certificate.

    `person_id_hash` is HMAC-SHA256 of the normalised 12-digit citizen ID under the server
    secret; the ID and the name are never stored. One row per (course, person): a re-import
    updates the row. `unit` and `group` are the person's unit (commune or department) and
    target group as the latest import gave them.
    """

    unit_lookup = "unit"

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="records"
    )
    person_id_hash = models.CharField(_("person key"), max_length=64)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=10, choices=CourseMode.choices, default="online")
    enrolled_on = models.DateField(_("enrolled on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["course_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person_id_hash"], name="literacy_record_unique"
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="literacy_certificate_unique",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("enrolled_on")),
                name="literacy_completion_after_enrolment",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "group", "enrolled_on"], name="literacy_rec_unit_group"),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} · {self.person_id_hash[:8]}…"
