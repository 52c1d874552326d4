"""Access-matrix cases of the finance app (see tinhso.core.testing.access_matrix).

Budget lines and their snapshots belong to the line's managing unit; a total local budget
row belongs to its unit (the province). Readers of the unit's subtree see them; editors
record snapshots and totals; a sibling or a child unit gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.finance.models import BudgetLine, BudgetSnapshot, LocalBudgetTotal
from tinhso.finance.tests.factories import (
    BudgetLineFactory,
    BudgetSnapshotFactory,
    LocalBudgetTotalFactory,
)


def _line_of(obj: Any) -> Any:
    return getattr(obj, "line", obj)


_API_SNAPSHOT = Write(
    url=lambda o: f"/api/v1/finance/lines/{_line_of(o).pk}/snapshots",
    data=lambda o: {"as_of": "2025-10-31", "allocated": 1000, "disbursed": 10},
)
_UI_SNAPSHOT = Write(
    url=lambda o: f"/finance/lines/{_line_of(o).pk}/snapshots/",
    data=lambda o: {"as_of": "30/09/2025", "allocated": 1000, "disbursed": 10},
)


def _cases() -> list[AccessCase]:
    common: dict[str, Any] = {
        "read_action": "view",
        "write_role": "admin",
        "ui_read": lambda o: f"/finance/lines/{_line_of(o).pk}/",
        "api_read": lambda o: f"/api/v1/finance/lines/{_line_of(o).pk}",
        "ui_write": _UI_SNAPSHOT,
        "api_write": _API_SNAPSHOT,
    }
    return [
        AccessCase(
            model=BudgetLine,
            make=lambda unit: BudgetLineFactory(unit=unit, title="Matrix line 7741"),
            ui_list=("/finance/?year=2025", lambda o: "Matrix line 7741"),
            api_list=("/api/v1/finance/lines?page_size=100", lambda o: "Matrix line 7741"),
            **{
                **common,
                "api_write": Write(
                    url=lambda o: f"/api/v1/finance/lines/{o.pk}",
                    data=lambda o: {"version": o.version, "title": "Matrix line renamed"},
                    method="patch",
                ),
            },
        ),
        AccessCase(
            model=BudgetSnapshot,
            make=lambda unit: BudgetSnapshotFactory(line=BudgetLineFactory(unit=unit)),
            **common,
        ),
        AccessCase(
            model=LocalBudgetTotal,
            make=lambda unit: LocalBudgetTotalFactory(unit=unit),
            api_read=lambda o: f"/api/v1/finance/local-totals/{o.pk}",
            api_write=Write(
                url=lambda o: "/api/v1/finance/local-totals",
                data=lambda o: {
                    "unit": o.unit.code,
                    "fiscal_year": 2025,
                    "as_of": dt.date(2025, 6, 30).isoformat(),
                    "total_estimate": 1_000_000,
                    "source": "Matrix",
                },
            ),
        ),
    ]


CASES = _cases()
