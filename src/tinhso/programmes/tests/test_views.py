"""Plan and target pages: smoke, illustrative badge, query counts, forms and 404s."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.programmes.models import TargetAssessment, TargetSet

from .factories import (
    PlanFactory,
    PlanGroupFactory,
    TargetAssessmentFactory,
    TargetFactory,
    TargetMilestoneFactory,
    TargetSetFactory,
)
from .helpers import task

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def ts(world):
    ts = TargetSetFactory(plan=PlanFactory(unit=world["A"], illustrative=True))
    g = PlanGroupFactory(plan=ts.plan, code="1", title="Nâng cao nhận thức")
    t = TargetFactory(target_set=ts, group=g, text="Phủ sóng 5G 60% dân số", is_illustrative=True)
    TargetMilestoneFactory(target=t, year=2025, value=Decimal(50))
    TargetAssessmentFactory(target=t, value=Decimal(13.8), as_of=dt.date(2025, 6, 20))
    task(ts.plan, world["A"], g, title="Xây dựng kho dữ liệu dùng chung")
    return ts


def test_plan_list_and_query_count(officer, world, ts, django_assert_max_num_queries):
    c = client_for(officer)
    html = c.get(reverse("programmes:plan_list")).content.decode()
    assert ts.plan.document.number in html and "badge illus" in html
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("programmes:plan_list"))
    for _ in range(20):
        PlanFactory(unit=world["B"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(reverse("programmes:plan_list"))
    csv = c.get(reverse("programmes:plan_list"), {"export": "csv"})
    assert ts.plan.document.number in b"".join(csv.streaming_content).decode()


def test_plan_tree_page(officer, outsider, ts):
    html = (
        client_for(officer)
        .get(reverse("programmes:plan_detail", args=[ts.plan_id]), {"as_of": "31/08/2025"})
        .content.decode()
    )
    assert "Nâng cao nhận thức" in html and "Phủ sóng 5G" in html
    assert "Xây dựng kho dữ liệu dùng chung" in html
    assert "badge illus" in html
    other = client_for(outsider).get(reverse("programmes:plan_detail", args=[ts.plan_id]))
    assert other.status_code == 200
    assert "Xây dựng kho dữ liệu dùng chung" not in other.content.decode()


def test_plan_tree_page_query_count(officer, ts, world, django_assert_max_num_queries):
    c = client_for(officer)
    url = reverse("programmes:plan_detail", args=[ts.plan_id])
    with django_assert_max_num_queries(40) as few:
        c.get(url)
    for _ in range(15):
        g = PlanGroupFactory(plan=ts.plan)
        TargetMilestoneFactory(target=TargetFactory(target_set=ts, group=g))
        task(ts.plan, world["A"], g)
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(url)


def test_target_set_page_compare_and_count(officer, ts, django_assert_max_num_queries):
    from tinhso.programmes import services

    v2 = services.target_set_revise(
        actor=officer, target_set=ts, label="45 chỉ tiêu", valid_from=dt.date(2025, 12, 2)
    )
    c = client_for(officer)
    url = reverse("programmes:target_set_detail", args=[v2.pk])
    html = c.get(url, {"compare": ts.pk, "as_of": "2025-12-31"}).content.decode()
    assert "45 chỉ tiêu" in html and "43 chỉ tiêu" in html and "Phủ sóng 5G" in html
    with django_assert_max_num_queries(30) as few:
        c.get(url)
    for _ in range(15):
        TargetMilestoneFactory(target=TargetFactory(target_set=v2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(url)


def test_target_page(outsider, ts):
    t = ts.targets.get()
    html = (
        client_for(outsider)
        .get(reverse("programmes:target_detail", args=[t.pk]), {"as_of": "2025-08-31"})
        .content.decode()
    )
    assert "<meter" in html and "13,8" in html
    assert reverse("programmes:assessment_create", args=[t.pk]) not in html


def test_assessment_form(officer, outsider, ts):
    t = ts.targets.get()
    url = reverse("programmes:assessment_create", args=[t.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, {}).status_code == 404
    c = client_for(officer)
    assert c.get(url).status_code == 200
    bad = c.post(url, {"as_of": "31/08/2025", "measurement": "confirmed"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "<html" not in bad.content.decode()
    ok = c.post(
        url, {"as_of": "31/08/2025", "measurement": "confirmed", "value": "30", "source": "BC"}
    )
    assert ok.status_code == 302
    assert TargetAssessment.objects.filter(target=t).count() == 2


def test_revise_form(officer, outsider, ts):
    url = reverse("programmes:target_set_revise", args=[ts.pk])
    assert client_for(outsider).get(url).status_code == 404
    c = client_for(officer)
    assert c.get(url).status_code == 200
    r = c.post(url, {"label": "45", "valid_from": "01/01/2025"})
    assert r.status_code == 200  # before the current start: a form error
    r = c.post(url, {"label": "45", "valid_from": "02/12/2025", "document_number": "nope"})
    assert r.status_code == 200
    r = c.post(url, {"label": "45", "valid_from": "02/12/2025"})
    assert r.status_code == 302 and TargetSet.objects.filter(plan=ts.plan).count() == 2


def test_target_create_and_edit_forms(officer, outsider, ts, world):
    from .helpers import indicator

    ind = indicator(world["A"], code="DVC-TT")
    group = ts.plan.groups.get()
    new_url = reverse("programmes:target_create", args=[ts.pk])
    assert client_for(outsider).get(new_url).status_code == 404
    c = client_for(officer)
    assert c.get(new_url).status_code == 200
    data = {
        "key": "online-services",
        "code": "9",
        "text": "Tỷ lệ dịch vụ công trực tuyến",
        "group": group.pk,
        "indicator_code": "DVC-TT",
        "direction": "higher",
        "baseline_value": "40",
        "baseline_year": "2024",
        "target_value": "80",
        "target_year": "2030",
        "milestones": "2025: 50; 2026: 60,5",
        "sort_order": "9",
    }
    bad = c.post(new_url, {**data, "milestones": "2025 50"})
    assert bad.status_code == 200 and not ts.targets.filter(key="online-services").exists()
    r = c.post(new_url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    t = ts.targets.get(key="online-services")
    assert t.indicator == ind and t.group == group
    assert {m.year: str(m.value) for m in t.milestones.all()} == {2025: "50.0000", 2026: "60.5000"}
    edit_url = reverse("programmes:target_edit", args=[t.pk])
    assert "2026: 60.5" in c.get(edit_url).content.decode()
    r = c.post(edit_url, {**data, "text": "Đổi", "milestones": "", "version": 1})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.text == "Đổi" and not t.milestones.exists()
    stale = c.post(edit_url, {**data, "version": 1})
    assert stale.status_code == 200
    unknown = c.post(new_url, {**data, "key": "x2", "indicator_code": "NOPE"})
    assert unknown.status_code == 200 and not ts.targets.filter(key="x2").exists()


def test_target_set_export(officer, ts):
    c = client_for(officer)
    r = c.get(
        reverse("programmes:target_set_detail", args=[ts.pk]),
        {"export": "csv", "as_of": "2025-08-31"},
    )
    body = b"".join(r.streaming_content).decode()
    assert "Phủ sóng 5G 60% dân số" in body and "2025: 50" in body
    x = c.get(reverse("programmes:target_set_detail", args=[ts.pk]), {"export": "xlsx"})
    assert x["Content-Type"].startswith("application/vnd.openxmlformats")


def test_closed_version_targets_are_history(officer, ts):
    from tinhso.core.exceptions import DomainError
    from tinhso.programmes import services

    services.target_set_revise(
        actor=officer, target_set=ts, label="v2", valid_from=dt.date(2025, 12, 2)
    )
    old = ts.targets.get()
    with pytest.raises(DomainError):
        services.target_update(actor=officer, target=old, data={"text": "x"}, version=1)
    ts.refresh_from_db()
    with pytest.raises(DomainError):
        services.target_create(
            actor=officer, target_set=ts, data={"key": "n", "code": "n", "text": "n"}
        )


def test_catalogue_page(officer, django_assert_max_num_queries):
    from .factories import CatalogueFactory, CatalogueItemFactory

    for _ in range(3):
        cat = CatalogueFactory()
        CatalogueItemFactory(catalogue=cat, name="Hoàn thiện thể chế")
    c = client_for(officer)
    with django_assert_max_num_queries(10):
        html = c.get(reverse("programmes:catalogue_list")).content.decode()
    assert html.count("Hoàn thiện thể chế") == 3


def test_plan_create_edit_and_groups(officer, outsider, world):
    from tinhso.documents.tests.factories import DocumentFactory

    from .factories import CatalogueFactory, CatalogueItemFactory

    DocumentFactory(number="487-KH/TU", owner_unit=world["A"])
    DocumentFactory(resolution=True, owner_unit=world["P"])
    cat = CatalogueFactory()
    for code in ("1", "2"):
        CatalogueItemFactory(catalogue=cat, code=code)
    c = client_for(officer)
    assert c.get(reverse("programmes:plan_create")).status_code == 200
    data = {
        "unit": world["A"].pk,
        "document_number": "487-KH/TU",
        "title": "Kế hoạch chuyển đổi số liên thông",
        "implements_number": "57-NQ/TW",
        "catalogue": cat.pk,
        "status": "active",
    }
    assert (
        c.post(reverse("programmes:plan_create"), {**data, "document_number": "nope"}).status_code
        == 200
    )
    r = c.post(reverse("programmes:plan_create"), data)
    assert r.status_code == 302
    pk = int(r["Location"].rstrip("/").split("/")[-1])
    edit = reverse("programmes:plan_edit", args=[pk])
    assert client_for(outsider).get(edit).status_code == 404
    assert c.post(edit, {**data, "title": "Mới", "version": 1}).status_code == 302
    assert c.post(edit, {**data, "title": "Cũ", "version": 1}).status_code == 200  # stale
    groups_url = reverse("programmes:plan_groups_from_catalogue", args=[pk])
    assert client_for(outsider).post(groups_url).status_code == 404
    c.post(groups_url)
    html = c.get(reverse("programmes:plan_detail", args=[pk])).content.decode()
    assert "Mới" in html and "Nhóm nhiệm vụ" in html


def test_targets_show_the_value_as_published_or_the_number(outsider, ts):
    TargetFactory(target_set=ts, key="band", code="2", value_text="≥ 55 (NQ57: trên 55)")
    TargetFactory(target_set=ts, key="plain", code="3", value_text="", target_value=Decimal("80"))
    html = (
        client_for(outsider)
        .get(reverse("programmes:target_set_detail", args=[ts.pk]))
        .content.decode()
    )
    assert "≥ 55 (NQ57: trên 55)" in html
    assert ">80 %" in html or "80 %" in html
