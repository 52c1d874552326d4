"""Filter vocabulary for units: validity on a date, levels, subtrees, text search."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from tinhso.core.text import fold

if TYPE_CHECKING:
    from .models import Unit


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        """Units that existed on `day` (valid_from ≤ day < valid_to; open ends count)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        )

    def current(self) -> UnitQuerySet:
        """Units that have not been closed."""
        return self.filter(valid_to__isnull=True)

    def closed(self) -> UnitQuerySet:
        return self.filter(valid_to__isnull=False)

    def of_level(self, *codes: str) -> UnitQuerySet:
        return self.filter(level__code__in=codes)

    def in_province(self, province_code: str) -> UnitQuerySet:
        return self.filter(province_code=province_code)

    def subtree_of(self, unit: Unit, *, include_self: bool = True) -> UnitQuerySet:
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def search(self, text: str) -> UnitQuerySet:
        """Name or code search that ignores diacritics and case ("bien hoa" finds Biên Hòa)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(code=text) | Q(search_text__contains=fold(text)))

    def with_related(self) -> UnitQuerySet:
        return self.select_related("level", "parent")

    def annotate_children(self) -> Any:
        return self.annotate(child_count=models.Count("children", distinct=True))
