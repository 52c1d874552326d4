"""Latency of the task list, the task API and the status counts over 100k tasks.

Creates (once) a province with 20 departments and 95 communes, one plan and 100,000 tasks
(bulk_create) in the configured database, then times, in-process with the Django test
client (our Python + SQL, not the network):

* the filtered task list, page 1: API and UI, as a province leader and a commune officer;
* the status counts as of a date: province and one commune.

Run against a throwaway PostgreSQL (never the demo database):

    DATABASE_URL=postgres://postgres@127.0.0.1:54407/tasksbench \\
        .venv/bin/python -m django migrate --settings=tinhso.settings.dev
    DATABASE_URL=postgres://postgres@127.0.0.1:54407/tasksbench \\
        .venv/bin/python bench/tasks.py [runs]

Prints p50/p95 (ms) over `runs` requests (default 50) and the number of queries.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Production-like: no query log kept per request (dev settings turn DEBUG on).
settings.DEBUG = False

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from tinhso.accounts.models import Membership, Role, User  # noqa: E402
from tinhso.documents.models import Document  # noqa: E402
from tinhso.programmes.models import Plan  # noqa: E402
from tinhso.tasks.models import Task, TaskKind, WorkflowState  # noqa: E402
from tinhso.units.models import Unit, UnitLevel  # noqa: E402

PLAN_NUMBER = "999-KH/BENCH"
N_TASKS = 100_000
AS_OF = dt.date(2025, 9, 30)
MISSING = ["", "", "", "authority", "product", "what,authority", "time"]


def _level(code: str, name: str, order: int) -> UnitLevel:
    return UnitLevel.objects.get_or_create(
        code=code, defaults={"name": name, "is_administrative": True, "sort_order": order}
    )[0]


def _role(code: str, actions: list[str]) -> Role:
    return Role.objects.get_or_create(
        code=code, defaults={"name": code, "actions": actions, "scope": "subtree"}
    )[0]


def _user(username: str, unit: Unit, role: Role) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password="bench-Pass-2025")  # noqa: S106  # bench only
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def build() -> tuple[User, User, str]:
    """Units, users, plan and 100k tasks (skipped when already there)."""
    province = Unit.objects.filter(code="BENCH75").first()
    if province is None:
        province = Unit.objects.create(
            code="BENCH75", name="Tỉnh Bench", level=_level("province", "Tỉnh", 10)
        )
        commune_level = _level("commune", "Xã", 30)
        dept_level = _level("department", "Sở", 40)
        for i in range(20):
            Unit.objects.create(
                code=f"BS{i:02d}", name=f"Sở {i}", level=dept_level, parent=province
            )
        for i in range(95):
            Unit.objects.create(
                code=f"BX{i:03d}", name=f"Xã {i}", level=commune_level, parent=province
            )
    units = list(Unit.objects.filter(parent=province).order_by("pk"))
    communes = [u for u in units if u.code.startswith("BX")]
    leader = _user("bench.leader", province, _role("leader", ["view", "edit", "approve"]))
    officer = _user("bench.commune", communes[7], _role("officer", ["view", "edit"]))
    document = Document.objects.get_or_create(
        number=PLAN_NUMBER,
        issued_on=dt.date(2025, 5, 16),
        defaults={"issuer": "Bench", "title": "Bench plan", "owner_unit": province},
    )[0]
    plan = Plan.objects.get_or_create(
        document=document, defaults={"unit": province, "title": "Bench plan"}
    )[0]
    existing = Task.objects.filter(plan=plan).count()
    if existing < N_TASKS:
        rnd = random.Random(57)
        batch: list[Task] = []
        start = time.perf_counter()
        with transaction.atomic():
            for i in range(existing, N_TASKS):
                deadline = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(730))
                assigned = deadline - dt.timedelta(days=rnd.randrange(60, 365))
                started = (
                    assigned + dt.timedelta(days=rnd.randrange(0, 60))
                    if rnd.random() < 0.8
                    else None
                )
                completed = None
                if started and rnd.random() < 0.6:
                    completed = started + dt.timedelta(days=rnd.randrange(0, 400))
                state = (
                    WorkflowState.ACCEPTED
                    if completed
                    else WorkflowState.IN_PROGRESS
                    if started
                    else WorkflowState.ASSIGNED
                )
                if rnd.random() < 0.02:
                    state = WorkflowState.CANCELLED
                batch.append(
                    Task(
                        plan=plan,
                        kind=TaskKind.TASK,
                        code=f"B{i}",
                        title=f"Nhiệm vụ chuyển đổi số {i}",
                        lead_unit=rnd.choice(units),
                        deadline=deadline,
                        current_deadline=deadline,
                        assigned_on=assigned,
                        started_on=started,
                        completed_on=completed,
                        workflow_state=state,
                        progress_percent=100 if completed else rnd.randrange(0, 100),
                        missing_clarities=rnd.choice(MISSING),
                    )
                )
                if len(batch) == 5000:
                    Task.objects.bulk_create(batch)
                    batch = []
            if batch:
                Task.objects.bulk_create(batch)
        print(f"created {N_TASKS - existing} tasks in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return leader, officer, communes[7].code


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, len(queries)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    leader, officer, commune = build()
    plan = PLAN_NUMBER.replace("/", "%2F")
    day = AS_OF.isoformat()
    cases = [
        (leader, f"/api/v1/tasks?plan={plan}&as_of={day}&status=IN_PROGRESS"),
        (leader, f"/api/v1/tasks?as_of={day}&unit={commune}&missing=any"),
        (leader, f"/tasks/?plan={plan}&as_of=30/09/2025&status=OVERDUE"),
        (leader, "/tasks/?as_of=30/09/2025&deadline_from=01/07/2025&deadline_to=30/09/2025"),
        (leader, f"/api/v1/tasks/status-counts?plan={plan}&as_of={day}"),
        (leader, f"/api/v1/tasks/status-counts?plan={plan}&as_of={day}&unit={commune}"),
        (officer, f"/api/v1/tasks?as_of={day}&status=OVERDUE"),
        (officer, "/tasks/?as_of=30/09/2025"),
        (officer, f"/api/v1/tasks/status-counts?plan={plan}&as_of={day}"),
    ]
    print(f"{connection.vendor}, {Task.objects.count()} tasks, {runs} runs per URL")
    print(f"{'user':<14} {'url':<78} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7}")
    for user, url in cases:
        client = Client()
        client.force_login(user)
        p50, p95, queries = measure(client, url, runs)
        print(f"{user.username:<14} {url:<78} {p50:>7.1f} {p95:>7.1f} {queries:>7}")


if __name__ == "__main__":
    main()
