"""Project pages: list (filters, lagging, export, HTMX rows, query counts), blockers list,
project page, forms (progress, milestone, blocker, resolve, photo, create/edit), photo file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhso.projects.models import Project, ProjectBlocker, ProjectMilestone, ProjectPhoto
from tinhso.projects.tests.conftest import client_for
from tinhso.projects.tests.factories import (
    PNG_BYTES,
    ProjectBlockerFactory,
    ProjectFactory,
    ProjectMilestoneFactory,
    ProjectPhotoFactory,
    ProjectProgressFactory,
)

pytestmark = pytest.mark.django_db


def _count(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_list_shows_lagging_and_does_not_grow(tree, users):
    project = ProjectFactory(unit=tree["a"], name="Công viên công nghệ số")
    ProjectProgressFactory(project=project, as_of=dt.date(2025, 6, 30), physical_percent=10)
    client = client_for(users["p_leader"])
    few, response = _count(client, "/projects/?as_of=31/12/2025")
    html = response.content.decode()
    assert "Công viên công nghệ số" in html
    assert "Chậm so với kế hoạch" in html
    for _ in range(12):
        p = ProjectFactory(unit=tree["b"])
        ProjectBlockerFactory(project=p)
        ProjectProgressFactory(project=p)
    many, _response = _count(client, "/projects/?as_of=31/12/2025")
    assert many == few <= 12


def test_list_filters_htmx_and_export(tree, users):
    ProjectFactory(unit=tree["a"], name="Dự án A", status="planning")
    blocked = ProjectFactory(unit=tree["b"], name="Dự án B", status="construction")
    ProjectBlockerFactory(project=blocked, raised_on=dt.date(2025, 5, 1))
    client = client_for(users["p_leader"])
    html = client.get(
        "/projects/?as_of=01/06/2025&has_open_blockers=on", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Dự án B" in html and "Dự án A" not in html and "<html" not in html
    html = client.get("/projects/?status=planning").content.decode()
    assert "Dự án A" in html and "Dự án B" not in html
    html = client.get(f"/projects/?unit={tree['a'].code}").content.decode()
    assert "Dự án A" in html and "Dự án B" not in html
    csv = b"".join(client.get("/projects/?export=csv").streaming_content).decode("utf-8-sig")
    assert "Dự án A" in csv and "Dự án B" in csv
    xlsx = client.get("/projects/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_blockers_page_lists_open_ones_only(tree, users):
    project = ProjectFactory(unit=tree["a"])
    ProjectBlockerFactory(project=project, description="Đang vướng 1")
    ProjectBlockerFactory(
        project=project, description="Đã xử lý 2", resolved_on=dt.date(2025, 5, 2)
    )
    client = client_for(users["p_leader"])
    count, response = _count(client, "/projects/blockers/?as_of=01/06/2025")
    html = response.content.decode()
    assert "Đang vướng 1" in html and "Đã xử lý 2" not in html
    assert count <= 10


def test_detail_page_and_query_count(tree, users):
    project = ProjectFactory(unit=tree["a"], name="Trung tâm dữ liệu")
    ProjectMilestoneFactory(project=project, planned_on=dt.date(2025, 3, 1))
    ProjectProgressFactory(project=project)
    ProjectBlockerFactory(project=project)
    ProjectPhotoFactory(project=project, caption="Ảnh hiện trường")
    client = client_for(users["a_officer"])
    few, response = _count(client, f"/projects/{project.pk}/?as_of=30/06/2025")
    html = response.content.decode()
    assert "Trung tâm dữ liệu" in html and "Ảnh hiện trường" in html
    assert "Quá hạn" in html  # the milestone planned 01/03/2025 is overdue on 30/06/2025
    assert "Thêm cập nhật tiến độ" in html  # an editor sees the forms
    for _ in range(5):
        ProjectMilestoneFactory(project=project, kind="other")
        ProjectProgressFactory(project=project)
        ProjectBlockerFactory(project=project)
        ProjectPhotoFactory(project=project)
    many, _response = _count(client, f"/projects/{project.pk}/?as_of=30/06/2025")
    assert many == few <= 25
    viewer = client_for(users["a_viewer"]).get(f"/projects/{project.pk}/").content.decode()
    assert "Thêm cập nhật tiến độ" not in viewer
    assert client_for(users["b_officer"]).get(f"/projects/{project.pk}/").status_code == 404


def test_action_forms(tree, users):
    project = ProjectFactory(unit=tree["a"])
    client = client_for(users["a_officer"])
    base = f"/projects/{project.pk}"
    response = client.post(
        f"{base}/progress/",
        {
            "version": 1,
            "as_of": "30/06/2025",
            "physical_percent": 20,
            "financial_percent": 10,
            "narrative": "Thi công",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.physical_percent == 20
    stale = client.post(
        f"{base}/progress/",
        {
            "version": 1,
            "as_of": "30/07/2025",
            "physical_percent": 30,
            "financial_percent": 10,
            "narrative": "x",
        },
    )
    assert stale.status_code == 422 and "Tải lại trang" in stale.content.decode()
    response = client.post(
        f"{base}/milestones/", {"version": 2, "kind": "completion", "planned_on": "31/12/2026"}
    )
    assert response.status_code == 302
    assert ProjectMilestone.objects.get(project=project).planned_on == dt.date(2026, 12, 31)
    response = client.post(
        f"{base}/blockers/", {"description": "Chưa có mặt bằng", "raised_on": "01/05/2025"}
    )
    assert response.status_code == 302
    blocker = ProjectBlocker.objects.get(project=project)
    response = client.post(
        f"{base}/blockers/{blocker.pk}/resolve/",
        {"version": 1, "resolved_on": "01/06/2025", "resolution": "Đã bàn giao"},
    )
    assert response.status_code == 302
    blocker.refresh_from_db()
    assert blocker.resolved_on == dt.date(2025, 6, 1)
    bad = client.post(
        f"{base}/photos/",
        {"file": SimpleUploadedFile("a.png", b"GIF89a" + b"\x00" * 20), "caption": "x"},
    )
    assert bad.status_code == 422 and not ProjectPhoto.objects.exists()
    good = client.post(
        f"{base}/photos/", {"file": SimpleUploadedFile("a.png", PNG_BYTES), "caption": "Mặt bằng"}
    )
    assert good.status_code == 302
    photo = ProjectPhoto.objects.get()
    served = client.get(f"/projects/photos/{photo.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG_BYTES
    assert client_for(users["b_officer"]).get(f"/projects/photos/{photo.pk}/").status_code == 404
    assert (
        client_for(users["b_officer"]).post(f"{base}/blockers/", {"description": "x"}).status_code
        == 404
    )


def test_htmx_form_errors_render_the_partial(tree, users):
    project = ProjectFactory(unit=tree["a"])
    response = client_for(users["a_officer"]).post(
        f"/projects/{project.pk}/blockers/", {"description": ""}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "error" in html


def test_create_and_edit_forms(tree, users):
    client = client_for(users["a_officer"])
    assert client.get("/projects/new/").status_code == 200
    response = client.post(
        "/projects/new/",
        {
            "code": "DA-77",
            "name": "Wifi công cộng",
            "kind": "public_investment",
            "status": "planning",
            "unit": tree["a"].pk,
            "investor_type": "state",
            "communes": [tree["a"].pk],
            "planned_start": "01/01/2026",
            "planned_end": "31/12/2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(code="DA-77")
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 200
    response = client.post(
        f"/projects/{project.pk}/edit/",
        {
            "version": 1,
            "code": "DA-77",
            "name": "Wifi công cộng xã",
            "kind": "public_investment",
            "status": "preparing",
            "unit": tree["a"].pk,
            "investor_type": "state",
            "planned_start": "01/01/2026",
            "planned_end": "01/01/2025",
        },
    )
    assert response.status_code == 422  # end before start
    assert client_for(users["a_viewer"]).get(f"/projects/{project.pk}/edit/").status_code == 404
