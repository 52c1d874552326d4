"""API at /api/v1/serviceindex/ (mounted by the project; `urls_for_tests` until then)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.dossiers.models import Status
from tinhso.serviceindex.example import EXAMPLE_COUNTS

from .conftest import at
from .test_services import _dossier

BASE = "/api/v1/serviceindex"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_calculate_reproduces_the_worked_example(client, world, officer_a):
    client.force_login(officer_a)
    response = _post(client, f"{BASE}/calculate", {"counts": EXAMPLE_COUNTS, "is_commune": True})
    assert response.status_code == 200
    body = response.json()
    assert round(float(body["total"]), 2) == 86.62
    assert body["band"] == "Tốt"
    assert [round(float(g["points"]), 2) for g in body["groups"]] == [
        17.14,
        19.2,
        18.05,
        15.73,
        16.5,
    ]


def test_calculate_rejects_bad_input_with_field_errors(client, world, officer_a):
    client.force_login(officer_a)
    response = _post(
        client, f"{BASE}/calculate", {"counts": {"received": -1, "nope": 1, "on_time": "x"}}
    )
    assert response.status_code == 422
    fields = {d["loc"][-1] for d in response.json()["detail"]}
    assert fields == {"counts.received", "counts.nope", "counts.on_time"}
    assert _post(client, f"{BASE}/calculate", {"counts": [1]}).status_code == 422
    assert _post(client, f"{BASE}/calculate", {"version": "x"}).status_code == 422


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    counts=st.dictionaries(
        st.sampled_from(sorted(EXAMPLE_COUNTS) + ["zz"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-5, max_value=10**15),
            st.floats(allow_nan=True, allow_infinity=True),
            st.text(max_size=8),
        ),
    ),
    is_commune=st.booleans(),
)
def test_calculate_never_500s(client, world, officer_a, counts, is_commune):
    client.force_login(officer_a)
    response = _post(client, f"{BASE}/calculate", {"counts": counts, "is_commune": is_commune})
    assert response.status_code in {200, 422}


def test_scores_are_scoped(client, world, officer_a, django_assert_max_num_queries):
    _dossier(world["A"], world["proc"], status=Status.DONE, finished_at=at(6))
    client.force_login(officer_a)
    response = client.get(f"{BASE}/scores?unit=26173&period=2025-Q3")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["unit_code"], i["counts"]["received"]) for i in items] == [("26173", 1)]
    assert client.get(f"{BASE}/scores?unit=26068&period=2025-Q3").status_code == 404
    assert client.get(f"{BASE}/scores?period=2025-Q9").status_code == 422
    with django_assert_max_num_queries(10):
        listed = client.get(f"{BASE}/scores").json()["items"]
    assert {i["unit_code"] for i in listed} == {"26173"}


def test_ranking_endpoint(client, world, province_admin):
    _dossier(world["B"], world["proc"], status=Status.DONE, finished_at=at(6))
    client.force_login(province_admin)
    items = client.get(f"{BASE}/ranking?period=2025-Q3").json()["items"]
    assert [i["unit_code"] for i in items] == ["26068", "26173"]
    assert items[0]["rank"] == 1


def test_manual_inputs_put_and_list(client, world, officer_a):
    client.force_login(officer_a)
    data = {
        "unit": "26173",
        "period": "2025-Q3",
        "indicator": "5.2",
        "numerator": 7,
        "denominator": 8,
        "source": "Hệ thống PAKN",
    }
    response = client.put(
        f"{BASE}/manual-inputs", json.dumps(data), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["version"] == 1
    stale = client.put(
        f"{BASE}/manual-inputs", json.dumps({**data, "version": 5}), content_type="application/json"
    )
    assert stale.status_code == 409
    items = client.get(f"{BASE}/manual-inputs?unit=26173").json()["items"]
    assert [i["indicator"] for i in items] == ["5.2"]
    other = client.put(
        f"{BASE}/manual-inputs",
        json.dumps({**data, "unit": "26068"}),
        content_type="application/json",
    )
    assert other.status_code == 404


def test_anonymous_gets_401(client, world):
    assert client.get(f"{BASE}/scores").status_code == 401
