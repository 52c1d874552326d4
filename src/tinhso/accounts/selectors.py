"""Read use-cases for users, memberships, roles, API tokens and the audit log.

Who may see a user account: an actor sees the accounts they may *manage*. A user is
manageable by an actor when the user holds a not-yet-ended membership (in force today or
starting later) in a unit the actor may `MANAGE`. A user whose memberships have all ended
stays with the unit of their last membership, so an administrator can still reactivate or
re-assign an official they have just removed; an official who moved on to another unit is
no longer reachable by the former unit's administrator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from tinhso.audit.models import AuditEntry
from tinhso.core.text import fold
from tinhso.units.models import Unit

from . import audit_display
from .access import AccessDenied, Action, scope, unit_ids_for
from .models import ApiToken, Membership, Role, User


def _manageable_users(user: Any) -> QuerySet[User]:
    """Users the actor may manage (see the module docstring). Action: MANAGE."""
    unit_ids = unit_ids_for(user, Action.MANAGE)
    if not unit_ids:
        return User.objects.none()
    current_in_reach = Membership.objects.not_ended().filter(
        user_id=OuterRef("pk"), unit_id__in=unit_ids
    )
    any_current = Membership.objects.not_ended().filter(user_id=OuterRef("pk"))
    last_unit = (
        Membership.objects.filter(user_id=OuterRef("pk"))
        .order_by(F("valid_to").desc(nulls_first=True), "-pk")
        .values("unit_id")[:1]
    )
    return User.objects.annotate(last_unit_id=Subquery(last_unit)).filter(
        Q(Exists(current_in_reach)) | (~Q(Exists(any_current)) & Q(last_unit_id__in=unit_ids))
    )


def _managed_memberships(user: Any) -> QuerySet[Membership]:
    """Not-ended memberships in units the actor manages, with what the pages show."""
    return (
        Membership.objects.not_ended()
        .filter(unit_id__in=unit_ids_for(user, Action.MANAGE))
        .select_related("unit", "unit__level", "role")
        .order_by("unit__path", "role__sort_order", "pk")
    )


def user_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[User]:
    """Accounts `user` may manage, with their memberships in the managed units prefetched.

    Action: MANAGE (see the module docstring for the rule). Filters: `q` (name, username,
    e-mail or position, diacritics ignored), `unit` (a unit id: members of that unit or any
    unit under it, among the managed units), `role` (a Role, its id or its code),
    `active` (bool).
    Each user carries `managed_memberships` (list). No side effects, no errors.
    """
    filters = filters or {}
    qs = _manageable_users(user)
    text = str(filters.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(search_text__contains=fold(text)) | Q(username__iexact=text))
    membership_filter = Q()
    unit = filters.get("unit")
    if unit:
        unit_id = unit.pk if isinstance(unit, Unit) else unit
        path = Unit.objects.filter(pk=unit_id).values("path")[:1]
        membership_filter &= Q(unit__path__startswith=Subquery(path))
    role = filters.get("role")
    if isinstance(role, Role):
        membership_filter &= Q(role_id=role.pk)
    elif isinstance(role, str) and role:
        membership_filter &= Q(role__code=role)
    elif role:
        membership_filter &= Q(role_id=role)
    if unit or role:
        matching = (
            Membership.objects.not_ended()
            .filter(membership_filter, user_id=OuterRef("pk"))
            .filter(unit_id__in=unit_ids_for(user, Action.MANAGE))
        )
        qs = qs.filter(Exists(matching))
    active = filters.get("active")
    if active is not None and active != "":
        qs = qs.filter(is_active=bool(active))
    return _with_memberships(qs, user).order_by("full_name", "username", "pk")


def _with_memberships(qs: QuerySet[User], user: Any) -> QuerySet[User]:
    return qs.prefetch_related(
        Prefetch("memberships", queryset=_managed_memberships(user), to_attr="managed_memberships")
    )


def user_get(*, user: Any, pk: int) -> User:
    """One account `user` may manage, with `managed_memberships`. Action: MANAGE.

    `AccessDenied` (404) otherwise.
    """
    found = _with_memberships(_manageable_users(user).filter(pk=pk), user).first()
    if found is None:
        raise AccessDenied("No such object.")
    return found


def user_managing_unit_id(*, user: Any, target: User) -> int | None:
    """The unit through which `user` manages `target` (for audit rows), or None.

    The first (in tree order) not-ended membership of `target` in a managed unit; failing
    that, the unit of its most recent ended membership if managed. Action: MANAGE.
    """
    unit_ids = unit_ids_for(user, Action.MANAGE)
    rows = list(
        Membership.objects.filter(user_id=target.pk)
        .order_by("unit__path", "pk")
        .values_list("pk", "unit_id", "valid_to")
    )
    today = timezone.localdate()
    current = [unit_id for _pk, unit_id, valid_to in rows if valid_to is None or valid_to > today]
    if current:
        return next((u for u in current if u in unit_ids), None)
    if not rows:
        return None
    # The same "last membership" as `_manageable_users`: latest end, then newest row.
    _pk, last_unit, _end = max(rows, key=lambda r: (r[2] or dt.date.max, r[0]))
    return int(last_unit) if last_unit in unit_ids else None


def manageable_unit_list(*, user: Any) -> QuerySet[Unit]:
    """Current units `user` may MANAGE, in tree order: where accounts may be created."""
    return (
        scope(Unit.objects.current(), user, Action.MANAGE)
        .select_related("level", "parent")
        .order_by("path")
    )


def audit_unit_list(*, user: Any) -> QuerySet[Unit]:
    """Current units whose audit log `user` may read (Action: AUDIT), in tree order."""
    return (
        scope(Unit.objects.current(), user, Action.AUDIT)
        .select_related("level", "parent")
        .order_by("path")
    )


def membership_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Membership]:
    """Memberships in units `user` may MANAGE. Filters: `user` (the member, or its id),
    `unit` (id), `role` (Role or id), `current` (True: not ended; False: ended only).
    No side effects, no errors.
    """
    filters = filters or {}
    qs = Membership.objects.for_user(user, Action.MANAGE)
    member = filters.get("user")
    if member:
        qs = qs.filter(user_id=member.pk if isinstance(member, User) else member)
    if filters.get("unit"):
        qs = qs.filter(unit_id=filters["unit"])
    role = filters.get("role")
    if role:
        qs = qs.filter(role_id=role.pk if isinstance(role, Role) else role)
    current = filters.get("current")
    today = timezone.localdate()
    if current is True:
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
    elif current is False:
        qs = qs.filter(valid_to__lte=today)
    return qs.select_related("user", "unit", "unit__level", "role").order_by(
        "user__full_name", "unit__path", "role__sort_order", "pk"
    )


def membership_get(*, user: Any, pk: int) -> Membership:
    """One membership in a unit `user` may MANAGE; `AccessDenied` (404) otherwise."""
    found = membership_list(user=user).filter(pk=pk).first()
    if found is None:
        raise AccessDenied("No such object.")
    return found


def membership_list_of_user(*, user: Any) -> QuerySet[Membership]:
    """The signed-in user's own active memberships (no Action needed: it is their own)."""
    return (
        Membership.objects.active()
        .filter(user_id=user.pk)
        .select_related("unit", "unit__level", "unit__parent", "role")
        .order_by("unit__path", "role__sort_order", "pk")
    )


def role_list() -> QuerySet[Role]:
    """Every role, in display order. Roles are not secret: no Action needed."""
    return Role.objects.order_by("sort_order", "code")


@dataclass(frozen=True)
class Me:
    """The signed-in user and their memberships in force today."""

    user: User
    memberships: list[Membership]


def me(*, user: Any) -> Me:
    """The signed-in user with their active memberships (own data: no Action needed)."""
    return Me(user=user, memberships=list(membership_list_of_user(user=user)))


def api_token_list(*, user: Any, owner: User) -> QuerySet[ApiToken]:
    """API tokens of `owner`: for `owner` themself, or for someone who manages `owner`.

    Action: MANAGE on one of the owner's units (own tokens need none). `AccessDenied`
    otherwise.
    """
    if owner.pk != user.pk:
        user_get(user=user, pk=owner.pk)
    return ApiToken.objects.filter(user_id=owner.pk).order_by("-created_at", "-pk")


def api_token_get(*, user: Any, pk: int) -> ApiToken:
    """One token: `user`'s own, or one of a user `user` manages; `AccessDenied` otherwise."""
    token = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if token is None:
        raise AccessDenied("No such object.")
    if token.user_id != user.pk:
        user_get(user=user, pk=token.user_id)
    return token


def audit_entry_list(
    *, user: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[AuditEntry]:
    """Audit rows of the units whose log `user` may read (Action: AUDIT), newest first.

    Filters: `date_from`/`date_to` (dates, inclusive, local time), `actor` (a user id, or
    text matched against the actor's name and username), `unit` (id: that unit and every
    unit under it), `action`, `object_type` (e.g. "accounts.User"), `q` (object, note).
    Rows without a unit (system jobs) are visible to nobody here. No side effects.
    """
    filters = filters or {}
    qs = scope(AuditEntry.objects.all(), user, Action.AUDIT)
    tz = timezone.get_current_timezone()
    date_from = filters.get("date_from")
    if date_from:
        qs = qs.filter(timestamp__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    date_to = filters.get("date_to")
    if date_to:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        qs = qs.filter(timestamp__lt=end)
    actor = filters.get("actor")
    if isinstance(actor, User):
        qs = qs.filter(actor_id=actor.pk)
    elif isinstance(actor, int):
        qs = qs.filter(actor_id=actor)
    elif isinstance(actor, str) and actor.strip():
        text = actor.strip()
        qs = qs.filter(Q(actor_name__icontains=text) | Q(actor__username__iexact=text))
    unit = filters.get("unit")
    if unit:
        unit_id = unit.pk if isinstance(unit, Unit) else unit
        path = Unit.objects.filter(pk=unit_id).values("path")[:1]
        qs = qs.filter(unit__path__startswith=Subquery(path))
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=str(filters["object_id"]))
    text = str(filters.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(object_repr__icontains=text) | Q(message__icontains=text) | Q(object_id=text)
        )
    return qs.select_related("unit").order_by("-timestamp", "-id")


def audit_related_names(*, entries: Iterable[AuditEntry]) -> dict[tuple[str, int], str]:
    """Names of the rows that audit values refer to by id (a membership's unit, role…).

    One query per referenced model for a whole page of entries. The entries were already
    scoped by `audit_entry_list`; names of units, roles and users are not secret to an
    auditor of those entries. No side effects.
    """
    names: dict[tuple[str, int], str] = {}
    for label, ids in audit_display.related_targets(entries).items():
        model = apps.get_model(label)
        for obj in model._default_manager.filter(pk__in=ids):
            names[(label, obj.pk)] = str(obj)
    return names
