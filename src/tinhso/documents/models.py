"""The document registry (căn cứ): legal and Party documents and the relations between them.

Plans, targets, tasks and task extensions point here for their legal basis, so a
document's page can list everything it created or changed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.accounts.querysets import ScopedQuerySet
from tinhso.core.text import fold
from tinhso.units.models import Unit


class DocumentType(models.TextChoices):
    """Kinds of document (Decree 30/2020 names plus the Party's own kinds)."""

    LAW = "law", _("Law")
    RESOLUTION = "resolution", _("Resolution")
    DECREE = "decree", _("Decree")
    DECISION = "decision", _("Decision")
    DIRECTIVE = "directive", _("Directive")
    CIRCULAR = "circular", _("Circular")
    PLAN = "plan", _("Plan")
    PROGRAMME = "programme", _("Programme")
    CONCLUSION = "conclusion", _("Conclusion")
    REGULATION = "regulation", _("Regulation")
    DISPATCH = "dispatch", _("Official dispatch")
    NOTICE = "notice", _("Notice")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class DocumentQuerySet(ScopedQuerySet["Document"]):
    def in_force_on(self, day: dt.date) -> DocumentQuerySet:
        """Documents whose validity covers `day` (an open end means still in force)."""
        return self.filter(
            Q(effective_from__isnull=True) | Q(effective_from__lte=day),
            Q(effective_to__isnull=True) | Q(effective_to__gt=day),
        )


class Document(models.Model):
    """One legal or Party document: number/symbol, type, issuer, date, title, file, validity.

    `owner_unit` is the unit that keeps the record in the registry (usually the standing
    agency or the issuing body); everyone signed in may read the registry.
    """

    unit_lookup = "owner_unit"

    number = models.CharField(
        _("number/symbol"),
        max_length=80,
        help_text=_("As printed on the document, e.g. 57-NQ/TW or 469-KH/TU."),
    )
    doc_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    issuer = models.CharField(_("issuing body"), max_length=200)
    issued_on = models.DateField(_("date issued"))
    title = models.CharField(_("title (excerpt)"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("full text"), blank=True, help_text=_("Plain text, cut at Điều/Khoản by the assistant.")
    )
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_note = models.CharField(_("source and confidence"), max_length=500, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Exclusive; empty = in force.")
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo content standing in for a text that is not public (minh họa)."),
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("registry owner"), on_delete=models.PROTECT, related_name="documents"
    )
    search_text = models.CharField(_("search text"), max_length=800, blank=True, editable=False)
    version = models.PositiveIntegerField(pgettext_lazy("record", "version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "issued_on"], name="document_number_date"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="document_validity_order",
            ),
        ]
        indexes = [models.Index(fields=["number"], name="document_number_idx")]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(f"{self.number} {self.title} {self.issuer}")[:800]
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # Model.save's kwargs

    def in_force_on(self, day: dt.date) -> bool:
        started = self.effective_from is None or self.effective_from <= day
        return started and (self.effective_to is None or self.effective_to > day)


class RelationKind(models.TextChoices):
    IMPLEMENTS = "implements", _("implements")
    AMENDS = "amends", _("amends or supplements")
    REPLACES = "replaces", _("replaces")
    GUIDES = "guides", _("guides")


class DocumentRelationQuerySet(ScopedQuerySet["DocumentRelation"]):
    pass


class DocumentRelation(models.Model):
    """`source` implements / amends / replaces / guides `target` (e.g. 469-KH/TU → 57-NQ/TW)."""

    unit_lookup = "source__owner_unit"

    source = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="relations_out",
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        Document,
        verbose_name=_("related document"),
        on_delete=models.PROTECT,
        related_name="relations_in",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DocumentRelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("document relation")
        verbose_name_plural = _("document relations")
        ordering = ["source_id", "kind", "target_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="document_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="document_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.number} {self.get_kind_display()} {self.target.number}"
