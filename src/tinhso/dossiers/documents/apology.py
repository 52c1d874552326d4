"""The apology and new appointment letter of a rescheduled dossier."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH

from tinhso.dossiers.models import Dossier

from .layout import (
    _header,
    _line,
    _new_document,
    _save,
    _signatures,
    _title,
)
from .texts import (
    _issuer,
    _mr_ms,
    _place,
    appointment_text,
    local,
    place_date,
)


def apology_letter_docx(dossier: Dossier) -> bytes:
    """The apology and new appointment of a rescheduled dossier (the caller may view it).

    Raises `ValueError` if the dossier has no new appointment."""
    if dossier.rescheduled_due_at is None:
        raise ValueError("The dossier was not rescheduled.")
    with translation.override("vi"):
        return _apology_letter(dossier)


def _apology_letter(dossier: Dossier) -> bytes:
    doc = _new_document()
    today = timezone.localdate()
    issuer = _issuer(dossier.resolving_unit_id, one_stop=False)
    _header(doc, issuer, dossier.code, place_date(_place(dossier), today))
    _title(
        doc,
        _("APOLOGY AND NEW APPOINTMENT FOR THE RESULT"),
        _("Dossier code: %(code)s") % {"code": dossier.code},
    )
    dear = doc.add_paragraph()
    dear.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dear.add_run(_("To: %(name)s") % {"name": _mr_ms(dossier)}).bold = True
    received = local(dossier.received_at)
    _line(
        doc,
        _("On %(date)s, %(unit)s received the dossier of %(name)s for: %(procedure)s.")
        % {
            "date": received.strftime("%d/%m/%Y") if received else "…",
            "unit": dossier.receiving_unit.name,
            "name": _mr_ms(dossier),
            "procedure": dossier.procedure.name or dossier.procedure.ref,
        },
    )
    _line(
        doc,
        _("The result was due at %(due)s.") % {"due": appointment_text(dossier.due_at)},
    )
    _line(
        doc,
        _("%(unit)s will not return the result on the appointed date. Reason: ")
        % {"unit": dossier.resolving_unit.name},
        dossier.reschedule_reason,
    )
    _line(
        doc,
        _(
            "We apologise for this delay and the inconvenience and cost it causes you. "
            "%(unit)s will return the result of your dossier at: "
        )
        % {"unit": dossier.resolving_unit.name},
        appointment_text(dossier.rescheduled_due_at),
        bold_value=True,
    )
    _line(doc, _("Thank you for your understanding and co-operation."))
    _signatures(
        doc,
        ("", "", ""),
        (_("HEAD OF THE AGENCY"), _("(Signature, full name and seal)"), ""),
    )
    return _save(doc)
