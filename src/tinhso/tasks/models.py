"""Tasks under the "six clarities" (6 rõ), their progress, extensions and workflow history.

A task's status on a date (completed on time / late, in progress, not started, overdue)
is computed from its original deadline, start and completion dates: see `status.py`.
The assignment workflow (`workflow.py`) is changed only by `services.task_transition`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.documents.models import Document
from tinhso.programmes.models import Plan, PlanGroup, Target
from tinhso.units.models import Unit


class TaskKind(models.TextChoices):
    TASK = "task", _("task")
    RECURRING = "recurring", _("recurring task")
    INSTANCE = "instance", _("period instance")
    SUBTASK = "subtask", _("delegated sub-task")


class DeadlineKind(models.TextChoices):
    FIXED = "fixed", _("fixed date")
    RECURRING = "recurring", _("recurring")
    MILESTONES = "milestones", _("milestones")


class Recurrence(models.TextChoices):
    MONTHLY = "month", _("monthly")
    QUARTERLY = "quarter", _("quarterly")
    HALF_YEARLY = "half", _("six-monthly")
    ANNUAL = "year", _("annual")


class ProductType(models.TextChoices):
    DECISION = "decision", _("decision or legal document")
    PLAN = "plan", _("plan or programme")
    SYSTEM = "system", _("system put into operation")
    REPORT = "report", _("report")
    KPI = "kpi", _("indicator value reached")
    EVENT = "event", _("event or campaign held")
    OTHER = "other", _("other")


class WorkflowState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted for acceptance")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")
    SUSPENDED = "suspended", _("suspended")
    CANCELLED = "cancelled", _("cancelled")


class TaskQuerySet(ScopedQuerySet["Task"]):
    def counted(self) -> TaskQuerySet:
        """Rows that count in statistics: tasks and period instances, not templates or
        delegated sub-tasks (those roll up into their parent), not cancelled ones."""
        return self.filter(kind__in=[TaskKind.TASK, TaskKind.INSTANCE]).exclude(
            workflow_state__in=[WorkflowState.PROPOSED, WorkflowState.CANCELLED]
        )


class Task(models.Model):
    """One assigned task with its six clarities.

    - what (rõ việc): title, description, group, source document;
    - who (rõ người): exactly one lead unit, co-ordinating units, contact officer;
    - responsibility (rõ trách nhiệm): the responsible leader;
    - time (rõ thời gian/tiến độ): start, deadline / recurrence / milestones;
    - product (rõ sản phẩm/kết quả): product type, expected product, acceptance criterion;
    - authority (rõ thẩm quyền): assigning and approving authority.

    `deadline` is the original deadline and never changes after assignment (statistics use
    it); `current_deadline` moves only with a recorded extension decision.
    """

    unit_lookup = "lead_unit"
    # Co-ordinating units read the tasks they take part in, and the lead unit of a parent
    # task reads the sub-tasks it delegated (see access.scope, ADR-0010).
    shared_unit_lookups = ("co_units", "parent__lead_unit")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="tasks"
    )
    group = models.ForeignKey(
        PlanGroup,
        verbose_name=_("plan group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices, default="task")
    code = models.CharField(_("number"), max_length=40, blank=True)
    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("content"), blank=True)
    source_document = models.ForeignKey(
        Document,
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    source_clause = models.CharField(_("clause"), max_length=100, blank=True)
    targets = models.ManyToManyField(
        Target, verbose_name=_("targets served"), blank=True, related_name="tasks"
    )
    # rõ người
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("co-ordinating units"), blank=True, related_name="co_tasks"
    )
    contact_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # rõ trách nhiệm
    responsible_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_title = models.CharField(_("leader's position"), max_length=200, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising Steering Committee member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # rõ thời gian
    deadline_kind = models.CharField(
        _("deadline type"), max_length=12, choices=DeadlineKind.choices, default="fixed"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    current_deadline = models.DateField(_("extended deadline"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, blank=True
    )
    recurrence_until = models.DateField(_("recurs until"), null=True, blank=True)
    period_label = models.CharField(_("period"), max_length=40, blank=True)
    # rõ sản phẩm
    product_type = models.CharField(
        _("product type"), max_length=10, choices=ProductType.choices, blank=True
    )
    expected_product = models.TextField(_("expected product"), blank=True)
    acceptance_criterion = models.TextField(_("acceptance criterion"), blank=True)
    # rõ thẩm quyền
    assigning_authority = models.CharField(_("assigned by"), max_length=200, blank=True)
    approving_unit = models.ForeignKey(
        Unit,
        verbose_name=_("approving authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # progress and outcome
    workflow_state = models.CharField(
        _("workflow state"), max_length=12, choices=WorkflowState.choices, default="proposed"
    )
    assigned_on = models.DateField(
        _("assigned on"),
        null=True,
        blank=True,
        help_text=_("A task counts in statistics from this date."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_update_on = models.DateField(_("last update"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    missing_clarities = models.CharField(
        _("missing clarities"),
        max_length=80,
        blank=True,
        editable=False,
        help_text=_("Comma-separated codes, kept by the services."),
    )
    national_id = models.CharField(_("national system identifier"), max_length=60, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="task_progress_le_100"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(deadline__isnull=True)
                | Q(deadline__gte=models.F("start_date")),
                name="task_deadline_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "kind", "deadline"], name="task_plan_kind_deadline"),
            models.Index(fields=["lead_unit", "deadline"], name="task_lead_deadline"),
            models.Index(fields=["completed_on"], name="task_completed_on"),
            # The list and the counts read only these columns: on PostgreSQL they run as
            # index-only scans in deadline order (a page stops after 50 matches); other
            # databases get a plain (deadline, id) index (see bench/tasks.py).
            models.Index(
                fields=["deadline", "id"],
                include=[
                    "lead_unit",
                    "plan",
                    "parent",
                    "kind",
                    "workflow_state",
                    "assigned_on",
                    "started_on",
                    "completed_on",
                    "missing_clarities",
                ],
                name="task_list_cover",
            ),
            # Status counts as of a date read this index only (PostgreSQL): plan and lead
            # unit to filter, the dates and states the status rule needs.
            models.Index(
                fields=["plan", "lead_unit"],
                include=[
                    "kind",
                    "workflow_state",
                    "assigned_on",
                    "started_on",
                    "completed_on",
                    "deadline",
                ],
                name="task_counts_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class TaskMilestone(models.Model):
    """A dated milestone of a milestone-based task."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("task milestone")
        verbose_name_plural = _("task milestones")
        ordering = ["task_id", "due_on", "sort_order"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d/%m/%Y})"


class TaskProgressQuerySet(ScopedQuerySet["TaskProgress"]):
    pass


class TaskProgress(models.Model):
    """A progress update: percent or milestone reached, narrative, difficulties, proposals."""

    unit_lookup = "task__lead_unit"

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    reported_on = models.DateField(_("as of"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    milestone = models.ForeignKey(
        TaskMilestone,
        verbose_name=_("milestone reached"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    narrative = models.TextField(_("results"))
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TaskProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["task_id", "-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="task_progress_percent_le_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.reported_on}"


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", _("product evidence")
    ATTACHMENT = "attachment", _("attachment")


class TaskAttachmentQuerySet(ScopedQuerySet["TaskAttachment"]):
    pass


class TaskAttachment(models.Model):
    """A file or link attached to a task or a progress update; `evidence` proves the product."""

    unit_lookup = "task__lead_unit"

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="attachments"
    )
    progress = models.ForeignKey(
        TaskProgress,
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="tasks/%Y/%m/", blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TaskAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["task_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="", url=""), name="task_attachment_file_or_url"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TaskExtensionQuerySet(ScopedQuerySet["TaskExtension"]):
    pass


class TaskExtension(models.Model):
    """A deadline extension granted by a recorded decision; the original deadline is kept."""

    unit_lookup = "task__lead_unit"

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="extensions"
    )
    previous_deadline = models.DateField(_("previous deadline"))
    new_deadline = models.DateField(_("new deadline"))
    decision_number = models.CharField(_("decision number/symbol"), max_length=80)
    decision_date = models.DateField(_("decision date"))
    decision_document = models.ForeignKey(
        Document,
        verbose_name=_("decision in the registry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_extensions",
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TaskExtensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["task_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_deadline__gt=models.F("previous_deadline")),
                name="task_extension_later",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_number}: {self.previous_deadline} → {self.new_deadline}"


class TaskTransitionQuerySet(ScopedQuerySet["TaskTransition"]):
    pass


class TaskTransition(models.Model):
    """One step of the assignment workflow (history row written by `task_transition`)."""

    unit_lookup = "task__lead_unit"

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=12, choices=WorkflowState.choices)
    to_state = models.CharField(_("to"), max_length=12, choices=WorkflowState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = TaskTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["task_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.from_state} → {self.to_state}"
