"""Importing accounts from Excel: the upload page, the blank template, the new passwords."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tinhso.accounts import excel, forms, services

from .common import require_manager


@never_cache
@login_required
def user_import_view(request: HttpRequest) -> HttpResponse:
    """Upload an .xlsx of accounts: all created, or none and a row-by-row error report."""
    require_manager(request)
    form = forms.UserImportForm(request.POST or None, request.FILES or None)
    result = None
    accounts_json = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.users_import_excel(actor=request.user, file=upload, filename=upload.name)
        if result.ok:
            accounts_json = json.dumps(
                [a.as_sheet_row() for a in result.created], ensure_ascii=False
            )
    context = {"form": form, "result": result, "accounts_json": accounts_json}
    return render(request, "accounts/user_import.html", context)


@login_required
def user_import_template_view(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    content = services.users_import_template(actor=request.user)
    return _xlsx_response(content, "mau-nhap-tai-khoan.xlsx")


@never_cache
@require_POST
@login_required
def user_import_passwords_view(request: HttpRequest) -> HttpResponse:
    """The accounts just created, with their passwords, as .xlsx.

    The list comes back from the result page itself (a hidden field): passwords are never
    stored on the server, not even in the session.
    """
    require_manager(request)
    try:
        rows = json.loads(request.POST.get("accounts", "[]"))
    except json.JSONDecodeError as exc:
        raise Http404 from exc
    if not isinstance(rows, list) or len(rows) > excel.MAX_IMPORT_ROWS:
        raise Http404
    accounts = [
        {k: str(v) for k, v in row.items() if isinstance(k, str)}
        for row in rows
        if isinstance(row, dict)
    ]
    return _xlsx_response(excel.build_accounts_sheet(accounts), "tai-khoan-moi.xlsx")


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
