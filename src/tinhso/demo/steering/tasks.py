"""Tasks of Plan 469-KH/TU: outcomes drawn to echo the published figures, and their history."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any

from tinhso.demo import steering_data as data
from tinhso.programmes.models import (
    Plan,
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
from tinhso.units.models import Unit

from .context import Context, D, _at
from .task_templates import COMMUNE_TEMPLATES, TASK_TEMPLATES


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


def refresh_clarities() -> None:
    """Store the six-clarity gaps of the bulk-loaded tasks (the services do it on save)."""
    from tinhso.tasks import clarities

    tasks = list(Task.objects.filter(missing_clarities="").prefetch_related("milestones"))
    for task in tasks:
        task.missing_clarities = clarities.encode(clarities.missing_clarities(task))
    Task.objects.bulk_update(tasks, ["missing_clarities"])
