"""The seed's shared context: the province's units, the admin, the documents and the one RNG."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.documents.models import Document
from tinhso.units.models import Unit

D = dt.date
PROVINCE = "75"
AS_OF_REPORT = D(2025, 9, 30)  # the published "67 completed, 62 in progress" date


@dataclass
class Context:
    province: Unit
    skhcn: Unit
    bcd: Unit
    departments: list[Unit]
    communes: list[Unit]
    former_communes: list[Unit]
    admin: User
    docs: dict[str, Document]
    rng: random.Random


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def build_context() -> Context:
    units = Unit.objects.filter(province_code=PROVINCE).select_related("level")
    current = units.filter(valid_to__isnull=True)
    return Context(
        province=current.get(level__code="province"),
        skhcn=current.get(code="75.SKHCN"),
        bcd=current.get(code="75.BCD57"),
        departments=list(current.filter(level__code="department").order_by("code")),
        communes=list(current.filter(level__code="commune").order_by("code")),
        former_communes=list(
            Unit.objects.filter(level__code="commune", valid_to=D(2025, 7, 1))
            .filter(province_code__in=["75", "70"])
            .order_by("code")
        ),
        admin=User.objects.get(username="admin.tinh"),
        docs={},
        rng=random.Random(57),  # noqa: S311  # deterministic demo data, not security
    )
