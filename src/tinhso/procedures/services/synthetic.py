"""Synthetic catalogue for scale runs: seeded, marked `is_synthetic`, replaced on each run."""

from __future__ import annotations

import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.audit.services import audit_record
from tinhso.procedures.models import (
    Channel,
    OnlineLevel,
    Procedure,
    ProcedureCase,
    ProcedureComponent,
    ProcedureFee,
    ProcedureTimeLimit,
)
from tinhso.units.models import Unit
from tinhso.workcalendar.deadlines.limits import Policy, TimeUnit

from .common import DEFAULT_CASE_NAME

_SECTORS = (
    ("Hộ tịch", "Cấp xã"),
    ("Chứng thực", "Cấp xã"),
    ("Đất đai", "Cấp tỉnh, Cấp xã"),
    ("Hoạt động xây dựng", "Cấp tỉnh, Cấp xã"),
    ("Bảo trợ xã hội", "Cấp xã"),
    ("Giáo dục và Đào tạo", "Cấp tỉnh"),
    ("Y tế", "Cấp tỉnh"),
    ("Văn hóa", "Cấp tỉnh"),
    ("Giao thông vận tải", "Cấp tỉnh"),
    ("Tài nguyên nước", "Cấp tỉnh"),
    ("Môi trường", "Cấp tỉnh, Cấp xã"),
    ("Nông nghiệp", "Cấp xã"),
    ("Thành lập và hoạt động doanh nghiệp", "Cấp tỉnh"),
    ("Lao động", "Cấp tỉnh"),
    ("Người có công", "Cấp xã"),
    ("Thi đua, khen thưởng", "Cấp tỉnh, Cấp xã"),
    ("Tôn giáo", "Cấp tỉnh"),
    ("Công thương", "Cấp tỉnh"),
)
_VERBS = (
    "Cấp",
    "Cấp lại",
    "Điều chỉnh",
    "Gia hạn",
    "Xác nhận",
    "Đăng ký",
    "Thẩm định",
    "Công nhận",
)
_OBJECTS = (
    "giấy phép",
    "giấy chứng nhận",
    "văn bản chấp thuận",
    "quyết định công nhận",
    "giấy xác nhận",
    "chứng chỉ",
    "thông báo",
)
_PAPERS = (
    "Tờ khai theo mẫu",
    "Đơn đề nghị theo mẫu",
    "Bản sao giấy tờ tùy thân",
    "Giấy tờ chứng minh nơi cư trú",
    "Văn bản ủy quyền (nếu có)",
    "Bản vẽ, sơ đồ vị trí",
    "Báo cáo hiện trạng",
    "Giấy tờ chứng minh quyền sử dụng đất",
    "Biên bản họp",
    "Hợp đồng liên quan",
)
SYNTHETIC_PREFIX = "syn-"


def procedures_generate(*, count: int, seed: int = 1, owner_unit: Unit | None) -> tuple[int, int]:
    """Fill the catalogue with synthetic procedures until it holds `count` (scale runs).

    Rule: synthetic rows carry `is_synthetic=True`, keys `syn-NNNNN`, codes `9.NNNNNN` (a
    prefix the national database does not use) and the source "synthetic"; the same `seed`
    gives the same catalogue; earlier synthetic rows are replaced. System job (commands
    only): no actor, no access check. Side effects: bulk rows, one summary audit entry.
    Returns (deleted, created).
    """
    if owner_unit is None:
        raise ValidationError({"owner_unit": _("No unit can own the catalogue yet.")})
    rng = random.Random(seed)  # noqa: S311  # test data, not security
    with transaction.atomic():
        deleted = Procedure.objects.filter(is_synthetic=True).count()
        Procedure.objects.filter(is_synthetic=True).delete()
        wanted = max(0, count - Procedure.objects.count())
        procedures: list[Procedure] = []
        for n in range(1, wanted + 1):
            sector, level = _SECTORS[rng.randrange(len(_SECTORS))]
            name = (
                f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"trong lĩnh vực {sector.lower()} (mô phỏng {n:04d})"
            )
            online = rng.choices(
                [OnlineLevel.FULL, OnlineLevel.PARTIAL, OnlineLevel.NONE], weights=[17, 60, 23]
            )[0]
            proc = Procedure(
                key=f"{SYNTHETIC_PREFIX}{n:05d}",
                code=f"9.{n:06d}",
                name=name,
                at_province="Cấp tỉnh" in level,
                at_commune="Cấp xã" in level,
                sector=sector,
                agency="Ủy ban nhân dân cấp xã" if level == "Cấp xã" else "Sở chuyên ngành",
                result=f"{rng.choice(_OBJECTS).capitalize()} (mô phỏng)",
                channels=[Channel.IN_PERSON, Channel.POST]
                + ([Channel.ONLINE] if online != OnlineLevel.NONE else []),
                online_level=online,
                boundary_free=rng.random() < 0.3,
                is_synthetic=True,
                requirements=None,
                sources={"*": "synthetic"},
                version_note="Dữ liệu mô phỏng cho kiểm thử quy mô, không phải thủ tục thật.",
                null_lists=["requirements"],
                owner_unit=owner_unit,
            )
            proc.search_text = proc.build_search_text()
            procedures.append(proc)
        Procedure.objects.bulk_create(procedures, batch_size=1000)
        ids = dict(Procedure.objects.filter(is_synthetic=True).values_list("key", "pk"))
        cases = [
            ProcedureCase(
                procedure_id=ids[p.key], position=0, name=DEFAULT_CASE_NAME, is_default=True
            )
            for p in procedures
        ]
        ProcedureCase.objects.bulk_create(cases, batch_size=1000)
        case_ids = dict(
            ProcedureCase.objects.filter(procedure__is_synthetic=True).values_list(
                "procedure_id", "pk"
            )
        )
        limits: list[ProcedureTimeLimit] = []
        fees: list[ProcedureFee] = []
        comps: list[ProcedureComponent] = []
        for p in procedures:
            pk = ids[p.key]
            unit = rng.choices(
                [TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS, TimeUnit.WORKING_HOURS],
                weights=[80, 12, 8],
            )[0]
            amount = rng.choice((1, 2, 3, 5, 7, 10, 15, 20, 30))
            if unit == TimeUnit.WORKING_HOURS:
                amount = rng.choice((4, 8, 16))
            fee = rng.choice((0, 0, 0, 10_000, 20_000, 50_000, 100_000, 200_000))
            for i, channel in enumerate(p.channels or []):
                limits.append(
                    ProcedureTimeLimit(
                        procedure_id=pk,
                        position=i,
                        channel=channel,
                        amount=Decimal(amount),
                        unit=unit,
                        policy=Policy.DAY_COUNT
                        if unit != TimeUnit.WORKING_HOURS
                        else Policy.HOUR_COUNT,
                        note=None,
                    )
                )
                fees.append(
                    ProcedureFee(
                        procedure_id=pk,
                        position=i,
                        case_label=channel,
                        channel=channel,
                        amount_vnd=fee,
                        note=None,
                    )
                )
            for i, paper in enumerate(rng.sample(_PAPERS, rng.randint(2, 6))):
                comps.append(
                    ProcedureComponent(
                        case_id=case_ids[pk],
                        position=i,
                        name=paper,
                        original_count=1 if i == 0 else rng.randint(0, 1),
                        copy_count=rng.randint(0, 2),
                    )
                )
        ProcedureTimeLimit.objects.bulk_create(limits, batch_size=2000)
        ProcedureFee.objects.bulk_create(fees, batch_size=2000)
        ProcedureComponent.objects.bulk_create(comps, batch_size=2000)
        audit_record(
            actor=None,
            action="import",
            object_type=Procedure._meta.label,
            object_repr="synthetic catalogue",
            unit=owner_unit,
            after={"deleted": deleted, "created": len(procedures), "seed": seed},
            message=_("Synthetic procedures generated for scale tests."),
        )
    return deleted, len(procedures)
