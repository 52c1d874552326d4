"""API: /api/v1/calendar/working-days, /days, /due — auth, scopes, shapes, 422 on bad input."""

from __future__ import annotations

import json

import pytest

from tinhso.accounts.models import ApiToken
from tinhso.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/calendar"


def token_for(user, scopes):
    raw = f"tsk_cal{user.pk}_secret-value"
    ApiToken.objects.create(
        user=user,
        name="test",
        prefix=f"cal{user.pk}",
        token_hash=ApiToken.hash_secret(raw),
        scopes=scopes,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def api(client, officer):
    client.force_login(officer)
    return client


def post_due(client, payload, **headers):
    return client.post(
        f"{BASE}/due", data=json.dumps(payload), content_type="application/json", **headers
    )


# ---------------------------------------------------------------- auth


def test_anonymous_gets_401(client):
    assert client.get(f"{BASE}/days?year=2026").status_code == 401
    assert post_due(client, {"start": "2025-01-24T10:00:00+07:00"}).status_code == 401


def test_token_needs_the_calendar_scope(client):
    user = UserFactory()
    good = token_for(user, ["calendar:read"])
    assert client.get(f"{BASE}/days?year=2026", **good).status_code == 200
    other = UserFactory()
    bad = token_for(other, ["units:read"])
    assert client.get(f"{BASE}/days?year=2026", **bad).status_code == 403
    payload = {"start": "2025-01-24T10:00:00+07:00", "amount": 3, "unit": "working_days"}
    assert post_due(client, payload, **bad).status_code == 403
    assert post_due(client, payload, **good).status_code == 200


# ---------------------------------------------------------------- working-days


def test_working_days_lists_every_date_with_kind(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # session, user, stamp, 2 reads, session save
        response = api.get(f"{BASE}/working-days?start=2026-01-01&end=2026-01-12")
    assert response.status_code == 200
    body = response.json()
    # 1–2 Jan off, 3–4 weekend; Mon 5 – Fri 9, make-up Sat 10, Mon 12 = 7.
    assert body["working_day_count"] == 7
    assert body["working_day_count"] == sum(d["is_working_day"] for d in body["days"])
    by_date = {d["date"]: d for d in body["days"]}
    assert len(by_date) == 12
    assert by_date["2026-01-02"]["kind"] == "day_off"
    assert "12729" in by_date["2026-01-02"]["legal_ref"]
    assert by_date["2026-01-10"]["kind"] == "makeup_working_day"
    assert by_date["2026-01-11"]["kind"] == "weekend"
    assert by_date["2026-01-05"] == {
        "date": "2026-01-05",
        "is_working_day": True,
        "kind": "working_day",
        "reason": "",
        "legal_ref": "",
    }


@pytest.mark.parametrize(
    "query",
    [
        "start=2026-02-01&end=2026-01-01",  # reversed
        "start=2025-01-01&end=2027-06-01",  # longer than two years
        "start=2026-13-01&end=2026-12-31",  # not a date
        "start=2026-01-01",  # end missing
        "start=garbage&end=",
    ],
)
def test_working_days_bad_range_is_422(api, query):
    response = api.get(f"{BASE}/working-days?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


# ---------------------------------------------------------------- days


def test_days_lists_the_confirmed_rows_of_a_year(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # session, user, rows, session save
        response = api.get(f"{BASE}/days?year=2025")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 13
    assert rows[0]["date"] == "2025-01-01"
    assert rows[0]["status"] == "confirmed"
    assert {r["kind"] for r in rows} == {"day_off", "working_day"}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_days_status_filter(api, admin):
    from tinhso.workcalendar.tests.factories import OfficialCalendarDayFactory

    OfficialCalendarDayFactory()  # proposed, 2030
    assert api.get(f"{BASE}/days?year=2030").json() == []
    assert len(api.get(f"{BASE}/days?year=2030&status=proposed").json()) == 1
    assert len(api.get(f"{BASE}/days?year=2030&status=all").json()) == 1


@pytest.mark.parametrize("query", ["", "year=abc", "year=1200", "year=2026&status=maybe"])
def test_days_bad_query_is_422(api, query):
    assert api.get(f"{BASE}/days?{query}").status_code == 422


# ---------------------------------------------------------------- due


def test_due_across_tet(api):
    response = post_due(
        api,
        {
            "start": "2025-01-24T10:00:00+07:00",
            "amount": 3,
            "unit": "working_days",
            "policy": "day_count",
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "due": "2025-02-05T17:00:00+07:00",
        "due_date": "2025-02-05",
        "start_effective": "2025-01-24T10:00:00+07:00",
        "amount": 3,
        "unit": "working_days",
        "policy": "day_count",
        "working_days_used": 3,
        "default_only_years": [],
    }


def test_due_with_pause_and_hours(api):
    response = post_due(
        api,
        {
            "start": "2025-10-14T01:00:00Z",  # 08:00 in Hà Nội
            "amount": 8,
            "unit": "working_hours",
            "policy": "hour_count",
            "pauses": [{"start": "2025-10-14T09:00:00+07:00", "end": "2025-10-14T14:00:00+07:00"}],
        },
    )
    assert response.status_code == 200
    assert response.json()["due"] == "2025-10-15T11:30:00+07:00"


def test_due_warns_about_years_without_official_days(api):
    # 2027 has no confirmed rows in the seed: only Mon–Fri was applied.
    body = {"start": "2026-12-30T10:00:00+07:00", "amount": 5, "unit": "working_days"}
    response = post_due(api, body)
    assert response.status_code == 200
    assert response.json()["due"] == "2027-01-06T17:00:00+07:00"  # Thu 31, Fri 1 … Wed 6
    assert response.json()["default_only_years"] == [2027]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": "2025-01-24T10:00:00"}, "start"),  # naive
        ({"amount": -2}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": 10**40}, "amount"),  # absurd
        ({"amount": 1001}, "amount"),
        ({"amount": 2.5}, "amount"),
        ({"amount": "three"}, "amount"),
        ({"unit": "weeks"}, "unit"),
        ({"policy": "lunar"}, "policy"),
        ({"start": "yesterday"}, "start"),
        ({"start": None}, "start"),
        ({"start": "2299-01-01T10:00:00+07:00"}, "start"),
        (
            {
                "pauses": [
                    {"start": "2025-01-24T12:00:00+07:00", "end": "2025-01-24T11:00:00+07:00"}
                ]
            },
            "pauses.0.end",
        ),
        ({"pauses": [{"start": "2025-01-24T12:00:00+07:00"}]}, "end"),
        ({"pauses": "soon"}, "pauses"),
    ],
)
def test_due_garbage_is_422_with_field_errors(api, payload, field):
    body = {"start": "2025-01-24T10:00:00+07:00", "amount": 3, "unit": "working_days"}
    body.update(payload)
    response = post_due(api, body)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    locs = [".".join(str(p) for p in d["loc"]) for d in detail]
    assert any(field in loc for loc in locs), locs


@pytest.mark.parametrize("raw", ["", "{", "[]", "null", '"text"'])
def test_due_unparsable_body_is_a_client_error(api, raw):
    response = api.post(f"{BASE}/due", data=raw, content_type="application/json")
    assert 400 <= response.status_code < 500


def test_operation_ids_are_verb_first():
    from tinhso.workcalendar.api import router

    ids = {op.operation_id for view in router.path_operations.values() for op in view.operations}
    assert ids == {"list_working_days", "list_calendar_days", "compute_due"}
