"""The actions a role can grant. Re-exported by `access.py`, which is where callers take it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("View")
    EDIT = "edit", _("Edit")
    APPROVE = "approve", _("Approve")
    MANAGE = "manage", _("Manage")
    AUDIT = "audit", _("Read the audit log")
