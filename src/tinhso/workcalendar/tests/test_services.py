"""Services: who may change the calendar, the past-year lock, versions, audit, revision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.workcalendar import services
from tinhso.workcalendar.models import CalendarRevision, OfficialCalendarDay
from tinhso.workcalendar.proposals import Proposal

from .conftest import saturday_in, tuesday_in
from .factories import OfficialCalendarDayFactory

pytestmark = pytest.mark.django_db
Day = OfficialCalendarDay


def revision() -> int:
    return CalendarRevision.objects.get(pk=1).revision


def set_day(actor, day, **kwargs):
    args = {"kind": "day_off", "reason": "Nghỉ lễ", "legal_ref": "Thông báo 1/TB"}
    args.update(kwargs)
    return services.calendar_day_set(actor=actor, date=day, **args)


def test_province_admin_creates_a_proposed_day_with_audit(admin, province, open_year):
    before = revision()
    row = set_day(admin, tuesday_in(open_year), reason="  Nghỉ lễ  ")
    assert row.status == Day.Status.PROPOSED
    assert row.reason == "Nghỉ lễ"
    assert row.version == 1
    assert revision() == before + 1
    entry = AuditEntry.objects.get(object_type="workcalendar.OfficialCalendarDay")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.unit_id == province.pk
    assert entry.actor_id == admin.pk
    assert entry.after["reason"] == "Nghỉ lễ"


def test_update_needs_the_current_version(admin, open_year):
    row = set_day(admin, tuesday_in(open_year))
    updated = set_day(admin, row.date, reason="Lý do mới", version=1)
    assert updated.version == 2
    assert updated.reason == "Lý do mới"
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.before == {"reason": "Nghỉ lễ", "version": 1}
    assert entry.after == {"reason": "Lý do mới", "version": 2}
    with pytest.raises(ConcurrentEditError):
        set_day(admin, row.date, reason="Cũ", version=1)  # stale
    with pytest.raises(ConcurrentEditError):
        set_day(admin, row.date, reason="Trùng")  # "create" over an existing row
    assert Day.objects.get(pk=row.pk).reason == "Lý do mới"


def test_version_for_a_vanished_row_is_a_conflict(admin, open_year):
    with pytest.raises(ConcurrentEditError):
        set_day(admin, tuesday_in(open_year), version=3)


def test_past_years_are_locked(admin, past_year):
    with pytest.raises(DomainError) as info:
        set_day(admin, tuesday_in(past_year))
    assert info.value.code == "year_locked"
    seeded = Day.objects.filter(date__year=2025).first()
    assert seeded is not None
    for service in (services.calendar_day_confirm, services.calendar_day_delete):
        with pytest.raises(DomainError):
            service(actor=admin, pk=seeded.pk)
    assert Day.objects.filter(pk=seeded.pk).exists()
    assert not AuditEntry.objects.exists()


def test_model_rules_give_field_errors(admin, open_year):
    with pytest.raises(ValidationError) as info:
        set_day(admin, saturday_in(open_year))  # a day off on a Saturday
    assert "date" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        set_day(admin, tuesday_in(open_year), kind="holiday", reason="")
    assert {"kind", "reason"} <= set(info.value.message_dict)
    assert not Day.objects.filter(date__year=open_year).exists()


@pytest.mark.parametrize("who", ["officer", "commune_admin"])
def test_non_province_admins_are_refused_as_not_found(request, who, open_year):
    user = request.getfixturevalue(who)
    row = OfficialCalendarDayFactory(date=tuesday_in(open_year))
    with pytest.raises(AccessDenied):
        set_day(user, tuesday_in(open_year) + dt.timedelta(days=1))
    with pytest.raises(AccessDenied):
        services.calendar_day_confirm(actor=user, pk=row.pk)
    with pytest.raises(AccessDenied):
        services.calendar_day_delete(actor=user, pk=row.pk)
    assert Day.objects.get(pk=row.pk).status == Day.Status.PROPOSED


def test_confirm(admin, province, open_year):
    row = OfficialCalendarDayFactory(date=tuesday_in(open_year))
    before = revision()
    with pytest.raises(ConcurrentEditError):
        services.calendar_day_confirm(actor=admin, pk=row.pk, version=7)
    confirmed = services.calendar_day_confirm(actor=admin, pk=row.pk, version=1)
    assert confirmed.status == Day.Status.CONFIRMED
    assert confirmed.version == 2
    assert revision() == before + 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TRANSITION)
    assert entry.unit_id == province.pk
    assert entry.after == {"status": "confirmed", "version": 2}
    # Confirming again changes nothing and writes nothing.
    services.calendar_day_confirm(actor=admin, pk=row.pk)
    assert AuditEntry.objects.count() == 1


def test_delete(admin, province, open_year):
    row = OfficialCalendarDayFactory(date=tuesday_in(open_year), confirmed=True)
    with pytest.raises(ConcurrentEditError):
        services.calendar_day_delete(actor=admin, pk=row.pk, version=2)
    services.calendar_day_delete(actor=admin, pk=row.pk, version=1)
    assert not Day.objects.filter(pk=row.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.object_id == str(row.pk)
    assert entry.unit_id == province.pk
    assert entry.before["reason"] == row.reason


def test_missing_rows_are_not_found(admin):
    with pytest.raises(AccessDenied):
        services.calendar_day_confirm(actor=admin, pk=999_999)
    with pytest.raises(AccessDenied):
        services.calendar_day_delete(actor=admin, pk=999_999)


def test_propose_creates_drafts_and_keeps_existing_rows(admin, open_year):
    tuesday = tuesday_in(open_year)
    kept = OfficialCalendarDayFactory(date=tuesday, confirmed=True, reason="Đã xác nhận")
    proposals = [
        Proposal(tuesday, "Khác", "holidays"),
        Proposal(tuesday + dt.timedelta(days=1), "Ngày lễ", "holidays"),
        Proposal(saturday_in(open_year), "Cuối tuần", "holidays"),
        Proposal(dt.date(open_year + 1, 1, 1), "Năm sau", "holidays"),
    ]
    before = revision()
    outcomes = services.calendar_days_propose(actor=None, year=open_year, proposals=proposals)
    assert [o.outcome for o in outcomes] == ["exists", "created", "weekend"]
    assert outcomes[0].existing_status == "confirmed"
    kept.refresh_from_db()
    assert kept.reason == "Đã xác nhận"
    created = Day.objects.get(date=tuesday + dt.timedelta(days=1))
    assert created.status == Day.Status.PROPOSED
    assert revision() == before + 1
    entry = AuditEntry.objects.get()
    assert entry.actor_name == "system"
    assert entry.message == "proposed"
    # Running it again creates nothing.
    again = services.calendar_days_propose(actor=admin, year=open_year, proposals=proposals)
    assert [o.outcome for o in again] == ["exists", "exists", "weekend"]


def test_propose_refuses_past_years_and_non_admins(officer, past_year, open_year):
    with pytest.raises(DomainError):
        services.calendar_days_propose(actor=None, year=past_year, proposals=[])
    with pytest.raises(AccessDenied):
        services.calendar_days_propose(actor=officer, year=open_year, proposals=[])
