"""The one place that decides who may do what to which unit's data (CONVENTIONS §4).

Rules, in order:

* Rights come only from `Membership` rows (user, unit, role) active today. A role grants a
  set of `Action`s either on its unit alone or on the unit's whole subtree (`Role.scope`).
* History belongs to successors: for reading actions (view, audit) a user who may read a
  unit may also read every unit that was merged or split into it (`UnitLineage`), and the
  subtrees of those, so a 2024 figure of a former commune stays visible to its successor.
* Rows shared with other units: a model may name `shared_unit_lookups` (a task's
  co-ordinating units, a report's reviewing agency; resolved to an id list once per request)
  or `shared_unit_columns` (unit columns of the row itself, e.g. a dossier's receiving and
  return unit; ORed into the filter). Those units may VIEW the row; every other action
  still follows `unit_lookup` alone.
* Superusers (the technical operator) may do everything.
* Everything else is refused, and a refusal looks exactly like a missing row: `Http404`.

Results are cached on the user object, which Django builds once per request; services that
change memberships call `clear_cache(user)`.
"""

from __future__ import annotations

import functools
import operator
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from tinhso.units.models import Unit, UnitLineage

from .enums import Action
from .models import Membership
from .querysets import ScopedQuerySet

__all__ = [
    "AccessDenied",
    "Action",
    "ScopedQuerySet",
    "can",
    "clear_cache",
    "get_for_user_or_404",
    "require",
    "scope",
    "unit_ids_for",
]

M = TypeVar("M", bound=Model)

# Reading actions extend to predecessor units (history follows the successor).
HISTORY_ACTIONS = frozenset({Action.VIEW, Action.AUDIT})
_CACHE_ATTR = "_tinhso_unit_ids"
_SHARED_CACHE_ATTR = "_tinhso_shared_ids"
_ROWS_ATTR = "_tinhso_memberships"
# Lineage chains are short (one reform per decade); the bound only guards bad data.
_MAX_LINEAGE_STEPS = 10


class AccessDenied(Http404):
    """Raised when an action is refused; an `Http404`, so callers answer "not found"."""


def clear_cache(user: Any) -> None:
    """Forget the cached unit sets of `user` (after its memberships changed)."""
    for attr in (_CACHE_ATTR, _SHARED_CACHE_ATTR, _ROWS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def unit_ids_for(user: Any, action: Action | str) -> frozenset[int]:
    """Ids of the units on which `user` may perform `action`, cached for the request."""
    action = Action(action)
    cache: dict[Action, frozenset[int]] | None = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        # Anonymous users are a shared singleton-like object: never cache on them.
        if getattr(user, "is_authenticated", False):
            setattr(user, _CACHE_ATTR, cache)
    if action not in cache:
        cache[action] = _compute_unit_ids(user, action)
    return cache[action]


def _compute_unit_ids(user: Any, action: Action) -> frozenset[int]:
    # No identity, or a disabled account: no units at all.
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    # The technical superuser may act on every unit.
    if getattr(user, "is_superuser", False):
        return frozenset(Unit.objects.values_list("pk", flat=True))
    rows = _membership_rows(user)
    unit_ids: set[int] = set()
    subtree_paths: list[str] = []
    for unit_id, path, actions, role_scope in rows:
        # A role that does not grant this action contributes nothing.
        if action.value not in (actions or []):
            continue
        # A unit whose path is not set yet (mid-save) must never widen to "every path":
        # it is treated as unit-only.
        if not path:
            unit_ids.add(unit_id)
        # A subtree role reaches every unit whose path starts with this unit's path.
        elif role_scope == "subtree":
            subtree_paths.append(path)
        # A unit-only role reaches just its unit.
        else:
            unit_ids.add(unit_id)
    unit_ids |= _subtree_ids(subtree_paths)
    # Reading history: add predecessors (and their subtrees) of every reachable unit.
    if action in HISTORY_ACTIONS and unit_ids:
        unit_ids |= _predecessor_ids(unit_ids)
    return frozenset(unit_ids)


def _membership_rows(user: Any) -> list[tuple[Any, ...]]:
    """The user's active memberships, read once per request for every action."""
    rows: list[tuple[Any, ...]] | None = getattr(user, _ROWS_ATTR, None)
    if rows is None:
        rows = list(
            Membership.objects.active()
            .filter(user=user)
            .values_list("unit_id", "unit__path", "role__actions", "role__scope")
        )
        # Only reached for authenticated, active users (see `_compute_unit_ids`).
        setattr(user, _ROWS_ATTR, rows)
    return rows


def _subtree_ids(paths: list[str]) -> set[int]:
    paths = [p for p in paths if p]  # an empty path would match every unit
    if not paths:
        return set()
    condition = functools.reduce(operator.or_, (Q(path__startswith=p) for p in set(paths)))
    return set(Unit.objects.filter(condition).values_list("pk", flat=True))


def _descendant_ids(unit_ids: set[int]) -> set[int]:
    """All units below `unit_ids`, one indexed `parent_id IN (…)` query per tree level.

    Used for predecessors: hundreds of former communes are leaves, so walking down by
    parent is far cheaper than one `path LIKE` per predecessor.
    """
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        children = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = children - found - unit_ids
        found |= frontier
    return found


def _predecessor_ids(unit_ids: set[int]) -> set[int]:
    found: set[int] = set()
    frontier = set(unit_ids)
    for _step in range(_MAX_LINEAGE_STEPS):
        links = UnitLineage.objects.filter(successor_id__in=frontier).values_list(
            "predecessor_id", flat=True
        )
        new_links = {pk for pk in links if pk not in found and pk not in unit_ids}
        # Nothing new: the history is complete.
        if not new_links:
            break
        # A merged province brings its former districts and communes with it, and each of
        # those may have predecessors of its own: together they form the next frontier.
        reached = new_links | _descendant_ids(new_links)
        frontier = reached - found - unit_ids
        found |= frontier
    return found


def can(user: Any, action: Action | str, unit: Unit | int | None) -> bool:
    """True when `user` may perform `action` on `unit` (a Unit or its id)."""
    if unit is None:
        return False
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return unit_id in unit_ids_for(user, action)


def require(user: Any, action: Action | str, unit: Unit | int | None) -> None:
    """Refuse (as "not found") unless `user` may perform `action` on `unit`."""
    if not can(user, action, unit):
        raise AccessDenied("No such object.")


def scope(queryset: QuerySet[M], user: Any, action: Action | str) -> QuerySet[M]:
    """Filter `queryset` to rows whose unit (via the model's `unit_lookup`) `user` may act on."""
    lookup = getattr(queryset.model, "unit_lookup", None)
    if lookup is None:
        raise TypeError(f"{queryset.model.__name__} declares no unit_lookup")
    field = f"{lookup}__in" if lookup else "pk__in"
    unit_ids = unit_ids_for(user, action)
    condition = Q(**{field: unit_ids})
    columns = getattr(queryset.model, "shared_unit_columns", ())
    # Only reading reaches the units a row is shared with (ADR-0010). Columns on the row
    # itself (a dossier's receiving and return unit) are indexed: ORed in directly.
    if columns and Action(action) == Action.VIEW:
        for column in columns:
            condition |= Q(**{f"{column}__in": unit_ids})
    shared = getattr(queryset.model, "shared_unit_lookups", ())
    # Only reading reaches the units a row is shared with (ADR-0010).
    if shared and Action(action) == Action.VIEW:
        extra = _shared_ids(user, queryset.model, field, shared, unit_ids)
        # The rows reached only through sharing are few (a commune's co-ordinated tasks, the
        # reports an agency reviews): an id list keeps the main filter on an index.
        if extra:
            condition |= Q(pk__in=extra)
    return queryset.filter(condition)


def _shared_ids(
    user: Any,
    model: type[Model],
    field: str,
    shared: tuple[str, ...],
    unit_ids: frozenset[int],
) -> frozenset[int]:
    """Ids of `model` rows that `user` reaches only through `shared` lookups (cached)."""
    cache: dict[str, frozenset[int]] | None = getattr(user, _SHARED_CACHE_ATTR, None)
    if cache is None:
        cache = {}
        # Never cache on the shared anonymous object.
        if getattr(user, "is_authenticated", False):
            setattr(user, _SHARED_CACHE_ATTR, cache)
    key = model._meta.label
    if key not in cache:
        found: set[int] = set()
        manager = model._default_manager
        for lookup in shared:
            # "first hop is set" lets the database start from the few shared rows (an
            # index on parent_id) instead of testing every row against the unit list.
            first_hop = lookup.split("__")[0]
            rows = manager.filter(
                **{f"{first_hop}__isnull": False, f"{lookup}__in": unit_ids}
            ).exclude(**{field: unit_ids})
            found.update(rows.values_list("pk", flat=True))
        cache[key] = frozenset(found)
    return cache[key]


def get_for_user_or_404(
    model_or_qs: type[M] | QuerySet[M], user: Any, action: Action | str, **lookup: Any
) -> M:
    """The one object matching `lookup` that `user` may act on; `Http404` otherwise."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    try:
        return scope(qs, user, action).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise AccessDenied("No such object.") from exc
