"""The administrative-procedure catalogue (spec §3.2): procedures, cases, time limits per
channel, fees, dossier components, legal bases (linked to the document registry) and
the units that apply each procedure.

Access: the catalogue is public to every signed-in official; writes need MANAGE on the
procedure's `owner_unit` (by default the province's standing agency or the province).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.core.text import fold
from tinhso.documents.models import Document
from tinhso.units.models import Unit, UnitLevel
from tinhso.workcalendar.deadlines.limits import Policy, TimeUnit


class Channel(models.TextChoices):
    """Submission channel (hình thức nộp, spec §2.2)."""

    IN_PERSON = "in_person", _("In person")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class OnlineLevel(models.TextChoices):
    """Online-service level (Decree 42/2022, spec §3.4); blank = not recorded."""

    NONE = "none", _("Not online")
    PARTIAL = "partial", _("Partial online")
    FULL = "full", _("Full-process online")


class ProcedureStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    WITHDRAWN = "withdrawn", _("Withdrawn")


TIME_UNIT_CHOICES = [
    (TimeUnit.WORKING_DAYS.value, _("working days")),
    (TimeUnit.CALENDAR_DAYS.value, _("days")),
    (TimeUnit.WORKING_HOURS.value, _("working hours")),
    (TimeUnit.MONTHS.value, _("months")),
]
POLICY_CHOICES = [
    (Policy.DAY_COUNT.value, _("count days (Civil Code)")),
    (Policy.HOUR_COUNT.value, _("count working hours from receipt")),
]

# The implementing levels of spec §3.2, in the portal's order ("Cấp tỉnh, Cấp xã").
LEVEL_FIELDS: tuple[str, ...] = ("at_ministry", "at_province", "at_commune", "at_other")


class ProcedureQuerySet(ScopedQuerySet["Procedure"]):
    def active(self) -> ProcedureQuerySet:
        return self.filter(status=ProcedureStatus.ACTIVE)


class Procedure(models.Model):
    """One administrative procedure as published on the national database (or synthetic).

    `key` identifies the record in imports (the seed's `key`, stable even where the national
    `code` is unknown); `sources` maps each field to its citation; list fields that the
    source left null are named in `null_lists` so an export gives them back as null.
    """

    unit_lookup = "owner_unit"

    key = models.SlugField(_("key"), max_length=80, unique=True)
    code = models.CharField(
        _("procedure code"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        help_text=_("National code, e.g. 1.001193 (empty when the source has none)."),
    )
    name = models.TextField(_("name"), null=True, blank=True)  # noqa: DJ001  # a source null must stay null
    at_ministry = models.BooleanField(_("ministry level"), default=False)
    at_province = models.BooleanField(_("province level"), default=False)
    at_commune = models.BooleanField(_("commune level"), default=False)
    at_other = models.BooleanField(_("other agency"), default=False)
    sector = models.CharField(_("sector"), max_length=200, null=True, blank=True)  # noqa: DJ001  # a source null must stay null
    agency = models.TextField(_("implementing agency"), null=True, blank=True)  # noqa: DJ001  # a source null must stay null
    competent_level = models.ForeignKey(
        UnitLevel,
        verbose_name=_("competent unit level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.TextField(_("result"), null=True, blank=True)  # noqa: DJ001  # a source null must stay null
    channels = models.JSONField(_("channels"), null=True, blank=True)
    online_level = models.CharField(
        _("online-service level"), max_length=10, choices=OnlineLevel.choices, blank=True
    )
    boundary_free = models.BooleanField(_("regardless of administrative boundaries"), default=False)
    returns_document = models.BooleanField(
        _("returns a document"),
        default=True,
        help_text=_(
            "The result is a paper-type document (a certificate, an extract, a licence): "
            "a digitised dossier then needs an electronic result (766 indicators 4.1, 4.2)."
        ),
    )
    payment_pauses_clock = models.BooleanField(
        _("payment wait stops the clock"),
        default=False,
        help_text=_(
            "Only where the sector's law says so (e.g. land procedures, spec Q-10); "
            "otherwise waiting for the applicant to pay counts towards the time limit."
        ),
    )
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated for scale tests, not a real record.")
    )
    requirements = models.JSONField(_("requirements and conditions"), null=True, blank=True)
    sources = models.JSONField(_("sources"), default=dict, blank=True)
    version_note = models.TextField(_("version note"), blank=True)
    null_lists = models.JSONField(_("lists missing in the source"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProcedureStatus.choices, default=ProcedureStatus.ACTIVE
    )
    applies_everywhere = models.BooleanField(
        _("applies in every unit of its level"),
        default=True,
        help_text=_("Otherwise only in the units listed under applicability."),
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        ordering = ["is_synthetic", "code", "key"]
        indexes = [
            models.Index(fields=["sector"], name="procedure_sector_idx"),
            models.Index(fields=["is_synthetic", "code"], name="procedure_synth_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code or self.key} {self.name or ''}".strip()

    def build_search_text(self) -> str:
        return fold(" ".join(x for x in (self.code, self.key, self.name, self.sector) if x))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    @property
    def ref(self) -> str:
        """The path parameter of the pages and the API: the code, else the key."""
        return self.code or self.key

    @property
    def level_codes(self) -> list[str]:
        return [f for f in LEVEL_FIELDS if getattr(self, f)]


class ProcedureCase(models.Model):
    """A case (trường hợp) of a procedure: its own dossier components. Every procedure has
    one default case; the seed's components all belong to it."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="cases"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("case"), max_length=500)
    is_default = models.BooleanField(_("default case"), default=False)

    class Meta:
        verbose_name = _("procedure case")
        verbose_name_plural = _("procedure cases")
        ordering = ["procedure_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(is_default=True), name="procedure_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProcedureTimeLimit(models.Model):
    """The time limit of one channel: amount + unit (workcalendar's `TimeUnit`) + counting
    policy (`Policy`; blank = the province's default). Null amount/unit = not in the source;
    the citation is the procedure's `sources["time_limits"]`."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="time_limits"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2, null=True, blank=True)
    unit = models.CharField(  # noqa: DJ001  # a source null must stay null
        pgettext_lazy("time", "unit"),
        max_length=20,
        choices=TIME_UNIT_CHOICES,
        null=True,
        blank=True,
    )
    policy = models.CharField(
        _("counting policy"), max_length=20, choices=POLICY_CHOICES, blank=True
    )
    note = models.TextField(_("note"), null=True, blank=True)  # noqa: DJ001  # a source null must stay null

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["procedure_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="time_limit_amount_min"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.amount} {self.unit}"


class ProcedureFee(models.Model):
    """A fee or charge: the source's case label (often the channel), the amount in whole
    đồng (null = not a plain amount; the portal's wording is in `note`)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="fees"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    case_label = models.CharField(_("case"), max_length=200, null=True, blank=True)  # noqa: DJ001  # a source null must stay null
    channel = models.CharField(  # noqa: DJ001  # a source null must stay null
        _("channel"), max_length=10, choices=Channel.choices, null=True, blank=True
    )
    amount_vnd = models.BigIntegerField(_("amount (đồng)"), null=True, blank=True)
    note = models.TextField(_("note"), null=True, blank=True)  # noqa: DJ001  # a source null must stay null

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["procedure_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_vnd__isnull=True) | Q(amount_vnd__gte=0), name="fee_amount_min"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_label}: {self.amount_vnd}"


class ProcedureComponent(models.Model):
    """A dossier component (thành phần hồ sơ) of a case: originals, copies, form template."""

    case = models.ForeignKey(
        ProcedureCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="components"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.TextField(_("name"))
    original_count = models.PositiveSmallIntegerField(_("originals"), default=0)
    copy_count = models.PositiveSmallIntegerField(_("copies"), default=0)
    note = models.TextField(_("note"), null=True, blank=True)  # noqa: DJ001  # a source null must stay null
    form_template = models.FileField(
        _("form template"), upload_to="procedures/forms/%Y/", blank=True
    )

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["case_id", "position", "pk"]

    def __str__(self) -> str:
        return self.name[:80]


class ProcedureLegalBasis(models.Model):
    """A legal basis as the source cites it (number, title excerpt, date text), linked to the
    registry's `Document` when the document could be identified (number + issue date)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="legal_bases"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    number = models.CharField(_("number/symbol"), max_length=80)
    title = models.TextField(_("title (excerpt)"), null=True, blank=True)  # noqa: DJ001  # a source null must stay null
    date_text = models.CharField(_("date as published"), max_length=20, null=True, blank=True)  # noqa: DJ001  # a source null must stay null
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedure_bases",
    )
    source_note = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["procedure_id", "position", "pk"]

    def __str__(self) -> str:
        return self.number


class ProcedureApplicability(models.Model):
    """A unit that applies a procedure whose `applies_everywhere` is off (a restricted list).

    Owned, like the procedure, by the procedure's owner unit.
    """

    unit_lookup = "procedure__owner_unit"

    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="applicability",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=pgettext_lazy("organisation", "unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("applying unit")
        verbose_name_plural = _("applying units")
        ordering = ["procedure_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "unit"], name="procedure_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} @ {self.unit_id}"
