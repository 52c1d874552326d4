"""Users, roles as data, unit memberships and API tokens for integrations."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.text import fold
from tinhso.units.models import Unit

from .enums import Action
from .querysets import ScopedQuerySet


class User(AbstractUser):
    """An official (or a service account) who signs in; rights come only from memberships."""

    first_name = None  # type: ignore[assignment]  # Vietnamese names are kept whole
    last_name = None  # type: ignore[assignment]  # Vietnamese names are kept whole
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    # A context: Django's own catalogue renders the bare word "version" untranslated.
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_(
            "Set when an administrator chose the password; cleared when the user sets one."
        ),
    )

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]  # django-stubs generic manager

    REQUIRED_FIELDS: ClassVar[list[str]] = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username

    def build_search_text(self) -> str:
        """Folded text the user list searches (bulk creation sets it without `save`)."""
        return fold(f"{self.full_name} {self.username} {self.email} {self.position}")[:400]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)


class Role(models.Model):
    """A named bundle of actions, granted on one unit or on its whole subtree.

    Roles are data: the province can add "Chuyên viên thống kê" without a deploy. The
    inspector role reads a whole subtree (and its audit log) and writes nothing.
    """

    class Scope(models.TextChoices):
        UNIT = "unit", _("This unit only")
        SUBTREE = "subtree", _("This unit and all units under it")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    actions = models.JSONField(
        _("actions"), default=list, help_text=_("Subset of view, edit, approve, manage, audit.")
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.SUBTREE
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def grants(self, action: Action | str) -> bool:
        return str(action) in self.actions

    @property
    def action_labels(self) -> list[str]:
        return [str(Action(a).label) for a in self.actions if a in Action.values]


class MembershipQuerySet(ScopedQuerySet["Membership"]):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        )

    def active(self) -> MembershipQuerySet:
        return self.active_on(timezone.localdate())

    def not_ended(self) -> MembershipQuerySet:
        """Memberships in force today or starting later (not yet ended)."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=timezone.localdate()))

    def ended(self) -> MembershipQuerySet:
        return self.filter(valid_to__lte=timezone.localdate())


class Membership(models.Model):
    """A user holds a role in a unit (e.g. officer of Phường Biên Hòa) for a period."""

    unit_lookup = "unit"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="memberships"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.unit}"

    def is_active_on(self, day: dt.date) -> bool:
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or self.valid_to > day)

    @property
    def is_active(self) -> bool:
        """In force today (the same rule as `MembershipQuerySet.active`)."""
        return self.is_active_on(timezone.localdate())

    @property
    def has_ended(self) -> bool:
        return self.valid_to is not None and self.valid_to <= timezone.localdate()


class ApiToken(models.Model):
    """A hashed token for an integration; it acts as its user, limited further by scopes.

    Only the SHA-256 of the secret is stored; the clear token is shown once at creation.
    """

    SCOPES: ClassVar[tuple[str, ...]] = (
        "units:read",
        "units:write",
        "calendar:read",
        "accounts:read",
        "accounts:write",
        "documents:read",
        "documents:write",
        "plans:read",
        "plans:write",
        "indicators:read",
        "indicators:write",
        "tasks:read",
        "tasks:write",
        "reports:read",
        "reports:write",
        "procedures:read",
        "procedures:write",
        "dossiers:read",
        "dossiers:write",
        "serviceindex:read",
        "interop:read",
        "interop:write",
        "projects:read",
        "projects:write",
        "finance:read",
        "finance:write",
        "literacy:read",
        "literacy:write",
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now
