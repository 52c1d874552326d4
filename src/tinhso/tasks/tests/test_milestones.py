"""Milestones of a milestone-based task: the service (set, keep, remove, version, audit),
the HTMX form on the task page, the progress form naming the milestone reached, the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.programmes.tests.factories import TargetFactory, TargetSetFactory
from tinhso.tasks import clarities, services
from tinhso.tasks.models import DeadlineKind, TaskMilestone, WorkflowState
from tinhso.tasks.tests.conftest import client_for
from tinhso.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

AUG = dt.date(2025, 8, 1)
SEP = dt.date(2025, 9, 15)


def _task(tree, plan, **kwargs):
    kwargs.setdefault("in_progress", True)
    return TaskFactory(
        plan=plan,
        lead_unit=tree["d"],
        deadline_kind=DeadlineKind.MILESTONES,
        deadline=None,
        **kwargs,
    )


def _titles(task):
    return list(
        TaskMilestone.objects.filter(task=task)
        .order_by("due_on", "sort_order", "pk")
        .values_list("title", "due_on")
    )


# --- service ---------------------------------------------------------------------------


def test_set_adds_bumps_version_fixes_time_clarity_and_audits_once(tree, plan, users):
    task = _task(tree, plan)
    assert "time" in clarities.decode(task.missing_clarities)
    audits = AuditEntry.objects.count()
    result = services.task_milestones_set(
        actor=users["d_officer"],
        task=task,
        version=1,
        milestones=[{"title": "Dự thảo", "due_on": AUG}, {"title": "Ban hành", "due_on": SEP}],
    )
    assert [m.sort_order for m in result] == [1, 2]
    task.refresh_from_db()
    assert task.version == 2
    assert "time" not in clarities.decode(task.missing_clarities)
    assert _titles(task) == [("Dự thảo", AUG), ("Ban hành", SEP)]
    assert AuditEntry.objects.count() == audits + 1
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry.after == {"milestones": ["2025-08-01 Dự thảo", "2025-09-15 Ban hành"]}


def test_set_keeps_renames_removes_and_refuses_removing_a_reached_one(tree, plan, users):
    task = _task(tree, plan)
    kept = TaskMilestone.objects.create(task=task, title="Dự thảo", due_on=AUG)
    gone = TaskMilestone.objects.create(task=task, title="Lấy ý kiến", due_on=SEP)
    services.task_milestones_set(
        actor=users["d_officer"],
        task=task,
        milestones=[
            {"id": kept.pk, "title": "Dự thảo lần 1", "due_on": AUG},
            {"title": "Ban hành", "due_on": dt.date(2025, 10, 1)},
        ],
    )
    assert _titles(task) == [("Dự thảo lần 1", AUG), ("Ban hành", dt.date(2025, 10, 1))]
    assert not TaskMilestone.objects.filter(pk=gone.pk).exists()
    kept.refresh_from_db()
    assert kept.title == "Dự thảo lần 1"  # same row, history pointing at it survives
    TaskMilestone.objects.filter(pk=kept.pk).update(done_on=AUG)
    with pytest.raises(ValidationError) as exc:
        services.task_milestones_set(actor=users["d_officer"], task=task, milestones=[])
    assert "milestones" in exc.value.message_dict
    assert TaskMilestone.objects.filter(pk=kept.pk).exists()


def test_set_rejects_stale_version_foreign_ids_blank_rows_and_closed_tasks(tree, plan, users):
    task = _task(tree, plan)
    other = _task(tree, plan)
    foreign = TaskMilestone.objects.create(task=other, title="Khác", due_on=AUG)
    officer = users["d_officer"]
    with pytest.raises(ConcurrentEditError):
        services.task_milestones_set(
            actor=officer, task=task, version=9, milestones=[{"title": "A", "due_on": AUG}]
        )
    with pytest.raises(ValidationError):
        services.task_milestones_set(
            actor=officer, task=task, milestones=[{"id": foreign.pk, "title": "A", "due_on": AUG}]
        )
    with pytest.raises(ValidationError) as exc:
        services.task_milestones_set(
            actor=officer, task=task, milestones=[{"title": " ", "due_on": AUG}]
        )
    assert "Row 1" in str(exc.value) or "Dòng 1" in str(exc.value)
    assert _titles(task) == [] and _titles(other) == [("Khác", AUG)]
    task.refresh_from_db()
    assert task.version == 1
    closed = _task(tree, plan, in_progress=False, workflow_state=WorkflowState.CANCELLED)
    with pytest.raises(DomainError):
        services.task_milestones_set(
            actor=officer, task=closed, milestones=[{"title": "A", "due_on": AUG}]
        )


def test_set_without_change_writes_nothing(tree, plan, users):
    task = _task(tree, plan)
    m = TaskMilestone.objects.create(task=task, title="Dự thảo", due_on=AUG, sort_order=1)
    audits = AuditEntry.objects.count()
    services.task_milestones_set(
        actor=users["d_officer"],
        task=task,
        milestones=[{"id": m.pk, "title": "Dự thảo", "due_on": AUG}],
    )
    task.refresh_from_db()
    assert task.version == 1 and AuditEntry.objects.count() == audits


def test_set_needs_edit_on_the_lead_unit(tree, plan, users):
    task = _task(tree, plan)
    with pytest.raises(Http404):
        services.task_milestones_set(
            actor=users["b_leader"], task=task, milestones=[{"title": "A", "due_on": AUG}]
        )
    with pytest.raises(Http404):  # a viewer of the province may read, not edit
        services.task_milestones_set(
            actor=users["p_viewer"], task=task, milestones=[{"title": "A", "due_on": AUG}]
        )
    assert _titles(task) == []


# --- UI ------------------------------------------------------------------------------


def _post(task, rows, *, version=1, extra=None):
    data = {
        "version": version,
        "milestones-TOTAL_FORMS": len(rows),
        "milestones-INITIAL_FORMS": 0,
        "milestones-MIN_NUM_FORMS": 0,
        "milestones-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"milestones-{i}-{key}"] = value
    data.update(extra or {})
    return data


def test_task_page_lists_milestones_in_time_clarity_and_offers_the_form(tree, plan, users):
    task = _task(tree, plan)
    TaskMilestone.objects.create(task=task, title="Dự thảo xong", due_on=AUG, done_on=AUG)
    TaskMilestone.objects.create(task=task, title="Ban hành quyết định", due_on=SEP)
    html = client_for(users["d_officer"]).get(f"/tasks/{task.pk}/?as_of=01/10/2025").content
    html = html.decode()
    assert "Dự thảo xong" in html and "đã đạt 01/08/2025" in html
    assert "Ban hành quyết định" in html and "chưa đạt" in html
    assert f"/tasks/{task.pk}/milestones/" in html
    assert 'name="milestones-TOTAL_FORMS"' in html
    # a fixed-deadline task, or a reader, gets no milestone form
    fixed = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    fixed_html = client_for(users["d_officer"]).get(f"/tasks/{fixed.pk}/").content.decode()
    assert "/milestones/" not in fixed_html
    viewer_html = client_for(users["p_viewer"]).get(f"/tasks/{task.pk}/").content.decode()
    assert "/milestones/" not in viewer_html and "Ban hành quyết định" in viewer_html


def test_htmx_add_row_returns_the_form_with_one_more_row(tree, plan, users):
    task = _task(tree, plan)
    client = client_for(users["d_officer"])
    data = _post(task, [{"title": "Dự thảo", "due_on": "01/08/2025"}], extra={"add_row": "1"})
    response = client.post(f"/tasks/{task.pk}/milestones/", data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'name="milestones-TOTAL_FORMS" value="2"' in html
    assert 'name="milestones-1-title"' in html and 'value="Dự thảo"' in html
    assert _titles(task) == []  # adding a row saves nothing


def test_htmx_save_sets_milestones_and_remove_deletes(tree, plan, users):
    task = _task(tree, plan)
    client = client_for(users["d_officer"])
    rows = [
        {"title": "Dự thảo", "due_on": "01/08/2025"},
        {"title": "", "due_on": ""},  # the blank row is ignored
        {"title": "Ban hành", "due_on": "15/09/2025"},
    ]
    response = client.post(
        f"/tasks/{task.pk}/milestones/", _post(task, rows), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204 and response["HX-Redirect"] == f"/tasks/{task.pk}/"
    assert _titles(task) == [("Dự thảo", AUG), ("Ban hành", SEP)]
    first, second = TaskMilestone.objects.filter(task=task).order_by("due_on")
    rows = [
        {"id": first.pk, "title": "Dự thảo", "due_on": "01/08/2025"},
        {"id": second.pk, "title": "Ban hành", "due_on": "15/09/2025", "DELETE": "on"},
    ]
    response = client.post(f"/tasks/{task.pk}/milestones/", _post(task, rows, version=2))
    assert response.status_code == 302
    assert _titles(task) == [("Dự thảo", AUG)]


def test_htmx_errors_and_conflict_rerender_the_form(tree, plan, users):
    task = _task(tree, plan)
    client = client_for(users["d_officer"])
    bad = client.post(
        f"/tasks/{task.pk}/milestones/",
        _post(task, [{"title": "Không có ngày", "due_on": ""}]),
        HTTP_HX_REQUEST="true",
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and "<html" not in html and 'class="error"' in html
    stale = client.post(
        f"/tasks/{task.pk}/milestones/",
        _post(task, [{"title": "A", "due_on": "01/08/2025"}], version=5),
    )
    assert stale.status_code == 422 and "Tải lại" in stale.content.decode()
    assert _titles(task) == []


def test_progress_form_offers_the_milestones_and_records_the_one_reached(tree, plan, users):
    task = _task(tree, plan)
    milestone = TaskMilestone.objects.create(task=task, title="Dự thảo", due_on=AUG)
    client = client_for(users["d_officer"])
    html = client.get(f"/tasks/{task.pk}/").content.decode()
    assert 'name="milestone"' in html and "01/08/2025 — Dự thảo" in html
    response = client.post(
        f"/tasks/{task.pk}/progress/",
        {"narrative": "Đã trình dự thảo", "milestone": milestone.pk, "reported_on": "30/07/2025"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2025, 7, 30)
    assert task.progress_updates.get().milestone == milestone
    bad = client.post(
        f"/tasks/{task.pk}/progress/", {"narrative": "x", "milestone": milestone.pk + 999}
    )
    assert bad.status_code == 422
    plain = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    assert 'name="milestone"' not in client.get(f"/tasks/{plain.pk}/").content.decode()


def test_milestones_form_other_unit_gets_404(tree, plan, users):
    task = _task(tree, plan)
    url = f"/tasks/{task.pk}/milestones/"
    data = _post(task, [{"title": "A", "due_on": "01/08/2025"}])
    assert client_for(users["b_leader"]).post(url, data).status_code == 404
    # the province viewer reads the task but may not edit it: forbidden = missing = 404
    assert client_for(users["p_viewer"]).post(url, data).status_code == 404
    assert _titles(task) == []


# --- API -----------------------------------------------------------------------------


def test_api_put_milestones_and_detail(tree, plan, users):
    task = _task(tree, plan)
    client = client_for(users["d_officer"])
    url = f"/api/v1/tasks/{task.pk}/milestones"
    body = {"version": 1, "milestones": [{"title": "Dự thảo", "due_on": "2025-08-01"}]}
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert [m["title"] for m in response.json()] == ["Dự thảo"]
    detail = client.get(f"/api/v1/tasks/{task.pk}").json()
    assert detail["milestones"][0]["due_on"] == "2025-08-01"
    assert detail["milestones"][0]["done_on"] is None
    assert client.put(url, body, content_type="application/json").status_code == 409
    bad = {"version": 2, "milestones": [{"title": "", "due_on": "2025-08-01"}]}
    assert client.put(url, bad, content_type="application/json").status_code == 422
    other = client_for(users["b_leader"]).put(
        url, {**body, "version": 2}, content_type="application/json"
    )
    assert other.status_code == 404


def test_task_page_queries_do_not_grow_with_milestones_and_targets(tree, plan, users):
    task = _task(tree, plan)
    target_set = TargetSetFactory(plan=plan)
    task.targets.add(TargetFactory(target_set=target_set))
    TaskMilestone.objects.create(task=task, title="M0", due_on=AUG)
    client = client_for(users["d_officer"])
    url = f"/tasks/{task.pk}/?as_of=01/10/2025"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(1, 6):
        TaskMilestone.objects.create(task=task, title=f"M{i}", due_on=AUG + dt.timedelta(days=i))
        task.targets.add(TargetFactory(target_set=target_set))
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "M5" in html and html.count("/plans/targets/") == 6
    assert len(many.captured_queries) == len(few.captured_queries) <= 26
