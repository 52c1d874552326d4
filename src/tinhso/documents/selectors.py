"""Read use-cases of the document registry.

Access: the registry is public to every signed-in official (documents are published texts),
so document reads take the user only for the parts that are unit-scoped (tasks and task
extensions a document created are shown only to those who may see the task). Callers (views,
API) require a signed-in user or a token with `documents:read`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import Action
from tinhso.core.text import fold

from .models import Document, DocumentRelation

LIST_ORDERING = ("-issued_on", "number", "pk")


MAX_PK = 2**63 - 1


def _missing_pk(pk: int) -> bool:
    """Ids outside the database integer range are simply missing (never a 500)."""
    return not 0 < pk <= MAX_PK


def document_list(*, filters: Mapping[str, Any]) -> QuerySet[Document]:
    """Documents matching `filters`, newest first.

    Filters (all optional): `q` (number, title or issuer, diacritic- and case-insensitive),
    `doc_type`, `issuer` (folded substring), `year` (year issued), `in_force_on` (a date),
    `owner_unit` (id). Action: none (public registry). Side effects: none.
    """
    qs = Document.objects.select_related("owner_unit")
    # NUL bytes cannot reach PostgreSQL text comparisons.
    filters = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in filters.items()}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(search_text__contains=fold(q))
    if doc_type := filters.get("doc_type"):
        qs = qs.filter(doc_type=doc_type)
    if issuer := (filters.get("issuer") or "").strip():
        folded = fold(issuer)
        qs = qs.filter(Q(search_text__contains=folded) | Q(issuer__icontains=issuer))
    if year := filters.get("year"):
        qs = qs.filter(issued_on__year=year)
    if (day := filters.get("in_force_on")) is not None:
        qs = qs.in_force_on(day)
    if owner := filters.get("owner_unit"):
        qs = qs.filter(owner_unit_id=owner)
    return qs.order_by(*LIST_ORDERING)


def document_get(*, pk: int) -> Document:
    """The document `pk`. Action: none (public). Errors: `Http404` when missing."""
    if _missing_pk(pk):
        raise Http404("No such document.")
    doc = Document.objects.select_related("owner_unit").filter(pk=pk).first()
    if doc is None:
        raise Http404("No such document.")
    return doc


def document_get_by_number(*, number: str, issued_on: dt.date | None = None) -> Document:
    """The document whose number/symbol is `number` (spacing and case ignored).

    Rule: numbers may repeat across years (e.g. "01-KH/BCĐTW"); the newest wins unless
    `issued_on` is given. Errors: `Http404` when none matches.
    """
    number = number.replace("\x00", "")
    wanted = "".join(number.split()).upper()
    qs = Document.objects.select_related("owner_unit").filter(number__iexact=wanted)
    if not qs.exists():
        qs = Document.objects.select_related("owner_unit").filter(number__iexact=number.strip())
    if issued_on is not None:
        qs = qs.filter(issued_on=issued_on)
    doc = qs.order_by("-issued_on", "pk").first()
    if doc is None:
        raise Http404("No such document.")
    return doc


def document_choices() -> QuerySet[Document]:
    """All documents, for pickers (number and date only). Action: none."""
    return Document.objects.only("pk", "number", "issued_on", "title").order_by(*LIST_ORDERING)


def document_relations_out(*, document: Document) -> QuerySet[DocumentRelation]:
    """Relations from `document` to others (it implements / amends / replaces …)."""
    return (
        DocumentRelation.objects.filter(source_id=document.pk)
        .select_related("target")
        .order_by("kind", "target__issued_on", "pk")
    )


def document_relations_in(*, document: Document) -> QuerySet[DocumentRelation]:
    """Relations from other documents to `document` (implemented by, amended by …)."""
    return (
        DocumentRelation.objects.filter(target_id=document.pk)
        .select_related("source")
        .order_by("kind", "source__issued_on", "pk")
    )


def document_relation_get(*, pk: int) -> DocumentRelation:
    """One relation (public). Errors: `Http404` when missing."""
    if _missing_pk(pk):
        raise Http404("No such document relation.")
    rel = DocumentRelation.objects.select_related("source", "target").filter(pk=pk).first()
    if rel is None:
        raise Http404("No such relation.")
    return rel


@dataclass(frozen=True)
class DocumentLinks:
    """Everything a document created or changed, read through reverse relations."""

    plans: list[Any]
    implementing_plans: list[Any]
    target_sets: list[Any]
    targets: list[Any]
    catalogues: list[Any]
    tasks: list[Any]
    task_extensions: list[Any]


def document_links(*, user: Any, document: Document, limit: int = 200) -> DocumentLinks:
    """Plans, target sets, targets, catalogues, tasks and extensions based on `document`.

    Rule: plans, target sets, targets and catalogues are public; tasks and task extensions
    are shown only when `user` may VIEW them (their lead unit's scoping). Read through the
    reverse relation names, so this app does not import the higher `tasks` app. Each list
    is capped at `limit` rows. Action: VIEW for tasks. Side effects: none.
    """
    tasks = (
        document.tasks.for_user(user, Action.VIEW)
        .select_related("lead_unit")
        .order_by("deadline", "pk")[:limit]
    )
    extensions = (
        document.task_extensions.for_user(user, Action.VIEW)
        .select_related("task")
        .order_by("decision_date", "pk")[:limit]
    )
    return DocumentLinks(
        plans=list(document.plans.select_related("unit").order_by("pk")[:limit]),
        implementing_plans=list(
            document.implementing_plans.select_related("document", "unit").order_by("pk")[:limit]
        ),
        target_sets=list(
            document.target_sets.select_related("plan__document").order_by("pk")[:limit]
        ),
        targets=list(
            document.targets.select_related("target_set").order_by(
                "target_set_id", "sort_order", "pk"
            )[:limit]
        ),
        catalogues=list(document.catalogues.order_by("code", "version")[:limit]),
        tasks=list(tasks),
        task_extensions=list(extensions),
    )


def document_owner_choices(*, user: Any, limit: int = 500) -> list[tuple[int, str]]:
    """Current units on which `user` may EDIT (the registry owners they may choose).

    Action: EDIT. Side effects: none. Capped at `limit` units (by tree order).
    """
    from tinhso.accounts.access import unit_ids_for
    from tinhso.units.models import Unit

    ids = unit_ids_for(user, Action.EDIT)
    rows = (
        Unit.objects.filter(pk__in=ids, valid_to__isnull=True)
        .order_by("path")
        .values_list("pk", "name")[:limit]
    )
    return [(pk, name) for pk, name in rows]
