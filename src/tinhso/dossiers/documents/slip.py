"""The receipt and appointment slip (form 01) and its header lines for the print page."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from tinhso.dossiers import ui_selectors
from tinhso.dossiers.models import Dossier

from .layout import (
    _cell_line,
    _header,
    _line,
    _new_document,
    _save,
    _set_widths,
    _signatures,
    _title,
)
from .texts import (
    _issuer,
    _mr_ms,
    _place,
    appointment_text,
    component_form,
    component_note,
    limit_text,
    local,
    lookup_url,
    place_date,
    qr_png,
)


def slip_header(dossier: Dossier) -> dict[str, str]:
    """The header lines of the slip (issuing body, place and date) for the print page."""
    received = local(dossier.received_at or dossier.registered_at)
    assert received is not None  # noqa: S101  # registered_at is required
    with translation.override("vi"):
        top, body = _issuer(dossier.receiving_unit_id, one_stop=True)
        return {"top": top, "body": body, "place": place_date(_place(dossier), received.date())}


def appointment_slip_docx(dossier: Dossier, *, request: Any = None) -> bytes:
    """The receipt and appointment slip of `dossier` (a dossier the caller may view)."""
    with translation.override("vi"):
        return _appointment_slip(dossier, request)


def _appointment_slip(dossier: Dossier, request: Any) -> bytes:
    doc = _new_document()
    received = local(dossier.received_at or dossier.registered_at)
    assert received is not None  # noqa: S101  # registered_at is required
    _header(
        doc,
        _issuer(dossier.receiving_unit_id, one_stop=True),
        dossier.code,
        place_date(_place(dossier), received.date()),
    )
    _title(
        doc,
        _("RECEIPT OF THE DOSSIER AND APPOINTMENT FOR THE RESULT"),
        _("Dossier code: %(code)s") % {"code": dossier.code},
    )
    _line(
        doc,
        _("%(unit)s has received the dossier of: ") % {"unit": dossier.receiving_unit.name},
        _mr_ms(dossier),
        bold_value=True,
    )
    if dossier.applicant_id_number:
        _line(doc, _("Identity number: "), dossier.masked_id_number)
    if dossier.applicant_address:
        _line(doc, _("Address: "), dossier.applicant_address)
    contact = " · ".join(v for v in (dossier.applicant_phone, dossier.applicant_email) if v)
    if contact:
        _line(doc, _("Phone, e-mail: "), contact)
    _line(doc, _("Request: "), dossier.procedure.name or dossier.procedure.ref, bold_value=True)
    if dossier.summary:
        _line(doc, _("Details: "), dossier.summary)
    if dossier.is_boundary_free:
        _line(
            doc,
            _("Resolving agency (received regardless of administrative boundaries): "),
            dossier.resolving_unit.name,
        )
    _line(doc, _("1. Components of the dossier:"))
    components = ui_selectors.dossier_components(dossier)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        (pgettext("row number", "No."), _("Name of the document"), _("Form"), _("Note")),
        strict=True,
    ):
        _cell_line(cell, text, bold=True, size=12, first=True)
    for index, component in enumerate(components, start=1):
        cells = table.add_row().cells
        cells[0].text = str(index)
        cells[1].text = component.name
        cells[2].text = component_form(component)
        cells[3].text = component_note(component)
    _set_widths(table, (Cm(1.3), Cm(8.2), Cm(3), Cm(4)))
    doc.add_paragraph()
    _line(doc, _("2. Number of dossiers: "), _("01 (set)"))
    if dossier.limit_amount is not None:
        _line(doc, _("3. Statutory processing time: "), limit_text(dossier))
    _line(doc, _("4. Received at: "), appointment_text(dossier.received_at), bold_value=True)
    _line(
        doc,
        _("5. Result to be returned at: "),
        appointment_text(dossier.appointment_at),
        bold_value=True,
    )
    _line(
        doc,
        _("6. The result is returned: "),
        f"{dossier.get_return_method_display()} — {dossier.return_unit.name}",
    )
    url = lookup_url(dossier.code, request)
    _line(
        doc,
        _("Look up the dossier's progress at %(url)s or scan the QR code (code %(code)s).")
        % {"url": url, "code": dossier.code},
    )
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(qr_png(url)), width=Cm(3))
    officer = dossier.received_by
    _signatures(
        doc,
        (_("APPLICANT"), _("(Signature and full name)"), dossier.applicant_name),
        (
            _("RECEIVING OFFICER"),
            _("(Signature and full name)"),
            officer.get_full_name() if officer is not None else "",
        ),
    )
    return _save(doc)
