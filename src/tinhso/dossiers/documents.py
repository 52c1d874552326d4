"""Printed forms of a dossier (Circular 01/2018/TT-VPCP, Circular 03/2025/TT-VPCP), built
in code with python-docx in the administrative layout of Decree 30/2020/NĐ-CP (A4, Times
New Roman, the issuing body on the left, the national title and motto on the right).

* `appointment_slip_docx`: receipt and appointment slip (form 01 of both circulars), with
  the QR code of the public lookup page;
* `apology_letter_docx`: apology and new appointment (form 05 of 01/2018, form 04 of
  03/2025) for a rescheduled dossier;
* `docx_to_pdf`: a PDF through LibreOffice headless, or None when it is not installed or
  fails (callers then offer only the Word file).

The forms are always Vietnamese whatever the request language (official documents): the
texts are gettext strings rendered under `translation.override("vi")`.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from tinhso.procedures.models import TIME_UNIT_CHOICES

from . import ui_selectors
from .models import Dossier, DossierComponent

logger = logging.getLogger(__name__)

FONT = "Times New Roman"
PDF_TIMEOUT_SECONDS = 60
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- dates and texts -----------------------------------------------------------------------


def local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def place_date(place: str, day: dt.date) -> str:
    """ "Đồng Nai, ngày 05 tháng 02 năm 2026" (Decree 30/2020: days below 10 and months
    below 3 take a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = _("day %(day)s month %(month)s year %(year)s") % {
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }
    return f"{place}, {text}" if place else text.capitalize()


def appointment_text(moment: dt.datetime | None) -> str:
    """ "08 giờ 30 phút, ngày 05/10/2025" (the appointment line of the forms)."""
    value = local(moment)
    if value is None:
        return "…"
    return _("%(hour)s hours %(minute)s minutes, %(date)s") % {
        "hour": f"{value.hour:02d}",
        "minute": f"{value.minute:02d}",
        "date": value.strftime("%d/%m/%Y"),
    }


def limit_text(dossier: Dossier) -> str:
    """ "3 ngày làm việc": the time limit applied to the dossier (decimal comma)."""
    if dossier.limit_amount is None:
        return ""
    amount = format(dossier.limit_amount.normalize(), "f").replace(".", ",")
    label = dict(TIME_UNIT_CHOICES).get(dossier.limit_unit, dossier.limit_unit)
    return f"{amount} {label}"


def lookup_url(code: str, request: Any = None) -> str:
    """The public lookup page of a dossier: `TINHSO_PUBLIC_BASE_URL` + `/tra-cuu/<code>/`,
    else the request's host, else the bare path."""
    path = f"/tra-cuu/{code}/"
    base = str(getattr(settings, "TINHSO_PUBLIC_BASE_URL", "") or "").rstrip("/")
    if base:
        return base + path
    if request is not None:
        return str(request.build_absolute_uri(path))
    return path


def qr_png(url: str) -> bytes:
    """A PNG QR code (error correction M) of `url`."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def qr_data_uri(url: str) -> str:
    """The same QR code as a data: URI for the printable HTML page (CSP allows data: img)."""
    return str(segno.make(url, error="m").png_data_uri(scale=4, border=2))


def _place(dossier: Dossier) -> str:
    name = ui_selectors.province_name(dossier.receiving_unit.province_code)
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _issuer(unit_id: int, *, one_stop: bool) -> tuple[str, str]:
    """(governing body, issuing body) in capitals for the top-left block.

    An administrative unit (commune, province) issues as its People's Committee — the
    slip as its one-stop section; another unit (a department, a service centre) issues
    under its parent."""
    unit = ui_selectors.unit_with_parent(unit_id)
    if unit is None:
        return "", ""
    if unit.level.is_administrative:
        committee = _("PEOPLE'S COMMITTEE OF %(unit)s") % {"unit": unit.name.upper()}
        if one_stop:
            return committee, _("ONE-STOP SECTION")
        return "", committee
    parent = unit.parent
    top = ""
    if parent is not None:
        top = parent.name.upper()
        if parent.level.is_administrative:
            top = _("PEOPLE'S COMMITTEE OF %(unit)s") % {"unit": top}
    return top, unit.name.upper()


def _mr_ms(dossier: Dossier) -> str:
    if dossier.applicant_kind == "citizen":
        return _("Mr/Ms %(name)s") % {"name": dossier.applicant_name}
    return dossier.applicant_name


def component_form(component: DossierComponent) -> str:
    """ "1 bản chính, 2 bản sao" from the procedure component's counts (else "—")."""
    source = component.component
    if source is None:
        return "—"
    parts = []
    if source.original_count:
        parts.append(_("%(n)s original(s)") % {"n": source.original_count})
    if source.copy_count:
        parts.append(_("%(n)s copy(ies)") % {"n": source.copy_count})
    return ", ".join(parts) or "—"


def component_note(component: DossierComponent) -> str:
    """How the component was provided (source, digitised, the re-used result)."""
    text = str(component.get_source_display())
    if component.reused_result is not None:
        result = component.reused_result
        code = f" {result.result_code}" if result.result_code else ""
        text = f"{text}: {result.name}{code}"
    return text


# --- docx building blocks ------------------------------------------------------------------


def _new_document() -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(3)
    return doc


def _cell_line(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: int = 13,
    first: bool = False,
) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)


def _set_widths(table: Any, widths: tuple[Any, ...]) -> None:
    """Column widths that both Word (cell widths) and LibreOffice (grid columns) honour."""
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width


def _header(doc: DocxDocument, issuer: tuple[str, str], number: str, place_line: str) -> None:
    """The Decree 30/2020 header: body and number left, national title and date right."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_widths(table, (Cm(6.5), Cm(10)))
    left, right = table.rows[0].cells
    top, body = issuer
    _cell_line(left, top or " ", size=12, first=True)
    _cell_line(left, body, bold=True, size=12)
    _cell_line(right, _("SOCIALIST REPUBLIC OF VIET NAM"), bold=True, size=12, first=True)
    _cell_line(right, _("Independence - Freedom - Happiness"), bold=True, underline=True)
    left, right = table.rows[1].cells
    _cell_line(left, _("No.: %(number)s") % {"number": number}, first=True)
    _cell_line(right, place_line, italic=True, first=True)
    doc.add_paragraph()


def _title(doc: DocxDocument, text: str, subtitle: str = "") -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(14)
    if subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.add_run(subtitle).bold = True
    doc.add_paragraph()


def _line(doc: DocxDocument, label: str, value: str = "", *, bold_value: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.add_run(label)
    if value:
        run = paragraph.add_run(value)
        run.bold = bold_value


def _signatures(doc: DocxDocument, left: tuple[str, str, str], right: tuple[str, str, str]) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    for cell, (title, hint, name) in zip(table.rows[0].cells, (left, right), strict=True):
        _cell_line(cell, title, bold=True, first=True)
        _cell_line(cell, hint, italic=True, size=12)
        for _blank in range(3):
            cell.add_paragraph()
        _cell_line(cell, name, bold=True)


def _save(doc: DocxDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the forms -----------------------------------------------------------------------------


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


# --- PDF -----------------------------------------------------------------------------------


def soffice_path() -> str | None:
    """The LibreOffice binary (`soffice`), or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(data: bytes) -> bytes | None:
    """`data` (a .docx) converted to PDF by LibreOffice headless in a private temp dir and
    profile (so parallel conversions do not share a lock), with a timeout; None when
    LibreOffice is missing, times out or fails (logged)."""
    binary = soffice_path()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="tinhso-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603  # fixed argument list, no shell
                command,
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin:/usr/local/bin"},
            )
        except (subprocess.SubprocessError, OSError) as exc:
            logger.warning("docx_to_pdf_failed", extra={"error": type(exc).__name__})
            return None
        target = folder / "document.pdf"
        if not target.exists():
            logger.warning("docx_to_pdf_no_output")
            return None
        return target.read_bytes()
