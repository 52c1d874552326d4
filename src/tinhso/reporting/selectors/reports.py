"""Read selectors for schedules, rounds, report lists and single reports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from tinhso.accounts.access import Action, get_for_user_or_404, unit_ids_for
from tinhso.reporting.models import Report, ReportEvent, ReportingRound, ReportSchedule, ReportState

from .common import _REPORT_RELATED, _signed_in

# --------------------------------------------------------------------------- reference data


def schedule_list(*, user: Any) -> QuerySet[ReportSchedule]:
    """Reporting regimes (public to every signed-in user), by code. No Action, no effects."""
    qs = ReportSchedule.objects.select_related("reviewer_unit").order_by("code")
    return qs if _signed_in(user) else qs.none()


def round_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[ReportingRound]:
    """Reporting rounds (public), newest deadline first; filters `schedule` (code), `period`
    (code). No Action, no side effects."""
    qs = ReportingRound.objects.select_related("schedule", "period").order_by(
        "-due_on", "schedule__code", "pk"
    )
    if not _signed_in(user):
        return qs.none()
    filters = filters or {}
    if filters.get("schedule"):
        qs = qs.filter(schedule__code=filters["schedule"])
    if filters.get("period"):
        qs = qs.filter(period__code=filters["period"])
    return qs


# --------------------------------------------------------------------------- reports


def _filter_reports(qs: QuerySet[Report], filters: Mapping[str, Any]) -> QuerySet[Report]:
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("schedule"):
        qs = qs.filter(obligation__round__schedule__code=filters["schedule"])
    if filters.get("period"):
        qs = qs.filter(obligation__round__period__code=filters["period"])
    if filters.get("round"):
        qs = qs.filter(obligation__round_id=filters["round"])
    if filters.get("unit"):
        qs = qs.filter(obligation__unit__code=filters["unit"])
    return qs


def report_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Report]:
    """Reports `user` may view (own units and below, and those their agency reviews).

    Filters (optional): `state`, `schedule` (code), `period` (code), `round` (id), `unit`
    (code). Ordered by deadline (latest first), then unit. Action: VIEW. No side effects.
    """
    qs = Report.objects.for_user(user, Action.VIEW).select_related(*_REPORT_RELATED)
    qs = _filter_reports(qs, filters or {})
    return qs.order_by("-obligation__due_on", "obligation__unit__code", "pk")


def report_inbox(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Report]:
    """Reports approved by their unit and awaiting `user`'s standing agency (the schedule's
    reviewing unit among the units where `user` holds APPROVE), oldest submission first.
    Action: APPROVE on the reviewing unit. No side effects."""
    reviewer_ids = unit_ids_for(user, Action.APPROVE)
    qs = (
        Report.objects.for_user(user, Action.VIEW)
        .filter(
            state=ReportState.UNIT_APPROVED,
            obligation__round__schedule__reviewer_unit_id__in=reviewer_ids,
        )
        .select_related(*_REPORT_RELATED)
    )
    qs = _filter_reports(qs, {k: v for k, v in (filters or {}).items() if k != "state"})
    return qs.order_by("submitted_at", "obligation__unit__code", "pk")


def report_get(*, user: Any, pk: int) -> Report:
    """One report `user` may view, with unit, round, schedule and period loaded.
    Action: VIEW. Errors: `AccessDenied` (404) when missing or forbidden."""
    qs = Report.objects.select_related(*_REPORT_RELATED)
    return get_for_user_or_404(qs, user, Action.VIEW, pk=pk)


def report_events(*, report: Report) -> list[ReportEvent]:
    """The workflow history of a report the caller already obtained with `report_get`,
    oldest first, with actors loaded."""
    return list(
        ReportEvent.objects.filter(report=report).select_related("actor").order_by("at", "pk")
    )
