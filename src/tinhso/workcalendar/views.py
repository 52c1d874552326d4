"""Working-day calendar pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def calendar_year_view(request: HttpRequest) -> HttpResponse:
    return render(request, "workcalendar/calendar_year.html", {})
