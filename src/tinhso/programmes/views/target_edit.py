"""Programme pages that write targets: assessments, target set revisions, target edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.documents.selectors import document_get_by_number
from tinhso.programmes import selectors, services
from tinhso.programmes.forms import AssessmentForm, ReviseForm, TargetForm

from .common import _errors, _redirect
from .detail import _plain_number


class AssessmentCreateView(LoginRequiredMixin, View):
    """Record an assessment of a target (edit right on the plan's unit)."""

    template_name = "programmes/assessment_form.html"

    def _target(self, request: HttpRequest, pk: int) -> Any:
        target = selectors.target_get(pk=pk)
        if not can(request.user, Action.EDIT, target.target_set.plan.unit_id):
            raise Http404("No such target.")
        return target

    def _render(self, request: HttpRequest, target: Any, form: AssessmentForm) -> HttpResponse:
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{self.template_name}#assessment-form"
        return render(request, template, {"target": target, "form": form})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self._target(request, pk)
        return self._render(
            request, target, AssessmentForm(initial={"as_of": timezone.localdate()})
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self._target(request, pk)
        form = AssessmentForm(request.POST)
        if not form.is_valid():
            return self._render(request, target, form)
        try:
            services.target_assess(actor=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
            return self._render(request, target, form)
        messages.success(request, _("The assessment was recorded."))
        return _redirect(request, reverse("programmes:target_detail", args=[target.pk]))


class TargetSetReviseView(LoginRequiredMixin, View):
    """Start version N+1 of a target set (edit right on the plan's unit)."""

    template_name = "programmes/target_set_revise.html"

    def _set(self, request: HttpRequest, pk: int) -> Any:
        ts = selectors.target_set_get(pk=pk)
        if not can(request.user, Action.EDIT, ts.plan.unit_id):
            raise Http404("No such target set.")
        return ts

    def _render(self, request: HttpRequest, ts: Any, form: ReviseForm) -> HttpResponse:
        return render(request, self.template_name, {"target_set": ts, "form": form})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        ts = self._set(request, pk)
        return self._render(request, ts, ReviseForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ts = self._set(request, pk)
        form = ReviseForm(request.POST)
        if not form.is_valid():
            return self._render(request, ts, form)
        doc = None
        if number := form.cleaned_data["document_number"].strip():
            try:
                doc = document_get_by_number(number=number)
            except Http404:
                form.add_error("document_number", _("No document has this number/symbol."))
                return self._render(request, ts, form)
        try:
            new = services.target_set_revise(
                actor=request.user,
                target_set=ts,
                label=form.cleaned_data["label"],
                valid_from=form.cleaned_data["valid_from"],
                document=doc,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(request, ts, form)
        except ValidationError as exc:
            _errors(form, exc)
            return self._render(request, ts, form)
        messages.success(request, _("The new version was created with a copy of every target."))
        return _redirect(request, reverse("programmes:target_set_detail", args=[new.pk]))


TARGET_FORM_FIELDS = (
    "key",
    "code",
    "text",
    "unit_of_measure",
    "direction",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "value_text",
    "vision_text",
    "source_note",
    "is_illustrative",
    "sort_order",
)


class TargetEditView(LoginRequiredMixin, View):
    """Add a target to a target set (`set_pk`) or edit one (`pk`), with its milestones."""

    template_name = "programmes/target_form.html"

    def _objects(self, request: HttpRequest, kwargs: dict[str, Any]) -> tuple[Any, Any]:
        if "pk" in kwargs:
            target = selectors.target_get(pk=kwargs["pk"])
            ts = target.target_set
        else:
            target = None
            ts = selectors.target_set_get(pk=kwargs["set_pk"])
        if not can(request.user, Action.EDIT, ts.plan.unit_id):
            raise Http404("No such target.")
        return ts, target

    def _form(self, ts: Any, data: Any = None, initial: Any = None) -> TargetForm:
        groups = selectors.plan_group_choices(plan_id=ts.plan_id)
        return TargetForm(data, initial=initial, groups=groups)

    def _render(self, request: HttpRequest, ts: Any, target: Any, form: TargetForm) -> HttpResponse:
        return render(
            request, self.template_name, {"target_set": ts, "target": target, "form": form}
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ts, target = self._objects(request, kwargs)
        initial: dict[str, Any] = {"target_year": 2030, "sort_order": 100}
        if target is not None:
            initial = {name: getattr(target, name) for name in TARGET_FORM_FIELDS}
            for name in ("baseline_value", "target_value"):
                if initial[name] is not None:
                    initial[name] = _plain_number(initial[name])
            initial.update(
                group=target.group_id,
                indicator_code=target.indicator.code if target.indicator else "",
                milestones="; ".join(
                    f"{m.year}: {_plain_number(m.value)}" for m in target.milestones.all()
                ),
                version=target.version,
            )
        return self._render(request, ts, target, self._form(ts, initial=initial))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ts, target = self._objects(request, kwargs)
        form = self._form(ts, data=request.POST)
        if not form.is_valid():
            return self._render(request, ts, target, form)
        data = {name: form.cleaned_data[name] for name in TARGET_FORM_FIELDS}
        data["group"] = (
            selectors.plan_group_get(pk=form.cleaned_data["group"])
            if form.cleaned_data.get("group")
            else None
        )
        data["indicator"] = None
        if code := form.cleaned_data["indicator_code"].strip():
            try:
                data["indicator"] = selectors.indicator_by_code(code=code)
            except Http404:
                form.add_error("indicator_code", _("No indicator has this code."))
                return self._render(request, ts, target, form)
        try:
            if target is None:
                target = services.target_create(
                    actor=request.user,
                    target_set=ts,
                    data=data,
                    milestones=form.cleaned_data["milestones"],
                )
            else:
                target = services.target_update(
                    actor=request.user,
                    target=target,
                    data=data,
                    version=form.cleaned_data.get("version") or 0,
                    milestones=form.cleaned_data["milestones"],
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(request, ts, target, form)
        except ValidationError as exc:
            _errors(form, exc)
            return self._render(request, ts, target, form)
        messages.success(request, _("The target was saved."))
        return _redirect(request, reverse("programmes:target_detail", args=[target.pk]))
