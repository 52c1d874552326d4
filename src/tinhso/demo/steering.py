"""The steering demo for Đồng Nai: documents, plans, targets, tasks, indicators and reports.

Sourced rows (documents, the NQ 03 appendix, 433-KH/TU, HCMC, the 17 directive tasks,
dated figures) come from `steering_data` and `data/plans/`. What is not public — the 43/45
targets of Plan 469-KH/TU, its task annex, task progress and commune figures — is
generated deterministically and marked illustrative ("Minh họa"). Every figure a page
shows is computed from these rows; none is typed in. The published ones are echoed by
construction: as of 30/09/2025 Plan 469 has 67 completed tasks and 62 in progress.

Reference data is written in bulk (it is a loader, like `load_units`); rollups are
rebuilt with the indicators service; reports go through the reporting workflow services.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.documents.models import Document, DocumentRelation
from tinhso.indicators.models import (
    Indicator,
    IndicatorValue,
    Period,
    PeriodKind,
    ValueStatus,
)
from tinhso.programmes.models import (
    Catalogue,
    CatalogueItem,
    Plan,
    PlanGroup,
    Target,
    TargetAssessment,
    TargetMilestone,
    TargetSet,
)
from tinhso.tasks.models import (
    Task,
    TaskAttachment,
    TaskExtension,
    TaskKind,
    TaskProgress,
    TaskTransition,
    WorkflowState,
)
from tinhso.units.models import Unit, UnitLevel

from . import steering_data as data

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


# --- documents and catalogues ------------------------------------------------------------


def seed_documents(ctx: Context) -> None:
    for d in data.DOCUMENTS:
        owner = Unit.objects.filter(code=d.owner, valid_to__isnull=True).first() or ctx.skhcn
        doc, _created = Document.objects.get_or_create(
            number=d.number,
            issued_on=d.issued_on,
            defaults={
                "doc_type": d.doc_type,
                "issuer": d.issuer,
                "title": d.title,
                "source_note": d.source_note,
                "source_url": d.source_url,
                "effective_from": d.issued_on,
                "owner_unit": owner,
                "is_illustrative": d.illustrative,
            },
        )
        ctx.docs[d.key] = doc
    for source, kind, target in data.RELATIONS:
        DocumentRelation.objects.get_or_create(
            source=ctx.docs[source], kind=kind, target=ctx.docs[target]
        )


def _catalogue(code: str, name: str, items: list[tuple[str, str]], doc: Document) -> Catalogue:
    cat, _ = Catalogue.objects.get_or_create(
        code=code, version=1, defaults={"name": name, "source_document": doc}
    )
    for order, (item_code, item_name) in enumerate(items, start=1):
        CatalogueItem.objects.get_or_create(
            catalogue=cat, code=item_code, defaults={"name": item_name, "sort_order": order}
        )
    return cat


# --- plans and targets -------------------------------------------------------------------


def _plan(
    ctx: Context,
    doc_key: str,
    implements: str | None,
    unit: Unit,
    title: str,
    catalogue: Catalogue | None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    illustrative: bool = False,
    note: str = "",
    parent: Plan | None = None,
) -> Plan:
    plan, _ = Plan.objects.get_or_create(
        document=ctx.docs[doc_key],
        defaults={
            "implements": ctx.docs[implements] if implements else None,
            "unit": unit,
            "title": title,
            "catalogue": catalogue,
            "period_start": start,
            "period_end": end,
            "is_illustrative": illustrative,
            "source_note": note,
            "parent": parent,
        },
    )
    if catalogue is not None and not plan.groups.exists():
        PlanGroup.objects.bulk_create(
            PlanGroup(
                plan=plan,
                code=item.code,
                title=item.name,
                catalogue_item=item,
                sort_order=item.sort_order,
            )
            for item in catalogue.items.all()
        )
    return plan


def _direction(unit: str, value: str) -> str:
    return "lower" if ("thứ bậc" in unit or "≤" in value) else "higher"


def _targets_from_csv(
    target_set: TargetSet, rows: Iterable[dict[str, str]], prefix: str, source_doc: Document
) -> list[Target]:
    made = []
    for order, row in enumerate(rows, start=1):
        value, unit = row["value"], row["unit"]
        year = int(row["year"][:4]) if row["year"][:4].isdigit() else 2030
        code = row["code_or_order"] or str(order)
        made.append(
            Target(
                target_set=target_set,
                key=f"{prefix}-{code}".replace(".", "-"),
                code=code,
                text=row["target_text"],
                unit_of_measure=unit[:40],
                direction=_direction(unit, value),
                target_value=data.parse_vn_number(value)
                if data.is_quantitative(value, unit)
                else None,
                target_year=year if year <= 2030 else 2030,
                value_text=value[:200],
                vision_text=(f"{value} {unit}"[:300] if year >= 2045 else ""),
                source_document=source_doc,
                source_note=row["source"][:500],
                sort_order=order,
            )
        )
    return Target.objects.bulk_create(made)


def seed_reference_plans(ctx: Context) -> dict[str, Plan]:
    """The national set, 433-KH/TU and HCMC's programme: sourced target rows only."""
    rows = data.read_csv("targets.csv")
    plans: dict[str, Plan] = {}
    spec = [
        ("nq03", "nq57", ctx.skhcn, "Danh mục các chỉ tiêu cụ thể (Phụ lục I)", "Quốc gia", "nq03"),
        ("kh433", "nq57", ctx.province, "Kế hoạch thực hiện NQ 57-NQ/TW", "Đồng Nai 433", "dn433"),
    ]
    hcm = Unit.objects.filter(code="79", valid_to__isnull=True).first()
    if hcm is not None:
        spec.append(
            (
                "ctr_hcm",
                "nq57",
                hcm,
                "Chương trình hành động thực hiện NQ 57 (so sánh)",
                "TP.HCM: Chương trình",
                "hcm",
            )
        )
    for doc_key, implements, unit, title, prefix_match, key in spec:
        plan = _plan(ctx, doc_key, implements, unit, title, None, end=D(2030, 12, 31))
        plans[doc_key] = plan
        if plan.target_sets.exists():
            continue
        tset = TargetSet.objects.create(
            plan=plan,
            version=1,
            label=f"{ctx.docs[doc_key].number}: chỉ tiêu đã công bố",
            valid_from=ctx.docs[doc_key].issued_on,
        )
        selected = [r for r in rows if r["plan"].startswith(prefix_match)]
        _targets_from_csv(tset, selected, key, ctx.docs[doc_key])
    return plans


# Illustrative 469 targets: localised from the national set, with trajectories.
# (key, text, unit, baseline 2024, milestones {year: value}, target 2030, indicator code)
ILLUSTRATIVE_469 = [
    (
        "dvc-tt",
        "Tỷ lệ hồ sơ trực tuyến toàn trình trên tổng hồ sơ giải quyết TTHC",
        "%",
        "35",
        {2025: "60", 2026: "70", 2027: "75"},
        "80",
        "DVC_TT",
    ),
    (
        "so-hoa",
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
        "%",
        "50",
        {2025: "80", 2026: "90"},
        "100",
        "SO_HOA",
    ),
    (
        "kq-dt",
        "Tỷ lệ cấp kết quả giải quyết TTHC điện tử",
        "%",
        "55",
        {2025: "80", 2026: "90"},
        "100",
        "KQ_DT",
    ),
    (
        "tt-tt",
        "Tỷ lệ thanh toán trực tuyến trong giải quyết TTHC",
        "%",
        "20",
        {2025: "45", 2026: "55"},
        "80",
        "TT_TT",
    ),
]


def seed_plan_469(ctx: Context, groups_cat: Catalogue) -> Plan:
    """Plan 469-KH/TU: its 43 → 45 target sets (illustrative except the 5G target [L])."""
    plan = _plan(
        ctx,
        "kh469",
        "nq57",
        ctx.bcd,
        "Kế hoạch hành động thực hiện NQ 57-NQ/TW của Tỉnh ủy Đồng Nai",
        groups_cat,
        start=D(2025, 5, 16),
        end=D(2030, 12, 31),
        note="Toàn văn chưa công khai: danh sách chỉ tiêu và nhiệm vụ là minh họa.",
    )
    if plan.target_sets.exists():
        return plan
    groups = {g.code: g for g in plan.groups.all()}
    v1 = TargetSet.objects.create(
        plan=plan,
        version=1,
        label="43 chỉ tiêu (KH 469-KH/TU, 16/5/2025)",
        valid_from=D(2025, 5, 16),
        valid_to=D(2025, 12, 2),
        note="Số lượng 43 theo Báo Đồng Nai 11/9/2025; nội dung từng chỉ tiêu là minh họa.",
    )
    national = list(
        Target.objects.filter(target_set__plan__document=ctx.docs["nq03"]).order_by("sort_order")
    )
    indicators = {i.code: i for i in Indicator.objects.all()}
    made: list[Target] = []
    # 1. The one target inferred from the June report [L]: 5G coverage 60 % in 2025.
    made.append(
        Target(
            target_set=v1,
            group=groups["3"],
            key="phu-song-5g",
            code="1",
            text="Tỷ lệ phủ sóng 5G",
            unit_of_measure="%",
            baseline_value=Decimal("5"),
            baseline_year=2024,
            target_value=Decimal("60"),
            target_year=2025,
            value_text="60",
            indicator=indicators.get("PHU_SONG_5G"),
            source_document=ctx.docs["bc198"],
            source_note="BC 198/BC-UBND: 'đạt 13,8% so với mục tiêu 60%' [L]",
            sort_order=1,
        )
    )
    for n, (key, text, unit, base, _ms, final, ind) in enumerate(ILLUSTRATIVE_469, start=2):
        made.append(
            Target(
                target_set=v1,
                group=groups["5"],
                key=key,
                code=str(n),
                text=text,
                unit_of_measure=unit,
                baseline_value=Decimal(base),
                baseline_year=2024,
                target_value=Decimal(final),
                target_year=2030,
                value_text=final,
                indicator=indicators.get(ind),
                is_illustrative=True,
                source_note="Minh họa, theo chỉ tiêu quốc gia tương ứng (NQ 03/NQ-CP)",
                sort_order=n,
            )
        )
    # The rest: localised from the national appendix, illustrative.
    group_cycle = ["2", "3", "4", "5", "6", "7", "1"]
    for n, nat in enumerate(national, start=len(made) + 1):
        if len(made) >= 43:
            break
        if nat.target_value is None and not nat.value_text:
            continue
        made.append(
            Target(
                target_set=v1,
                group=groups[group_cycle[n % 7]],
                key=f"dn-{nat.key}",
                code=str(len(made) + 1),
                text=f"{nat.text} (cấp tỉnh)",
                unit_of_measure=nat.unit_of_measure,
                direction=nat.direction,
                target_value=nat.target_value,
                target_year=nat.target_year,
                value_text=nat.value_text,
                is_illustrative=True,
                source_note="Minh họa: nội địa hóa từ chỉ tiêu quốc gia",
                sort_order=len(made) + 1,
            )
        )
    made = Target.objects.bulk_create(made)
    national_by_key = {t.key: t for t in national}
    for target in made:
        parent = national_by_key.get(target.key.removeprefix("dn-"))
        if parent is not None:
            target.national_targets.add(parent)
    milestones = []
    for target in made:
        spec = next((s for s in ILLUSTRATIVE_469 if s[0] == target.key), None)
        if spec:
            milestones += [
                TargetMilestone(target=target, year=y, value=Decimal(v)) for y, v in spec[4].items()
            ]
    TargetMilestone.objects.bulk_create(milestones)
    # Assessments as reported (end Aug 2025: 26/43 achieved or exceeded).
    rng = ctx.rng
    assessed = [t for t in made if t.indicator_id is None]
    achieved = set(rng.sample(range(len(assessed)), k=min(26 - 0, len(assessed))))
    TargetAssessment.objects.bulk_create(
        TargetAssessment(
            target=t,
            as_of=D(2025, 8, 31),
            achievement="achieved" if i in achieved else "on_track",
            measurement="confirmed" if i in achieved else "compiling",
            source="Báo cáo của Sở KH&CN tại phiên họp BCĐ ngày 11/9/2025 (minh họa từng chỉ tiêu)",
            author=ctx.admin,
        )
        for i, t in enumerate(assessed)
    )
    # Version 2: 45 targets (review of 2/12/2025), two added, history kept.
    v2 = TargetSet.objects.create(
        plan=plan,
        version=2,
        label="45 chỉ tiêu (điều chỉnh, báo cáo 2/12/2025)",
        valid_from=D(2025, 12, 2),
        note="Con số 45 theo báo cáo tổng kết 2/12/2025; văn bản điều chỉnh chưa xác định.",
    )
    copies = []
    for t in made:
        copy = Target.objects.get(pk=t.pk)
        copy.pk = None
        copy.target_set = v2
        copies.append(copy)
    for n, text in enumerate(
        [
            "Số xã, phường có tổ công nghệ số cộng đồng hoạt động hiệu quả",
            "Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng ứng dụng AI trong công việc",
        ],
        start=44,
    ):
        copies.append(
            Target(
                target_set=v2,
                group=groups["4"],
                key=f"bo-sung-{n}",
                code=str(n),
                text=text,
                unit_of_measure="%" if "Tỷ lệ" in text else "xã",
                is_illustrative=True,
                target_value=Decimal("100") if "Tỷ lệ" in text else Decimal("95"),
                target_year=2026,
                source_note="Minh họa",
                sort_order=n,
            )
        )
    copies = Target.objects.bulk_create(copies)
    # 2/12/2025: 10/45 achieved or exceeded, 35 still being measured.
    v2_assessed = [t for t in copies if t.indicator_id is None]
    done = set(rng.sample(range(len(v2_assessed)), k=10))
    TargetAssessment.objects.bulk_create(
        TargetAssessment(
            target=t,
            as_of=D(2025, 12, 2),
            achievement="achieved" if i in done else "unknown",
            measurement="confirmed" if i in done else "compiling",
            source="Hội nghị sơ kết ngày 2/12/2025 (minh họa từng chỉ tiêu)",
            author=ctx.admin,
        )
        for i, t in enumerate(v2_assessed)
    )
    return plan


# --- tasks of Plan 469 ---------------------------------------------------------------------

# (group, title, lead department code, product type, expected product)
TASK_TEMPLATES: list[tuple[str, str, str, str, str]] = [
    (
        "1",
        "Tổ chức hội nghị quán triệt, triển khai Nghị quyết số 57-NQ/TW đến cán bộ chủ chốt",
        "75.SKHCN",
        "event",
        "Hội nghị được tổ chức; báo cáo kết quả",
    ),
    (
        "1",
        "Xây dựng chuyên trang tuyên truyền về KHCN, ĐMST và CĐS trên Cổng thông tin tỉnh",
        "75.SVHTTDL",
        "system",
        "Chuyên trang hoạt động",
    ),
    (
        "1",
        "Đưa chỉ tiêu thực hiện NQ 57 vào tiêu chí thi đua, khen thưởng hằng năm",
        "75.SNV",
        "decision",
        "Quyết định sửa đổi tiêu chí thi đua",
    ),
    (
        "1",
        "Tổ chức Ngày hội đổi mới sáng tạo và chuyển đổi số tỉnh (Techfest Đồng Nai)",
        "75.SKHCN",
        "event",
        "Ngày hội được tổ chức; báo cáo tổng kết",
    ),
    (
        "2",
        "Rà soát, đề xuất bãi bỏ văn bản quy phạm pháp luật gây cản trở hoạt động ĐMST",
        "75.STP",
        "report",
        "Báo cáo rà soát và danh mục đề xuất",
    ),
    (
        "2",
        "Ban hành quy chế quản lý, vận hành, khai thác dữ liệu dùng chung của tỉnh",
        "75.SKHCN",
        "decision",
        "Quyết định ban hành quy chế",
    ),
    (
        "2",
        "Ban hành cơ chế hỗ trợ doanh nghiệp khởi nghiệp sáng tạo giai đoạn 2025–2030",
        "75.SKHCN",
        "decision",
        "Nghị quyết HĐND tỉnh về cơ chế hỗ trợ",
    ),
    (
        "2",
        "Ban hành quy định thí điểm cơ chế thử nghiệm có kiểm soát (sandbox) trên địa bàn",
        "75.STP",
        "decision",
        "Quyết định của UBND tỉnh",
    ),
    (
        "2",
        "Chuẩn hóa quy trình nội bộ giải quyết TTHC sau sắp xếp chính quyền hai cấp",
        "75.VPUBND",
        "decision",
        "Quyết định công bố quy trình nội bộ",
    ),
    (
        "3",
        "Nâng cấp Trung tâm dữ liệu tỉnh tại phường Trấn Biên",
        "75.SKHCN",
        "system",
        "Trung tâm dữ liệu đạt chuẩn Tier III vận hành",
    ),
    (
        "3",
        "Phủ sóng 5G tại các khu công nghiệp, khu đô thị và trung tâm xã, phường",
        "75.SKHCN",
        "kpi",
        "Tỷ lệ phủ sóng 5G đạt mục tiêu",
    ),
    (
        "3",
        "Mở rộng mạng truyền số liệu chuyên dùng cấp II đến 95 xã, phường",
        "75.SKHCN",
        "system",
        "95/95 xã, phường kết nối",
    ),
    (
        "3",
        "Lập quy hoạch chi tiết Khu Công nghệ số tập trung Long Thành",
        "75.SXD",
        "plan",
        "Quyết định phê duyệt quy hoạch chi tiết 1/500",
    ),
    (
        "3",
        "Đầu tư phòng thí nghiệm dùng chung cho nghiên cứu bán dẫn và vi mạch",
        "75.SKHCN",
        "system",
        "Phòng thí nghiệm đưa vào sử dụng",
    ),
    (
        "3",
        "Triển khai hệ thống camera giám sát an ninh trật tự thông minh tại đô thị",
        "75.SKHCN",
        "system",
        "Hệ thống vận hành tại các phường trung tâm",
    ),
    (
        "4",
        "Xây dựng đề án thu hút chuyên gia, nhà khoa học đầu ngành về làm việc tại tỉnh",
        "75.SNV",
        "plan",
        "Đề án được phê duyệt",
    ),
    (
        "4",
        "Đào tạo kỹ năng số cơ bản cho cán bộ, công chức cấp xã sau sắp xếp",
        "75.SNV",
        "kpi",
        "100% cán bộ cấp xã được bồi dưỡng",
    ),
    (
        "4",
        "Đưa nội dung STEM, trí tuệ nhân tạo vào hoạt động giáo dục phổ thông",
        "75.SGDDT",
        "plan",
        "Kế hoạch triển khai năm học 2025–2026",
    ),
    (
        "4",
        "Bồi dưỡng kỹ năng ứng dụng AI trong công việc cho cán bộ, công chức, viên chức",
        "75.SNV",
        "kpi",
        "Số cán bộ được bồi dưỡng AI",
    ),
    (
        "4",
        "Hỗ trợ đào tạo nhân lực vi mạch bán dẫn tại các trường cao đẳng trên địa bàn",
        "75.SGDDT",
        "report",
        "Báo cáo kết quả đào tạo",
    ),
    (
        "5",
        "Triển khai hệ thống thông tin giải quyết TTHC tập trung, kết nối Cổng DVC quốc gia",
        "75.VPUBND",
        "system",
        "Hệ thống vận hành chính thức",
    ),
    (
        "5",
        "Số hóa hồ sơ, kết quả giải quyết TTHC còn tồn đọng tại các sở, ngành",
        "75.VPUBND",
        "kpi",
        "Tỷ lệ số hóa hồ sơ, kết quả đạt 100%",
    ),
    (
        "5",
        "Triển khai văn phòng điện tử và chữ ký số cho 100% cán bộ cấp xã",
        "75.SKHCN",
        "system",
        "Chữ ký số được cấp và sử dụng",
    ),
    (
        "5",
        "Xây dựng kho dữ liệu dùng chung và nền tảng chia sẻ dữ liệu (LGSP) của tỉnh",
        "75.SKHCN",
        "system",
        "LGSP kết nối các cơ sở dữ liệu chuyên ngành",
    ),
    (
        "5",
        "Xây dựng cơ sở dữ liệu đất đai tỉnh, kết nối cơ sở dữ liệu quốc gia về dân cư",
        "75.SNNMT",
        "system",
        "CSDL đất đai vận hành, kết nối",
    ),
    (
        "5",
        "Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh",
        "75.SYT",
        "system",
        "Bệnh viện triển khai bệnh án điện tử",
    ),
    (
        "5",
        "Triển khai hệ thống theo dõi, đánh giá thực hiện nhiệm vụ NQ 57 của tỉnh",
        "75.SKHCN",
        "system",
        "Hệ thống vận hành, kết nối Hệ thống 57 quốc gia",
    ),
    (
        "5",
        "Triển khai trợ lý ảo AI hỗ trợ cán bộ, công chức tra cứu văn bản, TTHC",
        "75.SKHCN",
        "system",
        "Trợ lý ảo đưa vào sử dụng",
    ),
    (
        "5",
        "Triển khai thanh toán không dùng tiền mặt trong thu phí, lệ phí TTHC",
        "75.STC",
        "kpi",
        "Tỷ lệ thanh toán trực tuyến đạt mục tiêu",
    ),
    (
        "5",
        "Bảo đảm an toàn thông tin theo cấp độ cho các hệ thống thông tin của tỉnh",
        "75.SKHCN",
        "report",
        "Hồ sơ cấp độ được phê duyệt",
    ),
    (
        "6",
        "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số theo chương trình SMEdx",
        "75.SCT",
        "kpi",
        "Số doanh nghiệp được hỗ trợ",
    ),
    (
        "6",
        "Phát triển sàn thương mại điện tử nông sản, đặc sản OCOP của tỉnh",
        "75.SCT",
        "system",
        "Sàn hoạt động, số sản phẩm lên sàn",
    ),
    (
        "6",
        "Hỗ trợ doanh nghiệp đăng ký sáng chế, nhãn hiệu và chuyển giao công nghệ",
        "75.SKHCN",
        "kpi",
        "Số đơn đăng ký được hỗ trợ",
    ),
    (
        "6",
        "Thành lập Quỹ phát triển khoa học và công nghệ, đổi mới sáng tạo của tỉnh",
        "75.STC",
        "decision",
        "Quyết định thành lập, điều lệ Quỹ",
    ),
    (
        "6",
        "Chuyển đổi số trong sản xuất nông nghiệp, truy xuất nguồn gốc nông sản",
        "75.SNNMT",
        "kpi",
        "Số vùng trồng có mã số, truy xuất điện tử",
    ),
    (
        "7",
        "Xúc tiến hợp tác với các tập đoàn công nghệ quốc tế đầu tư vào Long Thành",
        "75.SCT",
        "report",
        "Biên bản ghi nhớ hợp tác",
    ),
    (
        "7",
        "Tham gia mạng lưới đổi mới sáng tạo Việt Nam tại nước ngoài",
        "75.SKHCN",
        "event",
        "Chương trình hợp tác được ký kết",
    ),
]

COMMUNE_TEMPLATES: list[tuple[str, str, str, str]] = [
    (
        "4",
        "Triển khai phong trào 'Bình dân học vụ số' tại {name}",
        "kpi",
        "Tỷ lệ người dân trưởng thành được phổ cập kỹ năng số",
    ),
    (
        "5",
        "Thành lập và duy trì Tổ công nghệ số cộng đồng tại {name}",
        "decision",
        "Quyết định thành lập; báo cáo hoạt động",
    ),
    ("5", "Số hóa sổ hộ tịch, hồ sơ lưu trữ tại {name}", "kpi", "Tỷ lệ sổ hộ tịch được số hóa"),
    (
        "5",
        "Hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình tại {name}",
        "kpi",
        "Tỷ lệ hồ sơ trực tuyến toàn trình",
    ),
    (
        "3",
        "Bảo đảm đường truyền, thiết bị cho bộ phận một cửa của {name}",
        "system",
        "Bộ phận một cửa vận hành ổn định",
    ),
]


def _spread(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


@dataclass(frozen=True)
class Outcome:
    """How a generated task turns out: its deadline and start/completion dates."""

    deadline: dt.date
    started: dt.date
    completed: dt.date | None


def _outcomes(rng: random.Random) -> list[Outcome]:
    """129 outcomes echoing the published figures (see module docstring).

    - 6 completed by 30/06/2025, on time (deadlines in H1);
    - 8 due in H1, completed late in Q3;
    - 53 due in H2, completed on time by 30/09/2025;
    - 44 due in Q4 2025 (30 then done on time, 6 late, 8 still open → overdue now);
    - 18 due 2026–2030 (6 done, 4 overdue now, 8 in progress).
    97 tasks are due in H2 2025, as the June report said.
    """
    out: list[Outcome] = []
    c: dt.date | None
    for _ in range(6):
        d = _spread(rng, D(2025, 6, 1), D(2025, 6, 30))
        out.append(Outcome(d, D(2025, 5, 20), _spread(rng, D(2025, 5, 25), min(d, D(2025, 6, 30)))))
    for _ in range(8):
        d = _spread(rng, D(2025, 6, 1), D(2025, 6, 30))
        out.append(Outcome(d, D(2025, 5, 22), _spread(rng, D(2025, 7, 5), D(2025, 9, 25))))
    for _ in range(53):
        d = _spread(rng, D(2025, 7, 15), D(2025, 12, 31))
        c = _spread(rng, D(2025, 7, 1), min(d, D(2025, 9, 30)))
        out.append(Outcome(d, D(2025, 5, 26), c))
    for i in range(44):
        d = _spread(rng, D(2025, 10, 1), D(2025, 12, 31))
        if i < 30:
            c = _spread(rng, D(2025, 10, 1), d)
        elif i < 36:
            c = _spread(rng, d + dt.timedelta(days=5), D(2026, 3, 31))
        else:
            c = None
        out.append(Outcome(d, _spread(rng, D(2025, 6, 1), D(2025, 9, 15)), c))
    for i in range(18):
        if i < 6:
            d = _spread(rng, D(2026, 1, 15), D(2026, 9, 30))
            c = _spread(rng, D(2026, 1, 5), d)
        elif i < 10:
            d = _spread(rng, D(2026, 3, 31), D(2026, 10, 31))
            c = None
        else:
            d = _spread(rng, D(2027, 6, 30), D(2030, 12, 31))
            c = None
        out.append(Outcome(d, _spread(rng, D(2025, 6, 1), D(2025, 9, 20)), c))
    rng.shuffle(out)
    return out


_DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONTH = re.compile(r"tháng (\d{1,2})/(\d{4})")


def _real_deadline(text: str) -> dt.date | None:
    """A deadline as the directive states it: "26/6/2025", "trước 30/6/2025" or "trong
    tháng 10/2025" (its last day); anything else ("theo lộ trình…") has no date."""
    if day := _DAY.search(text):
        return D(int(day[3]), int(day[2]), int(day[1]))
    if month := _MONTH.search(text):
        year, number = int(month[2]), int(month[1])
        return D(year, number, calendar.monthrange(year, number)[1])
    return None


def _real_lead(text: str, by_name: dict[str, Unit], default: Unit) -> Unit:
    for name, unit in by_name.items():
        if name in text:
            return unit
    return default


def _real_group(title: str) -> str:
    lowered = title.lower()
    if "thi đua" in lowered:
        return "1"
    if "hạ tầng" in lowered or "khu " in lowered or "đường truyền" in lowered:
        return "3"
    if "tập huấn" in lowered:
        return "4"
    return "5"


def _pick(pool: list[Outcome], deadline: dt.date | None) -> Outcome:
    if deadline is None:
        return pool.pop()
    for i, o in enumerate(pool):
        if (o.deadline.year, o.deadline.month) == (deadline.year, deadline.month):
            pool.pop(i)
            completed = o.completed
            if completed is not None and completed <= o.deadline:
                completed = min(completed, deadline)
            return Outcome(deadline, min(o.started, deadline), completed)
    return pool.pop()


def seed_tasks_469(ctx: Context, plan: Plan) -> list[Task]:
    """129 tasks: 17 from real directives (legal basis kept) and 112 illustrative ones."""
    if plan.tasks.exists():
        return list(plan.tasks.all())
    rng = ctx.rng
    pool = _outcomes(rng)
    groups = {g.code: g for g in plan.groups.all()}
    depts = {u.code: u for u in ctx.departments}
    by_name = {
        "Sở Xây dựng": depts["75.SXD"],
        "Sở Nội vụ": depts["75.SNV"],
        "Sở Khoa học và Công nghệ": depts["75.SKHCN"],
    }
    specs: list[dict[str, Any]] = []
    for row in data.read_csv("tasks.csv"):
        deadline = _real_deadline(row["deadline"])
        outcome = _pick(pool, deadline)
        specs.append(
            {
                "title": row["task"][:500],
                "group": _real_group(row["task"]),
                "lead": _real_lead(row["lead_unit"], by_name, depts["75.SKHCN"]),
                "co_text": row["co_units"],
                "product": "other",
                "expected": row["product"] or "",
                "illustrative": False,
                "note": f"{row['plan']} — {row['source']}"[:500],
                "outcome": outcome,
            }
        )
    for group, title, lead_code, product, expected in TASK_TEMPLATES:
        specs.append(
            {
                "title": title,
                "group": group,
                "lead": depts[lead_code],
                "co_text": "",
                "product": product,
                "expected": expected,
                "illustrative": True,
                "note": "",
                "outcome": pool.pop(),
            }
        )
    demo_first = [c for c in ctx.communes if c.code in {"26068", "26080", "26173"}]
    others = [c for c in ctx.communes if c not in demo_first]
    communes = demo_first + rng.sample(others, k=12)
    n = 0
    while pool:
        commune = communes[n % len(communes)]
        group, title, product, expected = COMMUNE_TEMPLATES[(n // len(communes)) % 5]
        specs.append(
            {
                "title": title.format(name=commune.name),
                "group": group,
                "lead": commune,
                "co_text": "",
                "product": product,
                "expected": expected,
                "illustrative": True,
                "note": "",
                "outcome": pool.pop(),
            }
        )
        n += 1
    leaders = {u.code: f"Giám đốc {u.name.removesuffix(' tỉnh Đồng Nai')}" for u in ctx.departments}
    tasks = []
    for i, spec in enumerate(specs, start=1):
        o: Outcome = spec["outcome"]
        lead_unit: Unit = spec["lead"]
        # About one task in twelve lacks a clarity, so the completeness check finds some.
        gap = i % 12 == 0
        tasks.append(
            Task(
                plan=plan,
                group=groups[spec["group"]],
                kind=TaskKind.TASK,
                code=f"469.{spec['group']}.{i:03d}",
                title=spec["title"],
                description=spec["note"],
                source_document=ctx.docs["kh469"] if spec["illustrative"] else None,
                source_clause=("Phụ lục nhiệm vụ (minh họa)" if spec["illustrative"] else ""),
                lead_unit=lead_unit,
                responsible_title=(
                    ""
                    if gap and i % 24 == 0
                    else leaders.get(lead_unit.code, f"Chủ tịch UBND {lead_unit.name}")
                ),
                deadline_kind="fixed",
                start_date=o.started,
                deadline=o.deadline,
                current_deadline=o.deadline,
                product_type=spec["product"],
                expected_product=spec["expected"],
                acceptance_criterion=(
                    "" if gap and i % 24 != 0 else "Sản phẩm được cấp có thẩm quyền nghiệm thu"
                ),
                assigning_authority="Ban Thường vụ Tỉnh ủy",
                approving_unit=ctx.bcd,
                workflow_state=(
                    WorkflowState.ACCEPTED if o.completed else WorkflowState.IN_PROGRESS
                ),
                assigned_on=D(2025, 5, 20),
                started_on=o.started,
                completed_on=o.completed,
                progress_percent=100 if o.completed else rng.randint(20, 85),
                last_update_on=o.completed or _spread(rng, D(2025, 9, 1), D(2025, 11, 20)),
                accepted_by=ctx.admin if o.completed else None,
                is_illustrative=spec["illustrative"],
            )
        )
    tasks = Task.objects.bulk_create(tasks)
    co_units = [depts["75.SKHCN"], depts["75.STC"], depts["75.SNV"], depts["75.VPUBND"]]
    through = Task.co_units.through
    links = []
    for i, task in enumerate(tasks):
        if i % 3 == 0:
            for unit in co_units[: 1 + i % 3]:
                if unit.pk != task.lead_unit_id:
                    links.append(through(task_id=task.pk, unit_id=unit.pk))
    through.objects.bulk_create(links)
    _seed_task_history(ctx, tasks)
    return tasks


NARRATIVES = [
    "Đã ban hành kế hoạch triển khai, phân công cán bộ đầu mối và lộ trình thực hiện.",
    "Hoàn thành khảo sát hiện trạng; đang xây dựng dự thảo, lấy ý kiến các đơn vị liên quan.",
    "Đã tổ chức làm việc với doanh nghiệp viễn thông; triển khai thí điểm tại một số địa bàn.",
    "Tiến độ đạt theo kế hoạch; đã tổng hợp số liệu báo cáo Ban Chỉ đạo.",
]
DIFFICULTIES = [
    "",
    "Kinh phí được giao chậm; thiếu nhân lực chuyên trách công nghệ thông tin.",
    "Dữ liệu sau sắp xếp đơn vị hành chính chưa đồng bộ giữa các hệ thống.",
    "Thủ tục đầu tư kéo dài, phải điều chỉnh chủ trương đầu tư.",
]
RECOMMENDATIONS = [
    "",
    "Đề nghị Sở Tài chính sớm tham mưu bố trí kinh phí.",
    "Đề nghị Sở KH&CN hướng dẫn kết nối, chia sẻ dữ liệu.",
]


def _bulk_create_dated(model: Any, rows: list[Any], field: str) -> None:
    when = [getattr(row, field) for row in rows]
    made = model.objects.bulk_create(rows)
    for row, at in zip(made, when, strict=True):
        setattr(row, field, at)
    model.objects.bulk_update(made, [field], batch_size=1000)


def _seed_task_history(ctx: Context, tasks: list[Task]) -> None:
    rng = ctx.rng
    transitions: list[TaskTransition] = []
    progress: list[TaskProgress] = []
    evidence: list[TaskAttachment] = []
    for task in tasks:
        assert task.started_on is not None  # noqa: S101  # set for every generated task
        steps = [
            ("assign", "proposed", "assigned", task.assigned_on),
            ("start", "assigned", "in_progress", task.started_on),
        ]
        if task.completed_on:
            steps += [
                ("submit", "in_progress", "submitted", task.completed_on),
                ("accept", "submitted", "accepted", task.completed_on),
            ]
        for action, src, dst, day in steps:
            transitions.append(
                TaskTransition(
                    task=task,
                    action=action,
                    from_state=src,
                    to_state=dst,
                    actor=ctx.admin,
                    at=_at(day or D(2025, 5, 20), 10),
                )
            )
        end = task.completed_on or min(D(2026, 11, 20), task.deadline or D(2026, 11, 20))
        reports = sorted(
            {_spread(rng, task.started_on, max(task.started_on, end)) for _ in range(3)}
        )
        for k, day in enumerate(reports, start=1):
            percent = 100 if task.completed_on and k == len(reports) else min(95, 25 * k)
            progress.append(
                TaskProgress(
                    task=task,
                    reported_on=day,
                    percent=percent,
                    narrative=NARRATIVES[(task.pk + k) % len(NARRATIVES)],
                    difficulties=DIFFICULTIES[(task.pk + k) % len(DIFFICULTIES)],
                    recommendations=RECOMMENDATIONS[(task.pk + k) % len(RECOMMENDATIONS)],
                    author=ctx.admin,
                    created_at=_at(day, 15),
                )
            )
        if task.completed_on:
            evidence.append(
                TaskAttachment(
                    task=task,
                    kind="evidence",
                    title=f"Sản phẩm: {task.expected_product or task.title}"[:300],
                    url=f"https://dongnai.gov.vn/van-ban/minh-hoa/{task.code}",
                    uploaded_by=ctx.admin,
                    created_at=_at(task.completed_on, 16),
                )
            )
    # auto_now_add overwrites the timestamps on insert: put the historical ones back after.
    _bulk_create_dated(TaskTransition, transitions, "at")
    _bulk_create_dated(TaskProgress, progress, "created_at")
    _bulk_create_dated(TaskAttachment, evidence, "created_at")
    # Two overdue tasks were extended by a decision; statistics keep the original deadline.
    overdue = [
        t for t in tasks if t.completed_on is None and t.deadline and t.deadline < D(2026, 1, 1)
    ]
    for n, task in enumerate(overdue[:2], start=1):
        assert task.deadline is not None  # noqa: S101  # filtered above
        new = task.deadline + dt.timedelta(days=120)
        TaskExtension.objects.create(
            task=task,
            previous_deadline=task.deadline,
            new_deadline=new,
            decision_number=f"{300 + n}/TB-BCĐ (minh họa)",
            decision_date=D(2025, 12, 15),
            reason="Chờ bố trí vốn đầu tư công năm 2026.",
            decided_by=ctx.admin,
        )
        Task.objects.filter(pk=task.pk).update(current_deadline=new)


# --- indicators and values ------------------------------------------------------------------

# code, name, unit, aggregation, frequency, level, numerator, denominator, kind, min, max, change
INDICATORS: list[
    tuple[str, str, str, str, str, str, str, str, str, str | None, str | None, str | None]
] = [
    (
        "DVC_TT",
        "Tỷ lệ hồ sơ trực tuyến toàn trình trên tổng hồ sơ giải quyết TTHC",
        "%",
        "ratio",
        "month",
        "commune",
        "Số hồ sơ trực tuyến toàn trình",
        "Tổng số hồ sơ tiếp nhận",
        "strategic",
        "0",
        "100",
        "40",
    ),
    (
        "SO_HOA",
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
        "%",
        "ratio",
        "month",
        "commune",
        "Số hồ sơ được số hóa hồ sơ, kết quả",
        "Tổng số hồ sơ đã giải quyết",
        "operational",
        "0",
        "100",
        "40",
    ),
    (
        "KQ_DT",
        "Tỷ lệ cấp kết quả giải quyết TTHC điện tử",
        "%",
        "ratio",
        "month",
        "commune",
        "Số kết quả điện tử được cấp",
        "Tổng số hồ sơ đã giải quyết",
        "operational",
        "0",
        "100",
        "40",
    ),
    (
        "TT_TT",
        "Tỷ lệ thanh toán trực tuyến trong giải quyết TTHC",
        "%",
        "ratio",
        "month",
        "commune",
        "Số giao dịch thanh toán trực tuyến",
        "Tổng số giao dịch có thu phí, lệ phí",
        "operational",
        "0",
        "100",
        "50",
    ),
    (
        "BDHVS_NGUOI",
        "Số người được phổ cập kỹ năng số (Bình dân học vụ số) trong kỳ",
        "người",
        "sum",
        "month",
        "commune",
        "",
        "",
        "operational",
        "0",
        "20000",
        "300",
    ),
    (
        "CBCC_AI",
        "Số cán bộ, công chức được bồi dưỡng ứng dụng AI trong kỳ",
        "người",
        "sum",
        "month",
        "commune",
        "",
        "",
        "operational",
        "0",
        "500",
        "300",
    ),
    (
        "PHU_SONG_5G",
        "Tỷ lệ phủ sóng 5G",
        "%",
        "last",
        "half",
        "province",
        "",
        "",
        "strategic",
        "0",
        "100",
        None,
    ),
    (
        "DN_KHCN",
        "Số doanh nghiệp khoa học và công nghệ",
        "doanh nghiệp",
        "last",
        "half",
        "province",
        "",
        "",
        "strategic",
        "0",
        None,
        None,
    ),
]


def _period(kind: str, year: int, number: int) -> Period:
    from tinhso.indicators import services as indicator_services

    return indicator_services.period_get_or_create(kind=kind, year=year, number=number)


def seed_indicators(ctx: Context) -> dict[str, Indicator]:
    levels = {lv.code: lv for lv in UnitLevel.objects.all()}
    made = {}
    for code, name, uom, agg, freq, level, num, den, kind, lo, hi, change in INDICATORS:
        ind, _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": uom,
                "aggregation": agg,
                "frequency": freq,
                "entry_level": levels[level],
                "numerator_label": num,
                "denominator_label": den,
                "kind": kind,
                "owner_unit": ctx.skhcn,
                "data_source": "Hệ thống thông tin giải quyết TTHC tỉnh"
                if agg == "ratio"
                else "Báo cáo của đơn vị",
                "min_value": Decimal(lo) if lo else None,
                "max_value": Decimal(hi) if hi else None,
                "max_change_pct": Decimal(change) if change else None,
                "decimals": 1 if agg == "ratio" else 0,
                "is_illustrative": agg != "last",
            },
        )
        made[code] = ind
    return made


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# Province-wide share trajectories: (value Jan 2024, value Jun 2025, value Oct 2026).
# DVC_TT passes through 64.6 % at 30/06/2025, the figure of the June 2025 report.
TRAJECTORIES = {
    "DVC_TT": (0.35, 0.646, 0.86),
    "SO_HOA": (0.50, 0.78, 0.93),
    "KQ_DT": (0.55, 0.80, 0.95),
    "TT_TT": (0.18, 0.42, 0.63),
}
LAST_MONTH = (2026, 10)
REFORM = D(2025, 7, 1)


def _share(code: str, index: int) -> float:
    start, mid, end = TRAJECTORIES[code]
    if index <= 17:  # Jan 2024 … Jun 2025
        return start + (mid - start) * index / 17
    return mid + (end - mid) * (index - 17) / 16


def _rollup_paths(units: list[Unit]) -> dict[int, str]:
    """Where each unit's values count today: its own path, or its successor's (lineage)."""
    from tinhso.units.models import UnitLineage

    paths = {u.pk: u.path for u in units if u.valid_to is None}
    closed = [u.pk for u in units if u.valid_to is not None]
    links = (
        UnitLineage.objects.filter(predecessor_id__in=closed)
        .select_related("successor")
        .order_by("predecessor_id", "partial", "successor_id")
    )
    for link in links:
        paths.setdefault(link.predecessor_id, link.successor.path)
    return paths


def seed_indicator_values(ctx: Context, indicators: dict[str, Indicator]) -> int:
    """Monthly commune figures 2024-01 … 2026-10: former communes before the reform,
    the 95 new ones after; a few missing reports and outliers for the warnings."""
    if IndicatorValue.objects.exists():
        return 0
    rng = ctx.rng
    months = _months(D(2024, 1, 1), D(*LAST_MONTH, 1))
    periods = {(y, m): _period(PeriodKind.MONTH, y, m) for y, m in months}
    units = ctx.former_communes + ctx.communes
    paths = _rollup_paths(units)
    size = {u.pk: rng.randint(90, 380) if u.valid_to else rng.randint(320, 1500) for u in units}
    skill = {u.pk: rng.uniform(-0.08, 0.08) for u in units}
    demo_codes = {"26068", "26080", "26173"}
    silent = set(rng.sample([c.pk for c in ctx.communes if c.code not in demo_codes], k=4))
    values: list[IndicatorValue] = []
    for index, (y, m) in enumerate(months):
        period = periods[(y, m)]
        first = D(y, m, 1)
        reporters = ctx.former_communes if first < REFORM else ctx.communes
        for unit in reporters:
            if (y, m) == LAST_MONTH and unit.code in demo_codes:
                continue  # left for the demo officer to enter
            if (y, m) >= (2026, 9) and unit.pk in silent:
                continue  # missing reports
            status = (
                ValueStatus.DRAFT
                if (y, m) == LAST_MONTH
                else ValueStatus.SUBMITTED
                if (y, m) >= (2026, 7)
                else ValueStatus.CONFIRMED
            )
            as_of = period.end + dt.timedelta(days=5)
            total = max(20, int(size[unit.pk] * rng.uniform(0.85, 1.15)))
            for code in TRAJECTORIES:
                share = min(
                    0.99, max(0.02, _share(code, index) + skill[unit.pk] + rng.uniform(-0.03, 0.03))
                )
                values.append(
                    IndicatorValue(
                        indicator=indicators[code],
                        unit=unit,
                        period=period,
                        numerator=Decimal(int(total * share)),
                        denominator=Decimal(total),
                        value=(Decimal(int(total * share)) * 100 / Decimal(total)).quantize(
                            Decimal("0.0001")
                        ),
                        status=status,
                        source="Hệ thống thông tin giải quyết TTHC tỉnh",
                        as_of=as_of,
                        rollup_path=paths[unit.pk],
                        author=ctx.admin,
                    )
                )
            if first >= D(2025, 4, 1):
                trained = int(size[unit.pk] * rng.uniform(0.8, 1.6))
                values.append(
                    IndicatorValue(
                        indicator=indicators["BDHVS_NGUOI"],
                        unit=unit,
                        period=period,
                        value=Decimal(trained),
                        status=status,
                        as_of=as_of,
                        source="Nền tảng binhdanhocvuso.gov.vn (xuất theo xã)",
                        rollup_path=paths[unit.pk],
                        author=ctx.admin,
                    )
                )
            if first >= REFORM:
                values.append(
                    IndicatorValue(
                        indicator=indicators["CBCC_AI"],
                        unit=unit,
                        period=period,
                        value=Decimal(rng.randint(8, 40)),
                        status=status,
                        as_of=as_of,
                        source="Báo cáo của UBND xã",
                        rollup_path=paths[unit.pk],
                        author=ctx.admin,
                    )
                )
    # A few outliers, each explained, so the outlier list has something to show.
    for v in rng.sample([v for v in values if v.indicator.code == "BDHVS_NGUOI"], k=5):
        v.value = (v.value or Decimal(0)) * 6
        v.is_outlier = True
        v.comment = "Tổ chức đợt cao điểm phổ cập kỹ năng số cho hội viên các đoàn thể."
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    # Province-level figures as published (BC 198/BC-UBND, 20/06/2025) [C: S42].
    province_rows = [
        ("PHU_SONG_5G", 2025, 1, "13.8", D(2025, 6, 20), "BC 198/BC-UBND ngày 20/6/2025"),
        ("DN_KHCN", 2025, 1, "8", D(2025, 6, 20), "BC 198/BC-UBND ngày 20/6/2025"),
    ]
    for code, year, half, value, as_of, source in province_rows:
        IndicatorValue.objects.create(
            indicator=indicators[code],
            unit=ctx.province,
            period=_period(PeriodKind.HALF, year, half),
            value=Decimal(value),
            status=ValueStatus.CONFIRMED,
            as_of=as_of,
            source=source,
            rollup_path=ctx.province.path,
            author=ctx.admin,
        )
    return len(values) + len(province_rows)


# --- entry point ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SteeringSummary:
    documents: int
    plans: int
    targets: int
    tasks: int
    values: int
    reports: int


def seed_steering() -> SteeringSummary:
    """Seed the steering demo once (idempotent: existing rows are kept)."""
    ctx = build_context()
    with transaction.atomic():
        seed_documents(ctx)
        nq57_groups = _catalogue(
            "nq57-groups",
            "Bảy nhóm nhiệm vụ, giải pháp của Nghị quyết 57-NQ/TW",
            data.NQ57_GROUPS,
            ctx.docs["nq57"],
        )
        kh02_groups = _catalogue(
            "kh02-groups",
            "Tám nhóm nhiệm vụ của Kế hoạch 02-KH/BCĐTW",
            data.KH02_GROUPS,
            ctx.docs["kh02"],
        )
        indicators = seed_indicators(ctx)
        seed_reference_plans(ctx)
        plan469 = seed_plan_469(ctx, nq57_groups)
        seed_tasks_469(ctx, plan469)
        plan487 = seed_plan_487(ctx, kh02_groups)
        values = seed_indicator_values(ctx, indicators)
        rebuild_rollups()
        refresh_clarities()
        reports = seed_reports(ctx)
        audit_record(
            actor=ctx.admin,
            action="create",
            unit=ctx.province,
            object_repr="Dữ liệu minh họa: kế hoạch, chỉ tiêu, nhiệm vụ, chỉ số, báo cáo",
            message="seed_demo (steering)",
        )
    return SteeringSummary(
        documents=Document.objects.count(),
        plans=Plan.objects.count(),
        targets=Target.objects.count(),
        tasks=Task.objects.filter(plan__in=[plan469, plan487]).count(),
        values=values,
        reports=reports,
    )


# --- Plan 487-KH/TU: through the task services (recurring and delegated tasks) -------------

TASKS_487 = [
    (
        "2",
        "Hoàn thiện hạ tầng mạng, thiết bị cho bộ phận một cửa của 95 xã, phường",
        "75.SKHCN",
        D(2025, 7, 31),
    ),
    (
        "3",
        "Chuẩn hóa, làm sạch dữ liệu hộ tịch, dân cư phục vụ liên thông sau sắp xếp",
        "75.STP",
        D(2025, 12, 31),
    ),
    (
        "4",
        "Triển khai hệ thống quản lý văn bản và điều hành thống nhất toàn tỉnh",
        "75.VPUBND",
        D(2025, 9, 30),
    ),
    (
        "5",
        "Bồi dưỡng kỹ năng chuyển đổi số cho công chức cấp xã mới sắp xếp",
        "75.SNV",
        D(2025, 12, 31),
    ),
    ("6", "Bố trí kinh phí chuyển đổi số năm 2026 cho cấp xã", "75.STC", D(2026, 3, 31)),
    (
        "8",
        "Giám sát an toàn thông tin tập trung (SOC) cho các hệ thống của tỉnh",
        "75.SKHCN",
        D(2026, 6, 30),
    ),
]


def seed_plan_487(ctx: Context, groups_cat: Catalogue) -> Plan:
    """Plan 487-KH/TU (implements 02-KH/BCĐTW): illustrative tasks made through the services,
    one recurring quarterly report with its instances, one task delegated to communes."""
    from tinhso.tasks import services as task_services

    plan = _plan(
        ctx,
        "kh487",
        "kh02",
        ctx.bcd,
        "Kế hoạch thực hiện KH 02-KH/BCĐTW về chuyển đổi số liên thông, đồng bộ",
        groups_cat,
        start=D(2025, 6, 24),
        end=D(2026, 12, 31),
        note="Toàn văn chưa công khai: nhiệm vụ là minh họa.",
    )
    if plan.tasks.exists():
        return plan
    groups = {g.code: g for g in plan.groups.all()}
    depts = {u.code: u for u in ctx.departments}
    common = {
        "plan": plan,
        "source_document": ctx.docs["kh487"],
        "assigning_authority": "Ban Thường vụ Tỉnh ủy",
        "approving_unit": ctx.bcd,
        "product_type": "system",
        "acceptance_criterion": "Sản phẩm được Ban Chỉ đạo nghiệm thu",
        "is_illustrative": True,
    }
    made = []
    for n, (group, title, lead, deadline) in enumerate(TASKS_487, start=1):
        task = task_services.task_create(
            actor=ctx.admin,
            data=common
            | {
                "group": groups[group],
                "code": f"487.{group}.{n:02d}",
                "title": title,
                "lead_unit": depts[lead],
                "start_date": D(2025, 7, 1),
                "deadline": deadline,
                "expected_product": title,
                "responsible_title": f"Giám đốc {depts[lead].name}",
            },
        )
        task = task_services.task_transition(
            actor=ctx.admin, task=task, action="assign", on_date=D(2025, 7, 1)
        )
        task = task_services.task_transition(
            actor=ctx.admin, task=task, action="start", on_date=D(2025, 7, 5)
        )
        made.append(task)
    _delegate_to_communes(ctx, made[0])
    # Recurring: a quarterly report with generated period instances.
    template = task_services.task_create(
        actor=ctx.admin,
        kind="recurring",
        data=common
        | {
            "group": groups["4"],
            "code": "487.4.BC",
            "lead_unit": ctx.skhcn,
            "title": "Báo cáo hằng quý kết quả chuyển đổi số liên thông, đồng bộ",
            "deadline_kind": "recurring",
            "recurrence": "quarter",
            "recurrence_until": D(2026, 12, 31),
            "start_date": D(2025, 7, 1),
            "product_type": "report",
            "expected_product": "Báo cáo quý gửi Ban Chỉ đạo",
            "responsible_title": "Giám đốc Sở Khoa học và Công nghệ",
        },
    )
    template = task_services.task_transition(
        actor=ctx.admin, task=template, action="assign", on_date=D(2025, 7, 1)
    )
    task_services.task_generate_instances(actor=ctx.admin, task=template, offset_days=10)
    return plan


def _delegate_to_communes(ctx: Context, parent: Task) -> None:
    """The network task is carried out by five communes (delegated sub-tasks)."""
    from tinhso.tasks import services as task_services

    for commune in ctx.communes[:5]:
        task_services.task_delegate(
            actor=ctx.admin,
            task=parent,
            unit=commune,
            title=f"{parent.title}: {commune.name}",
            on_date=D(2025, 7, 5),
        )


def rebuild_rollups() -> None:
    from tinhso.indicators import services as indicator_services

    indicator_services.indicator_rollups_rebuild()


def refresh_clarities() -> None:
    """Store the six-clarity gaps of the bulk-loaded tasks (the services do it on save)."""
    from tinhso.tasks import clarities

    tasks = list(Task.objects.filter(missing_clarities="").prefetch_related("milestones"))
    for task in tasks:
        task.missing_clarities = clarities.encode(clarities.missing_clarities(task))
    Task.objects.bulk_update(tasks, ["missing_clarities"])


# --- quarterly reports of the communes ------------------------------------------------------

ROUNDS = [(2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)]


def seed_reports(ctx: Context) -> int:
    """Quarterly NQ 57 reports of the 95 communes to the standing agency (Sở KH&CN).

    Past rounds go through the workflow services (approve by the commune's leader, accept by
    the standing agency), then their dates are set to when it happened; a few communes are
    late, four never reported (the same four whose figures stop in 09/2026), and the last
    round is still open.
    """
    from tinhso.reporting import services as report_services
    from tinhso.reporting.models import Report, ReportEvent, ReportSchedule

    if ReportSchedule.objects.filter(code="nq57-quy-xa").exists():
        return 0
    schedule = ReportSchedule.objects.create(
        code="nq57-quy-xa",
        name="Báo cáo quý tình hình thực hiện NQ 57 của UBND cấp xã",
        cadence=PeriodKind.QUARTER,
        due_days_after_end=5,
        reviewer_unit=ctx.skhcn,
    )
    schedule.reporting_levels.set(UnitLevel.objects.filter(code="commune"))
    schedule.indicators.set(Indicator.objects.filter(entry_level__code="commune"))
    reviewer = User.objects.get(username="skhcn.lanhdao")
    leaders = {
        u.username.split(".")[0].removeprefix("cb"): u
        for u in User.objects.filter(username__startswith="cb", username__endswith=".3")
    }
    silent = set(
        IndicatorValue.objects.filter(
            period__code="2026-M08", indicator__code="DVC_TT"
        ).values_list("unit_id", flat=True)
    ) - set(
        IndicatorValue.objects.filter(
            period__code="2026-M09", indicator__code="DVC_TT"
        ).values_list("unit_id", flat=True)
    )
    rng = ctx.rng
    count = 0
    for year, quarter in ROUNDS:
        period = _period(PeriodKind.QUARTER, year, quarter)
        rnd = report_services.report_round_open(actor=ctx.admin, schedule=schedule, period=period)
        late_ok = rnd.due_on
        reports = Report.objects.filter(obligation__round=rnd).select_related("obligation__unit")
        for report in reports:
            unit = report.obligation.unit
            if (year, quarter) == ROUNDS[-1] and (
                unit.pk in silent or unit.code in {"26068", "26080", "26173"}
            ):
                continue  # still a draft: missing (or left for the demo walk-through)
            leader = leaders.get(unit.code)
            if leader is None:
                continue
            report_services.report_update(
                actor=leader,
                report=report,
                expected_version=report.version,
                data={
                    "results": "Các nhiệm vụ chuyển đổi số của xã được triển khai theo kế hoạch;"
                    " tỷ lệ hồ sơ trực tuyến toàn trình tăng so với quý trước.",
                    "difficulties": "Thiếu cán bộ chuyên trách CNTT; thiết bị bộ phận một cửa"
                    " còn thiếu.",
                    "next_tasks": "Tiếp tục số hóa hồ sơ, kết quả giải quyết TTHC; phổ cập kỹ"
                    " năng số cho người dân.",
                },
            )
            report.refresh_from_db()
            report = report_services.report_transition(
                actor=leader, report=report, action="approve", expected_version=report.version
            )
            late = rng.random() < 0.12
            submitted = late_ok + dt.timedelta(
                days=rng.randint(1, 9) if late else -rng.randint(0, 4)
            )
            accept_now = (year, quarter) != ROUNDS[-1] or rng.random() < 0.6
            if accept_now:
                report = report_services.report_transition(
                    actor=reviewer,
                    report=report,
                    action="accept",
                    expected_version=report.version,
                )
            Report.objects.filter(pk=report.pk).update(
                submitted_at=_at(submitted, 10),
                accepted_at=_at(submitted + dt.timedelta(days=3), 15) if accept_now else None,
            )
            events = ReportEvent.objects.filter(report=report)
            events.exclude(action="accept").update(at=_at(submitted, 10))
            events.filter(action="accept").update(at=_at(submitted + dt.timedelta(days=3), 15))
            count += 1
    return count
