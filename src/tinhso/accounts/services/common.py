"""Helpers shared by the account services: access, validation, passwords, granting."""

from __future__ import annotations

import bisect
import copy
import secrets
import string
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.hashers import (
    BasePasswordHasher,
    PBKDF2PasswordHasher,
    get_hasher,
)
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.accounts import selectors
from tinhso.accounts.access import AccessDenied, Action, require, unit_ids_for
from tinhso.accounts.models import Role, User
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.units.models import Unit

USER_AUDIT_FIELDS = [
    "username",
    "full_name",
    "email",
    "phone",
    "position",
    "is_active",
    "must_change_password",
    "version",
]
MEMBERSHIP_AUDIT_FIELDS = ["user", "unit", "role", "valid_from", "valid_to"]
TOKEN_AUDIT_FIELDS = ["user", "name", "prefix", "scopes", "expires_at", "revoked_at"]
# What `user_update` may change; the username is the identity and stays.
USER_EDITABLE_FIELDS = ("full_name", "email", "phone", "position", "is_active")

# Generated passwords: no look-alike characters (0/O, 1/l/I), 14 characters ≈ 81 bits.
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
GENERATED_PASSWORD_LENGTH = 14
# Work factor for generated one-time passwords in a bulk import (see `bulk_hasher`).
BULK_PBKDF2_ITERATIONS = 1_000

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 .\-]{5,18}$",
    message=gettext_lazy("Enter a phone number: digits, optionally spaces, dots or dashes."),
)


def generate_password() -> str:
    """A random password with upper case, lower case and digits, from `secrets`."""
    while True:
        password = "".join(
            secrets.choice(PASSWORD_ALPHABET) for _ in range(GENERATED_PASSWORD_LENGTH)
        )
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def bulk_hasher() -> BasePasswordHasher:
    """The configured hasher, at a lower work factor, for generated one-time passwords.

    Key stretching protects guessable human passwords; these are 81-bit random secrets,
    out of reach of brute force even at one hash per guess, so stretching them adds nothing
    that matters (1,000 iterations add another ten bits anyway). The configured
    PBKDF2 cost (1,000,000 iterations ≈ 0.2 s a hash) would make a 3,000-row import take
    ten minutes. The hash keeps the configured algorithm, so Django verifies it and, since
    its iteration count differs, re-hashes it at full cost on the first sign-in; the user
    must then choose a new password anyway. Other hashers are used as configured.
    """
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher) and hasher.iterations > BULK_PBKDF2_ITERATIONS:
        fast = copy.copy(hasher)
        fast.iterations = BULK_PBKDF2_ITERATIONS
        return fast
    return hasher


def resolve_unit(unit: Unit | int) -> Unit:
    """The unit object; an unknown id is refused exactly like a forbidden one."""
    if isinstance(unit, Unit):
        return unit
    found = Unit.objects.select_related("level").filter(pk=unit).first()
    if found is None:
        raise AccessDenied("No such object.")
    return found


def resolve_role(role: Role | str | int) -> Role:
    if isinstance(role, Role):
        return role
    lookup: dict[str, Any] = (
        {"pk": role} if isinstance(role, int) else {"code": str(role).strip().lower()}
    )
    found = Role.objects.filter(**lookup).first()
    if found is None:
        raise ValidationError({"role": _("Unknown role.")})
    return found


class GrantCheck:
    """Answers "may the actor give `role` on `unit`?" for many units with one query."""

    def __init__(self, actor: Any, units: Iterable[Unit]) -> None:
        self.actor = actor
        paths = sorted({u.path for u in units if u.path})
        prefix = common_path(paths)
        rows = (
            sorted(Unit.objects.filter(path__startswith=prefix).values_list("path", "pk"))
            if paths
            else []
        )
        self._paths = [p for p, _pk in rows]
        self._ids = [pk for _p, pk in rows]

    def _subtree(self, unit: Unit) -> list[int]:
        # Paths sharing a prefix are contiguous once sorted.
        lo = bisect.bisect_left(self._paths, unit.path)
        hi = bisect.bisect_left(self._paths, unit.path + "\uffff")
        return self._ids[lo:hi] or [unit.pk]

    def allowed(self, role: Role, unit: Unit) -> bool:
        for action in role.actions:
            if action not in Action.values:
                continue
            reach = unit_ids_for(self.actor, action)
            # The actor must hold the action on the unit itself.
            if unit.pk not in reach:
                return False
            # A subtree role reaches every unit below: the actor must reach them too.
            if role.scope == Role.Scope.SUBTREE and not set(self._subtree(unit)) <= reach:
                return False
        return True


def common_path(paths: Sequence[str]) -> str:
    """Longest common ancestor path of materialised paths ("/1/4/" and "/1/5/" → "/1/")."""
    if not paths:
        return "/"
    parts = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return "/" + "".join(f"{c}/" for c in common) if common else "/"


def require_grant(actor: Any, role: Role, unit: Unit) -> None:
    if not GrantCheck(actor, [unit]).allowed(role, unit):
        raise ValidationError(
            {"role": _("You cannot grant a role with more rights than you hold on this unit.")}
        )


def require_current(unit: Unit) -> None:
    if not unit.is_current:
        raise ValidationError({"unit": _("This unit has been closed.")})


def manage_user(actor: Any, target: User) -> int:
    """Refuse unless `actor` manages `target`; the managing unit id (for the audit row).

    The technical superuser account is managed only by superusers.
    """
    selectors.user_get(user=actor, pk=target.pk)
    unit_id = selectors.user_managing_unit_id(user=actor, target=target)
    require(actor, Action.MANAGE, unit_id)
    if target.is_superuser and not getattr(actor, "is_superuser", False):
        raise AccessDenied("No such object.")
    assert unit_id is not None  # require() refused None above
    return unit_id


def own_unit_id(user: User) -> int | None:
    """A unit for audit rows about a user's own account: their first membership's unit."""
    first = selectors.membership_list_of_user(user=user).first()
    return first.unit_id if first is not None else None


def username_taken(username: str, *, exclude_pk: int | None = None) -> bool:
    qs = User.objects.annotate(lower=Lower("username")).filter(lower=username.lower())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def user_field_errors(user: User) -> dict[str, list[str]]:
    """Field errors of an unsaved or changed user: model validation plus the phone rule."""
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, problems in exc.error_dict.items():
            errors[name] = [
                # Django's own wording ("Nhập địa chỉ email.") does not say what is wrong.
                str(_("Enter a valid e-mail address, e.g. ten@donvi.gov.vn."))
                if name == "email" and problem.code == "invalid"
                else " ".join(problem.messages)
                for problem in problems
            ]
    if user.phone:
        try:
            phone_validator(user.phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(str(m) for m in exc.messages)
    return errors


def user_after(user: User, **extra: Any) -> dict[str, Any]:
    return {**audit_snapshot(user, USER_AUDIT_FIELDS), **extra}


def save_with_audit(
    instance: models.Model,
    *,
    actor: Any,
    before: dict[str, Any],
    fields: list[str],
    update_fields: list[str] | None = None,
    unit: int | None = None,
    message: str = "",
) -> None:
    """Save a changed row and leave its one "update" audit row (`before` → now, on `fields`).

    The caller has locked the row, taken `before = audit_snapshot(row, fields)` and changed
    it (bumping `version` where the model has one), all inside its transaction. `unit`
    None lets the audit row find the object's own unit.
    """
    instance.save(update_fields=update_fields)
    audit_record(
        actor=actor,
        action="update",
        obj=instance,
        unit=unit,
        before=before,
        after=audit_snapshot(instance, fields),
        message=message,
    )
