"""Officer screens: the dossier page and its actions, list, queue, documents."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.dossiers import services
from tinhso.dossiers.models import Evaluation, Status
from tinhso.dossiers.tests.factories import DossierFactory, received
from tinhso.dossiers.tests.view_helpers import ID, _login
from tinhso.units.tests.factories import UnitFactory
from tinhso.workcalendar.selectors import calendar_load

pytestmark = pytest.mark.django_db


# --- dossier page and actions ---------------------------------------------------------------


def test_detail_page_shows_clock_components_timeline_and_actions(client, commune_a, procedure):
    dossier = received(commune_a, procedure=procedure)
    _login(client, member(commune_a))
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in body and "Tờ khai" in body
    assert dossier.masked_id_number in body and ID not in body
    assert 'value="start"' in body  # the next step
    assert 'name="version"' in body


def test_transitions_through_the_page_and_a_stale_version(client, commune_a, procedure):
    dossier = received(commune_a, procedure=procedure)
    _login(client, member(commune_a))
    url = reverse("dossiers:transition", args=[dossier.code])
    ok = client.post(url, {"action": "start", "version": dossier.version})
    assert ok.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROCESS
    stale = client.post(
        url, {"action": "request_supplement", "version": dossier.version - 1, "note": "Thiếu"}
    )
    assert stale.status_code == 422
    assert [str(m) for m in stale.context["messages"]]
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROCESS and dossier.supplement_count == 0
    no_reason = client.post(url, {"action": "request_supplement", "version": dossier.version})
    assert no_reason.status_code == 422
    supplement = client.post(
        url,
        {"action": "request_supplement", "version": dossier.version, "note": "Bản sao CCCD"},
    )
    assert supplement.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT and dossier.missing_items == "Bản sao CCCD"
    wrong = client.post(url, {"action": "finish", "version": dossier.version})
    assert wrong.status_code == 422  # not possible in this status: a message, not a 500
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT


def test_finish_with_a_result_then_evaluate(client, commune_a, procedure):
    dossier = received(commune_a, procedure=procedure)
    officer = member(commune_a)
    dossier = services.dossier_transition(actor=officer, dossier=dossier, action="start")
    _login(client, officer)
    upload = io.BytesIO(b"%PDF-1.4 signed")
    upload.name = "ket-qua.pdf"
    response = client.post(
        reverse("dossiers:transition", args=[dossier.code]),
        {
            "action": "finish",
            "version": dossier.version,
            "result_name": "Giấy khai sinh",
            "result_code": "KS-01",
            "result_file": upload,
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.DONE and dossier.has_e_result
    page = client.get(reverse("dossiers:detail", args=[dossier.code]))
    form = page.context["evaluation_form"]
    assert form is not None and len(form.questions) == 9
    data = {f"q_{q.code}": "2" for q in form.questions} | {"channel": "in_person"}
    evaluated = client.post(reverse("dossiers:evaluate", args=[dossier.code]), data)
    assert evaluated.status_code == 302
    evaluation = Evaluation.objects.get(dossier=dossier)
    assert evaluation.total == 18 and evaluation.level == "very_satisfied"
    again = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert again.context["evaluation_form"] is None


def test_reschedule_by_the_leader_and_the_apology_letter(client, commune_a, procedure):
    dossier = received(commune_a, procedure=procedure)
    leader = member(commune_a, "leader")
    _login(client, leader)
    new_due = timezone.localtime(dossier.due_at) + dt.timedelta(days=7)
    response = client.post(
        reverse("dossiers:transition", args=[dossier.code]),
        {
            "action": "reschedule",
            "version": dossier.version,
            "note": "Chờ xác minh",
            "new_due_at": new_due.strftime("%d/%m/%Y 14:00"),
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert timezone.localtime(dossier.rescheduled_due_at).hour == 14
    docx = client.get(reverse("dossiers:apology_docx", args=[dossier.code]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:apology_docx", args=[dossier.code]) in page
    assert 'value="reschedule"' not in page  # once per dossier


def test_apology_letter_of_a_dossier_not_rescheduled_is_404(client, commune_a, procedure):
    dossier = received(commune_a, procedure=procedure)
    _login(client, member(commune_a))
    assert client.get(reverse("dossiers:apology_docx", args=[dossier.code])).status_code == 404


def test_reveal_identity_is_audited_and_refused_to_readers(client, commune_a, procedure):
    dossier = received(commune_a, procedure=procedure)
    url = reverse("dossiers:reveal", args=[dossier.code])
    _login(client, member(commune_a, "inspector"))
    assert client.post(url).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.READ).exists()
    client.force_login(member(commune_a))
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and ID in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.READ)
    assert entry.object_id == str(dossier.pk)
    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 200


def test_other_commune_gets_404_on_every_dossier_url(client, commune_a, commune_c, procedure):
    dossier = received(commune_a, procedure=procedure)
    _login(client, member(commune_c))
    for name in ("detail", "slip_print", "slip_docx", "slip_pdf"):
        assert client.get(reverse(f"dossiers:{name}", args=[dossier.code])).status_code == 404
    for name in ("transition", "reveal", "evaluate"):
        url = reverse(f"dossiers:{name}", args=[dossier.code])
        assert client.post(url, {"action": "start", "version": 1}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


# --- printed forms -------------------------------------------------------------------------


def test_slip_word_print_and_pdf(client, commune_a, procedure, monkeypatch):
    dossier = received(commune_a, procedure=procedure)
    _login(client, member(commune_a))
    docx = client.get(reverse("dossiers:slip_docx", args=[dossier.code]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]
    page = client.get(reverse("dossiers:slip_print", args=[dossier.code])).content.decode()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page and "data:image/png" in page
    from tinhso.dossiers import documents

    monkeypatch.setattr(documents, "docx_to_pdf", lambda data: None)
    monkeypatch.setattr(documents, "pdf_available", lambda: False)
    pdf = client.get(reverse("dossiers:slip_pdf", args=[dossier.code]))
    assert pdf.status_code == 200
    assert reverse("dossiers:slip_docx", args=[dossier.code]) in pdf.content.decode()


# --- list, export, queue -------------------------------------------------------------------


def _rows(unit, procedure, n, **kwargs):
    start = timezone.now() - dt.timedelta(days=20)
    return [
        DossierFactory(
            resolving_unit=unit,
            procedure=procedure,
            registered_at=start + dt.timedelta(minutes=i),
            **kwargs,
        )
        for i in range(n)
    ]


def test_list_keyset_pages_and_no_identity_number(client, commune_a, procedure):
    dossiers = _rows(commune_a, procedure, 103)
    _login(client, member(commune_a))
    first = client.get(reverse("dossiers:list"))
    assert first.status_code == 200
    assert len(first.context["rows"]) == 100
    body = first.content.decode()
    assert "100 hồ sơ mỗi trang" in body and "Trang sau" in body
    assert dossiers[0].applicant_id_number not in body
    second = client.get(reverse("dossiers:list") + "?" + first.context["next_query"])
    codes = {r["code"] for r in second.context["rows"]}
    assert codes == {d.code for d in dossiers[:3]}
    assert second.context["next_query"] is None
    junk = client.get(reverse("dossiers:list"), {"after": "junk"})
    assert junk.status_code == 200 and len(junk.context["rows"]) == 100


def test_list_filters(client, commune_a, commune_b, procedure):
    _rows(commune_a, procedure, 3)
    supplement = DossierFactory(resolving_unit=commune_a, procedure=procedure, status="supplement")
    overdue = DossierFactory(
        resolving_unit=commune_a,
        procedure=procedure,
        due_at=timezone.now() - dt.timedelta(days=1),
        registered_at=timezone.now() - dt.timedelta(days=2),
    )
    free = DossierFactory(receiving_unit=commune_a, resolving_unit=commune_b, return_unit=commune_a)
    _login(client, member(commune_a))

    def codes(**params):
        response = client.get(reverse("dossiers:list"), params)
        return {r["code"] for r in response.context["rows"]}

    assert codes(national_status=5) == {supplement.code}
    assert overdue.code in codes(overdue="on")
    assert codes(boundary_free="on") == {free.code}
    assert codes(code=free.code) == {free.code}
    assert codes(procedure=free.procedure.code) == {free.code}
    assert free.code in codes(unit=commune_a.code)
    assert codes(unit=commune_a.code, channel="online") == set()
    htmx = client.get(
        reverse("dossiers:list"), {"national_status": 5}, headers={"HX-Request": "true"}
    )
    assert "<html" not in htmx.content.decode() and supplement.code in htmx.content.decode()


def test_export_csv_and_xlsx_contain_all_filtered_rows(client, commune_a, procedure):
    dossiers = _rows(commune_a, procedure, 104)
    _login(client, member(commune_a))
    response = client.get(reverse("dossiers:list"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content)))
    assert len(lines) == 105
    assert {row[0] for row in lines[1:]} == {d.code for d in dossiers}
    assert all(dossiers[0].applicant_id_number not in ",".join(row) for row in lines)
    xlsx = client.get(reverse("dossiers:list"), {"export": "xlsx", "national_status": 4})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 105


def test_queue_buckets(client, commune_a, procedure):
    now = timezone.now()
    today = timezone.localdate()
    calendar = calendar_load(range(today.year - 1, today.year + 2))
    next_day = calendar.next_working_day(today, include=False)
    soon_at = timezone.make_aware(dt.datetime.combine(next_day, dt.time(10, 0)))
    overdue = DossierFactory(
        resolving_unit=commune_a, procedure=procedure, due_at=now - dt.timedelta(hours=2)
    )
    soon = DossierFactory(resolving_unit=commune_a, procedure=procedure, due_at=soon_at)
    due_today = DossierFactory(
        resolving_unit=commune_a, procedure=procedure, due_at=now + dt.timedelta(minutes=5)
    )
    submitted = DossierFactory(
        resolving_unit=commune_a,
        procedure=procedure,
        status="submitted",
        due_at=None,
        received_at=None,
        original_due_at=None,
    )
    officer = member(commune_a)
    returned = received(commune_a, procedure=procedure, actor=officer)
    for action, note in (
        ("start", ""),
        ("request_supplement", "Thiếu"),
        ("supplement_received", ""),
    ):
        returned = services.dossier_transition(
            actor=officer, dossier=returned, action=action, note=note
        )
    _login(client, officer)
    response = client.get(reverse("dossiers:queue"))
    assert response.status_code == 200
    sections = {s["key"]: {r["code"] for r in s["rows"]} for s in response.context["sections"]}
    assert overdue.code in sections["overdue"]
    assert soon.code in sections["soon"]
    if timezone.localtime(now).date() == timezone.localtime(due_today.due_at).date():
        assert due_today.code in sections["today"]
    assert overdue.code not in sections["today"] | sections["soon"]
    assert submitted.code in sections["to_receive"]
    assert returned.code in sections["supplement_returned"]
    other = member(UnitFactory())
    client.force_login(other)
    sections = {
        s["key"]: s["rows"] for s in client.get(reverse("dossiers:queue")).context["sections"]
    }
    assert not any(sections.values())


# --- query counts --------------------------------------------------------------------------


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 40])
def test_list_and_queue_queries_do_not_grow_with_rows(
    client, commune_a, procedure, n, django_assert_max_num_queries
):
    _rows(commune_a, procedure, n, due_at=timezone.now() - dt.timedelta(hours=1))
    _login(client, member(commune_a))
    # +1 on PostgreSQL: the page is read as ids, then rows (selectors.dossier_list).
    _count(client, reverse("dossiers:list"), django_assert_max_num_queries, 11)
    _count(client, reverse("dossiers:queue"), django_assert_max_num_queries, 16)


@pytest.mark.parametrize("steps", [0, 3])
def test_detail_queries_do_not_grow_with_the_timeline(
    client, commune_a, procedure, steps, django_assert_max_num_queries
):
    officer = member(commune_a)
    dossier = received(commune_a, procedure=procedure, actor=officer)
    actions = [("start", ""), ("request_supplement", "Thiếu"), ("supplement_received", "")]
    for action, note in actions[:steps]:
        dossier = services.dossier_transition(
            actor=officer, dossier=dossier, action=action, note=note
        )
    _login(client, officer)
    _count(
        client,
        reverse("dossiers:detail", args=[dossier.code]),
        django_assert_max_num_queries,
        14,
    )


def test_ids_in_links_and_fields_are_not_formatted_as_numbers(client, province, procedure):
    """The Vietnamese locale groups thousands with a dot: a unit or component id of 12345
    must still be written 12345 in hidden fields, links and HTMX targets, never 12.345."""
    unit = UnitFactory(pk=12345, parent=province, name="Phường Tam Hiệp")
    _login(client, member(unit))
    page = client.get(
        reverse("dossiers:reception"), {"unit": unit.pk, "procedure": procedure.pk}
    ).content.decode()
    assert "12.345" not in page
    assert 'value="12345"' in page
