"""What several accounts pages share: the administrators-only gate and audited exports."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import Http404, HttpRequest

from tinhso.accounts import services
from tinhso.accounts.access import Action, unit_ids_for


def require_manager(request: HttpRequest) -> None:
    """Pages for account administrators: nobody else learns they exist (404)."""
    if not unit_ids_for(request.user, Action.MANAGE):
        raise Http404


class AuditedExportMixin:
    """Exports of personal data leave a READ row in the audit log (who took what out)."""

    request: HttpRequest
    export_basename: ClassVar[str]

    def on_export(self, fmt: str, filters: dict[str, Any]) -> None:
        services.list_export_record(
            actor=self.request.user, list_name=self.export_basename, fmt=fmt, filters=filters
        )
