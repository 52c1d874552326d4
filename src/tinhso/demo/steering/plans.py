"""Plans and their targets: the reference plans (NQ 03, 433-KH/TU, HCMC) and Plan 469-KH/TU."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from tinhso.demo import steering_data as data
from tinhso.documents.models import Document
from tinhso.indicators.models import (
    Indicator,
)
from tinhso.programmes.models import (
    Catalogue,
    Plan,
    PlanGroup,
    Target,
    TargetAssessment,
    TargetMilestone,
    TargetSet,
)
from tinhso.units.models import Unit

from .context import Context, D

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
