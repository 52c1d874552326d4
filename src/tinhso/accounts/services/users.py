"""Users and memberships: create, update, (de)activate, passwords, grant and end roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts import access
from tinhso.accounts.access import AccessDenied, Action, require
from tinhso.accounts.models import Membership, Role, User
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.units.models import Unit

from .common import (
    MEMBERSHIP_AUDIT_FIELDS,
    USER_AUDIT_FIELDS,
    USER_EDITABLE_FIELDS,
    generate_password,
    manage_user,
    own_unit_id,
    require_current,
    require_grant,
    resolve_role,
    resolve_unit,
    save_with_audit,
    user_after,
    user_field_errors,
    username_taken,
)


@dataclass(frozen=True)
class CreatedUser:
    """A new account; `password` is the generated initial password, shown once (or None)."""

    user: User
    membership: Membership
    password: str | None


def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    position: str = "",
    unit: Unit | int,
    role: Role | str | int,
    password: str | None = None,
) -> CreatedUser:
    """Create an account and its first membership (`role` in `unit`, from today).

    Action: MANAGE on `unit`, and the right to grant `role` there (module docstring).
    Without `password` a random one is generated and returned once. Either way the user
    must change it at first sign-in. Side effects: one User, one Membership, one audit
    row. Errors: AccessDenied; ValidationError (username taken, bad e-mail or phone,
    closed unit, role too strong, weak password).
    """
    unit = resolve_unit(unit)
    require(actor, Action.MANAGE, unit)
    role = resolve_role(role)
    require_current(unit)
    require_grant(actor, role, unit)
    user = User(
        username=User.normalize_username(username.strip()),
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        position=position.strip(),
        must_change_password=True,
    )
    errors = user_field_errors(user)
    if user.username and "username" not in errors and username_taken(user.username):
        errors["username"] = [_("This username is already taken.")]
    generated = not password
    clear = generate_password() if generated else str(password)
    if not generated:
        try:
            validate_password(clear, user)
        except ValidationError as exc:
            errors["password"] = [str(m) for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    user.set_password(clear)
    try:
        with transaction.atomic():
            user.save()
            membership = Membership(
                user=user, unit=unit, role=role, valid_from=timezone.localdate()
            )
            membership.full_clean()
            membership.save()
            audit_record(
                actor=actor,
                action="create",
                obj=user,
                unit=unit,
                after=user_after(user, membership={"unit": unit.code, "role": role.code}),
            )
    except IntegrityError as exc:  # a concurrent request took the username
        raise ValidationError({"username": _("This username is already taken.")}) from exc
    access.clear_cache(user)
    return CreatedUser(user=user, membership=membership, password=clear if generated else None)


def user_update(*, actor: Any, user: User, data: dict[str, Any], version: int) -> User:
    """Change profile fields (`full_name`, `email`, `phone`, `position`, `is_active`).

    Action: MANAGE on one of the user's units (see selectors). `version` must be the one
    the actor saw. Side effects: saves the user (version + 1) and one audit row with the
    changed values; nothing when nothing changed. Errors: AccessDenied; ConcurrentEditError;
    ValidationError (unknown field, bad values, deactivating oneself).
    """
    unit_id = manage_user(actor, user)
    unknown = sorted(set(data) - set(USER_EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({k: _("This field cannot be changed here.") for k in unknown})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                _("Someone else changed this account meanwhile. Reload the page and try again.")
            )
        before = audit_snapshot(locked, USER_AUDIT_FIELDS)
        for name, value in data.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        if locked.pk == actor.pk and not locked.is_active:
            raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
        errors = user_field_errors(locked)
        if errors:
            raise ValidationError(errors)
        if audit_snapshot(locked, USER_AUDIT_FIELDS) == before:
            return locked
        locked.version += 1
        save_with_audit(locked, actor=actor, unit=unit_id, before=before, fields=USER_AUDIT_FIELDS)
    return locked


def user_set_active(*, actor: Any, user: User, is_active: bool) -> User:
    """Activate or deactivate an account (a deactivated account cannot sign in or use tokens).

    Action: MANAGE on one of the user's units. Side effects: saves the user and one audit
    row (nothing when unchanged). Errors: AccessDenied; ValidationError (oneself).
    """
    unit_id = manage_user(actor, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active == is_active:
            return locked
        if locked.pk == actor.pk:
            raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
        before = audit_snapshot(locked, USER_AUDIT_FIELDS)
        locked.is_active = is_active
        locked.version += 1
        save_with_audit(
            locked,
            actor=actor,
            unit=unit_id,
            before=before,
            fields=USER_AUDIT_FIELDS,
            update_fields=["is_active", "version"],
        )
    return locked


def user_set_password(*, actor: Any, user: User, password: str | None = None) -> str:
    """An administrator's password reset; returns the new password (generated if none).

    Action: MANAGE on one of the user's units; not for one's own account (use the
    password-change page). The user must change it at next sign-in, and any sign-in
    lockout of the username is lifted. Side effects: saves the user, one audit row (never
    the password). Errors: AccessDenied; ValidationError (own account, weak password).
    """
    unit_id = manage_user(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(
            {"password": _("Change your own password on the password-change page.")}
        )
    clear = password or generate_password()
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = audit_snapshot(locked, USER_AUDIT_FIELDS)
        locked.set_password(clear)
        locked.must_change_password = True
        locked.version += 1
        save_with_audit(
            locked,
            actor=actor,
            unit=unit_id,
            before=before,
            fields=USER_AUDIT_FIELDS,
            update_fields=["password", "must_change_password", "version"],
            message=_("Password reset by an administrator."),
        )
    _reset_lockout(locked.username)
    return clear


def _reset_lockout(username: str) -> None:
    from axes.utils import reset

    reset(username=username)


def user_change_own_password(*, actor: Any, old_password: str, new_password: str) -> None:
    """The signed-in user changes their own password (no Action: it is their own account).

    Clears `must_change_password`. Side effects: saves the user, one audit row (never the
    password). Errors: ValidationError (`old_password` wrong; `new_password` weak or
    unchanged).
    """
    if not getattr(actor, "is_authenticated", False):
        raise AccessDenied("No such object.")
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": _("Your current password is not correct.")})
    if new_password == old_password:
        raise ValidationError(
            {"new_password": _("The new password must differ from the current one.")}
        )
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    with transaction.atomic():
        before = audit_snapshot(actor, USER_AUDIT_FIELDS)
        actor.set_password(new_password)
        actor.must_change_password = False
        actor.version += 1
        save_with_audit(
            actor,
            actor=actor,
            unit=own_unit_id(actor),
            before=before,
            fields=USER_AUDIT_FIELDS,
            update_fields=["password", "must_change_password", "version"],
            message=_("Password changed by its owner."),
        )


# --- memberships ---------------------------------------------------------------------


def membership_create(
    *,
    actor: Any,
    user: User,
    unit: Unit | int,
    role: Role | str | int,
    valid_from: Any = None,
    valid_to: Any = None,
) -> Membership:
    """Give `user` `role` in `unit` from `valid_from` (default today) to `valid_to`.

    Action: MANAGE on `unit`, the right to grant `role` there, and the user must be one
    the actor manages. An ended membership with the same unit and role is reopened rather
    than duplicated. Side effects: one Membership created or updated, one audit row, the
    user's cached rights forgotten. Errors: AccessDenied; ValidationError (closed unit,
    role too strong, already held, dates out of order).
    """
    unit = resolve_unit(unit)
    require(actor, Action.MANAGE, unit)
    manage_user(actor, user)
    role = resolve_role(role)
    require_current(unit)
    require_grant(actor, role, unit)
    valid_from = valid_from or timezone.localdate()
    if valid_to is not None and valid_to <= valid_from:
        raise ValidationError({"valid_to": _("The end date must be after the start date.")})
    with transaction.atomic():
        existing = (
            Membership.objects.select_for_update().filter(user=user, unit=unit, role=role).first()
        )
        if existing is not None and not existing.has_ended:
            raise ValidationError({"role": _("The user already holds this role in this unit.")})
        membership = existing or Membership(user=user, unit=unit, role=role)
        before = audit_snapshot(membership, MEMBERSHIP_AUDIT_FIELDS) if existing else None
        membership.valid_from = valid_from
        membership.valid_to = valid_to
        membership.full_clean(validate_unique=existing is None)
        membership.save()
        audit_record(
            actor=actor,
            action="update" if existing else "create",
            obj=membership,
            before=before,
            after=audit_snapshot(membership, MEMBERSHIP_AUDIT_FIELDS),
            message=_("Membership reopened.") if existing else "",
        )
    _forget_rights(actor, user)
    return membership


def membership_end(*, actor: Any, membership: Membership, valid_to: Any = None) -> Membership:
    """End a membership today (or on `valid_to`, exclusive): it grants nothing from then.

    Action: MANAGE on the membership's unit. A membership that had not started yet ends
    before it starts. Side effects: sets `valid_to`, one audit row, the member's cached
    rights forgotten. Errors: AccessDenied; ValidationError (already ended).
    """
    require(actor, Action.MANAGE, membership.unit_id)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.has_ended:
            raise ValidationError({"valid_to": _("This membership has already ended.")})
        end = valid_to or timezone.localdate()
        if locked.valid_from is not None and end < locked.valid_from:
            end = locked.valid_from
        before = audit_snapshot(locked, MEMBERSHIP_AUDIT_FIELDS)
        locked.valid_to = end
        locked.full_clean(validate_unique=False)
        save_with_audit(
            locked,
            actor=actor,
            before=before,
            fields=MEMBERSHIP_AUDIT_FIELDS,
            update_fields=["valid_to"],
            message=_("Membership ended."),
        )
    _forget_rights(actor, membership.user)
    return locked


def _forget_rights(actor: Any, member: User) -> None:
    access.clear_cache(member)
    if member.pk == getattr(actor, "pk", None):
        access.clear_cache(actor)
