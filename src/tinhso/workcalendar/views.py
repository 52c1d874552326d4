"""Working-day calendar pages: the year view (with the administrators' HTMX day form and the
deadline calculator) and the filterable, exportable list of official rows."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from tinhso.core.exceptions import DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from . import selectors, services
from .display import month_grids
from .forms import CalendarDayFilterForm, CalendarDayForm, DueForm
from .models import OfficialCalendarDay

PAGE = "workcalendar/calendar_year.html"
MIN_YEAR, MAX_YEAR = 1900, 2300


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return min(max(year, MIN_YEAR), MAX_YEAR)


def _done(request: HttpRequest, year: int) -> HttpResponse:
    """After a successful change: HTMX reloads the page, a plain POST is redirected."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRefresh()
    return redirect(f"{reverse('workcalendar:year')}?year={year}")


def _require_admin(request: HttpRequest) -> None:
    if selectors.manageable_province(user=request.user) is None:
        raise Http404


@login_required
@require_GET
def calendar_year_view(request: HttpRequest) -> HttpResponse:
    """The calendar of one year: twelve month grids, a legend, the official rows below."""
    year = _year(request)
    today = timezone.localdate()
    calendar = selectors.calendar_load(range(year, year + 1))
    rows = selectors.calendar_year_rows(user=request.user, year=year)
    is_admin = selectors.manageable_province(user=request.user) is not None
    context: dict[str, Any] = {
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1,
        "months": month_grids(calendar, year, rows, today),
        "rows": rows,
        "is_admin": is_admin,
        "locked": year < today.year,
        "day_form": CalendarDayForm() if is_admin else None,
        "due_form": DueForm(
            initial={
                "start": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "amount": 3,
                "unit": "working_days",
                "policy": "day_count",
            }
        ),
        "working_day_count": len(
            calendar.working_days_in(dt.date(year, 1, 1), dt.date(year, 12, 31))
        ),
    }
    return render(request, PAGE, context)


@login_required
@require_GET
def calendar_day_form_view(request: HttpRequest) -> HttpResponse:
    """The day form partial, prefilled from the row of `?date=&applies_to=` if it exists."""
    _require_admin(request)
    form = CalendarDayForm(initial={"applies_to": OfficialCalendarDay.AppliesTo.CIVIL_SERVICE})
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = None
    applies_to = request.GET.get("applies_to") or OfficialCalendarDay.AppliesTo.CIVIL_SERVICE
    if day is not None:
        row = selectors.calendar_day_find(user=request.user, date=day, applies_to=applies_to)
        if row is not None:
            form = CalendarDayForm(
                initial={
                    "date": row.date,
                    "kind": row.kind,
                    "applies_to": row.applies_to,
                    "reason": row.reason,
                    "legal_ref": row.legal_ref,
                    "version": row.version,
                }
            )
        else:
            kind = (
                OfficialCalendarDay.Kind.WORKING_DAY
                if day.weekday() >= 5
                else OfficialCalendarDay.Kind.DAY_OFF
            )
            form = CalendarDayForm(initial={"date": day, "kind": kind, "applies_to": applies_to})
    return render(request, f"{PAGE}#day-form", {"day_form": form, "is_admin": True})


@login_required
@require_POST
def calendar_day_save_view(request: HttpRequest) -> HttpResponse:
    """Save the day form through `services.calendar_day_set`; errors re-render the form."""
    _require_admin(request)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.calendar_day_set(
                actor=request.user,
                date=data["date"],
                kind=data["kind"],
                reason=data["reason"],
                legal_ref=data["legal_ref"],
                applies_to=data["applies_to"],
                version=data["version"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The calendar day was saved."))
            return _done(request, data["date"].year)
    return render(request, f"{PAGE}#day-form", {"day_form": form, "is_admin": True})


def _row_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _require_admin(request)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    row = selectors.calendar_day_get(user=request.user, pk=pk)
    try:
        if action == "confirm":
            services.calendar_day_confirm(actor=request.user, pk=pk, version=version)
            messages.success(request, _("The calendar day was confirmed."))
        else:
            services.calendar_day_delete(actor=request.user, pk=pk, version=version)
            messages.success(request, _("The calendar day was deleted."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _done(request, row.date.year)


@login_required
@require_POST
def calendar_day_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a proposed row (`services.calendar_day_confirm`)."""
    return _row_action(request, pk, "confirm")


@login_required
@require_POST
def calendar_day_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a row (`services.calendar_day_delete`)."""
    return _row_action(request, pk, "delete")


@login_required
@require_GET
def due_calculator_view(request: HttpRequest) -> HttpResponse:
    """The deadline calculator's result partial (HTMX) for the GET parameters."""
    form = DueForm(request.GET)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = selectors.due_compute(
                user=request.user,
                start=data["start"],
                amount=data["amount"],
                unit=data["unit"],
                policy=data["policy"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    return render(request, f"{PAGE}#due-result", {"due_form": form, "result": result})


class CalendarDayListView(FilteredListView):
    """All official calendar rows, filterable by year, kind, status and scope; exportable."""

    template_name = "workcalendar/calendar_day_list.html"
    filter_form_class = CalendarDayFilterForm
    export_basename = "lich-lam-viec"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Date"), "date"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Reason"), "reason"),
        Column(gettext_lazy("Legal reference"), "legal_ref"),
        Column(gettext_lazy("Applies to"), "get_applies_to_display"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Updated at"), "updated_at"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.calendar_day_list(user=self.request.user, filters=filters)
