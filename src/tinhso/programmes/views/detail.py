"""Read-only programme pages: plan list, catalogues, plan, target set and target detail."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.export import EXPORT_FORMATS, Column, export_response
from tinhso.core.views import FilteredListView
from tinhso.documents.selectors import document_owner_choices
from tinhso.programmes import selectors
from tinhso.programmes.forms import PlanFilterForm
from tinhso.programmes.models import Achievement, MeasurementStatus
from tinhso.programmes.targets import count_statuses

from .common import _as_of, _task_url_pattern


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
