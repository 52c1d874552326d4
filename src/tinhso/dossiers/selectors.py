"""Reads of dossiers (CONVENTIONS §3): every one starts from the access-scoped queryset.

Lists use keyset pagination on `(registered_at DESC, id DESC)` — no OFFSET and no exact
count on the big table (perf spec §3): the cursor is the last row's `registered_at` (epoch
microseconds) and id. List rows are flat `values()` dictionaries; the identity number is
never selected for a list (the detail masks it; revealing it is an audited service).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tinhso.accounts.access import Action, get_for_user_or_404, scope, unit_ids_for
from tinhso.core.text import fold
from tinhso.procedures.models import Procedure
from tinhso.units.models import Unit
from tinhso.workcalendar.selectors import calendar_load

from .models import (
    NATIONAL_CODE,
    OPEN_STATES,
    Dossier,
    DossierEvent,
    DossierResult,
    SatisfactionQuestion,
    Status,
)

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
# Columns of a list row (flat, no per-row queries).
LIST_FIELDS: tuple[str, ...] = (
    "id",
    "code",
    "status",
    "channel",
    "applicant_name",
    "registered_at",
    "received_at",
    "due_at",
    "rescheduled_due_at",
    "finished_at",
    "timeliness",
    "supplement_count",
    "is_digitised",
    "has_e_result",
    "procedure__code",
    "procedure__key",
    "procedure__name",
    "receiving_unit__code",
    "receiving_unit__name",
    "resolving_unit__code",
    "resolving_unit__name",
)

# National status codes → internal states (for filters by national code).
STATES_BY_NATIONAL: dict[int, list[str]] = {}
for _state, _code in NATIONAL_CODE.items():
    STATES_BY_NATIONAL.setdefault(_code, []).append(_state)


class CursorError(ValueError):
    """An `after` cursor that this API did not produce."""


def encode_cursor(registered_at: dt.datetime, pk: int) -> str:
    micros = int(registered_at.timestamp() * 1_000_000)
    return f"{micros}.{pk}"


def decode_cursor(value: str) -> tuple[dt.datetime, int]:
    try:
        micros_text, pk_text = value.split(".", 1)
        micros, pk = int(micros_text), int(pk_text)
        moment = dt.datetime.fromtimestamp(micros / 1_000_000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise CursorError(value) from exc
    if pk < 0 or pk > 2**62:
        raise CursorError(value)
    return moment, pk


@dataclass
class DossierFilters:
    """The filters of the dossier list (UI form and API query share them)."""

    status: Sequence[str] = ()
    national_status: int | None = None
    procedure: str = ""  # code or key
    unit: str = ""  # unit code: resolving OR receiving unit
    role: str = ""  # "" any | resolving | receiving
    channel: str = ""
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    code: str = ""  # exact dossier code or its prefix
    overdue: bool = False
    timeliness: str = ""
    boundary_free: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _filtered(user: Any, f: DossierFilters) -> QuerySet[Dossier]:
    """The filtered dossiers `user` may VIEW (the access scope, then the filters)."""
    return _apply_filters(Dossier.objects.for_user(user, Action.VIEW), f)


def _apply_filters(qs: QuerySet[Dossier], f: DossierFilters) -> QuerySet[Dossier]:
    """The list filters. Codes are turned into ids first, so that every filter is a column
    of the dossier table that the list indexes cover (no join in the WHERE clause)."""
    if f.status:
        qs = qs.filter(status__in=list(f.status))
    if f.national_status is not None:
        qs = qs.filter(status__in=STATES_BY_NATIONAL.get(f.national_status, []))
    if f.procedure:
        procedure_ids = list(
            Procedure.objects.filter(Q(code=f.procedure) | Q(key=f.procedure))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        qs = qs.filter(procedure_id__in=procedure_ids)
    if f.unit:
        unit_ids = list(
            Unit.objects.filter(code=f.unit).order_by("pk").values_list("pk", flat=True)
        )
        if f.role == "resolving":
            qs = qs.filter(resolving_unit_id__in=unit_ids)
        elif f.role == "receiving":
            qs = qs.filter(receiving_unit_id__in=unit_ids)
        else:
            qs = qs.filter(Q(resolving_unit_id__in=unit_ids) | Q(receiving_unit_id__in=unit_ids))
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.registered_from:
        qs = qs.filter(registered_at__gte=_start_of(f.registered_from))
    if f.registered_to:
        qs = qs.filter(registered_at__lt=_start_of(f.registered_to + dt.timedelta(days=1)))
    if f.code:
        qs = qs.filter(code__startswith=f.code.strip())
    if f.overdue:
        qs = qs.filter(status__in=OPEN_STATES, due_at__lt=timezone.now())
    if f.timeliness:
        qs = qs.filter(timeliness=f.timeliness)
    if f.boundary_free:
        qs = qs.exclude(receiving_unit=F("resolving_unit"))
    return qs


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class DossierPage:
    rows: list[dict[str, Any]]
    next_cursor: str | None


# Up to this many visible units, a page is read per unit and scope column (see below).
BRANCH_MAX_UNITS = 20
SORT = ("-registered_at", "-id")


def dossier_list(
    *,
    user: Any,
    filters: DossierFilters | None = None,
    after: str | None = None,
    limit: int = DEFAULT_LIMIT,
    strategy: str = "auto",
) -> DossierPage:
    """One keyset page of the dossiers `user` may see (VIEW on the resolving, receiving or
    return unit), newest first; `next_cursor` is None on the last page.

    Two ways to read the same page (`strategy`, chosen automatically):

    * `branches` (PostgreSQL, a user who sees ≤ `BRANCH_MAX_UNITS` units: a commune or a
      department): for each visible unit, the first `limit + 1` rows it resolves, and those
      another unit resolves but it received or returns (`is_shared`, a small partial
      index), each read in index order, glued by `UNION ALL` and cut to one page. Every
      branch reads at most one page from an index, so the time does not grow with the
      table (bench/dossiers.py: 0.7–1.1 ms at 1M dossiers instead of 3–113 ms).
    * `scan` (province-wide users, SQLite): the scoped query sorted by the registered index.

    Errors: `CursorError` for a cursor not produced here. Queries: the access cache
    (memberships, units) when cold, then 2 (ids, rows) or 1 (scan).
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    f = filters or DossierFilters()
    keyset = None
    if after:
        moment, pk = decode_cursor(after)
        keyset = Q(registered_at__lt=moment) | Q(registered_at=moment, id__lt=pk)
    visible = sorted(unit_ids_for(user, Action.VIEW))
    if strategy == "auto":
        branchable = connection.features.supports_slicing_ordering_in_compound
        small = 0 < len(visible) <= BRANCH_MAX_UNITS
        strategy = "branches" if branchable and small else "scan"
    if strategy == "branches":
        rows = _page_by_branches(visible, f, keyset, limit)
    else:
        qs = _filtered(user, f)
        if keyset is not None:
            qs = qs.filter(keyset)
        rows = list(qs.order_by(*SORT).values(*LIST_FIELDS)[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(last["registered_at"], last["id"])
    return DossierPage(rows=rows, next_cursor=next_cursor)


def _page_by_branches(
    visible: list[int], f: DossierFilters, keyset: Q | None, limit: int
) -> list[dict[str, Any]]:
    """The `branches` strategy of `dossier_list`: disjoint branches, so no row twice."""
    base = _apply_filters(Dossier.objects.all(), f)
    if keyset is not None:
        base = base.filter(keyset)
    parts: list[Any] = []
    for uid in visible:
        parts.append(base.filter(resolving_unit_id=uid))
        parts.append(
            base.filter(is_shared=True, receiving_unit_id=uid).exclude(
                resolving_unit_id__in=visible
            )
        )
        parts.append(
            base.filter(is_shared=True, return_unit_id=uid)
            .exclude(resolving_unit_id__in=visible)
            .exclude(receiving_unit_id__in=visible)
        )
    sliced = [p.order_by(*SORT).values_list("id", "registered_at")[: limit + 1] for p in parts]
    union = sliced[0].union(*sliced[1:], all=True).order_by(*SORT)[: limit + 1]
    ids = [pk for pk, _registered in union]
    if not ids:
        return []
    return list(Dossier.objects.filter(pk__in=ids).order_by(*SORT).values(*LIST_FIELDS))


def dossier_export_rows(*, user: Any, filters: DossierFilters | None = None) -> Any:
    """Every row of the filtered list (for CSV/Excel export), as a streaming values query."""
    return (
        _filtered(user, filters or DossierFilters())
        .order_by("-registered_at", "-id")
        .values(*LIST_FIELDS)
    )


def dossier_get(*, user: Any, code: str) -> Dossier:
    """The dossier `code` if `user` may VIEW it (resolving, receiving or return unit), with
    its procedure, case and units; `Http404` otherwise."""
    qs = Dossier.objects.select_related(
        "procedure", "case", "receiving_unit", "resolving_unit", "return_unit", "handler"
    )
    return get_for_user_or_404(qs, user, Action.VIEW, code=code)


def dossier_timeline(dossier: Dossier) -> list[DossierEvent]:
    """The dossier's steps, oldest first, with actor and unit (one query)."""
    return list(
        DossierEvent.objects.filter(dossier=dossier)
        .select_related("actor", "unit")
        .order_by("at", "pk")
    )


@dataclass
class QueueBucket:
    key: str
    rows: list[dict[str, Any]]


def dossier_queue(
    *, user: Any, unit: Unit | None = None, now: dt.datetime | None = None, limit: int = 50
) -> dict[str, list[dict[str, Any]]]:
    """An officer's work queue: open dossiers resolved by the units where `user` may EDIT
    (or `unit`), in buckets — overdue, due today, due within the next 2 working days, new
    (transferred to the unit, not started), supplement returned (the applicant brought what
    was missing: the officer acts next), and online submissions awaiting reception there.

    Queries: one per bucket (each on the partial open-dossier index).
    """
    moment = now or timezone.now()
    edit_ids = unit_ids_for(user, Action.EDIT)
    ids = [unit.pk] if unit is not None and unit.pk in edit_ids else sorted(edit_ids)
    today = timezone.localdate(moment)
    calendar = calendar_load(range(today.year - 1, today.year + 2))
    end_today = _start_of(today + dt.timedelta(days=1))
    d2 = calendar.add_working_days(calendar.next_working_day(today), 2)
    end_soon = _start_of(d2 + dt.timedelta(days=1))
    base = Dossier.objects.filter(resolving_unit_id__in=ids, status__in=OPEN_STATES)
    fields = LIST_FIELDS
    buckets = {
        "overdue": base.filter(due_at__lt=moment).order_by("due_at", "id"),
        "today": base.filter(due_at__gte=moment, due_at__lt=end_today).order_by("due_at", "id"),
        "soon": base.filter(due_at__gte=end_today, due_at__lt=end_soon).order_by("due_at", "id"),
        # Transferred to the unit (received here or at another centre), not yet started.
        "new": base.filter(status=Status.RECEIVED).order_by("due_at", "id"),
        # The applicant brought what was missing: processing resumes (the due has moved).
        "supplement_returned": base.filter(
            status=Status.IN_PROCESS, supplement_count__gt=0
        ).order_by("due_at", "id"),
        "to_receive": Dossier.objects.filter(
            receiving_unit_id__in=ids, status__in=[Status.SUBMITTED]
        ).order_by("registered_at", "id"),
    }
    return {key: list(qs.values(*fields)[:limit]) for key, qs in buckets.items()}


def reusable_results(*, user: Any, applicant_key: str, limit: int = 20) -> list[dict[str, Any]]:
    """Earlier results issued to the same applicant (by the keyed hash of the identity
    number), newest first, that a receiving officer may re-use instead of asking for the
    paper again (Decree 45/2020). Only the result's name, code, date and issuing unit.

    Rule: the officer may EDIT some unit (a counter officer); results of the whole province
    are offered, because re-use across units is the point of the rule.
    """
    if not applicant_key or not unit_ids_for(user, Action.EDIT):
        return []
    rows: Any = (
        DossierResult.objects.filter(applicant_key=applicant_key)
        .order_by("-issued_at", "-id")
        .values(
            "id",
            "name",
            "result_code",
            "is_electronic",
            "issued_at",
            "dossier__code",
            "dossier__resolving_unit__name",
        )[:limit]
    )
    return list(rows)


def receivable_procedures(*, unit: Unit, q: str = "", limit: int = 50) -> QuerySet[Procedure]:
    """Procedures a counter at `unit` may receive: those its own level implements, plus the
    boundary-free ones of any level of the province (spec §2.11); public data."""
    qs = Procedure.objects.active()
    level = unit.level.code if unit.level_id else ""
    own = Q(at_commune=True) if level == "commune" else Q(at_province=True)
    qs = qs.filter(own | Q(boundary_free=True))
    if q:
        qs = qs.filter(Q(code__startswith=q.strip()) | Q(search_text__contains=fold(q)))
    return qs.order_by("is_synthetic", "code", "key")[:limit]


def resolving_units_for(*, procedure: Procedure, province_code: str) -> QuerySet[Unit]:
    """Units of the province that may resolve `procedure` (by level), for the reception form."""
    qs = Unit.objects.current().filter(province_code=province_code)
    levels: list[str] = []
    if procedure.at_commune:
        levels.append("commune")
    if procedure.at_province:
        levels += ["province", "department", "service_centre", "agency"]
    qs = qs.filter(level__code__in=levels)
    if not procedure.applies_everywhere:
        qs = qs.filter(pk__in=procedure.applicability.values("unit_id"))
    return qs.order_by("level__sort_order", "name")


def questionnaire(day: dt.date) -> list[SatisfactionQuestion]:
    """The satisfaction questions in force on `day`."""
    return list(
        SatisfactionQuestion.objects.filter(valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("position", "pk")
    )


def visible_unit_ids(user: Any) -> frozenset[int]:
    return unit_ids_for(user, Action.VIEW)


def scoped(user: Any) -> QuerySet[Dossier]:
    return scope(Dossier.objects.all(), user, Action.VIEW)
