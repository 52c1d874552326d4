"""Forms of the officer screens: parsing only; the rules live in the dossier services."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.procedures.models import TIME_UNIT_CHOICES, Channel, Procedure, ProcedureCase
from tinhso.units.models import Unit

from .models import NATIONAL_LABEL, ApplicantKind, ComponentSource, SatisfactionLevel
from .services import ComponentInput
from .workflow import Transition

DATETIME_HINT = "dd/mm/yyyy HH:MM"


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # django-stubs generic
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


# --- reception -----------------------------------------------------------------------------


class ReceptionUnitForm(forms.Form):
    """Step 1: the counter (a unit where the officer may EDIT)."""

    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Receiving unit"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  # declared above
        field.queryset = units
        field.empty_label = None


def _reuse_label(row: dict[str, Any]) -> str:
    issued = timezone.localtime(row["issued_at"]).strftime("%d/%m/%Y")
    code = f" — {row['result_code']}" if row.get("result_code") else ""
    unit = row.get("dossier__resolving_unit__name") or ""
    return f"{row['name']}{code} ({issued}, {unit})"


class ReceptionForm(forms.Form):
    """The counter reception of one dossier: applicant, channel, units, the checklist.

    Checklist fields per procedure component `pk`: `source_<pk>` (where it came from),
    `file_<pk>` (the scan, optional), `reuse_<pk>` (an earlier result of the same applicant;
    choosing one makes the source "re-used")."""

    unit = forms.IntegerField(widget=forms.HiddenInput)
    procedure = forms.IntegerField(widget=forms.HiddenInput)
    case = forms.ModelChoiceField(
        queryset=ProcedureCase.objects.none(), label=_("Case"), empty_label=None
    )
    applicant_name = forms.CharField(label=_("Applicant"), max_length=200)
    applicant_kind = forms.ChoiceField(
        label=_("Applicant type"), choices=ApplicantKind.choices, initial=ApplicantKind.CITIZEN
    )
    applicant_id_number = forms.CharField(
        label=_("Identity number"),
        max_length=20,
        required=False,
        help_text=_("Earlier results of the same person are offered for re-use."),
    )
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("E-mail"), required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    vneid_verified = forms.BooleanField(label=_("Identity verified with VNeID"), required=False)
    channel = forms.ChoiceField(
        label=_("Submission channel"), choices=Channel.choices, initial=Channel.IN_PERSON
    )
    return_place = forms.ChoiceField(
        label=_("Result returned at"),
        choices=[
            ("receiving", _("the receiving unit")),
            ("resolving", _("the resolving unit")),
        ],
        initial="receiving",
    )
    return_method = forms.ChoiceField(
        label=_("Result return method"), choices=Channel.choices, initial=Channel.IN_PERSON
    )
    summary = forms.CharField(
        label=_("Summary of the request"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        procedure: Procedure,
        case: ProcedureCase | None,
        resolving_units: QuerySet[Unit] | None,
        needs_limit: bool,
        reusable: Sequence[dict[str, Any]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cases = self.fields["case"]
        assert isinstance(cases, forms.ModelChoiceField)  # noqa: S101  # declared above
        cases.queryset = procedure.cases.order_by("position", "pk")
        if case is not None:
            cases.initial = case.pk
        cases.widget.attrs.update(
            {
                "hx-get": str(reverse_lazy("dossiers:reception")),
                "hx-include": "closest form",
                "hx-target": "#checklist",
                "hx-select": "#checklist",
                "hx-swap": "outerHTML",
            }
        )
        self.fields["applicant_id_number"].widget.attrs.update(
            {
                "inputmode": "numeric",
                "autocomplete": "off",
                "hx-get": str(reverse_lazy("dossiers:reception_reusable")),
                "hx-trigger": "change, keyup changed delay:600ms",
                "hx-include": "closest form",
                "hx-target": "#reusable",
                "hx-swap": "outerHTML",
            }
        )
        if resolving_units is not None:
            self.fields["resolving_unit"] = UnitChoiceField(
                queryset=resolving_units,
                label=_("Resolving unit"),
                required=False,
                empty_label=_("— the receiving unit —"),
                help_text=_(
                    "Received regardless of administrative boundaries: choose the competent unit."
                ),
            )
        if needs_limit:
            self.fields["limit_amount"] = forms.DecimalField(
                label=_("Time limit"),
                min_value=0,
                max_value=1000,
                decimal_places=2,
                help_text=_("The procedure record gives no time limit: enter it from the law."),
            )
            self.fields["limit_unit"] = forms.ChoiceField(
                label=pgettext_lazy("time", "Unit"), choices=TIME_UNIT_CHOICES
            )
        self.reusable = list(reusable)
        reuse_choices = [("", "—")] + [(str(r["id"]), _reuse_label(r)) for r in self.reusable]
        self.components = list(case.components.all()) if case is not None else []
        for component in self.components:
            self.fields[f"source_{component.pk}"] = forms.ChoiceField(
                label=component.name,
                choices=ComponentSource.choices,
                initial=ComponentSource.PAPER,
            )
            self.fields[f"file_{component.pk}"] = forms.FileField(label=_("Scan"), required=False)
            self.fields[f"reuse_{component.pk}"] = forms.TypedChoiceField(
                label=_("Re-use an earlier result"),
                choices=reuse_choices,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def component_rows(self) -> list[dict[str, Any]]:
        """One row per component of the case for the template."""
        return [
            {
                "component": c,
                "source": self[f"source_{c.pk}"],
                "file": self[f"file_{c.pk}"],
                "reuse": self[f"reuse_{c.pk}"],
            }
            for c in self.components
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for component in self.components:
            source = data.get(f"source_{component.pk}")
            if source == ComponentSource.REUSED and not data.get(f"reuse_{component.pk}"):
                self.add_error(f"reuse_{component.pk}", _("Choose the earlier result to re-use."))
        return data

    def component_inputs(self) -> list[ComponentInput]:
        """The checklist for `services.dossier_receive` (a chosen result means re-used)."""
        items = []
        for component in self.components:
            reused = self.cleaned_data.get(f"reuse_{component.pk}")
            source = self.cleaned_data.get(f"source_{component.pk}") or ComponentSource.PAPER
            if reused:
                source = ComponentSource.REUSED
            upload = self.cleaned_data.get(f"file_{component.pk}")
            items.append(
                ComponentInput(
                    component_id=component.pk,
                    source=source,
                    file=upload if source != ComponentSource.MISSING else None,
                    reused_result_id=reused if source == ComponentSource.REUSED else None,
                )
            )
        return items


# --- list ----------------------------------------------------------------------------------


class DossierFilterForm(forms.Form):
    """Filters of the dossier list (GET); map onto `selectors.DossierFilters`."""

    national_status = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + [(str(k), f"{k}. {v}") for k, v in NATIONAL_LABEL.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    procedure = forms.CharField(label=_("Procedure code"), max_length=80, required=False)
    unit = forms.ChoiceField(label=pgettext_lazy("organisation", "Unit"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False
    )
    registered_from = forms.DateField(
        label=_("Registered from"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    registered_to = forms.DateField(
        label=_("Registered to"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    code = forms.CharField(label=_("Code starts with"), max_length=60, required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    boundary_free = forms.BooleanField(label=_("Received regardless of boundaries"), required=False)

    def __init__(self, *args: Any, units: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ChoiceField)  # noqa: S101  # declared above
        unit.choices = [("", _("All")), *units]


# --- dossier page --------------------------------------------------------------------------


class TransitionForm(forms.Form):
    """One action button of the dossier page; fields by action (note, appointment, result,
    payment). The service checks the rules again."""

    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, step: Transition, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{step.action}_%s")  # several forms on one page
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["action"].initial = step.action
        if step.note_required or step.action == "reschedule":
            self.fields["note"] = forms.CharField(
                label=_("Reason for the delay") if step.action == "reschedule" else _("Reason"),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if step.action == "reschedule":
            self.fields["new_due_at"] = forms.DateTimeField(
                label=_("New appointment"),
                widget=forms.DateTimeInput(attrs={"placeholder": DATETIME_HINT}),
                help_text=DATETIME_HINT,
            )
        if step.action == "finish":
            self.fields["result_name"] = forms.CharField(
                label=_("Result"), max_length=300, required=False
            )
            self.fields["result_code"] = forms.CharField(
                label=_("Result code"), max_length=60, required=False
            )
            self.fields["result_file"] = forms.FileField(
                label=_("Electronic result (signed file)"), required=False
            )
        if step.action == "payment_received":
            self.fields["paid_online"] = forms.BooleanField(label=_("Paid online"), required=False)

    @property
    def has_files(self) -> bool:
        return "result_file" in self.fields


class EvaluationForm(forms.Form):
    """The applicant's evaluation: one score 0..max per question, level optional."""

    level = forms.ChoiceField(
        label=_("Satisfaction level"),
        choices=[("", _("Derived from the points")), *SatisfactionLevel.choices],
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.IN_PERSON
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, questions: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"q_{q.code}"] = forms.TypedChoiceField(
                label=f"{q.position}. {q.text}",
                choices=[(str(n), str(n)) for n in range(q.max_score + 1)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "dossier-score"}),
            )
        self.order_fields([f"q_{q.code}" for q in self.questions] + ["level", "channel"])

    def scores(self) -> dict[str, int]:
        return {q.code: self.cleaned_data[f"q_{q.code}"] for q in self.questions}
