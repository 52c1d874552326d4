"""`bulk_load`: the Django `bulk_create` sink of the dossier generator."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from tinhso.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
)
from tinhso.workcalendar.deadlines import TZ

from .batches import generate
from .copy_sink import _existing_counters, _next_ids
from .profile import Batch, LoadStats, Mix, Profile
from .rows import _TIME_COLUMNS, DOSSIER_COLUMNS


def _aware(t: int | None) -> dt.datetime | None:
    return None if t is None else dt.datetime.fromtimestamp(t, TZ)


def bulk_load(
    profile: Profile,
    *,
    dossiers: int,
    start: dt.date,
    end: dt.datetime,
    seed: int = 1,
    mix: Mix | None = None,
    chunk: int = 5000,
    on_batch: Callable[[list[Dossier], Batch], None] | None = None,
) -> LoadStats:
    """Generate dossiers and events with Django `bulk_create` (SQLite, small runs).

    `on_batch(dossiers, batch)` sees each saved chunk (the demo adds results, evaluations
    and components from it). Appends; one transaction.
    """
    stats = LoadStats()
    t_all = time.perf_counter()
    first_id, first_event = _next_ids()
    with transaction.atomic():
        counters_from = _existing_counters()
        for batch in generate(
            profile,
            dossiers=dossiers,
            start=start,
            end=end,
            seed=seed,
            mix=mix,
            first_id=first_id,
            first_event_id=first_event,
            chunk=chunk,
            counters_from=counters_from,
        ):
            objs = []
            for r in batch.dossiers:
                values = dict(zip(DOSSIER_COLUMNS, r, strict=True))
                for name in _TIME_COLUMNS:
                    values[name] = _aware(values[name])
                if values["limit_amount"] is not None:
                    values["limit_amount"] = Decimal(values["limit_amount"])
                objs.append(Dossier(**values))
            Dossier.objects.bulk_create(objs, batch_size=1000)
            # auto_now(_add) overwrote these: put back the generated moments.
            evs = [
                DossierEvent(
                    id=e[0],
                    dossier_id=e[1],
                    action=e[2],
                    from_status=e[3],
                    to_status=e[4],
                    national_code=e[5],
                    at=dt.datetime.fromtimestamp(e[6], TZ),
                    actor_id=e[7],
                    unit_id=e[8],
                    note=e[9],
                    due_at=_aware(e[10]),
                )
                for e in batch.events
            ]
            DossierEvent.objects.bulk_create(evs, batch_size=2000)
            stats.dossiers += len(objs)
            stats.events += len(evs)
            stats.status.update(o.status for o in objs)
            if batch.counters:
                existing = set(counters_from)
                DossierCodeCounter.objects.bulk_create(
                    [
                        DossierCodeCounter(unit_id=u, day=d, last=n)
                        for u, d, n in batch.counters
                        if (u, d) not in existing
                    ],
                    batch_size=2000,
                )
                for u, d, n in batch.counters:
                    if (u, d) in existing and counters_from[(u, d)] != n:
                        DossierCodeCounter.objects.filter(unit_id=u, day=d).update(last=n)
                stats.counters = len(batch.counters)
            if on_batch:
                on_batch(objs, batch)
        _restore_stamps(first_id)
        _reset_sequences()
    stats.load_seconds = time.perf_counter() - t_all
    return stats


def _reset_sequences() -> None:
    """Ids were given explicitly (events point at their dossier): move the database's id
    sequences past them, or the next dossier a service saves would reuse an id (PostgreSQL;
    SQLite takes max(id) + 1 by itself)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), [Dossier, DossierEvent])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _restore_stamps(first_id: int) -> None:
    """`created_at`/`updated_at` are auto fields: set them to registration / last event."""
    last = (
        DossierEvent.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(m=Max("at"))
        .values("m")
    )
    Dossier.objects.filter(pk__gte=first_id).update(
        created_at=F("registered_at"),
        updated_at=Coalesce(Subquery(last), F("registered_at")),
    )
