"""`ScopedQuerySet`: the base queryset of every unit-owned model (re-exported by access.py)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from .enums import Action

M = TypeVar("M", bound=Model)


class ScopedQuerySet(QuerySet[M]):
    """`Model.objects.for_user(user, action)` is the single filter for unit-owned rows."""

    def for_user(self, user: Any, action: Action | str = Action.VIEW) -> QuerySet[M]:
        # Imported here: access.py imports the models, whose managers use this class.
        from .access import scope

        return scope(self, user, action)
