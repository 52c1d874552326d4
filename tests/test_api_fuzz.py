"""Garbage in, clear errors out: the API answers 2xx/4xx to any input, never a 500.

Hypothesis throws arbitrary JSON and query strings at the endpoints that parse input.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2025-01-24T10:00:00+07:00",
            "2025-01-24",
            "2025-13-40T99:00",
            "working_days",
            "calendar_days",
            "working_hours",
            "months",
            "day_count",
            "hour_count",
            "",
            "null",
            "-1",
            "1e309",
        ]
    ),
)
JSONISH = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
DUE_BODY = st.fixed_dictionaries(
    {},
    optional={
        "start": JSONISH,
        "amount": JSONISH,
        "unit": JSONISH,
        "policy": JSONISH,
        "pauses": JSONISH,
    },
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def client():
    province = UnitFactory(province=True, code="75")
    user = member(province, "admin")
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


@FUZZ
@given(body=DUE_BODY)
def test_due_never_fails_with_a_server_error(client, body):
    response = client.post(
        "/api/v1/calendar/due", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in {200, 400, 422}, (body, response.content[:300])
    if response.status_code == 422:
        assert response.json()["detail"], "a 422 names the fields at fault"


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "province",
                "level",
                "parent",
                "q",
                "as_of",
                "include_closed",
                "page",
                "page_size",
                "start",
                "end",
                "year",
            ]
        ),
        st.text(max_size=20),
        max_size=4,
    )
)
def test_list_endpoints_never_fail_with_a_server_error(client, params):
    for url in (
        "/api/v1/units",
        "/api/v1/calendar/working-days",
        "/api/v1/calendar/days",
        "/api/v1/users",
        "/api/v1/audit",
    ):
        response = client.get(url, params)
        assert response.status_code in {200, 400, 404, 422}, (url, params, response.status_code)


@FUZZ
@given(
    body=st.dictionaries(
        st.sampled_from(
            [
                "username",
                "full_name",
                "email",
                "phone",
                "position",
                "unit",
                "unit_code",
                "role",
                "version",
            ]
        ),
        JSONISH,
        max_size=6,
    )
)
def test_user_writes_never_fail_with_a_server_error(client, body):
    response = client.post("/api/v1/users", json.dumps(body), content_type="application/json")
    assert response.status_code in {201, 400, 404, 409, 422}, (body, response.content[:300])


STEERING_PARAMS = st.dictionaries(
    st.sampled_from(
        [
            "plan",
            "unit",
            "as_of",
            "status",
            "group",
            "deadline_from",
            "deadline_to",
            "missing",
            "kind",
            "at_risk",
            "q",
            "period",
            "indicator",
            "from",
            "to",
            "state",
            "round",
            "page",
            "limit",
            "offset",
        ]
    ),
    st.one_of(st.text(max_size=20), st.sampled_from(["2025-09-30", "469-KH/TU", "75", "-1"])),
    max_size=5,
)


@FUZZ
@given(params=STEERING_PARAMS)
def test_steering_lists_never_fail_with_a_server_error(client, params):
    for url in (
        "/api/v1/tasks",
        "/api/v1/tasks/status-counts",
        "/api/v1/indicators",
        "/api/v1/indicators/values",
        "/api/v1/plans",
        "/api/v1/documents",
        "/api/v1/reports",
        "/api/v1/reports/timeliness",
    ):
        response = client.get(url, params)
        assert response.status_code in {200, 400, 404, 422}, (url, params, response.status_code)


@FUZZ
@given(
    body=st.dictionaries(
        st.sampled_from(
            [
                "indicator",
                "unit",
                "period",
                "breakdown",
                "value",
                "numerator",
                "denominator",
                "source",
                "as_of",
                "comment",
                "version",
            ]
        ),
        JSONISH,
        max_size=8,
    )
)
def test_indicator_value_writes_never_fail_with_a_server_error(client, body):
    one = client.put("/api/v1/indicators/values", json.dumps(body), content_type="application/json")
    assert one.status_code in {200, 201, 400, 404, 409, 422}, (body, one.content[:300])
    batch = client.post(
        "/api/v1/indicators/values/batch",
        json.dumps({"rows": [body, body]}),
        content_type="application/json",
    )
    assert batch.status_code in {200, 201, 400, 404, 409, 422}, (body, batch.content[:300])


@FUZZ
@given(
    body=st.dictionaries(
        st.sampled_from(
            [
                "plan",
                "title",
                "lead_unit",
                "deadline",
                "start_date",
                "deadline_kind",
                "recurrence",
                "co_units",
                "targets",
                "product_type",
                "version",
            ]
        ),
        JSONISH,
        max_size=8,
    )
)
def test_task_writes_never_fail_with_a_server_error(client, body):
    response = client.post("/api/v1/tasks", json.dumps(body), content_type="application/json")
    assert response.status_code in {201, 400, 404, 409, 422}, (body, response.content[:300])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/units?page=184467440737095518",
        "/api/v1/users?offset=184467440737095518",
        "/api/v1/tasks?page=184467440737095518",
        "/api/v1/indicators?offset=184467440737095518",
        "/api/v1/plans?page=184467440737095518",
        "/api/v1/documents?page=184467440737095518",
        "/api/v1/reports?page=184467440737095518",
        "/api/v1/procedures?offset=184467440737095518",
    ],
)
def test_a_page_beyond_any_list_is_a_clear_422_not_an_overflow(client, url):
    # Found by hypothesis: OFFSET past 2**63 made SQLite fail with "datatype mismatch".
    response = client.get(url)
    assert response.status_code == 422, (url, response.status_code)
