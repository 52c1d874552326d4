"""The counts of the 766 index from the system's own rows, for every unit of a period at once.

One GROUP BY query over the dossiers received in the period (per resolving unit,
conditional aggregates), one over (resolving unit, procedure) for the procedure-level
indicators, and the catalogue (procedures, their applicability) — a constant number of
queries however many units are scored. A unit's counts are those of the dossiers resolved
in its subtree (a commune: its own; the province: all of its units, spec §1.3).

Rules (spec §1.3, §2.12):

* received: `received_at` in the period (local time), attributed to `resolving_unit`.
* on time (2.1): more than one supplement request = overdue; otherwise a finished dossier
  is on time when `finished_at <= due_at` (`due_at` already moves with clock pauses, so
  the supplement time is subtracted), an open one when the period end (or now, for the
  running period) `<= due_at`; a dossier without a due moment has no limit to miss.
* online (3.3): channel online and, when the procedure returns a document, an e-result.
* digitised (4.2): `is_digitised` and, when the procedure returns a document, an e-result.
* data store (4.4): a component from the data store or the result pushed to it.
* population data (4.5b): identity verified with VNeID or a component from the data store.
* late and dissatisfied (5.4): not on time; on time but evaluated "not satisfied".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from tinhso.dossiers.models import Dossier, SatisfactionLevel
from tinhso.procedures.models import (
    Channel,
    OnlineLevel,
    Procedure,
    ProcedureApplicability,
    ProcedureComponent,
    ProcedureFee,
    ProcedureStatus,
    ProcedureTimeLimit,
)

from .periods import ScorePeriod

DOSSIER_KEYS = (
    "received",
    "synced",
    "on_time",
    "received_online",
    "fee_dossiers",
    "paid_online",
    "doc_dossiers",
    "e_result",
    "digitised",
    "reused",
    "data_store",
    "population",
    "unsatisfied",
)
CATALOGUE_KEYS = (
    "procedures_public",
    "procedures_complete",
    "procedures",
    "procedures_online",
    "online_services",
    "online_services_used",
    "fee_procedures",
    "fee_procedures_paid",
    "fee_procedures_integrated",
    "citizen_procedures",
    "citizen_procedures_connected",
)
ONLINE_LEVELS = (OnlineLevel.PARTIAL, OnlineLevel.FULL)


def on_time_q(cutoff: dt.datetime) -> Q:
    """Dossiers on time, or in progress within time at `cutoff` (spec §1.3 2.1)."""
    return Q(supplement_count__lte=1) & (
        Q(due_at__isnull=True)
        | Q(finished_at__isnull=False, finished_at__lte=F("due_at"))
        | Q(finished_at__isnull=True, due_at__gte=cutoff)
    )


def dossier_aggregates(cutoff: dt.datetime) -> dict[str, Any]:
    """The conditional aggregates of one GROUP BY over dossiers (keys = `DOSSIER_KEYS`)."""
    returns_doc = Q(procedure__returns_document=True)
    with_result_if_needed = ~returns_doc | Q(has_e_result=True)
    on_time = on_time_q(cutoff)
    return {
        "received": Count("id"),
        "synced": Count("id", filter=Q(portal_synced_at__isnull=False)),
        "on_time": Count("id", filter=on_time),
        "received_online": Count("id", filter=Q(channel=Channel.ONLINE) & with_result_if_needed),
        "fee_dossiers": Count("id", filter=Q(fee_total__gt=0)),
        "paid_online": Count("id", filter=Q(fee_total__gt=0, paid_online=True)),
        "doc_dossiers": Count("id", filter=returns_doc),
        "e_result": Count("id", filter=returns_doc & Q(has_e_result=True)),
        "digitised": Count("id", filter=Q(is_digitised=True) & with_result_if_needed),
        "reused": Count("id", filter=Q(has_reused=True)),
        "data_store": Count("id", filter=Q(from_data_store=True) | Q(e_result_to_store=True)),
        "population": Count("id", filter=Q(vneid_verified=True) | Q(from_data_store=True)),
        # One evaluation per dossier (unique constraint): the join never duplicates rows.
        "unsatisfied": Count(
            "id", filter=on_time & Q(evaluations__level=SatisfactionLevel.NOT_SATISFIED)
        ),
    }


@dataclass
class UnitCounts:
    """What one unit's subtree produced in a period: dossier counts and procedure-id sets."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DOSSIER_KEYS, 0))
    online_used: set[int] = field(default_factory=set)
    paid: set[int] = field(default_factory=set)
    integrated: set[int] = field(default_factory=set)
    connected: set[int] = field(default_factory=set)

    def add(self, other: UnitCounts) -> None:
        for key, value in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + value
        self.online_used |= other.online_used
        self.paid |= other.paid
        self.integrated |= other.integrated
        self.connected |= other.connected


def period_dossier_counts(
    period: ScorePeriod, *, now: dt.datetime, resolving_unit_ids: Iterable[int] | None = None
) -> dict[int, UnitCounts]:
    """Counts per resolving unit of the dossiers received in `period` (two queries)."""
    cutoff = min(now, period.end_at)
    qs = Dossier.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)
    if resolving_unit_ids is not None:
        qs = qs.filter(resolving_unit_id__in=list(resolving_unit_ids))
    out: dict[int, UnitCounts] = defaultdict(UnitCounts)
    rows = qs.values("resolving_unit_id").annotate(**dossier_aggregates(cutoff)).order_by()
    for row in rows:
        unit_counts = out[row["resolving_unit_id"]]
        for key in DOSSIER_KEYS:
            unit_counts.counts[key] = int(row[key] or 0)
    flagged = (
        qs.filter(
            Q(channel=Channel.ONLINE)
            | Q(paid_online=True, fee_total__gt=0)
            | Q(portal_synced_at__isnull=False, fee_total__gt=0)
            | Q(vneid_verified=True)
            | Q(from_data_store=True)
        )
        .values("resolving_unit_id", "procedure_id")
        .annotate(
            online=Count("id", filter=Q(channel=Channel.ONLINE)),
            paid=Count("id", filter=Q(paid_online=True, fee_total__gt=0)),
            integrated=Count("id", filter=Q(portal_synced_at__isnull=False, fee_total__gt=0)),
            connected=Count("id", filter=Q(vneid_verified=True) | Q(from_data_store=True)),
        )
        .order_by()
    )
    for row in flagged:
        unit_counts = out[row["resolving_unit_id"]]
        proc = row["procedure_id"]
        if row["online"]:
            unit_counts.online_used.add(proc)
        if row["paid"]:
            unit_counts.paid.add(proc)
        if row["integrated"]:
            unit_counts.integrated.add(proc)
        if row["connected"]:
            unit_counts.connected.add(proc)
    return dict(out)


@dataclass(frozen=True)
class CatalogueProc:
    pk: int
    at_commune: bool
    at_province: bool
    everywhere: bool
    online: bool
    fee: bool
    complete: bool


@dataclass
class Catalogue:
    """The active procedures (synthetic ones excluded) and where restricted ones apply."""

    procedures: list[CatalogueProc]
    applies_to: dict[int, set[int]]  # unit id → restricted procedure ids applied there

    def for_unit(self, unit_id: int, level_code: str) -> list[CatalogueProc]:
        """The procedures under a unit's authority: the province = all; a commune = those
        implemented at commune level; another unit = those implemented at province level."""
        if level_code == "province":
            return self.procedures
        extra = self.applies_to.get(unit_id, set())
        commune = level_code == "commune"
        return [
            p
            for p in self.procedures
            if (p.at_commune if commune else p.at_province) and (p.everywhere or p.pk in extra)
        ]


def load_catalogue() -> Catalogue:
    """The catalogue snapshot used by 1.3, 3.1, 3.2, 3.5a/b and 4.5a (two queries)."""
    fee = ProcedureFee.objects.filter(procedure=OuterRef("pk"), amount_vnd__gt=0)
    component = ProcedureComponent.objects.filter(case__procedure=OuterRef("pk"))
    limit = ProcedureTimeLimit.objects.filter(procedure=OuterRef("pk"), amount__isnull=False)
    rows = (
        Procedure.objects.filter(status=ProcedureStatus.ACTIVE, is_synthetic=False)
        .annotate(has_fee=Exists(fee), has_component=Exists(component), has_limit=Exists(limit))
        .values_list(
            "pk",
            "at_commune",
            "at_province",
            "applies_everywhere",
            "online_level",
            "has_fee",
            "name",
            "agency",
            "channels",
            "has_component",
            "has_limit",
        )
        .order_by("pk")
    )
    procedures = [
        CatalogueProc(
            pk=pk,
            at_commune=at_commune,
            at_province=at_province,
            everywhere=everywhere,
            online=online_level in ONLINE_LEVELS,
            fee=bool(has_fee),
            # Decree 63/2010 Art. 8(2) parts the catalogue records: name, method (channels),
            # components, time limit, implementing agency (spec §1.3 indicator 1.3).
            complete=bool(name and agency and channels and has_component and has_limit),
        )
        for (
            pk,
            at_commune,
            at_province,
            everywhere,
            online_level,
            has_fee,
            name,
            agency,
            channels,
            has_component,
            has_limit,
        ) in rows
    ]
    applies_to: dict[int, set[int]] = defaultdict(set)
    for proc_id, unit_id in ProcedureApplicability.objects.values_list(
        "procedure_id", "unit_id"
    ).order_by():
        applies_to[unit_id].add(proc_id)
    return Catalogue(procedures=procedures, applies_to=dict(applies_to))


def catalogue_counts(procs: list[CatalogueProc], subtree: UnitCounts) -> dict[str, int]:
    """The procedure-level counts of one unit from its procedures and its dossiers' sets."""
    online = {p.pk for p in procs if p.online}
    fee = {p.pk for p in procs if p.fee}
    all_ids = {p.pk for p in procs}
    return {
        "procedures_public": len(procs),
        "procedures_complete": sum(1 for p in procs if p.complete),
        "procedures": len(procs),
        "procedures_online": len(online),
        "online_services": len(online),
        "online_services_used": len(online & subtree.online_used),
        "fee_procedures": len(fee),
        "fee_procedures_paid": len(fee & subtree.paid),
        "fee_procedures_integrated": len(fee & subtree.integrated),
        "citizen_procedures": len(procs),
        "citizen_procedures_connected": len(all_ids & subtree.connected),
    }
