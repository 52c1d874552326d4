"""The six-clarity ("6 rõ", spec §3) completeness check of a task.

A clarity is present when (codes stored in `Task.missing_clarities`, comma-separated):

| code             | present when                                                    |
| ---------------- | --------------------------------------------------------------- |
| `what`           | a title and (a plan group or a source document)                 |
| `who`            | a lead unit                                                     |
| `responsibility` | a responsible leader (person) or the leader's position          |
| `time`           | a deadline, a recurrence rule, or at least one milestone        |
| `product`        | product type, expected product and acceptance criterion         |
| `authority`      | assigning authority and approving authority                     |

Services recompute the codes on every save, so lists filter and count them in SQL.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CLARITIES: tuple[tuple[str, Any], ...] = (
    ("what", _("clear work")),
    ("who", _("clear people")),
    ("responsibility", _("clear responsibility")),
    ("time", _("clear time")),
    ("product", _("clear product")),
    ("authority", _("clear authority")),
)
CODES = tuple(code for code, _label in CLARITIES)
LABELS = dict(CLARITIES)


def missing_clarities(task: Any, *, has_milestones: bool | None = None) -> list[str]:
    """The codes of the clarities `task` lacks, in the order of `CLARITIES`.

    `has_milestones` avoids a query when the caller knows it (a new task has none).
    """
    if has_milestones is None:
        has_milestones = bool(task.pk) and task.milestones.exists()
    present = {
        "what": bool((task.title or "").strip())
        and (task.group_id is not None or task.source_document_id is not None),
        "who": task.lead_unit_id is not None,
        "responsibility": task.responsible_leader_id is not None
        or bool((task.responsible_title or "").strip()),
        "time": task.deadline is not None or bool(task.recurrence) or has_milestones,
        "product": bool(task.product_type)
        and bool((task.expected_product or "").strip())
        and bool((task.acceptance_criterion or "").strip()),
        "authority": bool((task.assigning_authority or "").strip())
        and task.approving_unit_id is not None,
    }
    return [code for code in CODES if not present[code]]


def encode(codes: list[str]) -> str:
    return ",".join(codes)


def decode(value: str) -> list[str]:
    return [code for code in (value or "").split(",") if code]


def missing_q(code: str) -> Q:
    """Rows missing clarity `code`, or any clarity when `code` is "any"."""
    if code == "any":
        return ~Q(missing_clarities="")
    if code not in CODES:
        raise ValueError(code)
    # Codes never contain one another, so a substring test is exact.
    return Q(missing_clarities__contains=code)


def labels_of(value: str) -> list[tuple[str, str]]:
    return [(code, str(LABELS[code])) for code in decode(value) if code in LABELS]
