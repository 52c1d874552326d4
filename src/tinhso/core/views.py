"""Shared view plumbing: the filtered, paginated, exportable list every app reuses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.views.generic.base import ContextMixin, TemplateResponseMixin, View

from .export import EXPORT_FORMATS, Column, export_response


class FilteredListView(LoginRequiredMixin, TemplateResponseMixin, ContextMixin, View):
    """A list page: a filter form, a selector call, pagination, HTMX rows, CSV/XLSX export.

    Subclasses set `template_name`, `filter_form_class`, `export_columns`, `export_basename`
    and implement `get_rows(filters)` by calling one selector with `self.request.user`.
    `?export=csv|xlsx` returns **all** filtered rows, not just the page. An HTMX request
    gets only the `#rows` partial, so filtering does not reload the page.
    """

    filter_form_class: ClassVar[type[forms.Form]]
    export_columns: ClassVar[Sequence[Column]] = ()
    export_basename: ClassVar[str] = "export"
    paginate_by: ClassVar[int] = 50
    rows_partial: ClassVar[str] = "rows"

    def get_rows(self, filters: dict[str, Any]) -> Any:
        raise NotImplementedError

    def on_export(self, fmt: str, filters: dict[str, Any]) -> None:
        """Called before an export is sent; lists of personal data log it (a sensitive read)."""

    def get_filter_form_kwargs(self) -> dict[str, Any]:
        """Extra keyword arguments for the filter form (e.g. the user, to limit choices)."""
        return {}

    def default_filters(self) -> dict[str, Any]:
        """Filters applied when the page is opened without any (e.g. the user's province)."""
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        data: QueryDict = request.GET
        if not any(key in self.filter_form_class.base_fields for key in data):
            defaults = self.default_filters()
            if defaults:
                data = data.copy()
                data.update(defaults)
        form = self.filter_form_class(data or None, **self.get_filter_form_kwargs())
        filters = form.cleaned_data if form.is_valid() else {}
        rows = self.get_rows(filters)
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS and self.export_columns:
            self.on_export(fmt, filters)
            return export_response(fmt, rows, self.export_columns, self.export_basename)
        page = Paginator(rows, self.paginate_by).get_page(request.GET.get("page"))
        query = data.copy()
        query.pop("page", None)
        query.pop("export", None)
        context = self.get_context_data(
            form=form, page=page, rows=page.object_list, querystring=query.urlencode(), **kwargs
        )
        template = self.template_name
        if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]  # django-htmx
            template = f"{self.template_name}#{self.rows_partial}"
        return self.response_class(
            request=request, template=[template], context=context, using=self.template_engine
        )
