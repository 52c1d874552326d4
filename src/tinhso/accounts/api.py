"""API routes of accounts (mounted at /api/v1/ in tinhso/api.py).

Reads need the token scope `accounts:read`, writes `accounts:write` (session users are not
limited by scopes). Lists are paginated (`limit`, `offset` → `items`, `count`).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tinhso.core.pagination import LimitOffsetPagination

from . import selectors, services
from .auth import require_scope
from .schemas import (
    AuditEntryOut,
    AuditFilter,
    MembershipCreateIn,
    MembershipOut,
    MeOut,
    RoleOut,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    UserCreatedOut,
    UserCreateIn,
    UserFilter,
    UserOut,
    UserPatchIn,
)

router = Router(tags=["accounts"])

READ = "accounts:read"
WRITE = "accounts:write"


def _filters(schema: Any) -> dict[str, Any]:
    return {k: v for k, v in schema.dict().items() if v is not None}


@router.get("/me", response=MeOut, operation_id="get_me")
def get_me(request: HttpRequest) -> Any:
    """The caller and their memberships in force today (unit, role and its actions)."""
    require_scope(request, READ)
    me = selectors.me(user=request.auth)  # type: ignore[attr-defined]  # set by ninja auth
    return {"user": me.user, "memberships": me.memberships}


@router.get("/users", response=list[UserOut], operation_id="list_users")
@paginate(LimitOffsetPagination)
def list_users(request: HttpRequest, filters: Query[UserFilter]) -> Any:
    """Accounts the caller manages. Filters: q, unit (id, subtree), role (code), active."""
    require_scope(request, READ)
    return selectors.user_list(user=request.auth, filters=_filters(filters))  # type: ignore[attr-defined]  # set by ninja auth


@router.post("/users", response={201: UserCreatedOut}, operation_id="create_user")
def create_user(request: HttpRequest, payload: UserCreateIn, response: HttpResponse) -> Any:
    """Create an account with its first role; the generated password is returned once."""
    require_scope(request, WRITE)
    response["Cache-Control"] = "no-store"  # the body carries a password
    actor = request.auth  # type: ignore[attr-defined]  # set by ninja auth
    created = services.user_create(
        actor=actor,
        username=payload.username,
        full_name=payload.full_name,
        email=payload.email,
        phone=payload.phone,
        position=payload.position,
        unit=payload.unit_id,
        role=payload.role,
        password=payload.password,
    )
    user = selectors.user_get(user=actor, pk=created.user.pk)
    return Status(201, {"user": user, "initial_password": created.password})


@router.get("/users/{user_id}", response=UserOut, operation_id="get_user")
def get_user(request: HttpRequest, user_id: int) -> Any:
    require_scope(request, READ)
    return selectors.user_get(user=request.auth, pk=user_id)  # type: ignore[attr-defined]  # set by ninja auth


@router.patch("/users/{user_id}", response=UserOut, operation_id="update_user")
def update_user(request: HttpRequest, user_id: int, payload: UserPatchIn) -> Any:
    """Change profile fields; `version` must be the one read (409 when it changed)."""
    require_scope(request, WRITE)
    actor = request.auth  # type: ignore[attr-defined]  # set by ninja auth
    user = selectors.user_get(user=actor, pk=user_id)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    services.user_update(actor=actor, user=user, data=data, version=payload.version)
    return selectors.user_get(user=actor, pk=user_id)


@router.post(
    "/users/{user_id}/memberships",
    response={201: MembershipOut},
    operation_id="create_membership",
)
def create_membership(request: HttpRequest, user_id: int, payload: MembershipCreateIn) -> Any:
    """Give the user a role in a unit (from `valid_from`, default today)."""
    require_scope(request, WRITE)
    actor = request.auth  # type: ignore[attr-defined]  # set by ninja auth
    user = selectors.user_get(user=actor, pk=user_id)
    membership = services.membership_create(
        actor=actor,
        user=user,
        unit=payload.unit_id,
        role=payload.role,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
    )
    return Status(201, selectors.membership_get(user=actor, pk=membership.pk))


@router.delete(
    "/memberships/{membership_id}", response=MembershipOut, operation_id="end_membership"
)
def end_membership(request: HttpRequest, membership_id: int) -> Any:
    """End a membership today; the row stays as history."""
    require_scope(request, WRITE)
    actor = request.auth  # type: ignore[attr-defined]  # set by ninja auth
    membership = selectors.membership_get(user=actor, pk=membership_id)
    services.membership_end(actor=actor, membership=membership)
    return selectors.membership_get(user=actor, pk=membership_id)


@router.get("/roles", response=list[RoleOut], operation_id="list_roles")
@paginate(LimitOffsetPagination)
def list_roles(request: HttpRequest) -> Any:
    require_scope(request, READ)
    return selectors.role_list()


@router.post("/tokens", response={201: TokenCreatedOut}, operation_id="create_token")
def create_token(request: HttpRequest, payload: TokenCreateIn, response: HttpResponse) -> Any:
    """Issue a token acting as a user the caller manages; the secret is returned once."""
    require_scope(request, WRITE)
    response["Cache-Control"] = "no-store"  # the body carries the secret
    actor = request.auth  # type: ignore[attr-defined]  # set by ninja auth
    user = selectors.user_get(user=actor, pk=payload.user_id)
    created = services.api_token_create(
        actor=actor,
        user=user,
        name=payload.name,
        scopes=payload.scopes,
        expires_at=payload.expires_at,
    )
    return Status(201, {**TokenOut.from_orm(created.token).dict(), "token": created.secret})


@router.delete("/tokens/{token_id}", response=TokenOut, operation_id="revoke_token")
def revoke_token(request: HttpRequest, token_id: int) -> Any:
    require_scope(request, WRITE)
    actor = request.auth  # type: ignore[attr-defined]  # set by ninja auth
    token = selectors.api_token_get(user=actor, pk=token_id)
    return services.api_token_revoke(actor=actor, token=token)


@router.get("/audit", response=list[AuditEntryOut], operation_id="list_audit_entries")
@paginate(LimitOffsetPagination)
def list_audit_entries(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    """Audit rows of the units whose log the caller may read, newest first."""
    require_scope(request, READ)
    return selectors.audit_entry_list(user=request.auth, filters=_filters(filters))  # type: ignore[attr-defined]  # set by ninja auth
