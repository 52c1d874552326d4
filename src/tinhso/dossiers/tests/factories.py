"""Factories for dossiers: `DossierFactory` writes rows directly (lists, access, bench-like
volumes); `received` goes through the reception service (rules, clock, events)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from tinhso.accounts.tests.factories import member
from tinhso.dossiers import services
from tinhso.dossiers.models import Dossier, Status
from tinhso.procedures.models import Channel
from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.units.tests.factories import UnitFactory

TZ = dt.timezone(dt.timedelta(hours=7))


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    code = factory.Sequence(lambda n: f"26173-251001-{n:04d}")
    procedure = factory.SubFactory(ProcedureFactory)
    channel = Channel.IN_PERSON
    return_method = Channel.IN_PERSON
    applicant_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    applicant_id_number = factory.Sequence(lambda n: f"0792{n:08d}")
    resolving_unit = factory.SubFactory(UnitFactory)
    receiving_unit = factory.SelfAttribute("resolving_unit")
    return_unit = factory.SelfAttribute("receiving_unit")
    status = Status.IN_PROCESS
    registered_at = factory.LazyFunction(lambda: dt.datetime(2025, 10, 1, 9, 0, tzinfo=TZ))
    received_at = factory.SelfAttribute("registered_at")
    limit_amount = 3
    limit_unit = "working_days"
    limit_policy = "day_count"
    due_at = factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=3))
    original_due_at = factory.SelfAttribute("due_at")


def received(
    unit: Any = None,
    *,
    resolving_unit: Any = None,
    procedure: Any = None,
    actor: Any = None,
    at: dt.datetime | None = None,
    **kwargs: Any,
) -> Dossier:
    """A dossier received at `unit`'s counter through `services.dossier_receive`, every
    component of the default case provided on paper."""
    unit = unit or UnitFactory()
    procedure = procedure or ProcedureFactory(boundary_free=True)
    actor = actor or member(unit, "officer")
    case = procedure.cases.get(is_default=True)
    components = [services.ComponentInput(component_id=c.pk) for c in case.components.all()]
    return services.dossier_receive(
        actor=actor,
        receiving_unit=unit,
        resolving_unit=resolving_unit,
        procedure=procedure,
        applicant=kwargs.pop(
            "applicant",
            services.Applicant(name="Trần Thị Thử", id_number="079201001234", email="a@b.vn"),
        ),
        components=components,
        received_at=at or timezone.now() - dt.timedelta(hours=1),
        **kwargs,
    )
