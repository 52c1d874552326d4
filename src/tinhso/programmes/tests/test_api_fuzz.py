"""Garbage in, clear errors out: plan and document endpoints answer 2xx/4xx, never 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.accounts.tests.factories import member
from tinhso.documents.tests.factories import DocumentFactory

from .factories import TargetFactory, TargetSetFactory

pytestmark = pytest.mark.django_db

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(
        ["2025-08-31", "2025-13-40", "", "1e309", "confirmed", "achieved", "implements", "a\x00b"]
    ),
)
FIELDS = st.sampled_from(
    [
        "version",
        "title",
        "number",
        "issued_on",
        "doc_type",
        "effective_to",
        "kind",
        "target",
        "target_number",
        "as_of",
        "value",
        "measurement",
        "achievement",
        "label",
        "valid_from",
        "document",
        "milestones",
        "baseline_year",
        "target_value",
        "status",
        "owner_unit",
    ]
)
BODIES = st.dictionaries(
    FIELDS,
    st.one_of(SCALARS, st.dictionaries(st.text(max_size=5), SCALARS, max_size=2)),
    max_size=6,
)


@pytest.fixture
def world_client(db):
    from tinhso.units.tests.factories import UnitFactory

    unit = UnitFactory()
    user = member(unit, "officer")
    client = Client()
    client.force_login(user)
    ts = TargetSetFactory(plan__unit=unit)
    target = TargetFactory(target_set=ts)
    doc = DocumentFactory(owner_unit=unit)
    return client, ts, target, doc


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES)
def test_write_endpoints_never_500(world_client, body):
    client, ts, target, doc = world_client
    for method, url in (
        ("post", "/api/v1/documents"),
        ("patch", f"/api/v1/documents/{doc.pk}"),
        ("post", f"/api/v1/documents/{doc.pk}/relations"),
        ("patch", f"/api/v1/plans/{ts.plan_id}"),
        ("patch", f"/api/v1/plans/targets/{target.pk}"),
        ("post", f"/api/v1/plans/targets/{target.pk}/assessments"),
        ("post", f"/api/v1/plans/target-sets/{ts.pk}/revise"),
        ("post", f"/api/v1/plans/target-sets/{ts.pk}/targets"),
    ):
        r = getattr(client, method)(url, json.dumps(body), content_type="application/json")
        assert r.status_code < 500, (method, url, body, r.content[:300])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "as_of",
                "target_set",
                "year",
                "unit",
                "in_force_on",
                "number",
                "doc_type",
                "page",
            ]
        ),
        st.one_of(
            st.text(max_size=12), st.integers(min_value=-(10**20), max_value=10**20).map(str)
        ),
        max_size=4,
    ),
    pk=st.integers(min_value=-(10**20), max_value=10**20),
)
def test_read_endpoints_never_500(world_client, params, pk):
    client, ts, target, doc = world_client
    for url in (
        "/api/v1/documents",
        "/api/v1/documents/by-number",
        f"/api/v1/documents/{pk}",
        "/api/v1/plans",
        f"/api/v1/plans/{ts.plan_id}",
        f"/api/v1/plans/{pk}",
        f"/api/v1/plans/{ts.plan_id}/targets",
        f"/api/v1/plans/{ts.plan_id}/target-status-counts",
        f"/api/v1/plans/targets/{pk}",
        f"/api/v1/plans/targets/{target.pk}",
    ):
        r = client.get(url, params)
        assert r.status_code < 500, (url, params, r.content[:300])
