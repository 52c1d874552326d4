"""Smoke tests of the pages: list (query count flat), detail (nulls cited), edit, import."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhso.procedures import excel, selectors, services
from tinhso.procedures.models import Procedure
from tinhso.procedures.tests.factories import ProcedureFactory


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_list_page_and_exports(tree, admin, django_assert_max_num_queries):
    ProcedureFactory(owner_unit=tree["P"], synthetic=True)
    c = _client(admin)
    with django_assert_max_num_queries(20) as small:
        r = c.get("/procedures/")
    assert r.status_code == 200 and b"proc-synthetic" in r.content
    for _ in range(15):
        ProcedureFactory(owner_unit=tree["P"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert c.get("/procedures/").status_code == 200
    assert c.get("/procedures/?export=csv").status_code == 200
    assert c.get("/procedures/?export=xlsx").status_code == 200
    assert len(json.loads(c.get("/procedures/export.json").content)) == 16


def test_detail_shows_missing_time_limit_with_citation(tree, admin, seed_data):
    services.procedures_import(actor=admin, data=seed_data, owner_unit=tree["P"])
    response = _client(admin).get("/procedures/1.001193/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "not in the source" in content  # the three unit-less time limits
    assert "dichvucong.gov.vn" in content  # with their citation
    assert "/documents/" in content  # dated legal bases link to the registry


def test_list_htmx_returns_rows_only(tree, admin):
    ProcedureFactory(owner_unit=tree["P"], name="Đăng ký khai sinh thử")
    ProcedureFactory(owner_unit=tree["P"], name="Cấp phép xây dựng thử")
    r = _client(admin).get("/procedures/?q=khai sinh", HTTP_HX_REQUEST="true")
    content = r.content.decode()
    assert r.status_code == 200 and "<html" not in content
    assert "Đăng ký khai sinh thử" in content and "Cấp phép xây dựng thử" not in content


def test_detail_query_count_flat(tree, admin, django_assert_max_num_queries):
    small = ProcedureFactory(owner_unit=tree["P"])
    big = ProcedureFactory(owner_unit=tree["P"])
    case = big.cases.first()
    for i in range(10):
        case.components.create(name=f"Giấy tờ {i}", original_count=1)
    c = _client(admin)
    with django_assert_max_num_queries(30) as q:
        c.get(f"/procedures/{small.code}/")
    with django_assert_max_num_queries(len(q.captured_queries)):
        assert c.get(f"/procedures/{big.code}/").status_code == 200


def test_edit_by_other_unit_gets_404(tree, admin_b):
    p = ProcedureFactory(owner_unit=tree["P"])
    c = _client(admin_b)
    assert c.get(f"/procedures/{p.code}/edit/").status_code == 404
    assert c.post(f"/procedures/{p.code}/edit/", {"version": 1}).status_code == 404


def test_edit_stale_version_keeps_input(tree, admin):
    p = ProcedureFactory(owner_unit=tree["P"], version=3)
    data = {"name": "Tên mới", "at_commune": "on", "status": "active", "version": 2}
    r = _client(admin).post(f"/procedures/{p.code}/edit/", data)
    assert r.status_code == 200 and "Someone else saved" in r.content.decode()
    p.refresh_from_db()
    assert p.name != "Tên mới"


def test_import_page_json_and_excel(tree, admin, seed_data):
    c = _client(admin)
    upload = SimpleUploadedFile("p.json", json.dumps(seed_data).encode(), "application/json")
    assert c.post("/procedures/import/", {"file": upload}).status_code == 200
    assert Procedure.objects.count() == 25
    records = selectors.procedure_export_records(user=admin)
    book = excel.build_workbook(records)
    parsed, errors, _where = excel.read_workbook(io.BytesIO(book))
    assert errors == []
    assert {r["key"]: r for r in parsed} == {r["key"]: r for r in seed_data}
    r = c.post("/procedures/import/", {"file": SimpleUploadedFile("p.xlsx", book)})
    assert r.status_code == 200 and "25 unchanged" in r.content.decode()


def test_import_page_excel_error_names_row_and_column(tree, admin, seed_data):
    from openpyxl import load_workbook

    services.procedures_import(actor=admin, data=seed_data, owner_unit=tree["P"])
    book = excel.build_workbook(selectors.procedure_export_records(user=admin))
    wb = load_workbook(io.BytesIO(book))
    wb["time_limits"]["D3"] = "tuần"
    out = io.BytesIO()
    wb.save(out)
    r = _client(admin).post(
        "/procedures/import/", {"file": SimpleUploadedFile("p.xlsx", out.getvalue())}
    )
    assert r.status_code == 422
    assert "time_limits!3" in r.content.decode()


@pytest.mark.parametrize("url", ["/procedures/import/"])
def test_import_page_other_unit_gets_404(tree, admin_b, url):
    assert _client(admin_b).get(url).status_code == 404


def test_records_without_a_national_name_say_so(tree, admin, seed_data):
    services.procedures_import(actor=admin, data=seed_data, owner_unit=tree["P"])
    listing = _client(admin).get("/procedures/").content.decode()
    assert "mai_tang_phi" in listing and "no national record in the source" in listing
    page = _client(admin).get("/procedures/mai_tang_phi/").content.decode()
    assert "no national record in the source" in page
