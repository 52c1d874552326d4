"""Task pages: list (filters, export, HTMX rows, query counts), task page, forms, summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhso.tasks.models import Task, WorkflowState
from tinhso.tasks.tests.conftest import client_for
from tinhso.tasks.tests.factories import (
    TaskAttachmentFactory,
    TaskExtensionFactory,
    TaskFactory,
    TaskProgressFactory,
)

pytestmark = pytest.mark.django_db


def _count(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_list_shows_status_as_of_and_does_not_grow(tree, plan, users):
    TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True, title="Chuyển đổi số xã")
    client = client_for(users["p_leader"])
    client.get("/tasks/")
    few, response = _count(client, "/tasks/?as_of=01/10/2025")
    html = response.content.decode()
    assert "Chuyển đổi số xã" in html
    assert "Quá hạn chưa hoàn thành" in html
    for _ in range(15):
        TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True, complete=True)
    many, _response = _count(client, "/tasks/?as_of=01/10/2025")
    assert many == few
    assert few <= 20  # incl. 2 for rows shared with this user (ADR-0010)


def test_list_htmx_returns_rows_only_and_filters(tree, plan, users):
    TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True, title="Nhiệm vụ A")
    TaskFactory(plan=plan, lead_unit=tree["b"], accepted=True, title="Nhiệm vụ B")
    client = client_for(users["p_leader"])
    response = client.get("/tasks/?as_of=01/10/2025&status=OVERDUE", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Nhiệm vụ A" in html and "Nhiệm vụ B" not in html


def test_export_csv_has_all_rows_with_status(tree, plan, users):
    for i in range(60):
        TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True, title=f"Xuất {i}")
    client = client_for(users["p_leader"])
    response = client.get("/tasks/?as_of=01/07/2025&export=csv")
    body = b"".join(response.streaming_content).decode()
    assert body.count("Xuất ") == 60
    assert "IN_PROGRESS" in body
    xlsx = client.get("/tasks/?as_of=01/07/2025&export=xlsx")
    assert xlsx.status_code == 200


def test_task_page_panels_and_query_count(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    TaskProgressFactory(task=task)
    client = client_for(users["d_leader"])
    few, response = _count(client, f"/tasks/{task.pk}/?as_of=01/10/2025")
    html = response.content.decode()
    assert "Quá hạn chưa hoàn thành" in html
    assert f"/tasks/{task.pk}/progress/" in html
    assert few <= 26
    for _ in range(4):
        TaskProgressFactory(task=task)
        TaskAttachmentFactory(task=task)
    TaskExtensionFactory(task=task)
    many, response = _count(client, f"/tasks/{task.pk}/?as_of=01/10/2025")
    assert many == few
    html = response.content.decode()
    assert "123/QĐ-UBND" in html  # extension in the timeline
    assert html.count("Đã hoàn thành dự thảo.") == 5


def test_task_page_buttons_follow_rights(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], submitted=True)
    officer_html = client_for(users["d_officer"]).get(f"/tasks/{task.pk}/").content.decode()
    leader_html = client_for(users["d_leader"]).get(f"/tasks/{task.pk}/").content.decode()
    assert 'value="accept"' not in officer_html
    assert 'value="accept"' in leader_html and 'value="return"' in leader_html


def test_progress_form_errors_and_success(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    client = client_for(users["d_officer"])
    bad = client.post(f"/tasks/{task.pk}/progress/", {"percent": 10}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "<form" in bad.content.decode()
    ok = client.post(
        f"/tasks/{task.pk}/progress/",
        {"percent": 70, "narrative": "Tiến triển tốt", "attachment_url": "https://x.vn/e",
         "attachment_kind": "evidence", "attachment_title": "Biên bản"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert ok.status_code == 204 and ok["HX-Redirect"] == f"/tasks/{task.pk}/"
    task.refresh_from_db()
    assert task.progress_percent == 70 and task.attachments.count() == 1


def test_transition_conflict_shows_message(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], assigned=True)
    client = client_for(users["d_officer"])
    stale = client.post(f"/tasks/{task.pk}/transition/", {"action": "start", "version": 7})
    assert stale.status_code == 422
    task.refresh_from_db()
    assert task.workflow_state == WorkflowState.ASSIGNED
    ok = client.post(f"/tasks/{task.pk}/transition/", {"action": "start", "version": 1})
    assert ok.status_code == 302
    task.refresh_from_db()
    assert task.workflow_state == WorkflowState.IN_PROGRESS


def test_create_and_edit_form(tree, plan, users):
    client = client_for(users["d_officer"])
    assert client.get("/tasks/new/").status_code == 200
    response = client.post(
        "/tasks/new/",
        {"plan": plan.pk, "title": "Nhiệm vụ mới", "lead_unit": tree["d"].pk,
         "deadline_kind": "fixed", "deadline": "31/12/2025"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get(title="Nhiệm vụ mới")
    assert task.deadline == dt.date(2025, 12, 31)
    assert client.get(f"/tasks/{task.pk}/edit/").status_code == 200
    stale = client.post(
        f"/tasks/{task.pk}/edit/",
        {"plan": plan.pk, "title": "Sửa", "lead_unit": tree["d"].pk, "deadline_kind": "fixed",
         "version": 5},
    )  # fmt: skip
    assert stale.status_code == 200 and "Tải lại" in stale.content.decode()
    assert client_for(users["b_leader"]).get(f"/tasks/{task.pk}/edit/").status_code == 404


def test_summary_page(tree, plan, users):
    TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True)
    response = client_for(users["p_leader"]).get("/tasks/summary/?as_of=01/10/2025")
    html = response.content.decode()
    assert response.status_code == 200 and "Phường Biên Hòa" in html


def test_co_unit_may_view_but_sibling_gets_404(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True)
    client = client_for(users["b_leader"])
    for url in (f"/tasks/{task.pk}/", f"/api/v1/tasks/{task.pk}"):
        assert client.get(url).status_code == 404
    assert client.post(f"/tasks/{task.pk}/progress/", {"narrative": "x"}).status_code == 404
    task.co_units.add(tree["b"])
    for url in (f"/tasks/{task.pk}/", f"/api/v1/tasks/{task.pk}"):
        assert client.get(url).status_code == 200
    # Viewing is all a co-ordinating unit may do.
    assert client.post(f"/tasks/{task.pk}/progress/", {"narrative": "x"}).status_code == 404
    assert "progress/" not in client.get(f"/tasks/{task.pk}/").content.decode()


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("", None),
        ("edit/", None),
        ("edit/", {"title": "x"}),
        ("progress/", {"narrative": "x"}),
        ("transition/", {"action": "start"}),
        ("extend/", {"new_deadline": "31/12/2025", "decision_number": "1",
                     "decision_date": "01/09/2025", "reason": "x"}),
        ("attach/", {"kind": "evidence", "title": "x", "url": "https://x.vn"}),
        ("delegate/", {"unit": "0"}),
        ("instances/", {}),
        ("milestones/", {"milestones-TOTAL_FORMS": 1, "milestones-INITIAL_FORMS": 0,
                         "milestones-0-title": "x", "milestones-0-due_on": "01/08/2025"}),
    ],
)  # fmt: skip
def test_ui_other_unit_gets_404(tree, plan, users, suffix, data):
    task = TaskFactory(plan=plan, lead_unit=tree["a"], assigned=True)
    client = client_for(users["b_leader"])
    url = f"/tasks/{task.pk}/{suffix}"
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.version == 1


def test_ui_extension_and_attachment(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    client = client_for(users["d_leader"])
    response = client.post(
        f"/tasks/{task.pk}/extend/",
        {"new_deadline": "31/12/2025", "decision_number": "45/QĐ-UBND",
         "decision_date": "01/09/2025", "reason": "Chờ vốn", "version": 1},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        f"/tasks/{task.pk}/attach/", {"kind": "evidence", "title": "QĐ", "url": "https://x.vn/q"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.current_deadline == dt.date(2025, 12, 31) and task.deadline == dt.date(2025, 9, 30)
    bad = client.post(f"/tasks/{task.pk}/extend/", {"new_deadline": "01/01/2025"})
    assert bad.status_code == 422


def test_ui_delegate_and_generate(tree, plan, users):
    parent = TaskFactory(plan=plan, lead_unit=tree["p"], in_progress=True)
    client = client_for(users["p_leader"])
    html = client.get(f"/tasks/{parent.pk}/").content.decode()
    assert f"/tasks/{parent.pk}/delegate/" in html
    response = client.post(f"/tasks/{parent.pk}/delegate/", {"unit": tree["a"].pk})
    assert response.status_code == 302
    assert parent.children.get().lead_unit == tree["a"]
    bad = client.post(f"/tasks/{parent.pk}/delegate/", {"unit": tree["p"].pk})
    assert bad.status_code == 422
    template = TaskFactory(
        plan=plan, lead_unit=tree["d"], assigned=True, kind="recurring", recurrence="half",
        start_date=dt.date(2025, 1, 1), deadline=None, recurrence_until=dt.date(2025, 12, 31),
    )  # fmt: skip
    response = client.post(f"/tasks/{template.pk}/instances/", {"offset_days": 10})
    assert response.status_code == 302
    assert template.children.count() == 2
