"""The flagship-projects demo for Đồng Nai: 12 investment projects `DA-01`…`DA-12`.

Sourced (spec §4.4, cited in each row's `source`): the Long Thành Digital Technology Park
(~119 ha in An Phước and Bình An communes; planned by 2030 [S70]; "over 100 ha under
implementation" in Oct 2025 [S72]; 1:2,000 zoning approved in March 2026 [S71]), the
300-ha innovation zone in Bình An commune (detailed planning, Oct 2025 [S72]) and the
200-ha S&T and innovation zone in Đồng Xoài ward [S74, reported]. Everything else —
investors, amounts, the other nine public-investment projects, milestone dates, progress
figures and blockers — is illustrative ("Minh họa") and marked so.

The finance demo links its 12 development-investment budget lines to these projects by
`code`. Rows are written through the project services (so each write is audited) by the
province administrator `admin.tinh`; rows dated after today are skipped. Idempotent: a
project whose code exists is left alone. Communes are looked up by name in the 2025 units
table (run `load_units` first); no unit code is invented.
"""

from __future__ import annotations

from .data import (
    BN,
    ILLUSTRATIVE,
    PROJECTS,
    S70,
    S71,
    S72,
    S74,
    SGD,
    SKHCN,
    SNNMT,
    SNV,
    STC,
    SXD,
    SYT,
    TTPV,
    VP,
    Blocker,
    D,
    Spec,
    Step,
    Update,
)
from .seed import seed_projects

__all__ = [
    "BN",
    "Blocker",
    "D",
    "ILLUSTRATIVE",
    "PROJECTS",
    "S70",
    "S71",
    "S72",
    "S74",
    "SGD",
    "SKHCN",
    "SNNMT",
    "SNV",
    "STC",
    "SXD",
    "SYT",
    "Spec",
    "Step",
    "TTPV",
    "Update",
    "VP",
    "seed_projects",
]
