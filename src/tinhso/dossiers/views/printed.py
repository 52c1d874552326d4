"""The printed forms: appointment slip (Word, PDF, print page) and apology letter."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from tinhso.dossiers import documents, selectors, ui_selectors
from tinhso.dossiers.models import Dossier


def _received(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.dossier_get(user=request.user, code=code)
    if dossier.received_at is None:
        raise Http404("The dossier has not been received.")
    return dossier


def _rescheduled(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.dossier_get(user=request.user, code=code)
    if dossier.rescheduled_due_at is None:
        raise Http404("The dossier has no new appointment.")
    return dossier


def _file(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf_or_explain(
    request: HttpRequest, docx: bytes, filename: str, word_url: str
) -> HttpResponse:
    pdf = documents.docx_to_pdf(docx)
    if pdf is None:
        return render(
            request,
            "dossiers/pdf_unavailable.html",
            {"word_url": word_url, "missing": not documents.pdf_available()},
        )
    return _file(pdf, "application/pdf", filename)


class SlipDocxView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = _received(request, code)
        data = documents.appointment_slip_docx(dossier, request=request)
        return _file(data, documents.DOCX_CONTENT_TYPE, f"giay-hen-{dossier.code}.docx")


class SlipPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = _received(request, code)
        data = documents.appointment_slip_docx(dossier, request=request)
        word = reverse("dossiers:slip_docx", args=[code])
        return _pdf_or_explain(request, data, f"giay-hen-{dossier.code}.pdf", word)


class SlipPrintView(LoginRequiredMixin, View):
    """The slip as a printable page (print CSS hides the navigation)."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = _received(request, code)
        url = documents.lookup_url(dossier.code, request)
        context = {
            "dossier": dossier,
            "components": [
                {
                    "c": c,
                    "form": documents.component_form(c),
                    "note": documents.component_note(c),
                }
                for c in ui_selectors.dossier_components(dossier)
            ],
            "lookup_url": url,
            "header": documents.slip_header(dossier),
            "qr": documents.qr_data_uri(url),
            "limit": documents.limit_text(dossier),
            "received": documents.appointment_text(dossier.received_at),
            "appointment": documents.appointment_text(dossier.appointment_at),
        }
        return render(request, "dossiers/slip_print.html", context)


class ApologyDocxView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = _rescheduled(request, code)
        data = documents.apology_letter_docx(dossier)
        return _file(data, documents.DOCX_CONTENT_TYPE, f"phieu-xin-loi-{dossier.code}.docx")


class ApologyPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = _rescheduled(request, code)
        data = documents.apology_letter_docx(dossier)
        word = reverse("dossiers:apology_docx", args=[code])
        return _pdf_or_explain(request, data, f"phieu-xin-loi-{dossier.code}.pdf", word)
