"""API shapes of accounts: users, memberships, roles, tokens and audit entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class RoleOut(Schema):
    id: int
    code: str
    name: str
    description: str
    actions: list[str]
    scope: str


class UnitRef(Schema):
    id: int
    code: str
    name: str
    level: str

    @staticmethod
    def resolve_level(obj: Any) -> str:
        return str(obj.level.code)


class MembershipOut(Schema):
    id: int
    user_id: int
    unit: UnitRef
    role: RoleOut
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_active: bool


class UserBaseOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    phone: str
    position: str
    is_active: bool
    must_change_password: bool
    version: int
    date_joined: dt.datetime
    last_login: dt.datetime | None


class UserOut(UserBaseOut):
    """A user with their not-ended memberships in the units the caller manages."""

    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: Any) -> list[Any]:
        return list(getattr(obj, "managed_memberships", []))


class MeOut(Schema):
    user: UserBaseOut
    memberships: list[MembershipOut]


class UserFilter(Schema):
    q: str | None = None
    unit: int | None = None
    role: str | None = None
    active: bool | None = None


class UserCreateIn(Schema):
    username: str
    full_name: str
    email: str = ""
    phone: str = ""
    position: str = ""
    unit_id: int
    role: str
    password: str | None = None


class UserCreatedOut(Schema):
    user: UserOut
    initial_password: str | None


class UserPatchIn(Schema):
    version: int
    full_name: str | None = None
    email: str | None = None
    phone: str | None = None
    position: str | None = None
    is_active: bool | None = None


class MembershipCreateIn(Schema):
    unit_id: int
    role: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class TokenCreateIn(Schema):
    user_id: int
    name: str
    scopes: list[str]
    expires_at: dt.datetime | None = None


class TokenOut(Schema):
    id: int
    user_id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class AuditFilter(Schema):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: int | None = None
    unit: int | None = None
    action: str | None = None
    object_type: str | None = None
    q: str | None = None


class AuditEntryOut(Schema):
    id: int
    timestamp: dt.datetime
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    unit_id: int | None
    unit_name: str | None
    before: Any
    after: Any
    message: str
    request_id: str

    @staticmethod
    def resolve_unit_name(obj: Any) -> str | None:
        return obj.unit.name if obj.unit_id else None
