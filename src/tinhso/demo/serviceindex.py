"""Demo figures the one-stop system cannot count itself, entered as a province would by hand
(Decision 766 indicators 1.1, 1.2 and 4.6): procedures announced and published on time,
communes providing electronic certified copies. Illustrative: Đồng Nai's own figures are
not public per commune; the published province total (90.62 in Oct 2025, every commune
≥ 90) is what these make plausible. Marked "Minh họa" in the source of every row.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.serviceindex.models import ManualInput
from tinhso.units.models import Unit

SOURCE = "Minh họa — số liệu nhập tay giả định cho bản trình diễn (không phải số liệu công bố)"
FIRST_MONTH = dt.date(2025, 7, 1)


def _period_codes(today: dt.date) -> list[str]:
    codes: list[str] = []
    day = FIRST_MONTH
    while day <= today:
        codes.append(f"{day.year}-M{day.month:02d}")
        if day.month % 3 == 0 or (day.year, day.month) == (today.year, today.month):
            code = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
            if code not in codes:
                codes.append(code)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    codes += [str(y) for y in range(FIRST_MONTH.year, today.year + 1)]
    return codes


def seed_serviceindex_inputs(stdout: Any = None) -> int:
    """Hand-entered 766 inputs for the province and its communes (idempotent)."""
    province_code = settings.TINHSO_PROVINCE_CODE
    units = list(
        Unit.objects.current()
        .filter(province_code=province_code, level__code__in=["province", "commune"])
        .order_by("pk")
    )
    if ManualInput.objects.filter(unit__in=units).exists():
        return 0
    rng = random.Random(766)  # noqa: S311  # demo figures, not security
    rows: list[ManualInput] = []
    for period_code in _period_codes(timezone.localdate()):
        for unit in units:
            announced = rng.randint(30, 45)
            due = rng.randint(30, 45)
            rows += [
                ManualInput(
                    unit=unit,
                    period_code=period_code,
                    indicator_code="1.1",
                    numerator=Decimal(announced - rng.choice([0, 0, 0, 1, 2])),
                    denominator=Decimal(announced),
                    source=SOURCE,
                ),
                ManualInput(
                    unit=unit,
                    period_code=period_code,
                    indicator_code="1.2",
                    numerator=Decimal(due - rng.choice([0, 0, 1, 2, 3])),
                    denominator=Decimal(due),
                    source=SOURCE,
                ),
                ManualInput(
                    unit=unit,
                    period_code=period_code,
                    indicator_code="4.6",
                    numerator=Decimal(1 if rng.random() < 0.9 else 0),
                    denominator=Decimal(1),
                    source=SOURCE,
                ),
            ]
    with transaction.atomic():
        ManualInput.objects.bulk_create(rows, batch_size=2000)
        audit_record(
            actor=None,
            action=AuditEntry.Action.IMPORT,
            object_type=ManualInput._meta.label,
            object_repr="Chỉ số 766: số liệu nhập tay (demo)",
            after={"rows": len(rows)},
            message=SOURCE,
        )
    if stdout is not None:
        stdout.write(f"  766 hand-entered inputs: {len(rows)} (illustrative)\n")
    return len(rows)
