"""Dates and texts of the printed forms (places, issuers, components, lookup URL, QR)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.dossiers import ui_selectors
from tinhso.dossiers.models import Dossier, DossierComponent
from tinhso.procedures.models import TIME_UNIT_CHOICES


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
