"""Pages of digital literacy: overview per unit and group, a unit's page, courses, import."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.core.exceptions import DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from . import selectors, services
from .forms import CourseFilterForm, ImportForm, ProgressFilterForm, default_year
from .importfile import IMPORT_COLUMNS, XLSX_CONTENT_TYPE, template_csv, template_xlsx

LIGHT_LABELS = selectors.LIGHT_LABELS
# An import report shows this many errors on the page; the API returns them all.
MAX_ERRORS_SHOWN = 1000


class LiteracyOverviewView(FilteredListView):
    """Coverage per unit and target group against targets, with group totals and the top
    unit's targets; exportable to Excel/CSV."""

    template_name = "literacy/overview.html"
    filter_form_class = ProgressFilterForm
    export_basename = "binh-dan-hoc-vu-so"
    paginate_by = 100
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Unit code"), "unit.code"),
        Column(gettext_lazy("Unit"), "unit.name"),
        Column(gettext_lazy("Target group"), "group.short_name"),
        Column(gettext_lazy("Population"), "population_count"),
        Column(
            gettext_lazy("Population source"), lambda r: r.population.source if r.population else ""
        ),
        Column(gettext_lazy("Target (%)"), "target_rate"),
        Column(gettext_lazy("Enrolments"), "measures.enrolments"),
        Column(gettext_lazy("Unique learners"), "measures.learners"),
        Column(gettext_lazy("Completions"), "measures.completions"),
        Column(gettext_lazy("Persons who completed"), "measures.completers"),
        Column(gettext_lazy("Certificates"), "measures.certificates"),
        Column(gettext_lazy("Trained in AI"), "measures.ai_learners"),
        Column(gettext_lazy("Trained in person"), "measures.offline_learners"),
        Column(gettext_lazy("Coverage (%)"), "coverage"),
        Column(gettext_lazy("Against target"), "light_label"),
    ]

    def default_filters(self) -> dict[str, Any]:
        return {"year": str(default_year()), "basis": "learners"}

    def get_rows(self, filters: dict[str, Any]) -> Any:
        user = self.request.user
        unit = None
        if filters.get("unit"):
            unit = selectors.literacy_unit_by_code(user=user, code=filters["unit"])
        group = selectors.target_group_find(filters["group"]) if filters.get("group") else None
        self.report = selectors.literacy_progress(
            user=user,
            year=filters.get("year") or default_year(),
            as_of=filters.get("as_of") or timezone.localdate(),
            unit=unit,
            group=group,
            basis=filters.get("basis") or "learners",
        )
        return self.report.rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["light_labels"] = LIGHT_LABELS
        context["amber_percent"] = int(selectors.AMBER_SHARE * 100)
        return context


class LiteracyUnitView(LoginRequiredMixin, TemplateView):
    """One unit (a commune or a department): its groups, targets and courses."""

    template_name = "literacy/unit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        unit = selectors.literacy_unit_get(user=user, pk=kwargs["pk"])
        form = ProgressFilterForm(self.request.GET or None)
        cleaned = form.cleaned_data if form.is_valid() else {}
        as_of = cleaned.get("as_of") or timezone.localdate()
        basis = cleaned.get("basis") or "learners"
        report = selectors.literacy_progress(
            user=user,
            year=cleaned.get("year") or default_year(),
            as_of=as_of,
            unit=unit,
            basis=basis,
        )
        context.update(
            unit=unit,
            report=report,
            courses=selectors.literacy_course_breakdown(user=user, unit=unit, as_of=as_of),
            light_labels=LIGHT_LABELS,
        )
        return context


class CourseListView(FilteredListView):
    """The course catalogue with the measures of the records the user may see."""

    template_name = "literacy/course_list.html"
    filter_form_class = CourseFilterForm
    export_basename = "khoa-hoc-binh-dan-hoc-vu-so"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("Course"), "name"),
        Column(gettext_lazy("Platform or provider"), "provider"),
        Column(gettext_lazy("Mode"), "get_mode_display"),
        Column(gettext_lazy("AI training"), "is_ai_training"),
        Column(gettext_lazy("Owner unit"), "owner_unit.name"),
        Column(gettext_lazy("Enrolments"), "measures.enrolments"),
        Column(gettext_lazy("Unique learners"), "measures.learners"),
        Column(gettext_lazy("Completions"), "measures.completions"),
        Column(gettext_lazy("Certificates"), "measures.certificates"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.course_rows(user=self.request.user, filters=filters)


class LiteracyImportView(LoginRequiredMixin, View):
    """Upload a course export; show every row error (nothing saved) or the counts."""

    template_name = "literacy/import.html"

    def _render(self, request: HttpRequest, form: ImportForm, **extra: Any) -> HttpResponse:
        context = {
            "form": form,
            "columns": IMPORT_COLUMNS,
            "max_errors": MAX_ERRORS_SHOWN,
            **extra,
        }
        return render(request, self.template_name, context, status=extra.get("status", 200))

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ImportForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self._render(request, form, status=422)
        upload = form.cleaned_data["file"]
        try:
            report = services.training_records_import(
                actor=request.user,
                file=upload,
                filename=upload.name or "",
                course=form.cleaned_data.get("course"),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(request, form, status=409)
        return self._render(
            request,
            ImportForm(user=request.user) if report.saved else form,
            report=report,
            errors=report.errors[:MAX_ERRORS_SHOWN],
            status=200 if report.saved else 422,
        )


def import_template_view(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The import template as .xlsx or .csv (header and one illustrative row)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404(_("No such template."))
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-hoc-vien.{fmt}"'
    return response
