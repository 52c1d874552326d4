"""Officer screens of the one-stop dossiers: reception at the counter, the work queue, the
dossier list (keyset pages, export), the dossier page with its timeline and actions, and
the printed forms (appointment slip, apology letter). Views parse, call one selector or
service, map errors to messages and render (CONVENTIONS §5); forbidden = missing = 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.core.export import EXPORT_FORMATS, Column, export_response
from tinhso.procedures.models import Channel, Procedure, ProcedureCase
from tinhso.units.models import Unit

from . import clock, documents, selectors, services, ui_selectors, workflow
from .forms import (
    DossierFilterForm,
    EvaluationForm,
    ReceptionForm,
    ReceptionUnitForm,
    TransitionForm,
)
from .models import (
    END_STATES,
    NATIONAL_CODE,
    NATIONAL_LABEL,
    OPEN_STATES,
    Dossier,
    Status,
    Timeliness,
)
from .services.common import applicant_key

# Steps of the history that are not in the transition table.
EXTRA_ACTION_LABELS: dict[str, Any] = {
    "submit": pgettext_lazy("dossier action", "Submitted online"),
}
STATUS_LABELS = dict(Status.choices)
CHANNEL_LABELS = dict(Channel.choices)
TIMELINESS_LABELS = dict(Timeliness.choices)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _apply_errors(form: Form, exc: Exception) -> None:
    """Service errors onto the form: known fields in place, the rest on top."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, DomainError):
        form.add_error(None, exc.message)


def action_label(action: str) -> Any:
    step = workflow.get(action)
    return step.label if step is not None else EXTRA_ACTION_LABELS.get(action, action)


def decorate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Display fields of list rows (labels, overdue, appointment), no queries."""
    now = timezone.now()
    for row in rows:
        status = row["status"]
        national = NATIONAL_CODE.get(status)
        appointment = row.get("rescheduled_due_at") or row.get("due_at")
        row["status_label"] = STATUS_LABELS.get(status, status)
        row["national"] = national
        row["national_label"] = NATIONAL_LABEL.get(national, "") if national else ""
        row["channel_label"] = CHANNEL_LABELS.get(row.get("channel", ""), "")
        row["timeliness_label"] = TIMELINESS_LABELS.get(row.get("timeliness") or "", "")
        row["appointment"] = appointment
        row["overdue"] = bool(status in OPEN_STATES and row.get("due_at") and row["due_at"] < now)
        row["boundary_free"] = row.get("receiving_unit__code") != row.get("resolving_unit__code")
    return rows


# --- reception -----------------------------------------------------------------------------


def _pick_unit(units: list[Unit], value: Any) -> Unit:
    for unit in units:
        if str(unit.pk) == str(value):
            return unit
    return units[0]


def _case_of(procedure: Procedure, value: Any) -> ProcedureCase | None:
    cases = list(procedure.cases.all())
    for case in cases:
        if str(case.pk) == str(value):
            return case
    return next((c for c in cases if c.is_default), cases[0] if cases else None)


def _reusable(request: HttpRequest, id_number: Any) -> list[dict[str, Any]]:
    digits = str(id_number or "").strip()
    if len(digits) < 9:
        return []
    return selectors.reusable_results(user=request.user, applicant_key=applicant_key(digits))


def _reception_form(
    request: HttpRequest, unit: Unit, procedure: Procedure, data: QueryDict, *, bound: bool
) -> ReceptionForm:
    case = _case_of(procedure, data.get("case"))
    resolving = None
    if procedure.boundary_free:
        resolving = selectors.resolving_units_for(
            procedure=procedure, province_code=unit.province_code
        )
    kwargs: dict[str, Any] = {
        "procedure": procedure,
        "case": case,
        "resolving_units": resolving,
        "needs_limit": clock.limit_for(procedure, Channel.IN_PERSON) is None,
        "reusable": _reusable(request, data.get("applicant_id_number")),
    }
    if bound:
        return ReceptionForm(data, request.FILES, **kwargs)
    initial: dict[str, Any] = {"resolving_unit": unit.pk, **data.dict()}
    initial.update(unit=unit.pk, procedure=procedure.pk, case=case.pk if case else None)
    return ReceptionForm(initial=initial, **kwargs)


class ReceptionView(LoginRequiredMixin, View):
    """Counter reception: the unit, a procedure (HTMX search), the case's checklist with
    each component's source, the applicant, the units; `services.dossier_receive`."""

    template_name = "dossiers/reception.html"

    def _context(self, request: HttpRequest, data: QueryDict) -> dict[str, Any]:
        units = list(ui_selectors.edit_units(user=request.user))
        if not units:
            raise Http404("No unit where this user may receive dossiers.")
        unit = _pick_unit(units, data.get("unit"))
        context: dict[str, Any] = {
            "unit": unit,
            "unit_form": ReceptionUnitForm(
                initial={"unit": unit.pk}, units=ui_selectors.edit_units(user=request.user)
            ),
            "many_units": len(units) > 1,
            "procedure": None,
            "q": data.get("q", ""),
        }
        if data.get("procedure"):
            context["procedure"] = ui_selectors.receivable_procedure_get(
                unit=unit, pk=data.get("procedure")
            )
        else:
            context["procedures"] = selectors.receivable_procedures(
                unit=unit, q=str(data.get("q", "")), limit=30
            )
        return context

    def get(self, request: HttpRequest) -> HttpResponse:
        context = self._context(request, request.GET)
        procedure = context["procedure"]
        if procedure is not None:
            context["form"] = _reception_form(
                request, context["unit"], procedure, request.GET, bound=False
            )
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        unit = ui_selectors.edit_unit_get(user=request.user, pk=request.POST.get("unit"))
        procedure = ui_selectors.receivable_procedure_get(
            unit=unit, pk=request.POST.get("procedure")
        )
        form = _reception_form(request, unit, procedure, request.POST, bound=True)
        if form.is_valid():
            data = form.cleaned_data
            resolving = data.get("resolving_unit") or unit
            try:
                dossier = services.dossier_receive(
                    actor=request.user,
                    receiving_unit=unit,
                    procedure=procedure,
                    applicant=services.applicant_from(data),
                    channel=data["channel"],
                    resolving_unit=resolving,
                    return_unit=resolving if data["return_place"] == "resolving" else unit,
                    return_method=data["return_method"],
                    case=data["case"],
                    components=form.component_inputs(),
                    summary=data.get("summary") or "",
                    limit_amount=data.get("limit_amount"),
                    limit_unit=data.get("limit_unit"),
                )
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The dossier %(code)s was received.") % {"code": dossier.code},
                )
                url = reverse("dossiers:detail", args=[dossier.code])
                return HttpResponseRedirect(f"{url}?received=1")
        context = self._context(request, request.POST)
        context["form"] = form
        return render(request, self.template_name, context, status=422)


class ReceptionProcedureSearchView(LoginRequiredMixin, View):
    """HTMX: the procedures the chosen counter may receive matching `q`."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = ui_selectors.edit_unit_get(user=request.user, pk=request.GET.get("unit"))
        q = request.GET.get("q", "")
        context = {
            "unit": unit,
            "q": q,
            "procedures": selectors.receivable_procedures(unit=unit, q=q, limit=30),
        }
        return render(request, "dossiers/reception.html#procedure-results", context)


class ReceptionReusableView(LoginRequiredMixin, View):
    """HTMX: earlier results of the applicant (by the typed identity number) and, out of
    band, each component's "re-use" choice; the chosen scans stay in place."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = ui_selectors.edit_unit_get(user=request.user, pk=request.GET.get("unit"))
        procedure = ui_selectors.receivable_procedure_get(
            unit=unit, pk=request.GET.get("procedure")
        )
        form = _reception_form(request, unit, procedure, request.GET, bound=False)
        return render(request, "dossiers/reception.html#reusable", {"form": form, "oob": True})


# --- lists ---------------------------------------------------------------------------------


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


# --- the dossier page ----------------------------------------------------------------------


def _may_edit(user: Any, dossier: Dossier) -> bool:
    units = (dossier.resolving_unit_id, dossier.receiving_unit_id, dossier.return_unit_id)
    return any(can(user, Action.EDIT, u) for u in units)


def _detail_context(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: TransitionForm | None = None,
    evaluation_form: EvaluationForm | None = None,
    revealed: str | None = None,
) -> dict[str, Any]:
    user = request.user
    timeline = [
        {
            "event": e,
            "label": action_label(e.action),
            "from_label": STATUS_LABELS.get(e.from_status, ""),
            "to_label": STATUS_LABELS.get(e.to_status, e.to_status),
        }
        for e in selectors.dossier_timeline(dossier)
    ]
    action_forms = [
        bound
        if bound is not None and bound.step.action == step.action
        else TransitionForm(step=step, initial={"version": dossier.version})
        for step in workflow.available(user, dossier)
    ]
    may_edit = _may_edit(user, dossier)
    finished = dossier.status in END_STATES
    evaluation = ui_selectors.dossier_evaluation(dossier) if finished else None
    if finished and evaluation is None and may_edit and evaluation_form is None:
        questions = selectors.questionnaire(timezone.localdate())
        evaluation_form = EvaluationForm(questions=questions)
    return {
        "dossier": dossier,
        "timeline": timeline,
        "components": ui_selectors.dossier_components(dossier),
        "results": ui_selectors.dossier_results(dossier),
        "action_forms": action_forms,
        "open_action": bound.step.action if bound is not None else "",
        "may_edit": may_edit,
        "revealed": revealed,
        "evaluation": evaluation,
        "evaluation_form": evaluation_form if evaluation is None else None,
        "pdf_available": documents.pdf_available(),
        "has_slip": dossier.received_at is not None,
        "just_received": request.GET.get("received") == "1",
        "now": timezone.now(),
    }


class DossierDetailView(LoginRequiredMixin, View):
    """One dossier: header, units, applicant (masked), clock, components, results,
    timeline, actions, documents, evaluation."""

    template_name = "dossiers/dossier_detail.html"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = selectors.dossier_get(user=request.user, code=code)
        return render(request, self.template_name, _detail_context(request, dossier))


class DossierTransitionView(LoginRequiredMixin, View):
    """POST one action with the dossier version → `services.dossier_transition`; errors
    (stale version, wrong status, missing reason) come back as messages on the page."""

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = selectors.dossier_get(user=request.user, code=code)
        step = workflow.get(request.POST.get("action", ""))
        if step is None:
            messages.error(request, _("Unknown action."))
            return HttpResponseRedirect(reverse("dossiers:detail", args=[code]))
        form = TransitionForm(request.POST, request.FILES, step=step)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.dossier_transition(
                    actor=request.user,
                    dossier=dossier,
                    action=step.action,
                    note=data.get("note") or "",
                    expected_version=data["version"],
                    new_due_at=data.get("new_due_at"),
                    result_name=data.get("result_name") or "",
                    result_code=data.get("result_code") or "",
                    result_file=data.get("result_file"),
                    paid_online=data.get("paid_online") if "paid_online" in form.fields else None,
                )
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
                for error in form.non_field_errors():
                    messages.error(request, str(error))
            else:
                messages.success(request, _("Done: %(action)s.") % {"action": step.label})
                return HttpResponseRedirect(reverse("dossiers:detail", args=[code]))
        if not form.non_field_errors():
            messages.error(request, _("The action was not applied: correct the form below."))
        dossier = selectors.dossier_get(user=request.user, code=code)
        context = _detail_context(request, dossier, bound=form)
        return render(request, "dossiers/dossier_detail.html", context, status=422)


class DossierRevealIdentityView(LoginRequiredMixin, View):
    """POST: show the full identity number (audited by the service; readers get 404)."""

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = selectors.dossier_get(user=request.user, code=code)
        number = services.dossier_reveal_identity(actor=request.user, dossier=dossier)
        if _htmx(request):
            return render(
                request,
                "dossiers/dossier_detail.html#identity",
                {"dossier": dossier, "revealed": number, "may_edit": True},
            )
        context = _detail_context(request, dossier, revealed=number)
        return render(request, "dossiers/dossier_detail.html", context)


class DossierEvaluationView(LoginRequiredMixin, View):
    """POST the applicant's evaluation → `services.evaluation_submit`."""

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        dossier = selectors.dossier_get(user=request.user, code=code)
        questions = selectors.questionnaire(timezone.localdate())
        form = EvaluationForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                services.evaluation_submit(
                    actor=request.user,
                    dossier=dossier,
                    scores=form.scores(),
                    channel=form.cleaned_data["channel"],
                    comment=form.cleaned_data.get("comment") or "",
                    level=form.cleaned_data.get("level") or None,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, errors in exc.message_dict.items():
                        field = f"q_{name}" if f"q_{name}" in form.fields else name
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, _("The evaluation was recorded."))
                return HttpResponseRedirect(reverse("dossiers:detail", args=[code]))
        context = _detail_context(request, dossier, evaluation_form=form)
        return render(request, "dossiers/dossier_detail.html", context, status=422)


# --- printed forms -------------------------------------------------------------------------


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
