"""Write use-cases of the official working-day calendar.

Rules shared by every service here:

* Required Action: MANAGE on a province-level unit (`selectors.manageable_province`); anyone
  else is refused with `AccessDenied` (a 404), like a missing row.
* Past years are locked: no row dated before 1 January of the current (local) year may be
  created, changed, confirmed or deleted (`DomainError`, code "year_locked").
* Optimistic locking: a change names the `version` it was made from; a mismatch raises
  `ConcurrentEditError` (409 in the API). The row is also locked (`select_for_update`).
* Each write records one audit entry whose unit is the administrator's province, and bumps
  `CalendarRevision` in the same transaction, which invalidates every process's cached
  `WorkingCalendar` (`selectors.calendar_load`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.units.models import Unit

from .models import CalendarRevision, OfficialCalendarDay
from .proposals import Proposal
from .selectors import manageable_province

Day = OfficialCalendarDay
# What the audit trail keeps of a row (timestamps are on the audit entry itself).
AUDIT_FIELDS = ["date", "kind", "reason", "legal_ref", "applies_to", "status", "version"]


def _require_province_admin(actor: Any) -> Unit:
    """The actor's province (audit unit); `AccessDenied` unless they manage one."""
    province = manageable_province(user=actor)
    if province is None:
        raise AccessDenied("No such object.")
    return province


def _check_year_open(day: dt.date) -> None:
    """Refuse dates before 1 January of the current local year (past years are locked)."""
    first_open = dt.date(timezone.localdate().year, 1, 1)
    if day < first_open:
        raise DomainError(
            _("Past years are locked: the calendar before %(date)s can no longer be changed.")
            % {"date": first_open.strftime("%d/%m/%Y")},
            code="year_locked",
        )


def _bump_revision() -> None:
    """Invalidate every process's cached calendar (same transaction as the change)."""
    bumped = CalendarRevision.objects.filter(pk=1).update(
        revision=F("revision") + 1, changed_at=timezone.now()
    )
    if not bumped:
        CalendarRevision.objects.create(pk=1, revision=2)


def _check_version(day: Day, version: int | None) -> None:
    if version is not None and day.version != version:
        raise ConcurrentEditError(
            _("This day was changed by someone else in the meantime. Reload and try again.")
        )


def calendar_day_set(
    *,
    actor: Any,
    date: dt.date,
    kind: str,
    reason: str,
    legal_ref: str,
    applies_to: str = Day.AppliesTo.CIVIL_SERVICE,
    version: int | None = None,
) -> Day:
    """Create or change the row of (`date`, `applies_to`).

    Rule: MANAGE on a province; `date` in an open year; a new row starts as `proposed`
    (confirm it with `calendar_day_confirm`), a changed row keeps its status. To change an
    existing row pass the `version` you loaded; `version=None` means "create", and a row
    that already exists then raises `ConcurrentEditError`, as does a version for a row that
    no longer exists. Side effects: saves the row (version + 1), one audit entry
    (create/update), bumps the calendar revision.
    Errors: `AccessDenied`, `DomainError` (year locked), `ConcurrentEditError`,
    `ValidationError` (field errors from `full_clean`).
    """
    province = _require_province_admin(actor)
    _check_year_open(date)
    with transaction.atomic():
        existing = Day.objects.select_for_update().filter(date=date, applies_to=applies_to).first()
        if existing is None:
            if version is not None:
                raise ConcurrentEditError(
                    _("This day was deleted by someone else in the meantime. Reload the page.")
                )
            day = Day(
                date=date,
                kind=kind,
                reason=reason.strip(),
                legal_ref=legal_ref.strip(),
                applies_to=applies_to,
                status=Day.Status.PROPOSED,
            )
            day.full_clean()
            try:
                with transaction.atomic():
                    day.save()
            except IntegrityError as exc:  # created by someone else since our check
                raise ConcurrentEditError(
                    _("An entry for this date already exists. Reload the page and edit it.")
                ) from exc
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=day,
                unit=province,
                after=audit_snapshot(day, AUDIT_FIELDS),
            )
        else:
            if version is None:
                raise ConcurrentEditError(
                    _("An entry for this date already exists. Reload the page and edit it.")
                )
            _check_version(existing, version)
            day = existing
            before = audit_snapshot(day, AUDIT_FIELDS)
            day.kind = kind
            day.reason = reason.strip()
            day.legal_ref = legal_ref.strip()
            day.full_clean()
            day.version = F("version") + 1
            day.save()
            day.refresh_from_db()
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=day,
                unit=province,
                before=before,
                after=audit_snapshot(day, AUDIT_FIELDS),
            )
        _bump_revision()
    return day


def _locked_day(pk: int) -> Day:
    try:
        return Day.objects.select_for_update().get(pk=pk)
    except Day.DoesNotExist as exc:
        raise AccessDenied("No such object.") from exc


def calendar_day_confirm(*, actor: Any, pk: int, version: int | None = None) -> Day:
    """Confirm a proposed row, so the deadline engine starts using it.

    Rule: MANAGE on a province; the row's year is open; `version` (when given) must match.
    Confirming a confirmed row changes nothing and records nothing. Side effects: status
    becomes confirmed (version + 1), one audit entry (transition), calendar revision bumped.
    Errors: `AccessDenied` (also for a missing row), `DomainError`, `ConcurrentEditError`.
    """
    province = _require_province_admin(actor)
    with transaction.atomic():
        day = _locked_day(pk)
        _check_year_open(day.date)
        _check_version(day, version)
        if day.status == Day.Status.CONFIRMED:
            return day
        before = audit_snapshot(day, ["status", "version"])
        day.status = Day.Status.CONFIRMED
        day.version = F("version") + 1
        day.save(update_fields=["status", "version", "updated_at"])
        day.refresh_from_db()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            obj=day,
            unit=province,
            before=before,
            after=audit_snapshot(day, ["status", "version"]),
            message="confirm",
        )
        _bump_revision()
    return day


def calendar_day_delete(*, actor: Any, pk: int, version: int | None = None) -> None:
    """Delete a row (proposed or confirmed): the date falls back to the Mon–Fri default.

    Rule: MANAGE on a province; the row's year is open; `version` (when given) must match.
    Side effects: deletes the row, one audit entry (delete, with the values before), calendar
    revision bumped. Errors: `AccessDenied` (also for a missing row), `DomainError`,
    `ConcurrentEditError`.
    """
    province = _require_province_admin(actor)
    with transaction.atomic():
        day = _locked_day(pk)
        _check_year_open(day.date)
        _check_version(day, version)
        before = audit_snapshot(day, AUDIT_FIELDS)
        object_id, object_repr = str(day.pk), str(day)
        day.delete()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            unit=province,
            before=before,
            object_type=Day._meta.label,
            object_id=object_id,
            object_repr=object_repr,
        )
        _bump_revision()


@dataclass(frozen=True)
class ProposalOutcome:
    """What `calendar_days_propose` did with one proposal."""

    proposal: Proposal
    outcome: str  # created | exists | weekend
    existing_status: str = ""


def calendar_days_propose(
    *, actor: Any, year: int, proposals: Iterable[Proposal]
) -> list[ProposalOutcome]:
    """Draft `proposed` day-off rows (civil servants) for `year`; never touches existing rows.

    Rule: `actor=None` is the operator running `manage.py propose_calendar` on the server
    (a system job); any other actor needs MANAGE on a province. The year must be open.
    Weekend proposals are skipped (weekends are off anyway); a date that already has a row
    (for civil servants or for all employees, proposed or confirmed) is left as it is.
    Side effects: one row and one audit entry per created day; the calendar revision is
    bumped once if anything was created. Errors: `AccessDenied`, `DomainError`.
    """
    province = _require_province_admin(actor) if actor is not None else None
    _check_year_open(dt.date(year, 12, 31))
    outcomes: list[ProposalOutcome] = []
    with transaction.atomic():
        existing = {
            d: s
            for d, s in Day.objects.filter(date__year=year)
            .order_by("date", "applies_to")
            .values_list("date", "status")
        }
        created = False
        for proposal in sorted(proposals, key=lambda p: p.date):
            if proposal.date.year != year:
                continue
            if proposal.date.weekday() >= 5:
                outcomes.append(ProposalOutcome(proposal, "weekend"))
                continue
            if proposal.date in existing:
                outcomes.append(ProposalOutcome(proposal, "exists", existing[proposal.date]))
                continue
            day = Day(
                date=proposal.date,
                kind=Day.Kind.DAY_OFF,
                reason=proposal.reason[:300],
                legal_ref=proposal.legal_ref[:300],
                applies_to=Day.AppliesTo.CIVIL_SERVICE,
                status=Day.Status.PROPOSED,
            )
            day.full_clean()
            day.save()
            existing[day.date] = day.status
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=day,
                unit=province,
                after=audit_snapshot(day, AUDIT_FIELDS),
                message="proposed",
            )
            outcomes.append(ProposalOutcome(proposal, "created"))
            created = True
        if created:
            _bump_revision()
    return outcomes
