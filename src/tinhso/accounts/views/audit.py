"""The audit log of the units the signed-in user may audit."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy, pgettext_lazy

from tinhso.accounts import audit_display, forms, selectors
from tinhso.accounts.access import Action, unit_ids_for
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from .common import AuditedExportMixin


class AuditListView(AuditedExportMixin, FilteredListView):
    """The audit log of the units the signed-in user may audit, with readable changes."""

    template_name = "accounts/audit_list.html"
    filter_form_class = forms.AuditFilterForm
    export_basename = "nhat-ky"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Time"), "timestamp"),
        Column(gettext_lazy("Actor"), "actor_name"),
        Column(pgettext_lazy("audit", "Action"), audit_display.action_label),
        Column(gettext_lazy("Object type"), "object_type"),
        Column(gettext_lazy("Object id"), "object_id"),
        Column(gettext_lazy("Object"), "object_repr"),
        Column(gettext_lazy("Unit"), "unit.name"),
        Column(gettext_lazy("Changes"), audit_display.changes_text),
        Column(gettext_lazy("Note"), "message"),
        Column(gettext_lazy("Request id"), "request_id"),
    ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not unit_ids_for(request.user, Action.AUDIT):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.audit_entry_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["form"].set_unit_choices(selectors.audit_unit_list(user=self.request.user))
        entries = list(kwargs["rows"])
        names = selectors.audit_related_names(entries=entries)
        kwargs["entries"] = audit_display.audit_rows(entries, names)
        return super().get_context_data(**kwargs)
