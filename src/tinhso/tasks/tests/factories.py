"""Factories of tasks (with traits for each workflow stage) and the plan rows they need."""

from __future__ import annotations

import datetime as dt

import factory

from tinhso.documents.models import Document
from tinhso.programmes.models import Plan, PlanGroup
from tinhso.tasks import clarities
from tinhso.tasks.models import (
    AttachmentKind,
    Task,
    TaskAttachment,
    TaskExtension,
    TaskKind,
    TaskProgress,
    TaskTransition,
    WorkflowState,
)
from tinhso.units.tests.factories import UnitFactory


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    number = factory.Sequence(lambda n: f"{400 + n}-KH/TU")
    doc_type = "plan"
    issuer = "Tỉnh ủy Đồng Nai"
    issued_on = dt.date(2025, 5, 16)
    title = factory.Sequence(lambda n: f"Kế hoạch thực hiện Nghị quyết 57 số {n}")
    owner_unit = factory.SubFactory(UnitFactory, department=True)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    document = factory.SubFactory(DocumentFactory)
    unit = factory.SelfAttribute("document.owner_unit")
    title = factory.Sequence(lambda n: f"Kế hoạch {n}")


class PlanGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGroup

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"G{n}")
    title = "Hoàn thiện thể chế"


class TaskFactory(factory.django.DjangoModelFactory):
    """A task in state `proposed`; traits move it along the workflow or make it complete."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    lead_unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm {n}")
    kind = TaskKind.TASK
    deadline = dt.date(2025, 9, 30)
    current_deadline = factory.SelfAttribute("deadline")
    workflow_state = WorkflowState.PROPOSED

    class Params:
        assigned = factory.Trait(
            workflow_state=WorkflowState.ASSIGNED, assigned_on=dt.date(2025, 6, 1)
        )
        in_progress = factory.Trait(
            workflow_state=WorkflowState.IN_PROGRESS,
            assigned_on=dt.date(2025, 6, 1),
            started_on=dt.date(2025, 6, 15),
            progress_percent=40,
        )
        submitted = factory.Trait(
            workflow_state=WorkflowState.SUBMITTED,
            assigned_on=dt.date(2025, 6, 1),
            started_on=dt.date(2025, 6, 15),
            progress_percent=90,
        )
        accepted = factory.Trait(
            workflow_state=WorkflowState.ACCEPTED,
            assigned_on=dt.date(2025, 6, 1),
            started_on=dt.date(2025, 6, 15),
            completed_on=dt.date(2025, 9, 20),
            progress_percent=100,
        )
        complete = factory.Trait(
            group=factory.SubFactory(PlanGroupFactory, plan=factory.SelfAttribute("..plan")),
            responsible_title="Phó Giám đốc Sở",
            product_type="decision",
            expected_product="Quyết định ban hành",
            acceptance_criterion="Quyết định được ký ban hành",
            assigning_authority="UBND tỉnh",
            approving_unit=factory.SelfAttribute("lead_unit.parent"),
        )

    @factory.post_generation
    def clarities(obj, create, extracted, **kwargs):  # noqa: N805  # factory_boy hook
        obj.missing_clarities = clarities.encode(
            clarities.missing_clarities(obj, has_milestones=False)
        )
        if create:
            Task.objects.filter(pk=obj.pk).update(missing_clarities=obj.missing_clarities)


class TaskProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskProgress

    task = factory.SubFactory(TaskFactory, in_progress=True)
    reported_on = dt.date(2025, 7, 1)
    percent = 50
    narrative = "Đã hoàn thành dự thảo."


class TaskAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskAttachment

    task = factory.SubFactory(TaskFactory, in_progress=True)
    kind = AttachmentKind.EVIDENCE
    title = "Quyết định ban hành"
    url = "https://dongnai.gov.vn/vb/1"


class TaskExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskExtension

    task = factory.SubFactory(TaskFactory, in_progress=True)
    previous_deadline = factory.SelfAttribute("task.deadline")
    new_deadline = factory.LazyAttribute(lambda o: o.previous_deadline + dt.timedelta(days=60))
    decision_number = "123/QĐ-UBND"
    decision_date = dt.date(2025, 9, 1)
    reason = "Chờ hướng dẫn của Trung ương"


class TaskTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskTransition

    task = factory.SubFactory(TaskFactory, assigned=True)
    action = "assign"
    from_state = WorkflowState.PROPOSED
    to_state = WorkflowState.ASSIGNED
