"""Django admin of indicators (and of programmes' catalogues and documents, whose small
admins were added with it): pages load in a bounded number of queries, saves and inline
rows are audited, an admin edit bumps the version and rebuilds rollups when the rule
changes, periods are read-mostly."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.accounts.tests.factories import UserFactory
from tinhso.audit.models import AuditEntry
from tinhso.documents.tests.factories import DocumentFactory
from tinhso.indicators.models import DimensionMember, IndicatorRollup
from tinhso.indicators.services import indicator_value_save, indicator_values_set_status
from tinhso.programmes.tests.factories import CatalogueFactory, CatalogueItemFactory

from .factories import DimensionMemberFactory, IndicatorFactory, month

pytestmark = pytest.mark.django_db
ADMIN = "/django-admin"


@pytest.fixture
def operator(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_admin_pages_load(client, operator, django_assert_max_num_queries):
    indicator = IndicatorFactory()
    member = DimensionMemberFactory()
    item = CatalogueItemFactory()
    document = DocumentFactory(number="57-NQ/TW", title="Đột phá phát triển khoa học")
    pages = [
        f"{ADMIN}/indicators/indicator/",
        f"{ADMIN}/indicators/indicator/{indicator.pk}/change/",
        f"{ADMIN}/indicators/indicator/add/",
        f"{ADMIN}/indicators/dimension/",
        f"{ADMIN}/indicators/dimension/{member.dimension_id}/change/",
        f"{ADMIN}/indicators/period/",
        f"{ADMIN}/indicators/period/{month().pk}/change/",
        f"{ADMIN}/programmes/catalogue/",
        f"{ADMIN}/programmes/catalogue/{item.catalogue_id}/change/",
        f"{ADMIN}/documents/document/",
        f"{ADMIN}/documents/document/{document.pk}/change/",
        f"{ADMIN}/documents/document/?q=57-NQ",
    ]
    for url in pages:
        with django_assert_max_num_queries(30):
            r = client.get(url)
        assert r.status_code == 200, url
    assert "57-NQ/TW" in client.get(f"{ADMIN}/documents/document/?q=phát triển").content.decode()
    assert "57-NQ/TW" not in client.get(f"{ADMIN}/documents/document/?q=zzz").content.decode()


def test_indicator_admin_edit_is_audited_bumps_version_and_rebuilds(client, operator, tree):
    indicator = IndicatorFactory(ratio=True, owner_unit=tree["P"])
    indicator_value_save(
        actor=operator,
        indicator=indicator,
        unit=tree["A"],
        period=month(),
        numerator="1",
        denominator="4",
        as_of=dt.date(2025, 9, 30),
    )
    indicator_values_set_status(actor=operator, unit=tree["A"], period=month(), status="submitted")
    rollup = IndicatorRollup.objects.get(indicator=indicator, unit=tree["A"], breakdown="")
    assert rollup.value == 25
    data = {
        "code": indicator.code,
        "name": indicator.name,
        "description": "",
        "unit_of_measure": "‰",
        "aggregation": "ratio",
        "numerator_label": "",
        "denominator_label": "",
        "scale": "1000",
        "frequency": "month",
        "direction": "higher",
        "kind": "operational",
        "entry_level": indicator.entry_level_id,
        "owner_unit": tree["P"].pk,
        "data_source": "",
        "decimals": "1",
        "is_active": "on",
    }
    r = client.post(f"{ADMIN}/indicators/indicator/{indicator.pk}/change/", data)
    assert r.status_code == 302
    indicator.refresh_from_db()
    assert indicator.version == 2 and indicator.scale == 1000
    rollup = IndicatorRollup.objects.get(indicator=indicator, unit=tree["A"], breakdown="")
    assert rollup.value == 250  # rebuilt with the new scale
    entry = AuditEntry.objects.get(object_type="indicators.Indicator", action="update")
    assert entry.actor == operator and entry.message == "django-admin"


def test_inline_members_are_audited(client, operator):
    member = DimensionMemberFactory(code="a", name="A")
    dim = member.dimension
    prefix = "members"
    data = {
        "code": dim.code,
        "name": dim.name,
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": member.pk,
        f"{prefix}-0-dimension": dim.pk,
        f"{prefix}-0-code": "a",
        f"{prefix}-0-name": "A mới",
        f"{prefix}-0-sort_order": "10",
        f"{prefix}-1-dimension": dim.pk,
        f"{prefix}-1-code": "b",
        f"{prefix}-1-name": "B",
        f"{prefix}-1-sort_order": "20",
    }
    r = client.post(f"{ADMIN}/indicators/dimension/{dim.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert sorted(DimensionMember.objects.values_list("name", flat=True)) == ["A mới", "B"]
    actions = sorted(
        AuditEntry.objects.filter(object_type="indicators.DimensionMember").values_list(
            "action", flat=True
        )
    )
    assert actions == ["create", "update"]


def test_periods_are_read_mostly(client, operator):
    period = month()
    url = f"{ADMIN}/indicators/period/{period.pk}/change/"
    r = client.post(url, {"name": "Tháng Chín", "code": "HACK", "kind": "year"})
    assert r.status_code == 302
    period.refresh_from_db()
    assert period.name == "Tháng Chín" and period.code == "2025-M09" and period.kind == "month"
    assert client.post(f"{ADMIN}/indicators/period/{period.pk}/delete/").status_code == 403


def test_catalogue_items_inline_and_document_version(client, operator):
    catalogue = CatalogueFactory()
    r = client.post(
        f"{ADMIN}/programmes/catalogue/{catalogue.pk}/change/",
        {
            "code": catalogue.code,
            "version": catalogue.version,
            "name": catalogue.name,
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-code": "1",
            "items-0-name": "Nhóm nhiệm vụ 1",
            "items-0-sort_order": "10",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert catalogue.items.get().name == "Nhóm nhiệm vụ 1"
    assert AuditEntry.objects.filter(object_type="programmes.CatalogueItem").count() == 1
    document = DocumentFactory()
    data = {
        "number": document.number,
        "doc_type": document.doc_type,
        "issuer": document.issuer,
        "issued_on": document.issued_on.isoformat(),
        "title": "Tiêu đề đã sửa",
        "owner_unit": document.owner_unit_id,
    }
    r = client.post(f"{ADMIN}/documents/document/{document.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    document.refresh_from_db()
    assert document.title == "Tiêu đề đã sửa" and document.version == 2
    assert AuditEntry.objects.filter(object_type="documents.Document", action="update").exists()
