"""Pages at /chi-so-766/ (mounted by the project; `urls_for_tests` mounts them until then)."""

from __future__ import annotations

from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.dossiers.models import Status
from tinhso.serviceindex.models import ManualInput

from .conftest import at
from .test_services import _dossier


def test_unit_page_shows_the_dossier_counted_with_its_explanation(client, world, officer_a):
    _dossier(world["A"], world["proc"], status=Status.DONE, finished_at=at(6))
    client.force_login(officer_a)
    response = client.get("/chi-so-766/26173/?period=2025-Q3")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xã Phú Lý" in html
    assert '<dd data-count="received">1</dd>' in html
    assert '<dd data-count="on_time">1</dd>' in html
    assert "1 / 1 = 100,00 %" in html  # 2.1's explanation
    assert "Chưa có số liệu" in html  # manual indicators without figures
    # HTMX period change gets only the score fragment.
    partial = client.get("/chi-so-766/26173/?period=2025-Q3", headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.content.decode()


def test_other_unit_gets_404(client, world, officer_a):
    client.force_login(officer_a)
    assert client.get("/chi-so-766/26068/?period=2025-Q3").status_code == 404
    assert client.get("/chi-so-766/99999/").status_code == 404
    assert client.get("/chi-so-766/26068/ty-le/").status_code == 404
    response = client.post(
        "/chi-so-766/26068/nhap-lieu/",
        {"period": "2025-Q3", "indicator": "1.1", "numerator": 1, "denominator": 1, "source": "x"},
    )
    assert response.status_code == 404


def test_manual_input_form_saves_and_recomputes(client, world, officer_a):
    client.force_login(officer_a)
    data = {
        "period": "2025-Q3",
        "indicator": "1.1",
        "numerator": "38",
        "denominator": "40",
        "source": "Sở Tư pháp",
    }
    response = client.post("/chi-so-766/26173/nhap-lieu/", data)
    assert response.status_code == 302
    assert ManualInput.objects.get(unit=world["A"]).numerator == 38
    page = client.get("/chi-so-766/26173/?period=2025-Q3").content.decode()
    assert "5,70" in page
    bad = client.post("/chi-so-766/26173/nhap-lieu/", {**data, "numerator": "50"})
    assert bad.status_code == 200 and "Tử số không được lớn hơn mẫu số" in bad.content.decode()
    viewer = member(world["A"], "viewer")
    client.force_login(viewer)
    before = AuditEntry.objects.count()
    assert client.post("/chi-so-766/26173/nhap-lieu/", data).status_code == 404
    assert AuditEntry.objects.count() == before


def test_ranking_orders_communes_and_hides_invisible_ones(
    client, world, province_admin, officer_a, django_assert_max_num_queries
):
    _dossier(world["A"], world["proc"], status=Status.DONE, finished_at=at(6))
    _dossier(world["B"], world["proc"], status=Status.DONE, finished_at=at(30))
    client.force_login(province_admin)
    with django_assert_max_num_queries(40):
        html = client.get("/chi-so-766/xep-hang/?period=2025-Q3").content.decode()
    assert html.index("Xã Phú Lý") < html.index("Phường Biên Hòa")
    with django_assert_max_num_queries(15):
        client.get("/chi-so-766/xep-hang/?period=2025-Q3")  # scores exist: no recompute
    client.force_login(officer_a)
    html = client.get("/chi-so-766/xep-hang/?period=2025-Q3").content.decode()
    assert "Xã Phú Lý" in html and "Phường Biên Hòa" not in html


def test_ranking_ties_break_on_group_2_then_name(world, province_admin):
    from tinhso.serviceindex import selectors, services
    from tinhso.serviceindex.periods import quarter

    services.ranking_ensure(period=quarter(2025, 3))
    rows = selectors.score_ranking(
        user=province_admin, period=quarter(2025, 3), province=world["P"]
    )
    # Equal scores (no dossiers): alphabetical.
    assert [r.unit.name for r in rows] == ["Phường Biên Hòa", "Xã Phú Lý"]
    assert [r.rank for r in rows] == [1, 2]


def test_calculator_prefilled_with_the_worked_example(client, world, officer_a):
    client.force_login(officer_a)
    html = client.get("/chi-so-766/tinh-thu/").content.decode()
    assert "86,62" in html and "Tốt" in html
    response = client.post(
        "/chi-so-766/tinh-thu/",
        {"received": "100", "on_time": "50", "is_commune": "on"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "50 / 100 = 50,00 %" in body
    bad = client.post("/chi-so-766/tinh-thu/", {"received": "-1"})
    assert bad.status_code == 200 and "Vui lòng sửa" in bad.content.decode()


def test_rates_page(client, world, province_admin):
    from tinhso.dossiers.models import Evaluation, SatisfactionLevel
    from tinhso.procedures.models import Channel

    d = _dossier(world["A"], world["proc"], is_digitised=True, has_e_result=True)
    Evaluation.objects.create(
        dossier=d,
        channel=Channel.ONLINE,
        created_at=at(9),
        level=SatisfactionLevel.SATISFIED,
        total=16,
    )
    client.force_login(province_admin)
    html = client.get("/chi-so-766/26173/ty-le/?period=2025-Q3").content.decode()
    assert "100,00 %" in html and "16,00" in html
    html = client.get("/chi-so-766/75/ty-le/?period=2025-Q3").content.decode()
    assert "Xã Phú Lý" in html and "Phường Biên Hòa" in html


def test_anonymous_is_sent_to_login(client, world):
    response = client.get("/chi-so-766/26173/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
