"""Pages of the document registry: the list, a document's page, the create/edit form and
relations. Reading is open to every signed-in user; writing needs Action.EDIT on the
document's owner unit (see `services.py`)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView
from tinhso.units.selectors import unit_get_by_pk

from . import selectors, services
from .forms import DocumentFilterForm, DocumentForm, RelationForm
from .models import Document

FORM_FIELDS = (
    "number",
    "doc_type",
    "issuer",
    "issued_on",
    "title",
    "summary",
    "effective_from",
    "effective_to",
    "source_url",
    "source_note",
    "is_illustrative",
)


class DocumentListView(FilteredListView):
    """The registry: search by number or title, filter by type, issuer, year, validity."""

    template_name = "documents/document_list.html"
    filter_form_class = DocumentFilterForm
    export_basename = "documents"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Number/symbol"), "number"),
        Column(gettext_lazy("Document type"), "get_doc_type_display"),
        Column(gettext_lazy("Issuing body"), "issuer"),
        Column(gettext_lazy("Date issued"), "issued_on"),
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("In force from"), "effective_from"),
        Column(gettext_lazy("In force until"), "effective_to"),
        Column(gettext_lazy("Illustrative"), "is_illustrative"),
        Column(gettext_lazy("Registry owner"), "owner_unit.name"),
        Column(gettext_lazy("Source"), "source_note"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.document_list(filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["can_create"] = bool(selectors.document_owner_choices(user=self.request.user))
        return context


class DocumentDetailView(LoginRequiredMixin, TemplateView):
    """A document: metadata, validity, relations both ways and what it created or changed."""

    template_name = "documents/document_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        doc = selectors.document_get(pk=kwargs["pk"])
        can_edit = can(self.request.user, Action.EDIT, doc.owner_unit_id)
        context.update(
            document=doc,
            today=timezone.localdate(),
            in_force=doc.in_force_on(timezone.localdate()),
            relations_out=selectors.document_relations_out(document=doc),
            relations_in=selectors.document_relations_in(document=doc),
            links=selectors.document_links(user=self.request.user, document=doc),
            can_edit=can_edit,
            relation_form=RelationForm() if can_edit else None,
        )
        return context


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class DocumentEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a document; HTMX re-renders the form with its errors."""

    template_name = "documents/document_form.html"

    def _document(self, request: HttpRequest, pk: int | None) -> Document | None:
        if pk is None:
            return None
        doc = selectors.document_get(pk=pk)
        if not can(request.user, Action.EDIT, doc.owner_unit_id):
            raise Http404("No such document.")
        return doc

    def _units(self, request: HttpRequest, doc: Document | None) -> list[tuple[int, str]]:
        units = selectors.document_owner_choices(user=request.user)
        if doc is not None and doc.owner_unit_id not in {pk for pk, _n in units}:
            units.insert(0, (doc.owner_unit_id, doc.owner_unit.name))
        return units

    def _render(
        self, request: HttpRequest, doc: Document | None, form: DocumentForm
    ) -> HttpResponse:
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{self.template_name}#document-form"
        return render(request, template, {"document": doc, "form": form})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        doc = self._document(request, pk)
        units = self._units(request, doc)
        if not units:
            raise Http404("No unit to keep a document.")
        initial: dict[str, Any] = {}
        if doc is not None:
            initial = {name: getattr(doc, name) for name in FORM_FIELDS}
            initial.update(owner_unit=doc.owner_unit_id, version=doc.version)
        return self._render(request, doc, DocumentForm(initial=initial, units=units))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        doc = self._document(request, pk)
        units = self._units(request, doc)
        if not units:
            raise Http404("No unit to keep a document.")
        form = DocumentForm(request.POST, request.FILES, units=units)
        if not form.is_valid():
            return self._render(request, doc, form)
        data = {name: form.cleaned_data[name] for name in FORM_FIELDS}
        upload = form.cleaned_data.get("file") or None
        try:
            if doc is None:
                owner = unit_get_by_pk(pk=form.cleaned_data["owner_unit"])
                doc = services.document_create(
                    actor=request.user, owner_unit=owner, data=data, file=upload
                )
                messages.success(request, _("The document was registered."))
            else:
                doc = services.document_update(
                    actor=request.user,
                    document=doc,
                    data=data,
                    version=form.cleaned_data.get("version") or 0,
                    file=upload,
                )
                messages.success(request, _("The document was saved."))
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(request, doc, form)
        except ValidationError as exc:
            _apply_errors(form, exc)
            return self._render(request, doc, form)
        url = reverse("documents:detail", args=[doc.pk])
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


class DocumentRelateView(LoginRequiredMixin, View):
    """POST: record a relation from this document to another one (by number/symbol)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        doc = selectors.document_get(pk=pk)
        if not can(request.user, Action.EDIT, doc.owner_unit_id):
            raise Http404("No such document.")
        form = RelationForm(request.POST)
        url = reverse("documents:detail", args=[doc.pk])
        if not form.is_valid():
            messages.error(request, _("Choose a relation and a document number."))
            return HttpResponseRedirect(url)
        try:
            target = selectors.document_get_by_number(number=form.cleaned_data["target_number"])
            services.document_relate(
                actor=request.user,
                source=doc,
                kind=form.cleaned_data["kind"],
                target=target,
                note=form.cleaned_data["note"],
            )
        except Http404:
            messages.error(request, _("No document has this number/symbol."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The relation was recorded."))
        return HttpResponseRedirect(url)


class DocumentUnrelateView(LoginRequiredMixin, View):
    """POST: remove a relation recorded by mistake (edit right on the source document)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        relation = selectors.document_relation_get(pk=pk)
        if not can(request.user, Action.EDIT, relation.source.owner_unit_id):
            raise Http404("No such relation.")
        services.document_unrelate(actor=request.user, relation=relation)
        messages.success(request, _("The relation was removed."))
        return HttpResponseRedirect(reverse("documents:detail", args=[relation.source_id]))
