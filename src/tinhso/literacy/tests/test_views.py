"""Literacy pages: overview (query count constant with rows, HTMX rows, export), unit page,
courses, import (errors → nothing saved → fixed → saved), templates."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhso.literacy.models import TrainingRecord
from tinhso.literacy.tests.conftest import client_for
from tinhso.literacy.tests.factories import (
    CourseFactory,
    LiteracyTargetFactory,
    PopulationFactory,
    TrainingRecordFactory,
    group,
)
from tinhso.literacy.tests.helpers import csv_file, row
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
URL = "/literacy/?year=2025&as_of=30/09/2025"


def _count(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_overview_query_count_is_constant(tree, users, course):
    PopulationFactory(unit=tree["a"], count=10)
    LiteracyTargetFactory(unit=tree["p"], group=group("adults"), target_rate=50)
    TrainingRecordFactory(course=course, unit=tree["a"])
    client = client_for(users["p_leader"])
    few, response = _count(client, URL)
    html = response.content.decode()
    assert "Phường Biên Hòa" in html and "lit-red" in html
    for _i in range(12):
        unit = UnitFactory(parent=tree["p"])
        PopulationFactory(unit=unit, group=group("officials"), count=5)
        TrainingRecordFactory(course=CourseFactory(owner_unit=unit), unit=unit)
    many, _response = _count(client, URL)
    assert many == few
    assert few <= 20


def test_overview_htmx_and_export(tree, users, course):
    TrainingRecordFactory(course=course, unit=tree["a"])
    client = client_for(users["p_leader"])
    html = client.get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Phường Biên Hòa" in html
    response = client.get(URL + "&export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "Phường Biên Hòa" in body and "Số người học" in body
    response = client.get(URL + "&export=xlsx")
    assert response.status_code == 200


def test_unit_page_and_other_unit_404(tree, users, course):
    TrainingRecordFactory(course=course, unit=tree["a"])
    client = client_for(users["a_officer"])
    few, response = _count(client, f"/literacy/units/{tree['a'].pk}/?as_of=30/09/2025")
    assert "BDHVS-01" in response.content.decode()
    for _ in range(10):
        TrainingRecordFactory(course=CourseFactory(owner_unit=tree["a"]), unit=tree["a"])
    many, _response = _count(client, f"/literacy/units/{tree['a'].pk}/?as_of=30/09/2025")
    assert many == few
    assert client.get(f"/literacy/units/{tree['b'].pk}/").status_code == 404


def test_courses_page(tree, users, course, ai_course):
    client = client_for(users["b_officer"])
    few, response = _count(client, "/literacy/courses/")
    assert "Trí tuệ nhân tạo" in response.content.decode()
    for _ in range(10):
        CourseFactory(owner_unit=tree["d"])
    many, _response = _count(client, "/literacy/courses/")
    assert many == few


def test_import_page_errors_then_fixed(tree, users, course):
    client = client_for(users["d_officer"])
    assert client.get("/literacy/import/").status_code == 200
    bad = [row("075190000001"), row("0751"), row("075190000003", unit="Xã Không Có")]
    response = client.post("/literacy/import/", {"file": _upload(bad)})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Chưa có dữ liệu nào được lưu" in html
    assert "Không rõ xã hoặc đơn vị" in html
    assert TrainingRecord.objects.count() == 0
    fixed = [row("075190000001"), row("075190000002"), row("075190000003")]
    response = client.post("/literacy/import/", {"file": _upload(fixed)})
    assert response.status_code == 200 and "Đã nhập" in response.content.decode()
    assert TrainingRecord.objects.count() == 3


def test_templates_download_and_import_back(tree, users, course):
    client = client_for(users["d_officer"])
    xlsx = client.get("/literacy/import/template.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")
    csv = client.get("/literacy/import/template.csv")
    assert "Số định danh cá nhân" in csv.content.decode("utf-8-sig")
    assert client.get("/literacy/import/template.pdf").status_code == 404


def test_anonymous_is_sent_to_login(db):
    from django.test import Client

    for url in (
        "/literacy/",
        "/literacy/courses/",
        "/literacy/import/",
        "/literacy/import/template.xlsx",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _upload(rows):
    return SimpleUploadedFile("export.csv", csv_file(rows).getvalue(), content_type="text/csv")
