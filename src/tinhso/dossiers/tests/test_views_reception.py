"""Officer screens: reception at the counter (form, HTMX search, re-usable results)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.tests.factories import member
from tinhso.dossiers.models import Dossier, DossierResult, Status
from tinhso.dossiers.services.common import applicant_key
from tinhso.dossiers.tests.factories import received
from tinhso.dossiers.tests.view_helpers import ID, _login, _reception_data
from tinhso.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


# --- reception -----------------------------------------------------------------------------


def test_reception_page_offers_units_and_procedures(client, commune_a, procedure):
    _login(client, member(commune_a))
    response = client.get(reverse("dossiers:reception"))
    assert response.status_code == 200
    assert procedure.name in response.content.decode()
    search = client.get(
        reverse("dossiers:reception_procedures"),
        {"unit": commune_a.pk, "q": procedure.code},
        headers={"HX-Request": "true"},
    )
    assert procedure.name in search.content.decode()
    assert "<html" not in search.content.decode()
    form = client.get(
        reverse("dossiers:reception"), {"unit": commune_a.pk, "procedure": procedure.pk}
    )
    body = form.content.decode()
    assert "Tờ khai" in body and 'name="applicant_name"' in body
    # The procedure has a time limit: no limit fields.
    assert 'name="limit_amount"' not in body


def test_reception_without_edit_unit_is_404(client, commune_a):
    _login(client, member(commune_a, "viewer"))
    assert client.get(reverse("dossiers:reception")).status_code == 404


def test_reception_happy_path(client, commune_a, procedure):
    officer = member(commune_a)
    _login(client, officer)
    upload = io.BytesIO(b"%PDF-1.4 scan")
    upload.name = "to-khai.pdf"
    component = procedure.cases.get(is_default=True).components.get()
    data = _reception_data(commune_a, procedure, **{f"file_{component.pk}": upload})
    response = client.post(reverse("dossiers:reception"), data)
    assert response.status_code == 302, response.context["form"].errors
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code]) + "?received=1"
    assert dossier.status == Status.RECEIVED
    assert dossier.receiving_unit == commune_a == dossier.resolving_unit
    assert dossier.applicant_id_number == ID and dossier.received_by == officer
    line = dossier.components.get()
    assert line.digitised and line.file
    page = client.get(response["Location"]).content.decode()
    assert "In giấy tiếp nhận và hẹn trả kết quả" in page
    assert ID not in page  # masked on the page


def test_incomplete_dossier_is_not_received_and_the_form_is_kept(client, commune_a, procedure):
    _login(client, member(commune_a))
    component = procedure.cases.get(is_default=True).components.get()
    data = _reception_data(commune_a, procedure, **{f"source_{component.pk}": "missing"})
    response = client.post(reverse("dossiers:reception"), data)
    assert response.status_code == 422
    assert Dossier.objects.count() == 0
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Tờ khai" in errors
    body = response.content.decode()
    assert "Trần Thị Hoa" in body and "Khai sinh cho con" in body


def test_reception_asks_for_the_limit_when_the_record_has_none(client, commune_a):
    procedure = ProcedureFactory(boundary_free=True)
    procedure.time_limits.all().delete()
    _login(client, member(commune_a))
    page = client.get(
        reverse("dossiers:reception"), {"unit": commune_a.pk, "procedure": procedure.pk}
    )
    assert 'name="limit_amount"' in page.content.decode()
    missing = client.post(reverse("dossiers:reception"), _reception_data(commune_a, procedure))
    assert missing.status_code == 422 and Dossier.objects.count() == 0
    ok = client.post(
        reverse("dossiers:reception"),
        _reception_data(commune_a, procedure, limit_amount="5", limit_unit="working_days"),
    )
    assert ok.status_code == 302
    assert Dossier.objects.get().limit_amount == 5


def test_boundary_free_reception_and_who_sees_it(
    client, commune_a, commune_b, commune_c, procedure
):
    officer_a = member(commune_a)
    _login(client, officer_a)
    page = client.get(
        reverse("dossiers:reception"), {"unit": commune_a.pk, "procedure": procedure.pk}
    )
    assert 'name="resolving_unit"' in page.content.decode()
    response = client.post(
        reverse("dossiers:reception"),
        _reception_data(commune_a, procedure, resolving_unit=commune_b.pk),
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.receiving_unit == commune_a and dossier.resolving_unit == commune_b
    url = reverse("dossiers:detail", args=[dossier.code])
    assert client.get(url).status_code == 200
    client.force_login(member(commune_b))
    assert client.get(url).status_code == 200
    client.force_login(member(commune_c))
    assert client.get(url).status_code == 404
    assert client.get(reverse("dossiers:slip_docx", args=[dossier.code])).status_code == 404


def test_reception_of_a_procedure_that_is_not_boundary_free_is_fixed_to_the_unit(
    client, commune_a, commune_b
):
    procedure = ProcedureFactory(boundary_free=False)
    _login(client, member(commune_a))
    page = client.get(
        reverse("dossiers:reception"), {"unit": commune_a.pk, "procedure": procedure.pk}
    )
    assert 'name="resolving_unit"' not in page.content.decode()
    # A forged resolving unit is ignored: the form has no such field.
    response = client.post(
        reverse("dossiers:reception"),
        _reception_data(commune_a, procedure, resolving_unit=commune_b.pk),
    )
    assert response.status_code == 302
    assert Dossier.objects.get().resolving_unit == commune_a


def test_reusable_results_are_offered_and_reused(client, commune_a, commune_b, procedure):
    earlier = received(commune_b, procedure=procedure)
    DossierResult.objects.create(
        dossier=earlier,
        name="Giấy khai sinh",
        result_code="KS-2025-001",
        issued_at=timezone.now() - dt.timedelta(days=30),
        applicant_key=applicant_key(ID),
    )
    result = DossierResult.objects.get(result_code="KS-2025-001")
    _login(client, member(commune_a))
    component = procedure.cases.get(is_default=True).components.get()
    partial = client.get(
        reverse("dossiers:reception_reusable"),
        {"unit": commune_a.pk, "procedure": procedure.pk, "applicant_id_number": ID},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "KS-2025-001" in partial and f'id="reuse-{component.pk}"' in partial
    assert 'hx-swap-oob="true"' in partial
    response = client.post(
        reverse("dossiers:reception"),
        _reception_data(commune_a, procedure, **{f"reuse_{component.pk}": result.pk}),
    )
    assert response.status_code == 302
    dossier = Dossier.objects.exclude(pk=earlier.pk).get()
    line = dossier.components.get()
    assert line.source == "reused" and line.reused_result == result
    assert dossier.has_reused
    # Another applicant's number offers nothing.
    other = client.get(
        reverse("dossiers:reception_reusable"),
        {"unit": commune_a.pk, "procedure": procedure.pk, "applicant_id_number": "079201009999"},
    ).content.decode()
    assert "KS-2025-001" not in other
