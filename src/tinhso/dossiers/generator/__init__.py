"""Realistic dossiers with their status events for scale runs and the demo (issue 6, "Scale").

Not a service: a loader, like `load_units`. It never goes through the dossier services (10M
dossiers at a service's pace would take days) but writes rows that the services could have
written: the same state machine (`workflow.py`), the same national codes, due moments from
the real working-day engine (`WorkingCalendar.due_many` in bulk, `due` with pauses where a
supplement stopped the clock), codes `<unit code>-YYMMDD-NNNN` numbered per unit and day
with the matching `DossierCodeCounter` rows (so a dossier received later gets the next
number), and the flags of spec §2.12 derived the way `refresh_flags` derives them.

The profile (`profile_load`): the current communes of a province (volume weighted by kind
— wards are bigger — and by the number of former communes merged into each), the
procedures of the catalogue (commune procedures resolved by communes, province procedures by
the department of their sector), officials per unit (actors of the events).

The timeline of a dossier (`Mix` holds the shares): registered at the counter inside working
hours (or online at any hour; online dossiers are then received or refused by the resolving
unit) → received (clock starts; due from the procedure's limit for the channel) → in_process
→ [request_supplement → supplement_received, sometimes twice] → finish (early/on time, or
late with an apology and one new appointment) → return_result; a few are stopped or
withdrawn. Event moments are working-hour offsets from reception placed by the engine, so
they fall inside working hours. The timeline is cut at `end`: what happens later has not
happened, so recent dossiers are open (some overdue, some waiting for a supplement).

Two sinks: `copy_load` (PostgreSQL COPY through psycopg 3, streamed in chunks, optional
index/constraint drop and rebuild, ANALYZE) and `bulk_load` (Django `bulk_create`, SQLite or
small runs). Same seed, same rows.
"""

from __future__ import annotations

from .batches import generate
from .bulk_sink import bulk_load
from .copy_sink import copy_load
from .profile import Batch, LoadStats, Mix, Profile, profile_load
from .profile import ProcInfo as ProcInfo
from .profile import UnitInfo as UnitInfo
from .rows import APOLOGY_NOTES as APOLOGY_NOTES
from .rows import DAY as DAY
from .rows import DOSSIER_COLUMNS, EVENT_COLUMNS
from .rows import HC as HC
from .rows import POPULARITY as POPULARITY
from .rows import REFUSE_NOTES as REFUSE_NOTES
from .rows import STOP_NOTES as STOP_NOTES
from .rows import SUPPLEMENT_NOTES as SUPPLEMENT_NOTES
from .rows import UTC_OFFSET as UTC_OFFSET
from .rows import WH as WH
from .rows import WITHDRAW_NOTES as WITHDRAW_NOTES

__all__ = [
    "DOSSIER_COLUMNS",
    "EVENT_COLUMNS",
    "Batch",
    "LoadStats",
    "Mix",
    "Profile",
    "bulk_load",
    "copy_load",
    "generate",
    "profile_load",
]
