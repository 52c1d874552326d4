"""The dossier list (filters, keyset pages, export) and the officer's work queue."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views import View

from tinhso.core.export import EXPORT_FORMATS, Column, export_response
from tinhso.dossiers import selectors, ui_selectors
from tinhso.dossiers.forms import DossierFilterForm
from tinhso.dossiers.models import NATIONAL_CODE, NATIONAL_LABEL

from .common import (
    CHANNEL_LABELS,
    STATUS_LABELS,
    TIMELINESS_LABELS,
    _htmx,
    decorate,
)


def _filters(form: DossierFilterForm) -> selectors.DossierFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.DossierFilters(
        national_status=data.get("national_status"),
        procedure=(data.get("procedure") or "").strip(),
        unit=data.get("unit") or "",
        channel=data.get("channel") or "",
        registered_from=data.get("registered_from"),
        registered_to=data.get("registered_to"),
        code=(data.get("code") or "").strip(),
        overdue=bool(data.get("overdue")),
        boundary_free=bool(data.get("boundary_free")),
    )


def _row_status(row: dict[str, Any]) -> str:
    return str(STATUS_LABELS.get(row["status"], row["status"]))


EXPORT_COLUMNS: list[Column] = [
    Column(gettext_lazy("Dossier code"), "code"),
    Column(gettext_lazy("Procedure code"), "procedure__code"),
    Column(gettext_lazy("Procedure"), "procedure__name"),
    Column(gettext_lazy("Applicant"), "applicant_name"),
    Column(gettext_lazy("National status code"), lambda r: NATIONAL_CODE.get(r["status"])),
    Column(
        gettext_lazy("National status"),
        lambda r: str(NATIONAL_LABEL.get(NATIONAL_CODE.get(r["status"], 0), "")),
    ),
    Column(gettext_lazy("Internal status"), _row_status),
    Column(gettext_lazy("Channel"), lambda r: str(CHANNEL_LABELS.get(r["channel"], ""))),
    Column(gettext_lazy("Registered at"), "registered_at"),
    Column(gettext_lazy("Received at"), "received_at"),
    Column(gettext_lazy("Due"), "due_at"),
    Column(gettext_lazy("New appointment"), "rescheduled_due_at"),
    Column(gettext_lazy("Processing ended"), "finished_at"),
    Column(
        gettext_lazy("Timeliness"),
        lambda r: str(TIMELINESS_LABELS.get(r["timeliness"] or "", "")),
    ),
    Column(gettext_lazy("Supplement requests"), "supplement_count"),
    Column(gettext_lazy("Digitised"), "is_digitised"),
    Column(gettext_lazy("Electronic result"), "has_e_result"),
    Column(gettext_lazy("Receiving unit"), "receiving_unit__name"),
    Column(gettext_lazy("Resolving unit"), "resolving_unit__name"),
]


class DossierListView(LoginRequiredMixin, View):
    """The dossiers the user may see: filters, keyset pages of 100 ("next page" only, no
    count), `?export=csv|xlsx` of every filtered row. The identity number is never listed."""

    template_name = "dossiers/dossier_list.html"

    def get(self, request: HttpRequest) -> HttpResponseBase:
        units = ui_selectors.visible_units(user=request.user)
        form = DossierFilterForm(request.GET or None, units=units)
        filters = _filters(form)
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            rows = selectors.dossier_export_rows(user=request.user, filters=filters)
            return export_response(fmt, rows, EXPORT_COLUMNS, "ho-so")
        after = request.GET.get("after") or None
        try:
            page = selectors.dossier_list(user=request.user, filters=filters, after=after)
        except selectors.CursorError:
            after = None
            page = selectors.dossier_list(user=request.user, filters=filters)
        query = request.GET.copy()
        for key in ("after", "export"):
            query.pop(key, None)
        next_query = None
        if page.next_cursor:
            nxt = query.copy()
            nxt["after"] = page.next_cursor
            next_query = nxt.urlencode()
        context = {
            "form": form,
            "rows": decorate(page.rows),
            "querystring": query.urlencode(),
            "next_query": next_query,
            "is_first_page": after is None,
            "page_size": selectors.DEFAULT_LIMIT,
        }
        template = self.template_name
        if _htmx(request) and not request.htmx.boosted:  # type: ignore[attr-defined]  # django-htmx
            template = f"{template}#rows"
        return render(request, template, context)


QUEUE_SECTIONS: tuple[tuple[str, Any], ...] = (
    ("overdue", gettext_lazy("Overdue")),
    ("today", gettext_lazy("Due today")),
    ("soon", gettext_lazy("Due within 1–2 working days")),
    ("new", gettext_lazy("New, not started")),
    ("supplement_returned", gettext_lazy("Supplement returned")),
    ("to_receive", gettext_lazy("Online dossiers to receive")),
)
QUEUE_LIMIT = 50


class DossierQueueView(LoginRequiredMixin, View):
    """The officer's work queue (units where the user may EDIT, or one of them)."""

    template_name = "dossiers/dossier_queue.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        units = list(ui_selectors.edit_units(user=request.user))
        chosen = next((u for u in units if str(u.pk) == request.GET.get("unit")), None)
        buckets = selectors.dossier_queue(user=request.user, unit=chosen, limit=QUEUE_LIMIT)
        sections = [
            {
                "key": key,
                "label": label,
                "rows": decorate(buckets.get(key, [])),
                "full": len(buckets.get(key, [])) >= QUEUE_LIMIT,
            }
            for key, label in QUEUE_SECTIONS
        ]
        context = {"sections": sections, "units": units, "chosen": chosen, "limit": QUEUE_LIMIT}
        return render(request, self.template_name, context)
