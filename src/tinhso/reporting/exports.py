"""Files built from a report's structured export (`selectors.report_export_data`).

The JSON is the export itself; the workbook carries the same rows on three sheets (KPIs,
tasks, narrative) for officials who key them into the national system by hand.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

KPI_KEYS = (
    "code",
    "name",
    "kind",
    "unit_of_measure",
    "breakdown",
    "value",
    "numerator",
    "denominator",
    "status",
    "as_of",
    "source",
)
TASK_KEYS = ("code", "title", "status", "percent")


def export_filename(data: dict[str, Any], ext: str) -> str:
    """E.g. `bao-cao-26068-2025-Q3-r1.json` (ASCII: unit code, period code, revision)."""
    return f"bao-cao-{data['unit']['code']}-{data['period']['code']}-r{data['revision']}.{ext}"


def report_export_xlsx(data: dict[str, Any]) -> bytes:
    """The export as an .xlsx workbook (same rows as the JSON)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    info = wb.active
    info.title = "report"
    for key, value in (
        ("schema", data["schema"]),
        ("unit", f"{data['unit']['code']} · {data['unit']['name']}"),
        (
            "period",
            f"{data['period']['code']} ({data['period']['start']} – {data['period']['end']})",
        ),
        ("revision", data["revision"]),
        ("accepted_at", data["accepted_at"] or ""),
    ):
        info.append([key, value])
    kpis = wb.create_sheet("kpis")
    kpis.append(list(KPI_KEYS))
    for row in data["kpis"]:
        kpis.append([row[k] for k in KPI_KEYS])
    tasks = wb.create_sheet("tasks")
    tasks.append(list(TASK_KEYS))
    for row in data["tasks"]:
        tasks.append([row[k] for k in TASK_KEYS])
    narrative = wb.create_sheet("narrative")
    for key, label in (
        ("results", _("Results achieved")),
        ("difficulties", _("Difficulties and recommendations")),
        ("next_tasks", _("Tasks for the next period")),
    ):
        narrative.append([key, str(label), data["narrative"][key]])
    for sheet in (kpis, tasks):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
