"""Read use-cases for users, memberships, roles and the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Membership


def membership_list_of_user(*, user: Any) -> QuerySet[Membership]:
    """The signed-in user's own active memberships (no Action needed: it is their own)."""
    return (
        Membership.objects.active()
        .filter(user_id=user.pk)
        .select_related("unit", "unit__level", "unit__parent", "role")
        .order_by("unit__path")
    )
