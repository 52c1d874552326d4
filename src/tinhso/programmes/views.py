"""Pages of plans and targets: plan list, plan tree, target set (with statuses on a date
and a side-by-side comparison of versions), target page with its trajectory, and the
assessment and revision forms. Reading is open to every signed-in official; writing needs
Action.EDIT on the plan's unit (see `services.py`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.core.export import EXPORT_FORMATS, Column, export_response
from tinhso.core.views import FilteredListView
from tinhso.documents.selectors import document_get_by_number, document_owner_choices
from tinhso.units.selectors import unit_get_by_pk

from . import selectors, services
from .forms import AsOfForm, AssessmentForm, PlanFilterForm, PlanForm, ReviseForm, TargetForm
from .models import Achievement, MeasurementStatus
from .targets import count_statuses


def _as_of(request: HttpRequest) -> tuple[AsOfForm, dt.date]:
    form = AsOfForm(request.GET or None)
    day = form.cleaned_data.get("as_of") if form.is_valid() else None
    if not form.is_bound or form.is_valid():
        # Re-shown as dd/mm/yyyy whatever was typed (ISO dates come from links).
        initial = dict(form.cleaned_data) if form.is_bound else {}
        initial["as_of"] = day or timezone.localdate()
        shown = AsOfForm(initial=initial)
        shown.cleaned_data = initial
        form = shown
    return form, day or timezone.localdate()


def _task_url_pattern() -> str | None:
    """The task page URL with a placeholder, if the tasks app has one (no import of it)."""
    try:
        return reverse("tasks:detail", args=[999999999]).replace("999999999", "{id}")
    except NoReverseMatch:
        return None


class PlanListView(FilteredListView):
    """Plans and programmes with their documents, owner unit and counts."""

    template_name = "programmes/plan_list.html"
    filter_form_class = PlanFilterForm
    export_basename = "plans"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Number/symbol"), "document.number"),
        Column(gettext_lazy("Date issued"), "document.issued_on"),
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("Implements"), "implements.number"),
        Column(gettext_lazy("Owner unit"), "unit.name"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Groups"), "group_count"),
        Column(gettext_lazy("Target set versions"), "target_set_count"),
        Column(gettext_lazy("Illustrative"), "is_illustrative"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.plan_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = bool(document_owner_choices(user=self.request.user))
        return context


class CatalogueListView(LoginRequiredMixin, TemplateView):
    """Classification catalogues, every version with its items (public reference data)."""

    template_name = "programmes/catalogue_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["catalogues"] = selectors.catalogue_list()
        return context


class PlanDetailView(LoginRequiredMixin, TemplateView):
    """The plan tree: plan → groups → targets (two statuses on a date) and tasks."""

    template_name = "programmes/plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = selectors.plan_get(pk=kwargs["pk"])
        form, as_of = _as_of(self.request)
        chosen = None
        if set_id := getattr(form, "cleaned_data", {}).get("target_set"):
            chosen = selectors.target_set_get(pk=set_id)
            if chosen.plan_id != plan.pk:
                raise Http404("No such target set.")
        tree = selectors.plan_tree(
            user=self.request.user, plan=plan, as_of=as_of, target_set=chosen
        )
        task_url = _task_url_pattern()
        for node in tree.groups:
            node.rows = [(t, tree.statuses[t.pk]) for t in node.targets]  # type: ignore[attr-defined]  # template convenience
            for task in node.tasks:
                task.page_url = task_url.format(id=task.pk) if task_url else ""
        counts = count_statuses(tree.statuses.values())
        context.update(
            plan=plan,
            tree=tree,
            as_of=as_of,
            form=form,
            counts=counts,
            total=len(tree.statuses),
            can_edit=can(self.request.user, Action.EDIT, plan.unit_id),
        )
        return context


class TargetSetDetailView(LoginRequiredMixin, TemplateView):
    """All targets of one version with baseline, milestones, expected, measured and both
    statuses on a date; `?compare=<id>` shows another version side by side by key."""

    template_name = "programmes/target_set_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]  # an export is a streamed file response
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            context = self.get_context_data(**kwargs)
            ts = context["target_set"]
            return export_response(
                fmt, _export_rows(context["rows"]), TARGET_EXPORT_COLUMNS, f"targets-{ts.pk}"
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ts = selectors.target_set_get(pk=kwargs["pk"])
        form, as_of = _as_of(self.request)
        rows = selectors.target_list(target_set=ts)
        statuses = selectors.target_statuses(targets=rows, as_of=as_of)
        compare_rows = None
        other = None
        compare_id = getattr(form, "cleaned_data", {}).get("compare")
        if compare_id:
            other = selectors.target_set_get(pk=compare_id)
            compare_rows = selectors.target_set_compare(left=other, right=ts)
        context.update(
            target_set=ts,
            plan=ts.plan,
            versions=selectors.target_set_versions(plan_id=ts.plan_id),
            rows=[(t, statuses[t.pk]) for t in rows],
            counts=count_statuses(statuses.values()),
            total=len(rows),
            as_of=as_of,
            form=form,
            other=other,
            compare_rows=compare_rows,
            can_edit=can(self.request.user, Action.EDIT, ts.plan.unit_id),
        )
        return context


TARGET_EXPORT_COLUMNS = [
    Column(gettext_lazy("No."), "code"),
    Column(gettext_lazy("Key"), "key"),
    Column(gettext_lazy("Target"), "text"),
    Column(gettext_lazy("Plan group"), "group"),
    Column(gettext_lazy("Unit of measure"), "unit_of_measure"),
    Column(gettext_lazy("Baseline"), "baseline_value"),
    Column(gettext_lazy("Baseline year"), "baseline_year"),
    Column(gettext_lazy("Milestones"), "milestones"),
    Column(gettext_lazy("Target value"), "target_value"),
    Column(gettext_lazy("Target as published"), "value_text"),
    Column(gettext_lazy("Target year"), "target_year"),
    Column(gettext_lazy("As of"), "as_of"),
    Column(gettext_lazy("Expected"), "expected"),
    Column(gettext_lazy("Measured"), "measured"),
    Column(gettext_lazy("Measured on"), "measured_on"),
    Column(gettext_lazy("Achievement"), "achievement"),
    Column(gettext_lazy("Measurement"), "measurement"),
    Column(gettext_lazy("Source"), "source"),
    Column(gettext_lazy("Illustrative"), "is_illustrative"),
]


def _plain_number(value: Decimal) -> str:
    """50.0000 → "50", 60.5000 → "60.5" (no exponent)."""
    return format(value.normalize(), "f")


def _export_rows(rows: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
    labels_a = dict(Achievement.choices)
    labels_m = dict(MeasurementStatus.choices)
    return [
        {
            "code": t.code,
            "key": t.key,
            "text": t.text,
            "group": f"{t.group.code}. {t.group.title}" if t.group else "",
            "unit_of_measure": t.unit_of_measure,
            "baseline_value": t.baseline_value,
            "baseline_year": t.baseline_year,
            "milestones": "; ".join(
                f"{m.year}: {_plain_number(m.value)}" for m in t.milestones.all()
            ),
            "target_value": t.target_value,
            "value_text": t.value_text,
            "target_year": t.target_year,
            "as_of": st.as_of,
            "expected": st.expected.quantize(Decimal("0.01")) if st.expected is not None else None,
            "measured": st.measured,
            "measured_on": st.measured_on,
            "achievement": str(labels_a.get(st.achievement, st.achievement)),
            "measurement": str(labels_m.get(st.measurement, st.measurement)),
            "source": st.source,
            "is_illustrative": t.is_illustrative,
        }
        for t, st in rows
    ]


class TargetDetailView(LoginRequiredMixin, TemplateView):
    """One target: its data, trajectory year by year, assessments and versions."""

    template_name = "programmes/target_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = selectors.target_get(pk=kwargs["pk"])
        form, as_of = _as_of(self.request)
        status = selectors.target_statuses(targets=[target], as_of=as_of)[target.pk]
        context.update(
            target=target,
            plan=target.target_set.plan,
            status=status,
            as_of=as_of,
            form=form,
            trajectory=selectors.target_trajectory(target=target, as_of=as_of),
            assessments=selectors.target_assessments(target=target),
            history=selectors.target_history(target=target),
            can_edit=can(self.request.user, Action.EDIT, target.target_set.plan.unit_id),
        )
        return context


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


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


PLAN_FORM_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "status",
    "is_illustrative",
    "source_note",
)


class PlanEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a plan; the document must already be in the registry."""

    template_name = "programmes/plan_form.html"

    def _plan(self, request: HttpRequest, pk: int | None) -> Any:
        if pk is None:
            return None
        plan = selectors.plan_get(pk=pk)
        if not can(request.user, Action.EDIT, plan.unit_id):
            raise Http404("No such plan.")
        return plan

    def _form(
        self, request: HttpRequest, plan: Any, data: Any = None, initial: Any = None
    ) -> PlanForm:
        units = document_owner_choices(user=request.user)
        if plan is not None and plan.unit_id not in {pk for pk, _n in units}:
            units.insert(0, (plan.unit_id, plan.unit.name))
        if not units:
            raise Http404("No unit to own a plan.")
        return PlanForm(
            data,
            initial=initial,
            units=units,
            plans=selectors.plan_choices(exclude_pk=plan.pk if plan else None),
            catalogues=selectors.catalogue_choices(),
        )

    def _render(self, request: HttpRequest, plan: Any, form: PlanForm) -> HttpResponse:
        return render(request, self.template_name, {"plan": plan, "form": form})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        plan = self._plan(request, pk)
        initial: dict[str, Any] = {"status": "active"}
        if plan is not None:
            initial = {name: getattr(plan, name) for name in PLAN_FORM_FIELDS}
            initial.update(
                unit=plan.unit_id,
                document_number=plan.document.number,
                implements_number=plan.implements.number if plan.implements else "",
                parent=plan.parent_id,
                catalogue=plan.catalogue_id,
                version=plan.version,
            )
        return self._render(request, plan, self._form(request, plan, initial=initial))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        plan = self._plan(request, pk)
        form = self._form(request, plan, data=request.POST)
        if not form.is_valid():
            return self._render(request, plan, form)
        cleaned = form.cleaned_data
        links: dict[str, Any] = {}
        for field, number in (
            ("document_number", cleaned["document_number"]),
            ("implements_number", cleaned["implements_number"]),
        ):
            if not number.strip():
                links[field] = None
                continue
            try:
                links[field] = document_get_by_number(number=number)
            except Http404:
                form.add_error(field, _("No document has this number/symbol."))
        if form.errors:
            return self._render(request, plan, form)
        data = {name: cleaned[name] for name in PLAN_FORM_FIELDS if name != "title"}
        data.update(
            implements=links["implements_number"],
            parent=selectors.plan_get(pk=cleaned["parent"]) if cleaned["parent"] else None,
            catalogue=(
                selectors.catalogue_get(pk=cleaned["catalogue"]) if cleaned["catalogue"] else None
            ),
        )
        try:
            if plan is None:
                plan = services.plan_create(
                    actor=request.user,
                    unit=unit_get_by_pk(pk=cleaned["unit"]),
                    document=links["document_number"],
                    title=cleaned["title"],
                    data=data,
                )
            else:
                plan = services.plan_update(
                    actor=request.user,
                    plan=plan,
                    data={**data, "title": cleaned["title"]},
                    version=cleaned.get("version") or 0,
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(request, plan, form)
        except ValidationError as exc:
            _errors(form, exc)
            return self._render(request, plan, form)
        messages.success(request, _("The plan was saved."))
        return _redirect(request, reverse("programmes:plan_detail", args=[plan.pk]))


class PlanGroupsFromCatalogueView(LoginRequiredMixin, View):
    """POST: create the plan's groups from its catalogue's items (edit right)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = selectors.plan_get(pk=pk)
        if not can(request.user, Action.EDIT, plan.unit_id):
            raise Http404("No such plan.")
        try:
            created = services.plan_groups_from_catalogue(actor=request.user, plan=plan)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(n)s groups were created from the catalogue.") % {"n": len(created)},
            )
        return HttpResponseRedirect(reverse("programmes:plan_detail", args=[plan.pk]))
