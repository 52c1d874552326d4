"""Catalogue management: the create/edit pages and `POST`/`PATCH /api/v1/indicators`.

The service rules are tested in test_services.py; here: who may open and post the form
(MANAGE on the owner unit, else 404), field errors re-rendered, the version conflict, the
links shown only to managers, owner choices, the API's 201/422/404/409 and token scopes,
query counts of the new pages.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tinhso.accounts.services import api_token_create
from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.indicators.models import Indicator
from tinhso.indicators.services import indicator_create, indicator_update
from tinhso.units.tests.factories import UnitFactory, level

from .factories import DimensionMemberFactory, IndicatorFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("indicators:create")
API = "/api/v1/indicators"


def logged(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def form_data(owner, **extra):
    data = {
        "code": "CDS-01",
        "name": "Tỷ lệ hồ sơ trực tuyến toàn trình",
        "description": "",
        "unit_of_measure": "%",
        "aggregation": "ratio",
        "numerator_label": "Hồ sơ trực tuyến",
        "denominator_label": "Tổng số hồ sơ",
        "scale": "100",
        "frequency": "month",
        "direction": "higher",
        "kind": "strategic",
        "entry_level": level("commune").pk,
        "owner_unit": owner.pk,
        "data_source": "Cổng dịch vụ công",
        "min_value": "",
        "max_value": "",
        "max_change_pct": "",
        "decimals": "1",
        "is_active": "on",
    }
    data.update(extra)
    return data


@pytest.fixture
def manager_a(tree):
    """A unit administrator of commune A (MANAGE on A only)."""
    return member(tree["A"], "admin")


def test_create_page_and_post(tree, manager_a):
    dim = DimensionMemberFactory().dimension
    c = logged(manager_a)
    html = c.get(CREATE).content.decode()
    assert 'name="code"' in html and "Phường Biên Hòa" in html
    assert "Xã Long Thành" not in html  # only units the user may manage are owners
    r = c.post(CREATE, form_data(tree["A"], dimensions=[dim.pk]))
    assert r.status_code == 302 and r["Location"] == reverse("indicators:detail", args=["CDS-01"])
    indicator = Indicator.objects.get(code="CDS-01")
    assert indicator.owner_unit == tree["A"] and indicator.aggregation == "ratio"
    assert list(indicator.dimensions.all()) == [dim]
    assert AuditEntry.objects.filter(object_type="indicators.Indicator", action="create").exists()


def test_create_re_renders_field_errors_and_keeps_input(tree, manager_a):
    IndicatorFactory(code="CDS-01")
    c = logged(manager_a)
    r = c.post(CREATE, form_data(tree["A"], scale="0", name="Tên mới"))  # ratio scale ≤ 0
    html = r.content.decode()
    assert r.status_code == 200 and "The scale of a ratio must be positive." in html
    assert 'value="Tên mới"' in html
    r = c.post(CREATE, form_data(tree["A"]))  # code taken: unique check of the service
    assert r.status_code == 200 and "already exists" in r.content.decode()
    r = c.post(CREATE, form_data(tree["A"], aggregation="sum", min_value="10", max_value="5"))
    assert "The maximum cannot be below the minimum." in r.content.decode()
    r = c.post(CREATE, form_data(tree["A"], decimals="abc"), HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and "<html" not in html and 'class="error"' in html
    assert Indicator.objects.count() == 1


def test_create_for_an_unmanaged_unit_is_refused(tree, manager_a):
    c = logged(manager_a)
    r = c.post(CREATE, form_data(tree["B"]))
    assert r.status_code == 200 and not Indicator.objects.filter(code="CDS-01").exists()
    officer = member(tree["A"], "officer")  # no MANAGE anywhere: no form at all
    assert logged(officer).get(CREATE).status_code == 404
    assert logged(officer).post(CREATE, form_data(tree["A"])).status_code == 404


def test_edit_page_conflict_and_other_unit(tree, manager_a):
    indicator = IndicatorFactory(owner_unit=tree["A"], code="CDS-02", name="Cũ")
    url = reverse("indicators:edit", args=["CDS-02"])
    c = logged(manager_a)
    html = c.get(url).content.decode()
    assert 'value="Cũ"' in html and 'name="version" value="1"' in html
    data = form_data(tree["A"], code="CDS-02", aggregation="sum", name="Mới", version="1")
    assert c.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Mới" and indicator.version == 2
    # Someone saved meanwhile: the form says so in Vietnamese and keeps what was typed.
    with translation.override("vi"):
        r = c.post(url, {**data, "name": "Mới hơn"}, HTTP_ACCEPT_LANGUAGE="vi")
    html = r.content.decode()
    assert r.status_code == 200 and 'value="Mới hơn"' in html and 'role="alert"' in html
    assert "Tải lại trang" in html or "tải lại trang" in html
    indicator.refresh_from_db()
    assert indicator.name == "Mới"
    other = IndicatorFactory(owner_unit=tree["B"], code="CDS-03")
    other_url = reverse("indicators:edit", args=[other.code])
    assert c.get(other_url).status_code == 404
    assert c.post(other_url, form_data(tree["A"], code="CDS-03", version="1")).status_code == 404
    # Handing the entry to a unit the user does not manage is refused (not a valid choice).
    r = c.post(url, {**data, "owner_unit": tree["B"].pk, "version": "2"})
    assert r.status_code == 200 and 'class="error"' in r.content.decode()
    indicator.refresh_from_db()
    assert indicator.owner_unit == tree["A"]


def test_links_only_for_managers(tree, manager_a):
    IndicatorFactory(owner_unit=tree["A"], code="CDS-04")
    IndicatorFactory(owner_unit=tree["B"], code="CDS-05")
    html = logged(manager_a).get(reverse("indicators:catalogue")).content.decode()
    assert reverse("indicators:create") in html
    assert reverse("indicators:edit", args=["CDS-04"]) in html
    assert reverse("indicators:edit", args=["CDS-05"]) not in html
    detail = logged(manager_a).get(reverse("indicators:detail", args=["CDS-05"]))
    assert reverse("indicators:edit", args=["CDS-05"]) not in detail.content.decode()
    detail = logged(manager_a).get(reverse("indicators:detail", args=["CDS-04"]))
    assert reverse("indicators:edit", args=["CDS-04"]) in detail.content.decode()
    viewer = logged(member(tree["A"], "viewer"))
    html = viewer.get(reverse("indicators:catalogue")).content.decode()
    assert reverse("indicators:create") not in html and "/edit/" not in html


def test_form_pages_query_counts_are_flat(tree, admin):
    c = logged(admin)
    IndicatorFactory(owner_unit=tree["A"], code="CDS-06").dimensions.add(
        DimensionMemberFactory().dimension
    )
    pages = [CREATE, reverse("indicators:edit", args=["CDS-06"])]
    counts = []
    for _round in range(2):
        for _ in range(5):
            UnitFactory(parent=tree["P"])
            DimensionMemberFactory()
        row = []
        for url in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            row.append(len(ctx))
        counts.append(row)
    assert counts[0] == counts[1], counts  # no query per unit or breakdown offered
    assert max(counts[0]) <= 16, [q["sql"] for q in ctx.captured_queries]


# --- API -----------------------------------------------------------------------------------


def api_payload(owner, **extra):
    return {
        "code": "API-01",
        "name": "Số thủ tục trực tuyến",
        "unit_of_measure": "thủ tục",
        "aggregation": "sum",
        "frequency": "month",
        "entry_level": "commune",
        "owner_unit": owner.code,
        **extra,
    }


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_api_create(tree, manager_a):
    dim = DimensionMemberFactory().dimension
    c = logged(manager_a)
    r = send(c, "post", API, api_payload(tree["A"], dimensions=[dim.code], max_value="100"))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["code"] == "API-01" and body["owner_unit"] == tree["A"].code
    assert body["version"] == 1 and [d["code"] for d in body["dimensions"]] == [dim.code]
    assert Decimal(body["max_value"]) == 100
    assert AuditEntry.objects.filter(object_type="indicators.Indicator", action="create").exists()


def test_api_create_errors(tree, manager_a):
    c = logged(manager_a)
    r = send(c, "post", API, api_payload(tree["A"], aggregation="ratio", scale="0"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "scale"]
    r = send(c, "post", API, api_payload(tree["A"], entry_level="galaxy"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "entry_level"]
    r = send(c, "post", API, api_payload(tree["A"], dimensions=["nope"]))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "dimensions"]
    r = send(c, "post", API, api_payload(tree["A"], frequency="fortnight"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "frequency"]
    r = send(c, "post", API, {"code": "X"})  # schema: required fields missing
    assert r.status_code == 422
    assert send(c, "post", API, api_payload(tree["B"])).status_code == 404  # other unit
    assert send(c, "post", API, api_payload(tree["A"], owner_unit="00000")).status_code == 404
    assert not Indicator.objects.exists()


def test_api_patch(tree, manager_a):
    indicator = IndicatorFactory(owner_unit=tree["A"], code="API-02", min_value=Decimal(1))
    c = logged(manager_a)
    url = f"{API}/API-02"
    r = send(c, "patch", url, {"name": "Tên mới", "min_value": None, "version": 1})
    assert r.status_code == 200, r.content
    assert r.json()["name"] == "Tên mới" and r.json()["version"] == 2
    indicator.refresh_from_db()
    assert indicator.min_value is None and indicator.unit_of_measure == "hồ sơ"  # untouched
    assert send(c, "patch", url, {"name": "Cũ", "version": 1}).status_code == 409
    r = send(c, "patch", url, {"min_value": "9", "max_value": "3", "version": 2})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "max_value"]
    assert send(c, "patch", url, {"name": "x"}).status_code == 422  # version is required
    # Handing it to a unit the caller does not manage: 404, nothing changed.
    assert send(c, "patch", url, {"owner_unit": tree["B"].code, "version": 2}).status_code == 404
    other = IndicatorFactory(owner_unit=tree["B"], code="API-03")
    r = send(c, "patch", f"{API}/{other.code}", {"name": "x", "version": 1})
    assert r.status_code == 404
    indicator.refresh_from_db()
    assert indicator.owner_unit == tree["A"] and indicator.version == 2


def test_api_patch_moves_owner_within_managed_units(tree, admin):
    IndicatorFactory(owner_unit=tree["A"], code="API-04")
    r = send(logged(admin), "patch", f"{API}/API-04", {"owner_unit": tree["B"].code, "version": 1})
    assert r.status_code == 200 and r.json()["owner_unit"] == tree["B"].code


def test_api_write_needs_the_write_scope(tree, manager_a):
    IndicatorFactory(owner_unit=tree["A"], code="API-05")

    def token_client(scopes):
        secret = api_token_create(actor=manager_a, user=manager_a, name="t", scopes=scopes).secret
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    reader = token_client(["indicators:read"])
    assert send(reader, "post", API, api_payload(tree["A"])).status_code == 403
    r = send(reader, "patch", f"{API}/API-05", {"name": "x", "version": 1})
    assert r.status_code == 403
    writer = token_client(["indicators:read", "indicators:write"])
    assert send(writer, "post", API, api_payload(tree["A"])).status_code == 201


# --- service additions ---------------------------------------------------------------------


def test_update_moves_owner_only_to_a_managed_unit(tree, manager_a, admin):
    from tinhso.accounts.access import AccessDenied

    indicator = indicator_create(
        actor=manager_a,
        owner_unit=tree["A"],
        data={
            "code": "SRV-01",
            "name": "n",
            "unit_of_measure": "u",
            "aggregation": "sum",
            "frequency": "month",
            "entry_level": level("commune"),
        },
    )
    with pytest.raises(AccessDenied):
        indicator_update(
            actor=manager_a,
            indicator=indicator,
            data={"owner_unit": tree["B"]},
            expected_version=1,
        )
    moved = indicator_update(
        actor=admin, indicator=indicator, data={"owner_unit": tree["B"]}, expected_version=1
    )
    assert moved.owner_unit == tree["B"] and moved.version == 2
    entry = AuditEntry.objects.filter(action="update").latest("pk")
    assert entry.before["owner_unit"] != entry.after["owner_unit"]
