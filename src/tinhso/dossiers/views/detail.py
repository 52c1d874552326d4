"""The dossier page: detail, transitions, identity reveal and evaluation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.dossiers import documents, selectors, services, ui_selectors, workflow
from tinhso.dossiers.forms import EvaluationForm, TransitionForm
from tinhso.dossiers.models import END_STATES, Dossier

from .common import (
    STATUS_LABELS,
    _apply_errors,
    _htmx,
    action_label,
)


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
