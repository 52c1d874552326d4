"""Plan 487-KH/TU made through the task services: recurring and delegated tasks."""

from __future__ import annotations

from tinhso.programmes.models import (
    Catalogue,
    Plan,
)
from tinhso.tasks.models import (
    Task,
)

from .context import Context, D
from .plans import _plan

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
