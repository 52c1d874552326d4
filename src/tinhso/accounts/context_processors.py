"""Main navigation: only pages that exist and that the user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import Action, unit_ids_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`nav_items`: top-level links and menus (`children`), each with `active`.

    Four menus keep the bar on one line: steering the programme, public services, reference
    data, and administration (only for those who may manage users or read the audit log).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    steering = [
        (_("Plans"), reverse("programmes:plan_list")),
        (_("Tasks"), reverse("tasks:list")),
        (_("Indicators"), reverse("indicators:catalogue")),
        (_("Reports"), reverse("reporting:list")),
        (_("Projects"), reverse("projects:list")),
        (_("Disbursement"), reverse("finance:summary")),
        (_("Digital literacy"), reverse("literacy:overview")),
    ]
    services = [
        (_("My work"), reverse("dossiers:queue")),
        (_("Dossiers"), reverse("dossiers:list")),
        (_("Service index 766"), reverse("serviceindex:ranking")),
        (_("Procedures"), reverse("procedures:list")),
    ]
    reference = [
        (_("Documents"), reverse("documents:list")),
        (_("Units"), reverse("units:directory")),
        (_("Working-day calendar"), reverse("workcalendar:year")),
    ]
    admin = []
    if user.is_superuser or unit_ids_for(user, Action.MANAGE):
        admin.append((_("Users"), reverse("accounts:user_list")))
    if user.is_superuser or unit_ids_for(user, Action.AUDIT):
        admin.append((_("Audit log"), reverse("accounts:audit_list")))
    path = request.path

    def link(label: str, url: str) -> dict[str, Any]:
        active = (path == url) if url == "/" else path.startswith(url)
        return {"label": label, "url": url, "active": active}

    def menu(label: str, entries: list[tuple[str, str]]) -> dict[str, Any]:
        children = [link(lbl, url) for lbl, url in entries]
        return {"label": label, "children": children, "active": any(c["active"] for c in children)}

    items = [
        link(_("Home"), reverse("home")),
        menu(_("Steering"), steering),
        menu(_("Public services"), services),
        menu(_("Reference data"), reference),
    ]
    if admin:
        items.append(menu(_("Administration"), admin))
    return {"nav_items": items}
