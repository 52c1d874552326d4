"""The dossier API: list (keyset, filters, scope, query count), detail, reception, steps,
conflicts, identity, re-use, evaluation, and garbage in → 4xx, never 500."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.dossiers.models import Dossier, DossierResult, Status
from tinhso.dossiers.tests.factories import DossierFactory, received
from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict) -> object:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_list_is_scoped_newest_first_and_keyset_paged(django_assert_max_num_queries):
    a, b = UnitFactory(code="26173"), UnitFactory()
    base = timezone.now() - dt.timedelta(days=10)
    mine = [
        DossierFactory(resolving_unit=a, registered_at=base + dt.timedelta(hours=i))
        for i in range(5)
    ]
    DossierFactory(resolving_unit=b)
    shared = DossierFactory(resolving_unit=b, receiving_unit=a, registered_at=base)
    client = client_for(member(a, "officer"))
    # session, user, access (3), the page (ids + rows on PostgreSQL), session save
    with django_assert_max_num_queries(10):
        first = client.get("/api/v1/dossiers?limit=3").json()
    assert [r["code"] for r in first["items"]] == [d.code for d in mine[::-1][:3]]
    second = client.get(f"/api/v1/dossiers?limit=3&after={first['next']}").json()
    codes = [r["code"] for r in second["items"]]
    assert set(codes) == {mine[1].code, mine[0].code, shared.code}
    assert second["next"] is None
    assert "applicant_id_number" not in json.dumps(first)


def test_list_filters(django_assert_max_num_queries):
    unit = UnitFactory()
    procedure = ProcedureFactory()
    late = DossierFactory(resolving_unit=unit, due_at=timezone.now() - dt.timedelta(days=1))
    done = DossierFactory(
        resolving_unit=unit, status=Status.DONE, timeliness="early", procedure=procedure
    )
    client = client_for(member(unit, "officer"))

    def codes(query: str) -> set[str]:
        return {r["code"] for r in client.get(f"/api/v1/dossiers?{query}").json()["items"]}

    assert codes("overdue=true") == {late.code}
    assert codes("national_status=9") == {done.code}
    assert codes("status=done") == {done.code}
    assert codes(f"procedure={procedure.code}") == {done.code}
    assert codes("timeliness=early") == {done.code}
    assert codes(f"code={late.code}") == {late.code}


@pytest.mark.parametrize(
    "query",
    [
        "after=garbage",
        "after=1.2.3x",
        "limit=0",
        "limit=501",
        "national_status=11",
        "status=nope",
        "registered_from=2025-13-01",
    ],
)
def test_bad_list_input_is_422(query):
    client = client_for(member(UnitFactory(), "officer"))
    assert client.get(f"/api/v1/dossiers?{query}").status_code == 422


def test_detail_masks_the_identity_and_other_units_get_404():
    d = received()
    own = client_for(member(d.resolving_unit, "officer"))
    body = own.get(f"/api/v1/dossiers/{d.code}").json()
    assert body["applicant_id_masked"] == "079*******34"
    assert "079201001234" not in json.dumps(body)
    assert [e["action"] for e in body["events"]] == ["receive"]
    other = client_for(member(UnitFactory(), "officer"))
    assert other.get(f"/api/v1/dossiers/{d.code}").status_code == 404
    assert other.get("/api/v1/dossiers/khong-co").status_code == 404


def test_receive_boundary_free_through_the_api_and_step_with_version():
    bien_hoa, phu_ly = UnitFactory(code="26068"), UnitFactory(code="26173")
    procedure = ProcedureFactory(boundary_free=True)
    component = procedure.cases.get().components.get()
    counter = client_for(member(bien_hoa, "officer"))
    response = post(
        counter,
        "/api/v1/dossiers",
        {
            "procedure": procedure.code,
            "receiving_unit": "26068",
            "resolving_unit": "26173",
            "applicant_name": "Nguyễn Thị Hoa",
            "applicant_id_number": "079301002345",
            "components": [{"component_id": component.pk, "source": "paper"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["receiving_unit"], body["resolving_unit"], body["national_status"]) == (
        "26068",
        "26173",
        2,
    )
    code, version = body["code"], body["version"]
    # The counter cannot process it; the resolving commune can, with a version check.
    assert (
        post(counter, f"/api/v1/dossiers/{code}/transitions", {"action": "start"}).status_code
        == 404
    )
    phu_ly_officer = client_for(member(phu_ly, "officer"))
    ok = post(
        phu_ly_officer,
        f"/api/v1/dossiers/{code}/transitions",
        {"action": "start", "version": version},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "in_process"
    stale = post(
        phu_ly_officer,
        f"/api/v1/dossiers/{code}/transitions",
        {"action": "request_supplement", "note": "Thiếu", "version": version},
    )
    assert stale.status_code == 409
    wrong = post(
        phu_ly_officer, f"/api/v1/dossiers/{code}/transitions", {"action": "return_result"}
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_transition"
    assert (
        post(phu_ly_officer, f"/api/v1/dossiers/{code}/transitions", {"action": "fly"}).status_code
        == 422
    )


def test_receive_field_errors_are_422_and_save_nothing():
    unit = UnitFactory(code="26080")
    procedure = ProcedureFactory()
    client = client_for(member(unit, "officer"))
    response = post(
        client,
        "/api/v1/dossiers",
        {
            "procedure": procedure.code,
            "receiving_unit": "26080",
            "applicant_name": "A",
        },
    )
    assert response.status_code == 422
    assert any(d["loc"][-1] == "components" for d in response.json()["detail"])
    unknown = post(
        client,
        "/api/v1/dossiers",
        {
            "procedure": "9.999999",
            "receiving_unit": "26080",
            "applicant_name": "A",
        },
    )
    assert unknown.status_code == 422
    assert not Dossier.objects.exists()


def test_identity_reveal_is_audited():
    d = received()
    officer = member(d.resolving_unit, "officer")
    response = client_for(officer).post(f"/api/v1/dossiers/{d.code}/identity")
    assert response.json() == {"applicant_id_number": "079201001234"}
    assert AuditEntry.objects.filter(actor=officer, action=AuditEntry.Action.READ).exists()
    viewer = member(d.resolving_unit, "viewer")
    assert client_for(viewer).post(f"/api/v1/dossiers/{d.code}/identity").status_code == 404


def test_reusable_results_by_identity_number():
    d = received()
    DossierResult.objects.create(
        dossier=d,
        name="Trích lục khai sinh",
        issued_at=timezone.now(),
        applicant_key=d.applicant_key,
        is_electronic=True,
    )
    client = client_for(member(UnitFactory(), "officer"))
    rows = post(
        client, "/api/v1/dossiers/reusable-results", {"applicant_id_number": "0792 0100 1234"}
    ).json()
    assert [r["name"] for r in rows] == ["Trích lục khai sinh"]
    assert (
        post(client, "/api/v1/dossiers/reusable-results", {"applicant_id_number": "1"}).json() == []
    )


def test_queue_buckets():
    unit = UnitFactory()
    now = timezone.now()
    overdue = DossierFactory(resolving_unit=unit, due_at=now - dt.timedelta(hours=1))
    later = DossierFactory(resolving_unit=unit, due_at=now + dt.timedelta(days=30))
    body = client_for(member(unit, "officer")).get("/api/v1/dossiers/queue").json()
    assert [r["code"] for r in body["overdue"]] == [overdue.code]
    assert later.code not in json.dumps(body)


def test_evaluation_endpoint():
    d = DossierFactory(status=Status.DONE)
    client = client_for(member(d.resolving_unit, "officer"))
    scores = {
        c: 1
        for c in [
            "total_time",
            "agency_time",
            "contacts",
            "agencies",
            "organisation",
            "publicity",
            "attitude",
            "feedback",
            "online",
        ]
    }
    response = post(client, f"/api/v1/dossiers/{d.code}/evaluation", {"scores": scores})
    assert response.status_code == 201 and response.json()["level"] == "satisfied"
    again = post(client, f"/api/v1/dossiers/{d.code}/evaluation", {"scores": scores})
    assert again.status_code == 422


JUNK = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.text(max_size=20),
        st.sampled_from(["26068", "start", "2025-10-01T09:00:00+07:00", "paper", ""]),
    ),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=10), c, max_size=4),
    max_leaves=10,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.dictionaries(
        st.sampled_from(
            [
                "procedure",
                "receiving_unit",
                "resolving_unit",
                "applicant_name",
                "components",
                "limit_amount",
                "limit_unit",
                "action",
                "note",
                "version",
                "at",
                "new_due_at",
                "scores",
                "case_id",
                "channel",
            ]
        ),
        JUNK,
        max_size=8,
    )
)
def test_garbage_never_500(body):
    unit = UnitFactory()
    d = DossierFactory(resolving_unit=unit)
    client = client_for(member(unit, "officer"))
    for url in (
        "/api/v1/dossiers",
        f"/api/v1/dossiers/{d.code}/transitions",
        f"/api/v1/dossiers/{d.code}/evaluation",
        "/api/v1/dossiers/reusable-results",
    ):
        assert post(client, url, body).status_code < 500
