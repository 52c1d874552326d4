"""Filterable, exportable lists: the catalogue and the values of the user's units."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy, pgettext_lazy

from tinhso.accounts.access import Action, unit_ids_for
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView
from tinhso.indicators import selectors
from tinhso.indicators.forms import IndicatorFilterForm, ValueFilterForm
from tinhso.units.selectors import unit_get


class IndicatorListView(FilteredListView):
    """The catalogue: every indicator in use, filterable, exportable."""

    template_name = "indicators/indicator_list.html"
    filter_form_class = IndicatorFilterForm
    export_basename = "indicators"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Unit of measure"), "unit_of_measure"),
        Column(gettext_lazy("Aggregation rule"), "get_aggregation_display"),
        Column(gettext_lazy("Frequency"), "get_frequency_display"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Entered at level"), "entry_level.name"),
        Column(gettext_lazy("Owner unit"), "owner_unit.name"),
        Column(gettext_lazy("Data source"), "data_source"),
        Column(gettext_lazy("Illustrative"), "is_illustrative"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.indicator_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        managed = unit_ids_for(self.request.user, Action.MANAGE)
        context.update(managed_unit_ids=managed, may_create=bool(managed))
        return context


class ValueListView(FilteredListView):
    """Values of the user's units, filterable by unit (subtree), period, indicator, status."""

    template_name = "indicators/value_list.html"
    filter_form_class = ValueFilterForm
    export_basename = "indicator-values"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Indicator code"), "indicator.code"),
        Column(gettext_lazy("Indicator"), "indicator.name"),
        Column(pgettext_lazy("organisation", "Unit code"), "unit.code"),
        Column(pgettext_lazy("organisation", "Unit"), "unit.name"),
        Column(pgettext_lazy("time", "Period"), "period.code"),
        Column(gettext_lazy("Breakdown"), "breakdown"),
        Column(gettext_lazy("Value"), "value"),
        Column(gettext_lazy("Numerator"), "numerator"),
        Column(gettext_lazy("Denominator"), "denominator"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Source"), "source"),
        Column(gettext_lazy("As of"), "as_of"),
        Column(gettext_lazy("Outlier"), "is_outlier"),
        Column(gettext_lazy("Comment"), "comment"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        user = self.request.user
        data: dict[str, Any] = {
            "status": filters.get("status"),
            "outlier": filters.get("outlier"),
        }
        if code := filters.get("unit"):
            unit = unit_get(code=code)
            selectors.require_view(user=user, unit=unit)
            data["unit"] = unit
        if code := filters.get("period"):
            data["period"] = selectors.period_get(code=code)
        if code := filters.get("indicator"):
            data["indicator"] = selectors.indicator_get(user=user, code=code)
        return selectors.indicator_value_list(user=user, filters=data)
