"""Reads of the interop app: the outbox monitor (scoped) and the public dossier lookup."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from tinhso.accounts.access import Action, get_for_user_or_404
from tinhso.dossiers.models import (
    NATIONAL_CODE,
    NATIONAL_LABEL,
    Dossier,
    OutboxChannel,
    OutboxMessage,
    OutboxStatus,
    Status,
)

# What a dossier code may look like (`<agency>-YYMMDD-XXXX` and the portal's own forms);
# anything else is answered like an unknown code without touching the database.
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")
# States in which the open request for missing items is shown to the public.
MISSING_SHOWN = frozenset({Status.SUPPLEMENT, Status.PRE_SUPPLEMENT})


def outbox_list(*, user: Any, filters: Mapping[str, Any]) -> QuerySet[OutboxMessage]:
    """Outgoing messages of the dossiers `user` may VIEW (resolving, receiving or return
    unit), newest first, with their dossier code. Filters: `status`, `channel`, `code`
    (dossier code prefix). No side effects, no errors."""
    qs = OutboxMessage.objects.for_user(user, Action.VIEW).select_related("dossier")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    if filters.get("code"):
        qs = qs.filter(dossier__code__startswith=str(filters["code"]).strip())
    return qs.order_by("-created_at", "-id")


@dataclass
class SummaryRow:
    channel: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(status, 0) for status in OutboxStatus.values]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def outbox_summary(*, user: Any) -> list[SummaryRow]:
    """Counts by channel × status of the messages `user` may VIEW (one query); every channel
    appears, with zeros. No side effects."""
    labels = dict(OutboxChannel.choices)
    rows = {c: SummaryRow(channel=c, label=str(labels[c])) for c in OutboxChannel.values}
    grouped = (
        OutboxMessage.objects.for_user(user, Action.VIEW)
        .values("channel", "status")
        .annotate(n=Count("id"))
        .order_by("channel", "status")
    )
    for item in grouped:
        row = rows.get(item["channel"])
        if row is not None:
            row.counts[item["status"]] = item["n"]
    return list(rows.values())


def outbox_recent_errors(*, user: Any, limit: int = 10) -> list[OutboxMessage]:
    """The last failed or given-up messages `user` may VIEW, newest first (one query)."""
    return list(
        OutboxMessage.objects.for_user(user, Action.VIEW)
        .filter(status__in=[OutboxStatus.FAILED, OutboxStatus.DEAD])
        .select_related("dossier")
        .order_by("-next_attempt_at", "-id")[:limit]
    )


def outbox_get(*, user: Any, pk: int, action: Action = Action.VIEW) -> OutboxMessage:
    """One message `user` may perform `action` on (VIEW reaches the receiving and return
    units too; other actions follow the resolving unit). `AccessDenied` (404) otherwise."""
    qs = OutboxMessage.objects.select_related("dossier")
    return get_for_user_or_404(qs, user, action, pk=pk)


@dataclass(frozen=True)
class PublicDossier:
    """What anyone holding a dossier code may see: never the applicant's name, identity
    number, phone, e-mail or address."""

    code: str
    procedure: str
    resolving_unit: str
    received_at: dt.datetime | None
    appointment_at: dt.datetime | None
    status_code: int
    status_label: Any
    missing: str
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None


PUBLIC_COLUMNS = (
    "code",
    "status",
    "registered_at",
    "received_at",
    "due_at",
    "rescheduled_due_at",
    "finished_at",
    "returned_at",
    "missing_items",
    "procedure__name",
    "procedure__key",
    "resolving_unit__name",
)


def normalise_code(raw: str) -> str | None:
    """The code as typed (spaces removed), or None when it cannot be a dossier code."""
    code = "".join(str(raw).split())
    return code if CODE_RE.fullmatch(code) else None


def dossier_public_lookup(*, code: str) -> PublicDossier | None:
    """The public view of the dossier with `code`, or None when the code is malformed or
    unknown (callers answer both alike). Public: no user, no access check — which is why
    only the columns of `PublicDossier` are read (one query). No side effects."""
    normal = normalise_code(code)
    if normal is None:
        return None
    row = Dossier.objects.filter(code=normal).values(*PUBLIC_COLUMNS).first()
    if row is None:
        return None
    national = NATIONAL_CODE[row["status"]]
    return PublicDossier(
        code=row["code"],
        procedure=row["procedure__name"] or row["procedure__key"] or "",
        resolving_unit=row["resolving_unit__name"] or "",
        received_at=row["received_at"] or row["registered_at"],
        appointment_at=row["rescheduled_due_at"] or row["due_at"],
        status_code=national,
        status_label=NATIONAL_LABEL[national],
        missing=row["missing_items"] if row["status"] in MISSING_SHOWN else "",
        finished_at=row["finished_at"],
        returned_at=row["returned_at"],
    )
