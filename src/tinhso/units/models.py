"""Administrative and organisational units, their levels, and their lineage across reforms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.text import fold

from .querysets import UnitQuerySet


class UnitLevel(models.Model):
    """A kind of unit in the tree (province, commune-level, department, service centre…).

    Levels are data, not code: a reorganisation adds or retires a level without a deploy.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_administrative = models.BooleanField(
        _("administrative division"),
        default=False,
        help_text=_("A territorial unit of government (province, commune…), not an agency."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = pgettext_lazy("unit", "level")
        verbose_name_plural = pgettext_lazy("unit", "levels")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """One unit of the province's organisation: a division, an agency or a service centre.

    Units are never deleted: a unit closed by a reform keeps its name, code and validity
    dates, and `UnitLineage` links it to its successor(s). Official codes are reused across
    eras, so a code identifies a unit only together with its validity period.
    """

    # A unit "belongs" to itself for access purposes (CONVENTIONS §4).
    unit_lookup = ""

    code = models.CharField(_("code"), max_length=32, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    codename = models.CharField(_("ASCII name"), max_length=120, blank=True)
    division_type = models.CharField(
        _("division type"),
        max_length=40,
        blank=True,
        help_text=_("As officially written: tỉnh, thành phố, phường, xã, đặc khu, sở…"),
    )
    level = models.ForeignKey(
        UnitLevel,
        verbose_name=pgettext_lazy("unit", "level"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(
        _("tree path"),
        max_length=255,
        db_index=True,
        editable=False,
        default="",
        help_text=_("Materialised path of ids, e.g. /1/45/; kept by the units services."),
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    province_code = models.CharField(_("province code"), max_length=8, blank=True, db_index=True)
    standing_agency = models.ForeignKey(
        "self",
        verbose_name=_("standing agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a committee: the agency that runs its day-to-day work."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("First day on which the unit no longer exists (exclusive)."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("organisation", "unit")
        verbose_name_plural = pgettext_lazy("organisation", "units")
        ordering = ["path"]
        constraints = [
            # A code names one *current* unit per level; closed units may share it.
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_to__isnull=True),
                name="unit_current_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["province_code", "level"], name="unit_prov_level")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def clean(self) -> None:
        if self.parent_id is not None and self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, then keep the materialised path, depth and province code consistent.

        Bulk loaders (`load_units`) set these themselves; this covers single saves and
        moves, rewriting the paths of the moved subtree.
        """
        self.search_text = fold(f"{self.name} {self.short_name} {self.codename.replace('_', ' ')}")
        parent = self.parent if self.parent_id else None
        if not self.province_code:
            if self.level_id and self.level.code == "province":
                self.province_code = self.code
            elif parent is not None:
                self.province_code = parent.province_code
        super().save(*args, **kwargs)
        expected = f"{parent.path if parent is not None else '/'}{self.pk}/"
        if self.path != expected:
            old = self.path
            self.path = expected
            self.depth = expected.count("/") - 2
            Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old:
                for child in Unit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child_path = expected + child.path[len(old) :]
                    Unit.objects.filter(pk=child.pk).update(
                        path=child_path, depth=child_path.count("/") - 2
                    )


class UnitLineage(models.Model):
    """A predecessor → successor link made by a reorganisation (merge, split, rename…)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merged into")
        SPLIT = "split", _("Split (part) into")
        RENAME = "rename", _("Renamed to")
        UPGRADE = "upgrade", _("Reclassified as")
        RETAINED = "retained", _("Kept unchanged in the new structure")

    unit_lookup = "successor"

    predecessor = models.ForeignKey(
        Unit,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partial = models.BooleanField(
        _("partial"),
        default=False,
        help_text=_("Only part of the predecessor went to this successor."),
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        ordering = ["effective_date", "successor_id", "predecessor_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "effective_date"],
                name="lineage_unique_link",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="lineage_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"
