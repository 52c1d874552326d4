"""Smoke and HTMX tests of the reporting pages; query counts of the lists."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.reporting import services
from tinhso.reporting.models import Report
from tinhso.units.tests.factories import UnitFactory

from .conftest import client_for
from .factories import IndicatorFactory, value


def test_report_list_and_inbox(world, round_, report):
    client = client_for(world["officer_a"])
    page = client.get("/reports/").content.decode()
    assert f'data-report="{report.pk}"' in page
    assert "Phường Long Khánh" not in page
    reviewer = client_for(world["reviewer"])
    assert reviewer.get("/reports/inbox/").status_code == 200
    assert f'data-report="{report.pk}"' not in reviewer.get("/reports/inbox/").content.decode()
    services.report_transition(actor=world["leader_a"], report=report, action="approve")
    assert f'data-report="{report.pk}"' in reviewer.get("/reports/inbox/").content.decode()
    csv = client.get("/reports/?export=csv")
    assert csv.status_code == 200 and "26068" in b"".join(csv.streaming_content).decode()
    partial = client.get("/reports/?state=draft", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and f'data-report="{report.pk}"' not in partial


@pytest.mark.parametrize("url", ["/reports/", "/reports/timeliness/", "/reports/inbox/"])
def test_list_pages_query_count_does_not_grow(world, round_, url, django_assert_max_num_queries):
    client = client_for(world["reviewer"])
    Report.objects.update(state="unit_approved")
    client.get(url)
    with django_assert_max_num_queries(16) as small:
        client.get(url)
    for i in range(12):
        UnitFactory(parent=world["P"], code=f"29{i:03d}")
    services.report_round_open(actor=None, schedule=world["schedule"], period=world["period"])
    Report.objects.update(state="unit_approved")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_report_page_edit_and_conflict(world, report):
    ind = IndicatorFactory(code="KPI-PAGE")
    value(ind, world["A"], world["period"])
    client = client_for(world["officer_a"])
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "KPI-PAGE" in page
    assert "/indicators/entry/?unit=26068&amp;period=2025-Q3" in page
    assert 'name="results"' in page
    assert 'data-step="approve"' not in page
    saved = client.post(
        f"/reports/{report.pk}/edit/",
        {"results": "Kết quả", "difficulties": "", "next_tasks": "", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and "<html" not in saved.content.decode()
    report.refresh_from_db()
    assert report.results == "Kết quả" and report.version == 2
    stale = client.post(
        f"/reports/{report.pk}/edit/",
        {"results": "Ghi đè", "difficulties": "", "next_tasks": "", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert stale.status_code == 200
    report.refresh_from_db()
    assert report.results == "Kết quả"
    # Without HTMX: redirect back to the page.
    plain = client.post(
        f"/reports/{report.pk}/edit/",
        {"results": "Kết quả 2", "difficulties": "", "next_tasks": "", "version": 2},
    )
    assert plain.status_code == 302
    bad = client.post(f"/reports/{report.pk}/edit/", {"results": "x"})
    assert bad.status_code == 302


def test_workflow_buttons_and_locking_in_the_ui(world, report):
    leader = client_for(world["leader_a"])
    assert 'data-step="approve"' in leader.get(f"/reports/{report.pk}/").content.decode()
    leader.post(
        f"/reports/{report.pk}/transition/", {"action": "approve", "version": 1, "note": ""}
    )
    report.refresh_from_db()
    assert report.state == "unit_approved"
    reviewer = client_for(world["reviewer"])
    page = reviewer.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-step="accept"' in page and 'data-step="return"' in page
    assert 'name="results"' not in page
    # Returning without a reason is refused with a message; nothing changes.
    reviewer.post(
        f"/reports/{report.pk}/transition/", {"action": "return", "version": 2, "note": ""}
    )
    report.refresh_from_db()
    assert report.state == "unit_approved"
    reviewer.post(f"/reports/{report.pk}/transition/", {"action": "accept", "version": 2})
    report.refresh_from_db()
    assert report.state == "accepted"
    page = client_for(world["officer_a"]).get(f"/reports/{report.pk}/").content.decode()
    assert "đã khóa" in page
    assert 'name="results"' not in page
    # A stale step and a bogus form give a message, not an error page.
    assert (
        reviewer.post(
            f"/reports/{report.pk}/transition/", {"action": "accept", "version": 2}
        ).status_code
        == 302
    )
    assert reviewer.post(f"/reports/{report.pk}/transition/", {"action": "x"}).status_code == 302
    export = reviewer.get(f"/reports/{report.pk}/export/?format=json")
    assert export.status_code == 200 and b"tinhso.nq57-report/1" in export.content
    xlsx = reviewer.get(f"/reports/{report.pk}/export/?format=xlsx")
    assert xlsx["Content-Disposition"].endswith('.xlsx"')


def test_prefill_view(world, report):
    client = client_for(world["officer_a"])
    assert client.post(f"/reports/{report.pk}/prefill/", {"version": 1}).status_code == 302
    assert client.post(f"/reports/{report.pk}/prefill/", {}).status_code == 302
    services.report_transition(actor=world["leader_a"], report=report, action="approve")
    assert client.post(f"/reports/{report.pk}/prefill/", {"version": 2}).status_code == 302


def test_export_refused_before_acceptance(world, report):
    response = client_for(world["officer_a"]).get(f"/reports/{report.pk}/export/")
    assert response.status_code == 302


def test_timeliness_page_and_export(world, round_, report):
    services.report_transition(actor=world["leader_a"], report=report, action="approve")
    client = client_for(world["reviewer"])
    page = client.get("/reports/timeliness/?as_of=07/10/2030").content.decode()
    assert f'data-obligation="{report.obligation_id}"' in page
    xlsx = client.get("/reports/timeliness/?export=xlsx")
    assert xlsx.status_code == 200
    csv = client.get(f"/reports/timeliness/?export=csv&round={round_.pk}")
    body = b"".join(csv.streaming_content).decode()
    assert "26068" in body and "26080" in body


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/"),
        ("post", "/edit/"),
        ("post", "/prefill/"),
        ("post", "/transition/"),
        ("get", "/export/"),
        ("post", "/due/"),
    ],
)
def test_other_unit_gets_404_in_the_ui(world, report, method, path):
    client = client_for(world["leader_b"])
    url = f"/reports/{report.pk}{path}"
    data = {"version": 1, "action": "approve", "results": "x", "due_on": "20/10/2025"}
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == 404
    report.refresh_from_db()
    assert (report.state, report.results) == ("draft", "")


def test_reviewer_sibling_can_view_but_another_sibling_cannot(world, report):
    assert client_for(world["reviewer"]).get(f"/reports/{report.pk}/").status_code == 200
    assert client_for(world["leader_d"]).get(f"/reports/{report.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(world, report):
    from django.test import Client

    response = Client().get(f"/reports/{report.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_report_page_query_count_does_not_grow_with_values(
    world, report, django_assert_max_num_queries
):
    client = client_for(world["reviewer"])
    value(IndicatorFactory(), world["A"], world["period"])
    client.get(f"/reports/{report.pk}/")
    with django_assert_max_num_queries(40) as small:
        client.get(f"/reports/{report.pk}/")
        client.get(f"/api/v1/reports/{report.pk}")
    for _ in range(10):
        value(IndicatorFactory(), world["A"], world["period"])
    services.report_transition(actor=world["leader_a"], report=report, action="approve")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(f"/reports/{report.pk}/")
        client.get(f"/api/v1/reports/{report.pk}")
    assert page.content.decode().count("KPI-") == 11


def test_set_due_view(world, report):
    url = f"/reports/{report.pk}/due/"
    admin = client_for(world["admin_s"])
    assert (
        "Điều chỉnh hạn gửi của đơn vị này" in admin.get(f"/reports/{report.pk}/").content.decode()
    )
    assert (
        "reporting:set_due"
        not in client_for(world["reviewer"]).get(f"/reports/{report.pk}/").content.decode()
    )
    assert (
        f"/reports/{report.pk}/due/"
        not in client_for(world["reviewer"]).get(f"/reports/{report.pk}/").content.decode()
    )
    assert admin.post(url, {"due_on": "20/10/2025", "reason": "Bão"}).status_code == 302
    report.obligation.refresh_from_db()
    assert report.obligation.due_on == dt.date(2025, 10, 20)
    assert admin.post(url, {"due_on": "01/09/2025"}).status_code == 302
    assert admin.post(url, {"due_on": "x"}).status_code == 302
    report.obligation.refresh_from_db()
    assert report.obligation.due_on == dt.date(2025, 10, 20)
    # The reviewer's leader may accept but not move deadlines; other units get 404.
    assert client_for(world["reviewer"]).post(url, {"due_on": "21/10/2025"}).status_code == 404
    assert client_for(world["leader_b"]).post(url, {"due_on": "21/10/2025"}).status_code == 404
    report.obligation.refresh_from_db()
    assert report.obligation.due_on == dt.date(2025, 10, 20)


def test_huge_ids_are_not_found(world):
    client = client_for(world["reviewer"])
    assert client.get("/reports/99999999999999999999999/").status_code == 404
    assert client.get("/api/v1/reports/99999999999999999999999").status_code in {404, 422}
