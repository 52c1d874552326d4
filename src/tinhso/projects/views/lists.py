"""Project list and open-blocker list pages (filters, export)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tinhso.core.export import Column
from tinhso.core.views import FilteredListView
from tinhso.projects import selectors
from tinhso.projects.forms import (
    BlockerFilterForm,
    ProjectFilterForm,
)


def _yes(value: Any) -> str:
    return _("yes") if value else ""


class ProjectListView(FilteredListView):
    """All projects the user may see, with progress, the planned line and open blockers on
    the "as of" date (default today)."""

    template_name = "projects/project_list.html"
    filter_form_class = ProjectFilterForm
    export_basename = "projects"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("Project name"), "name"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Managing unit"), "unit.name"),
        Column(gettext_lazy("Investor"), "investor_name"),
        Column(gettext_lazy("Location"), "location_text"),
        Column(gettext_lazy("Decision number/symbol"), "decision_number"),
        Column(gettext_lazy("Planned start"), "planned_start"),
        Column(gettext_lazy("Planned completion"), "planned_end"),
        Column(gettext_lazy("Total investment (VND)"), "total_investment"),
        Column(pgettext_lazy("project", "Status"), "get_status_display"),
        Column(gettext_lazy("Physical progress (%)"), "physical_on"),
        Column(gettext_lazy("Planned progress (%)"), "expected_on"),
        Column(gettext_lazy("Financial progress (%)"), "financial_on"),
        Column(gettext_lazy("Lagging behind plan"), lambda p: _yes(p.lagging)),
        Column(gettext_lazy("Open blockers"), "open_blockers"),
        Column(gettext_lazy("Source"), "source"),
    ]

    def default_filters(self) -> dict[str, Any]:
        return {"as_of": timezone.localdate().strftime("%d/%m/%Y")}

    def get_rows(self, filters: dict[str, Any]) -> Any:
        self.filters = filters
        return selectors.project_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["as_of"] = getattr(self, "filters", {}).get("as_of") or timezone.localdate()
        context["can_create"] = selectors.unit_choices(user=self.request.user).exists()
        return context


class BlockerListView(FilteredListView):
    """Blockers open on a date across every project the user may see."""

    template_name = "projects/blocker_list.html"
    filter_form_class = BlockerFilterForm
    export_basename = "project-blockers"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "project.code"),
        Column(gettext_lazy("Project name"), "project.name"),
        Column(gettext_lazy("Managing unit"), "project.unit.name"),
        Column(gettext_lazy("Difficulty or obstacle"), "description"),
        Column(gettext_lazy("Raised on"), "raised_on"),
        Column(gettext_lazy("Unit in charge"), lambda b: b.owner_unit.name if b.owner_unit else ""),
        Column(gettext_lazy("Needs a decision from"), "decision_from"),
    ]

    def default_filters(self) -> dict[str, Any]:
        return {"as_of": timezone.localdate().strftime("%d/%m/%Y")}

    def get_rows(self, filters: dict[str, Any]) -> Any:
        self.filters = filters
        return selectors.blocker_open_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["as_of"] = getattr(self, "filters", {}).get("as_of") or timezone.localdate()
        return context
