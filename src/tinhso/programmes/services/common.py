"""Shared field lists and guards for the programme write services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, unit_ids_for
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.units.models import Unit

PLAN_FIELDS: tuple[str, ...] = (
    "title",
    "implements",
    "parent",
    "catalogue",
    "period_start",
    "period_end",
    "status",
    "is_illustrative",
    "source_note",
)
TARGET_FIELDS: tuple[str, ...] = (
    "key",
    "code",
    "text",
    "group",
    "indicator",
    "unit_of_measure",
    "direction",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "value_text",
    "vision_value",
    "vision_text",
    "lead_unit",
    "source_document",
    "is_illustrative",
    "source_note",
    "sort_order",
)
_TARGET_COPY = [f for f in TARGET_FIELDS if f != "group"]


def _reject_nul(values: Mapping[str, Any]) -> None:
    """Refuse text with NUL characters (PostgreSQL cannot store them) as a field error."""
    bad = sorted(k for k, v in values.items() if isinstance(v, str) and "\x00" in v)
    if bad:
        raise ValidationError(dict.fromkeys(bad, _("Null characters are not allowed.")))


def _stale(what: str) -> ConcurrentEditError:
    return ConcurrentEditError(
        _(
            "Someone else saved this %(what)s after you opened it. Reload the page, check "
            "their changes and enter yours again."
        )
        % {"what": what}
    )


def _unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    _reject_nul(data)
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be set here.")))


# ---------------------------------------------------------------------------------------
# Catalogues


def _require_catalogue_right(actor: Any) -> None:
    if getattr(actor, "is_superuser", False):
        return
    ids = unit_ids_for(actor, Action.MANAGE)
    if not Unit.objects.filter(pk__in=ids, level__code="province").exists():
        raise AccessDenied("No such object.")
