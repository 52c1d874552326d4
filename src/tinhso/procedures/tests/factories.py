"""Factories for the procedure catalogue (traits: synthetic, restricted)."""

from __future__ import annotations

from decimal import Decimal

import factory

from tinhso.procedures.models import (
    Channel,
    Procedure,
    ProcedureCase,
    ProcedureComponent,
    ProcedureFee,
    ProcedureTimeLimit,
)
from tinhso.units.tests.factories import UnitFactory


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"thu-tuc-{n}")
    code = factory.Sequence(lambda n: f"1.{n + 900000:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    at_commune = True
    sector = "Hộ tịch"
    agency = "Ủy ban nhân dân cấp xã"
    result = "Giấy chứng nhận"
    channels = factory.LazyFunction(lambda: [Channel.IN_PERSON, Channel.ONLINE])
    owner_unit = factory.SubFactory(UnitFactory, province=True)

    class Params:
        synthetic = factory.Trait(is_synthetic=True, key=factory.Sequence(lambda n: f"syn-{n}"))
        restricted = factory.Trait(applies_everywhere=False)

    @factory.post_generation
    def parts(self, create, extracted, **kwargs):
        if not create:
            return
        case = ProcedureCase.objects.create(
            procedure=self, name="Trường hợp chung", is_default=True
        )
        ProcedureComponent.objects.create(case=case, name="Tờ khai", original_count=1)
        ProcedureTimeLimit.objects.create(
            procedure=self, channel=Channel.IN_PERSON, amount=Decimal(3), unit="working_days"
        )
        ProcedureTimeLimit.objects.create(procedure=self, channel=Channel.ONLINE, note="không rõ")
        ProcedureFee.objects.create(
            procedure=self, case_label="Trực tiếp", channel=Channel.IN_PERSON, amount_vnd=10000
        )
