"""Main navigation: only pages that exist and that the user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import Action, unit_ids_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        (_("Home"), reverse("home")),
        (_("Plans"), reverse("programmes:plan_list")),
        (_("Tasks"), reverse("tasks:list")),
        (_("Projects"), reverse("projects:list")),
        (_("Disbursement"), reverse("finance:summary")),
        (_("Digital literacy"), reverse("literacy:overview")),
        (_("Indicators"), reverse("indicators:catalogue")),
        (_("Reports"), reverse("reporting:list")),
        (_("Procedures"), reverse("procedures:list")),
        (_("Dossiers"), reverse("dossiers:list")),
        (_("My work"), reverse("dossiers:queue")),
        (_("Service index 766"), reverse("serviceindex:ranking")),
        (_("Documents"), reverse("documents:list")),
        (_("Units"), reverse("units:directory")),
        (_("Working-day calendar"), reverse("workcalendar:year")),
    ]
    if user.is_superuser or unit_ids_for(user, Action.MANAGE):
        items.append((_("Users"), reverse("accounts:user_list")))
    if user.is_superuser or unit_ids_for(user, Action.AUDIT):
        items.append((_("Audit log"), reverse("accounts:audit_list")))
    path = request.path
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "active": (path == url) if url == "/" else path.startswith(url),
            }
            for label, url in items
        ]
    }
