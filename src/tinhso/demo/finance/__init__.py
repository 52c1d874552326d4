"""The budget and disbursement demo for Đồng Nai 2025 (S&T, innovation and DT funds).

Published (spec §4.3, §6.2 [S41]; issue 5): the 2025 estimate is VND 1,018 bn = 297.6 bn
recurrent + 720.4 bn development investment; at end August 2025 VND 363 bn was disbursed
(35.7 %, "36 %"), development investment 45.6 % of VND 720 bn over 12 projects by 8 units.
Those totals are met **by construction of the rows**: the split into lines, the line
names, the monthly path (Jan–Nov 2025), the supplementary, carried-over and returned
amounts are illustrative (marked "Minh họa"), chosen so that the snapshots of 31/08/2025,
read through `finance.rates` with the default options (supplementary and carried-over
capital excluded), give exactly 363.0 / 1,018.0 bn and 328.5 / 720.4 bn. Nothing is typed
in: the pages compute every rate from the snapshots.

The total local budget expenditure estimate (the denominator of the ≥ 3 % share) is not in
the spec: the VND 42,000 bn used here is illustrative and marked so.

Rows are written in bulk (a loader, like the steering seed) with one audit entry; the seed
is idempotent (lines are keyed by their number, snapshots by line and date).
"""

from __future__ import annotations

from .data import (
    AS_OF_PUBLISHED,
    LINES,
    MILLION,
    MONTH_ENDS,
    PATH_AFTER_AUGUST,
    PATH_TO_AUGUST,
    PROJECT_OF_LINE,
    SNAPSHOT_SOURCE,
    SOURCE,
    TENTH_BN,
    TOTAL_ESTIMATE,
    TOTAL_SOURCE,
    YEAR,
    FinanceSummary,
    Line,
)
from .seed import seed_finance

__all__ = [
    "AS_OF_PUBLISHED",
    "FinanceSummary",
    "LINES",
    "Line",
    "MILLION",
    "MONTH_ENDS",
    "PATH_AFTER_AUGUST",
    "PATH_TO_AUGUST",
    "PROJECT_OF_LINE",
    "SNAPSHOT_SOURCE",
    "SOURCE",
    "TENTH_BN",
    "TOTAL_ESTIMATE",
    "TOTAL_SOURCE",
    "YEAR",
    "seed_finance",
]
