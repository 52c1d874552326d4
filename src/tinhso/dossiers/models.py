"""Dossiers of administrative procedures (hồ sơ TTHC) in the one-stop mechanism (spec §2).

A dossier is received by one centre (`receiving_unit`), resolved by the competent unit
(`resolving_unit`, which the Decision 766 metrics are attributed to) and returned at a third
(`return_unit`); any centre may receive an in-list procedure for any commune of the province
(§2.11). The internal state (`status`) is richer than the national status catalogue 1–10 and
mapped onto it by `NATIONAL_CODE` (§2.10). Only `services.dossier_transition` and
`services.dossier_receive` change `status` (the transition table is `workflow.py`).

Access: a dossier belongs to its resolving unit (`unit_lookup`); the receiving and the return
unit may read it too (`shared_unit_columns`, plain indexed columns ORed into the filter).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.procedures.models import Channel, Procedure, ProcedureCase, ProcedureComponent
from tinhso.units.models import Unit


class Status(models.TextChoices):
    """The internal states (spec §2.10); `NATIONAL_CODE` maps each onto the sync catalogue."""

    SUBMITTED = "submitted", _("Submitted online, awaiting reception")
    PRE_SUPPLEMENT = "pre_supplement", _("Completion requested before reception")
    RECEIVED = "received", _("Received")
    REFUSED = "refused", _("Reception refused")
    IN_PROCESS = "in_process", _("Being processed")
    INTERAGENCY = "interagency", _("Sent to another agency")
    SUPPLEMENT = "supplement", _("Supplement requested")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    STOPPED = "stopped", _("Processing stopped")
    DONE = "done", _("Processed, result ready")
    RETURNED = "returned", _("Result returned")


# The national status catalogue (TrangThaiHoSo, spec §2.10) each internal state is synced as.
NATIONAL_CODE: dict[str, int] = {
    Status.SUBMITTED: 1,
    Status.PRE_SUPPLEMENT: 1,
    Status.RECEIVED: 2,
    Status.REFUSED: 3,
    Status.IN_PROCESS: 4,
    Status.INTERAGENCY: 4,
    Status.SUPPLEMENT: 5,
    Status.AWAITING_PAYMENT: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.DONE: 9,
    Status.RETURNED: 10,
}

NATIONAL_LABEL: dict[int, Any] = {
    1: pgettext_lazy("national status", "New (registered)"),
    2: pgettext_lazy("national status", "Received"),
    3: pgettext_lazy("national status", "Not received"),
    4: pgettext_lazy("national status", "Being processed"),
    5: pgettext_lazy("national status", "Supplement requested"),
    6: pgettext_lazy("national status", "Financial obligation requested"),
    7: pgettext_lazy("national status", "Withdrawn at the applicant's request"),
    8: pgettext_lazy("national status", "Processing stopped"),
    9: pgettext_lazy("national status", "Processed"),
    10: pgettext_lazy("national status", "Result returned"),
}

# States in which the processing clock runs or is paused: the dossier is "open".
OPEN_STATES = frozenset(
    {
        Status.RECEIVED,
        Status.IN_PROCESS,
        Status.INTERAGENCY,
        Status.SUPPLEMENT,
        Status.AWAITING_PAYMENT,
    }
)
# States that end processing (spec §1.3 2.1 rule 2): their entry time is `finished_at`.
END_STATES = frozenset({Status.DONE, Status.RETURNED, Status.STOPPED, Status.WITHDRAWN})
# States before reception: no clock, no due date.
PRE_RECEPTION_STATES = frozenset({Status.SUBMITTED, Status.PRE_SUPPLEMENT})


class ApplicantKind(models.TextChoices):
    """`LoaiDoiTuong` of the sync payload (spec §3.6)."""

    CITIZEN = "citizen", _("Citizen")
    ENTERPRISE = "enterprise", _("Enterprise")
    AGENCY = "agency", _("State agency")
    ORGANISATION = "organisation", _("Organisation")


class Timeliness(models.TextChoices):
    """Timeliness class of a finished dossier (spec §2.7), judged on the statutory due."""

    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class DossierQuerySet(ScopedQuerySet["Dossier"]):
    def open(self) -> DossierQuerySet:
        return self.filter(status__in=OPEN_STATES)


class Dossier(models.Model):
    """One dossier: applicant, procedure/case/channel, the three units, the clock, flags.

    Time fields (aware): `registered_at` when it entered the system (online submission or
    counter reception; the keyset of every list), `received_at` when the clock started,
    `due_at` the statutory due moment (moved by supplement pauses and, where the procedure
    says so, payment waits), `rescheduled_due_at` the one new appointment after an apology
    (statistics keep `due_at`), `finished_at` the end of processing (§1.3 2.1 rule 2),
    `returned_at` when the result was handed over.
    """

    unit_lookup = "resolving_unit"
    shared_unit_columns = ("receiving_unit", "return_unit")

    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    return_method = models.CharField(
        _("result return method"), max_length=10, choices=Channel.choices
    )
    summary = models.CharField(_("summary"), max_length=1000, blank=True)

    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_kind = models.CharField(
        _("applicant type"),
        max_length=15,
        choices=ApplicantKind.choices,
        default=ApplicantKind.CITIZEN,
    )
    applicant_id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    # SHA-256 of the normalised identity number with a server secret: finds earlier results of
    # the same applicant (re-use, Decree 45/2020) without scanning or exposing the number.
    applicant_key = models.CharField(max_length=64, blank=True, editable=False)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    vneid_verified = models.BooleanField(_("identity verified with VNeID"), default=False)

    receiving_unit = models.ForeignKey(
        Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+"
    )
    resolving_unit = models.ForeignKey(
        Unit, verbose_name=_("resolving unit"), on_delete=models.PROTECT, related_name="+"
    )
    return_unit = models.ForeignKey(
        Unit, verbose_name=_("return unit"), on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handling officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    registered_at = models.DateTimeField(_("registered at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    # The time limit applied (copied from the procedure at reception, spec §2.3 item 1).
    limit_amount = models.DecimalField(
        _("time limit"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    limit_unit = models.CharField(pgettext_lazy("time", "unit"), max_length=20, blank=True)
    limit_policy = models.CharField(_("counting policy"), max_length=20, blank=True)
    original_due_at = models.DateTimeField(_("due at reception"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    rescheduled_due_at = models.DateTimeField(_("new appointment"), null=True, blank=True)
    reschedule_reason = models.TextField(_("reason for the delay"), blank=True)
    finished_at = models.DateTimeField(_("processing ended"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned"), null=True, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=10, choices=Timeliness.choices, blank=True
    )
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    pause_started_at = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    outcome_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Refusal, stop or withdrawal reason.")
    )
    missing_items = models.TextField(
        _("what is missing"), blank=True, help_text=_("The open supplement request.")
    )

    # Flags that drive the 766 index (spec §1.9 item 3).
    is_digitised = models.BooleanField(_("digitised"), default=False)
    has_reused = models.BooleanField(_("re-used digitised data"), default=False)
    from_data_store = models.BooleanField(
        _("component from the personal data store"), default=False
    )
    has_e_result = models.BooleanField(_("electronic result"), default=False)
    e_result_to_store = models.BooleanField(_("result pushed to the data store"), default=False)
    fee_total = models.BigIntegerField(_("fees (đồng)"), default=0)
    paid_online = models.BooleanField(_("paid online"), default=False)
    portal_synced_at = models.DateTimeField(
        _("synchronised to the national portal"), null=True, blank=True
    )

    # True when another unit than the resolving one receives or returns it (boundary-free):
    # such rows are few, and a partial index on them keeps the shared part of a commune's
    # list an index scan (PostgreSQL cannot estimate `receiving <> resolving` by itself).
    is_shared = models.GeneratedField(
        # A Q is a valid expression here (Django); the stubs only know Expression.
        expression=Q(~Q(receiving_unit=F("resolving_unit")) | ~Q(return_unit=F("resolving_unit"))),  # type: ignore[arg-type]
        output_field=models.BooleanField(),
        db_persist=True,
    )

    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-registered_at", "-id"]
        indexes = [
            # Keyset lists: scope column first, then the sort (perf spec §3).
            models.Index(
                fields=["resolving_unit", "-registered_at", "-id"], name="dossier_resolving_idx"
            ),
            models.Index(
                fields=["resolving_unit", "status", "-registered_at", "-id"],
                name="dossier_res_status_idx",
            ),
            models.Index(
                fields=["resolving_unit", "procedure", "-registered_at", "-id"],
                name="dossier_res_proc_idx",
            ),
            models.Index(
                fields=["receiving_unit", "-registered_at", "-id"], name="dossier_receiving_idx"
            ),
            # The few rows another unit received or returns (see `is_shared`).
            models.Index(
                fields=["receiving_unit", "-registered_at", "-id"],
                name="dossier_shared_recv_idx",
                condition=Q(is_shared=True),
            ),
            models.Index(
                fields=["return_unit", "-registered_at", "-id"],
                name="dossier_shared_ret_idx",
                condition=Q(is_shared=True),
            ),
            models.Index(fields=["-registered_at", "-id"], name="dossier_registered_idx"),
            # Work queues: open dossiers of a unit by due date.
            models.Index(
                fields=["resolving_unit", "due_at"],
                name="dossier_open_due_idx",
                condition=Q(
                    status__in=[
                        "received",
                        "in_process",
                        "interagency",
                        "supplement",
                        "awaiting_payment",
                    ]
                ),
            ),
            # The 766 index: received in a period, per resolving unit; incremental recompute.
            models.Index(fields=["resolving_unit", "received_at"], name="dossier_res_received_idx"),
            models.Index(fields=["updated_at"], name="dossier_updated_idx"),
            models.Index(
                fields=["applicant_key"],
                name="dossier_applicant_idx",
                condition=~Q(applicant_key=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(fee_total__gte=0), name="dossier_fee_min"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def national_status(self) -> int:
        return NATIONAL_CODE[self.status]

    @property
    def national_status_label(self) -> Any:
        return NATIONAL_LABEL[self.national_status]

    @property
    def appointment_at(self) -> Any:
        """The appointment the applicant holds: the new one after an apology, else the due."""
        return self.rescheduled_due_at or self.due_at

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def is_boundary_free(self) -> bool:
        return self.receiving_unit_id != self.resolving_unit_id

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.applicant_id_number)


def mask_id_number(value: str) -> str:
    """`0792******34`: the first three and the last two digits of an identity number."""
    if not value:
        return ""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


class DossierEvent(models.Model):
    """One step of a dossier's history (the process log `QuaTrinhXuLy`, spec §3.6).

    Written only by the dossier services, with the status before and after, the national
    code after, the acting unit and officer, and the due moment in force after the step.
    """

    unit_lookup = "dossier__resolving_unit"
    shared_unit_lookups = ("dossier__receiving_unit", "dossier__return_unit")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    national_code = models.PositiveSmallIntegerField(_("national status"))
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=pgettext_lazy("organisation", "unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    due_at = models.DateTimeField(_("due after this step"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier_id", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at", "id"], name="dossier_event_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class PauseKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("Supplement requested")
    PAYMENT = "payment", _("Awaiting payment")


class DossierPause(models.Model):
    """A stretch of time the clock did not run (a supplement request, or a payment wait
    where the procedure says so): `ended_at` null while it lasts."""

    unit_lookup = "dossier__resolving_unit"
    shared_unit_lookups = ("dossier__receiving_unit", "dossier__return_unit")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="pauses"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PauseKind.choices)
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("to"), null=True, blank=True)
    counts = models.BooleanField(
        _("stops the clock"),
        default=True,
        help_text=_("Payment waits stop the clock only where the procedure says so."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        ordering = ["dossier_id", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.started_at:%Y-%m-%d}"


class ComponentSource(models.TextChoices):
    """Where a component came from (spec §2.12 flags)."""

    PAPER = "paper", _("Paper, digitised at the counter")
    UPLOAD = "upload", _("Uploaded by the applicant")
    REUSED = "reused", _("Re-used from an earlier result")
    DATA_STORE = "data_store", _("From the applicant's data store")
    MISSING = "missing", _("Not provided")


class DossierComponent(models.Model):
    """A component of a dossier, checked against the procedure's list at reception.

    `digitised` = a file is attached (`DuocSoHoa`); `reused_result` = the earlier result that
    replaced it (`DuocTaiSuDung`, `MaKetQuaThayThe`); source `data_store` = `DuocLayTuKhoDMQG`.
    """

    unit_lookup = "dossier__resolving_unit"
    shared_unit_lookups = ("dossier__receiving_unit", "dossier__return_unit")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="components"
    )
    component = models.ForeignKey(
        ProcedureComponent,
        verbose_name=_("component of the procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.TextField(_("name"))
    source = models.CharField(
        _("source"), max_length=12, choices=ComponentSource.choices, default=ComponentSource.PAPER
    )
    file = models.FileField(_("file"), upload_to="dossiers/components/%Y/%m/", blank=True)
    digitised = models.BooleanField(_("digitised"), default=False)
    reused_result = models.ForeignKey(
        "DossierResult",
        verbose_name=_("re-used result"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reused_by",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["dossier_id", "position", "id"]

    def __str__(self) -> str:
        return self.name[:80]


class DossierResult(models.Model):
    """A result issued for a dossier (`DanhSachGiayToKetQua`): name, result code, the signed
    file of an electronic result. `applicant_key` copies the dossier's, so a later dossier of
    the same applicant finds it for re-use (Decree 45/2020)."""

    unit_lookup = "dossier__resolving_unit"
    shared_unit_lookups = ("dossier__receiving_unit", "dossier__return_unit")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="results"
    )
    name = models.CharField(_("result"), max_length=300)
    result_code = models.CharField(_("result code"), max_length=60, blank=True)
    is_electronic = models.BooleanField(_("electronic result"), default=False)
    file = models.FileField(_("file"), upload_to="dossiers/results/%Y/%m/", blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    applicant_key = models.CharField(max_length=64, blank=True, editable=False)
    pushed_to_store = models.BooleanField(_("pushed to the applicant's data store"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier result")
        verbose_name_plural = _("dossier results")
        ordering = ["dossier_id", "issued_at", "id"]
        indexes = [
            models.Index(
                fields=["applicant_key", "-issued_at"],
                name="dossier_result_applicant_idx",
                condition=~Q(applicant_key=""),
            )
        ]

    def __str__(self) -> str:
        return self.name


class SatisfactionQuestion(models.Model):
    """One of the evaluation indicators (Circular 01/2018: nine, each scored 0–2), as data with
    validity dates so a new questionnaire (Decree 118/2025, spec Q-8) needs no deploy."""

    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=2)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("satisfaction question")
        verbose_name_plural = _("satisfaction questions")
        ordering = ["valid_from", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="satisfaction_q_unique")
        ]

    def __str__(self) -> str:
        return self.text


class SatisfactionLevel(models.TextChoices):
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")


class Evaluation(models.Model):
    """An applicant's evaluation of one dossier: a score per question, the level, free text."""

    unit_lookup = "dossier__resolving_unit"
    shared_unit_lookups = ("dossier__receiving_unit", "dossier__return_unit")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="evaluations"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    scores = models.JSONField(_("scores"), default=dict)
    total = models.PositiveSmallIntegerField(_("total score"), default=0)
    max_total = models.PositiveSmallIntegerField(_("maximum"), default=0)
    level = models.CharField(_("level"), max_length=15, choices=SatisfactionLevel.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier"], name="evaluation_one_per_dossier")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.level}"


class DossierCodeCounter(models.Model):
    """The last sequence number of the dossiers a unit received on a day (the XXXX of the
    code `<agency>-YYMMDD-XXXX`, Circular 01/2018 Art. 19); locked when incremented."""

    unit_lookup = "unit"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier code counter")
        verbose_name_plural = _("dossier code counters")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="dossier_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"


class OutboxChannel(models.TextChoices):
    PORTAL = "portal", _("National public service portal")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo OA")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    DEAD = "dead", _("Given up")


class OutboxMessage(models.Model):
    """A message to deliver outside the system (the national portal sync, a notice to the
    applicant), written in the same transaction as the change it reports (a durable outbox)
    and delivered later by `tinhso.interop`; never blocks the officer's action.

    `idempotency_key` is unique: writing the same event twice yields one message, and the
    receiver gets the same key on every retry.
    """

    unit_lookup = "dossier__resolving_unit"
    shared_unit_lookups = ("dossier__receiving_unit", "dossier__return_unit")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="outbox"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=OutboxChannel.choices)
    kind = models.CharField(_("kind"), max_length=30)
    payload = models.JSONField(_("payload"), default=dict)
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="outbox_due_idx",
                condition=Q(status__in=["pending", "failed"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} {self.idempotency_key}"
