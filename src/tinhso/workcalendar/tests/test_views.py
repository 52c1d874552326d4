"""Views: smoke tests of the year page, the HTMX day form, the calculator and the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tinhso.audit.models import AuditEntry
from tinhso.workcalendar.models import OfficialCalendarDay

from .conftest import saturday_in, tuesday_in
from .factories import OfficialCalendarDayFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
YEAR_URL = reverse("workcalendar:year")


def test_login_required(client):
    response = client.get(YEAR_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_year_page_shows_grids_legend_and_rows(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    with django_assert_max_num_queries(15):
        response = client.get(f"{YEAR_URL}?year=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card cal-month"') == 12
    assert "day-off" in html and "day-makeup" in html and "day-weekend" in html
    assert "12729/VPCP-KGVX" in html  # legal reference in the rows table
    assert "24/11/2026" in html
    assert "?year=2027" in html and "?year=2025" in html  # year switcher
    assert "Lịch ngày làm việc năm 2026" in html  # Vietnamese, year not grouped as 2.026
    assert "2.026" not in html
    assert 'id="day-form"' not in html  # not an administrator
    assert 'id="due-result"' in html  # everyone gets the calculator
    assert response.context["working_day_count"] == 249


def test_year_page_tolerates_a_bad_year(client, officer):
    client.force_login(officer)
    assert client.get(f"{YEAR_URL}?year=abc").status_code == 200
    assert client.get(f"{YEAR_URL}?year=99999").context["year"] == 2300


def test_admin_sees_the_form_but_not_for_a_locked_year(client, admin, open_year, past_year):
    client.force_login(admin)
    html = client.get(f"{YEAR_URL}?year={open_year}").content.decode()
    assert 'id="day-form"' in html
    html = client.get(f"{YEAR_URL}?year={past_year}").content.decode()
    assert 'id="day-form"' not in html


def test_day_form_partial_prefills_an_existing_row(client, admin):
    row = OfficialCalendarDayFactory()
    client.force_login(admin)
    url = reverse("workcalendar:day_form")
    response = client.get(f"{url}?date={row.date:%Y-%m-%d}&applies_to=civil_service", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the partial only
    assert row.reason in html
    assert 'name="version" value="1"' in html
    # A Saturday without a row proposes a make-up working day.
    response = client.get(f"{url}?date={saturday_in(2031):%Y-%m-%d}", **HTMX)
    assert 'value="working_day" selected' in response.content.decode()


def test_day_form_endpoints_are_404_for_non_admins(client, officer):
    client.force_login(officer)
    row = OfficialCalendarDayFactory()
    assert client.get(reverse("workcalendar:day_form"), **HTMX).status_code == 404
    assert client.post(reverse("workcalendar:day_save"), {}, **HTMX).status_code == 404
    confirm = reverse("workcalendar:day_confirm", args=[row.pk])
    assert client.post(confirm, {"version": 1}, **HTMX).status_code == 404
    delete = reverse("workcalendar:day_delete", args=[row.pk])
    assert client.post(delete, {"version": 1}, **HTMX).status_code == 404
    assert OfficialCalendarDay.objects.filter(pk=row.pk, status="proposed").exists()


def test_save_creates_a_day_and_refreshes(client, admin, open_year):
    client.force_login(admin)
    day = tuesday_in(open_year)
    response = client.post(
        reverse("workcalendar:day_save"),
        {
            "date": day.isoformat(),
            "kind": "day_off",
            "applies_to": "civil_service",
            "reason": "Nghỉ thử",
            "legal_ref": "TB 9",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert OfficialCalendarDay.objects.get(date=day).reason == "Nghỉ thử"
    assert AuditEntry.objects.filter(action="create").count() == 1


def test_save_errors_rerender_the_form(client, admin, open_year, past_year):
    client.force_login(admin)
    url = reverse("workcalendar:day_save")
    base = {"kind": "day_off", "applies_to": "civil_service", "reason": "X", "legal_ref": ""}
    # Form error: no date.
    response = client.post(url, {**base, "date": ""}, **HTMX)
    assert response.status_code == 200
    assert 'id="day-form"' in response.content.decode()
    assert "HX-Refresh" not in response
    # Model rule from the service: a day off on a Saturday.
    response = client.post(url, {**base, "date": saturday_in(open_year).isoformat()}, **HTMX)
    assert "errorlist" in response.content.decode()
    # Domain rule: past years are locked.
    response = client.post(url, {**base, "date": tuesday_in(past_year).isoformat()}, **HTMX)
    assert "errors" in response.content.decode()
    assert not OfficialCalendarDay.objects.filter(reason="X").exists()


def test_confirm_and_delete_from_the_rows(client, admin):
    client.force_login(admin)
    row = OfficialCalendarDayFactory()
    confirm = reverse("workcalendar:day_confirm", args=[row.pk])
    response = client.post(confirm, {"version": 1}, **HTMX)
    assert response["HX-Refresh"] == "true"
    row.refresh_from_db()
    assert row.status == "confirmed"
    delete = reverse("workcalendar:day_delete", args=[row.pk])
    # Stale version: nothing deleted, a message instead; a plain POST is redirected.
    response = client.post(delete, {"version": 1})
    assert response.status_code == 302
    assert OfficialCalendarDay.objects.filter(pk=row.pk).exists()
    client.post(delete, {"version": 2}, **HTMX)
    assert not OfficialCalendarDay.objects.filter(pk=row.pk).exists()


def test_calculator_shows_the_due_moment(client, officer):
    client.force_login(officer)
    url = reverse("workcalendar:due")
    query = "start=2025-01-24T10:00&amount=3&unit=working_days&policy=day_count"
    response = client.get(f"{url}?{query}", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "05/02/2025" in html and "17:00" in html
    assert "<html" not in html


def test_calculator_shows_errors(client, officer):
    client.force_login(officer)
    url = reverse("workcalendar:due")
    html = client.get(f"{url}?start=nope&amount=-1&unit=x&policy=y", **HTMX).content.decode()
    assert "errors" in html
    html = client.get(
        f"{url}?start=2299-01-01T10:00&amount=3&unit=working_days&policy=day_count", **HTMX
    ).content.decode()
    assert "errors" in html


def test_list_page_filters_and_exports(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    url = reverse("workcalendar:day_list")
    with django_assert_max_num_queries(10):
        response = client.get(f"{url}?year=2026&kind=working_day")
    assert response.status_code == 200
    html = response.content.decode()
    assert "10/01/2026" in html and "22/08/2026" in html
    assert "24/11/2026" not in html
    partial = client.get(f"{url}?year=2025", **HTMX).content.decode()
    assert "<html" not in partial and "26/04/2025" in partial
    export = client.get(f"{url}?year=2026&export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == 17  # header + 16 rows of 2026
    assert "24/11/2026" in body
    xlsx = client.get(f"{url}?year=2026&export=xlsx")
    assert xlsx.status_code == 200


def test_dates_are_shown_day_first(client, officer):
    client.force_login(officer)
    html = client.get(f"{YEAR_URL}?year=2025").content.decode()
    assert "26/04/2025" in html
    assert dt.date(2025, 4, 26).isoformat() not in html.split("<table")[-1]
