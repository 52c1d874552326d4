"""API of digital literacy: progress (scoped), courses, import (201 / 422 with the row report),
targets and populations; other unit → 404; bad input → 422, never 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.literacy.models import LiteracyTarget, Population, TrainingRecord
from tinhso.literacy.tests.conftest import client_for
from tinhso.literacy.tests.factories import (
    LiteracyTargetFactory,
    PopulationFactory,
    TrainingRecordFactory,
    group,
)
from tinhso.literacy.tests.helpers import csv_file, row

pytestmark = pytest.mark.django_db
BASE = "/api/v1/literacy"


def test_progress_scoped_and_other_unit_404(tree, users, course):
    TrainingRecordFactory(course=course, unit=tree["a"])
    TrainingRecordFactory(course=course, unit=tree["b"])
    PopulationFactory(unit=tree["a"], count=4)
    LiteracyTargetFactory(unit=tree["a"], target_rate=20)
    client = client_for(users["a_officer"])
    body = client.get(f"{BASE}/progress?year=2025&as_of=2025-09-30").json()
    assert body["overall"]["learners"] == 1
    (r,) = body["rows"]
    assert (r["unit"]["code"], r["coverage"], r["light"]) == ("26068", "25.00", "green")
    assert body["targets_achieved"] == 1
    assert client.get(f"{BASE}/progress?unit=26173").status_code == 404
    assert client.get(f"{BASE}/progress?unit=26068&group=adults").status_code == 200
    leader = client_for(users["p_leader"]).get(f"{BASE}/progress?unit=75&as_of=2025-09-30")
    assert leader.json()["overall"]["learners"] == 2


@pytest.mark.parametrize(
    "query",
    ["year=1999", "basis=enrolments", "as_of=31/02/2025", "group=nobody", "year=abc"],
)
def test_progress_bad_input_is_422(users, query):
    response = client_for(users["p_leader"]).get(f"{BASE}/progress?{query}")
    assert response.status_code == 422


def test_courses_list(tree, users, course, django_assert_max_num_queries):
    TrainingRecordFactory(course=course, unit=tree["a"])
    client = client_for(users["b_officer"])
    with django_assert_max_num_queries(12):
        body = client.get(f"{BASE}/courses").json()
    assert body["count"] == 1 and body["items"][0]["measures"]["enrolments"] == 0


def test_import_201_then_422_with_row_report(tree, users, course):
    client = client_for(users["d_officer"])
    ok = client.post(f"{BASE}/imports", {"file": _upload([row("075190000001")])})
    assert ok.status_code == 201 and ok.json()["new"] == 1
    bad = client.post(
        f"{BASE}/imports",
        {"file": _upload([row("075190000002"), row("12"), row("075190000003", group="?")])},
    )
    assert bad.status_code == 422
    body = bad.json()
    assert body["report"]["bad_rows"] == 2 and not body["report"]["saved"]
    assert [d["loc"][3] for d in body["detail"]] == [3, 4]
    assert TrainingRecord.objects.count() == 1


def test_import_other_unit_is_404_and_unknown_course_422(tree, users, course):
    client = client_for(users["a_officer"])
    response = client.post(
        f"{BASE}/imports", {"file": _upload([row("075190000001", unit="Xã Phú Lý")])}
    )
    assert response.status_code == 404
    response = client.post(
        f"{BASE}/imports", {"file": _upload([row("075190000001")]), "course": "NOPE"}
    )
    assert response.status_code == 422
    assert TrainingRecord.objects.count() == 0


def test_targets_and_populations_put(tree, users):
    client = client_for(users["a_officer"])
    payload = {"unit": "26068", "group": "adults", "year": 2025, "target_rate": "80.5"}
    response = client.put(f"{BASE}/targets", json.dumps(payload), content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 1
    payload["version"] = 7
    response = client.put(f"{BASE}/targets", json.dumps(payload), content_type="application/json")
    assert response.status_code == 409
    assert LiteracyTarget.objects.get().target_rate == 80.5
    pop = {
        "unit": "26068",
        "group": "adults",
        "year": 2025,
        "count": 1200,
        "source": "Công an xã",
        "as_of": "2025-07-01",
    }
    response = client.put(f"{BASE}/populations", json.dumps(pop), content_type="application/json")
    assert response.status_code == 200 and Population.objects.get().count == 1200
    other = {**pop, "unit": "26173"}
    response = client.put(f"{BASE}/populations", json.dumps(other), content_type="application/json")
    assert response.status_code == 404
    bad = {**payload, "target_rate": "120", "version": None}
    response = client.put(f"{BASE}/targets", json.dumps(bad), content_type="application/json")
    assert response.status_code == 422


def test_course_create(tree, users):
    client = client_for(users["d_officer"])
    data = {"code": "AI-2", "name": "AI", "owner_unit": "75.SKHCN", "is_ai_training": True}
    response = client.post(f"{BASE}/courses", json.dumps(data), content_type="application/json")
    assert response.status_code == 201 and response.json()["is_ai_training"]
    response = client.post(f"{BASE}/courses", json.dumps(data), content_type="application/json")
    assert response.status_code == 422  # the code is taken
    data = {**data, "code": "AI-3", "owner_unit": "26068"}
    response = client.post(f"{BASE}/courses", json.dumps(data), content_type="application/json")
    assert response.status_code == 404


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    year=st.one_of(st.integers(), st.text(max_size=6)),
    as_of=st.text(max_size=12),
    unit=st.text(max_size=40),
    basis=st.text(max_size=12),
)
def test_progress_never_500(users, year, as_of, unit, basis):
    client = client_for(users["p_leader"])
    response = client.get(
        f"{BASE}/progress", {"year": year, "as_of": as_of, "unit": unit, "basis": basis}
    )
    assert response.status_code in {200, 404, 422}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cells=st.lists(st.lists(st.text(max_size=15), min_size=9, max_size=9), max_size=4))
def test_import_never_500(users, course, cells):
    group("adults")
    client = client_for(users["d_officer"])
    response = client.post(f"{BASE}/imports", {"file": _upload(cells)})
    assert response.status_code in {201, 404, 422}


def _upload(rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("export.csv", csv_file(rows).getvalue(), content_type="text/csv")
