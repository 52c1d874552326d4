"""Factories of the calendar app."""

from __future__ import annotations

import datetime as dt

import factory

from tinhso.workcalendar.models import OfficialCalendarDay


class OfficialCalendarDayFactory(factory.django.DjangoModelFactory):
    """A proposed day off on a weekday of next-next year (an open year, no seeded rows)."""

    class Meta:
        model = OfficialCalendarDay

    date = dt.date(2030, 3, 5)  # a Tuesday
    kind = OfficialCalendarDay.Kind.DAY_OFF
    reason = "Ngày nghỉ thử nghiệm"
    legal_ref = "Thông báo thử nghiệm"
    applies_to = OfficialCalendarDay.AppliesTo.CIVIL_SERVICE
    status = OfficialCalendarDay.Status.PROPOSED

    class Params:
        confirmed = factory.Trait(status=OfficialCalendarDay.Status.CONFIRMED)
