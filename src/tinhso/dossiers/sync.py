"""What a dossier event sends out: the national-portal status payload (spec §3.6) and the
applicant's notice. Built when the event is written, so the outbox holds exactly what
happened even if the dossier changes before delivery."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from .models import NATIONAL_CODE, Dossier, DossierEvent

# Portal channel codes (KenhThucHien) and return methods (HinhThuc), spec §2.2.
CHANNEL_CODE = {"in_person": 1, "online": 2, "post": 3}

# Steps the applicant is told about (the others are internal hand-overs).
NOTIFIED_ACTIONS = frozenset(
    {
        "receive",
        "request_completion",
        "refuse",
        "request_supplement",
        "request_payment",
        "finish",
        "return_result",
        "stop",
        "withdraw",
        "reschedule",
    }
)


def portal_time(value: dt.datetime | None) -> str | None:
    """`yyyyMMddHHmmss` in local time, the portal's format; None stays None."""
    if value is None:
        return None
    return timezone.localtime(value).strftime("%Y%m%d%H%M%S")


def portal_payload(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    """The status update (`CapNhatTrangThai`) with the step (`QuaTrinhXuLy`) it reports."""
    procedure = dossier.procedure
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code or procedure.key,
        "MaLinhVuc": procedure.sector or "",
        "KenhThucHien": CHANNEL_CODE.get(dossier.channel, 1),
        "HinhThuc": CHANNEL_CODE.get(dossier.return_method, 1),
        "TrangThaiHoSo": NATIONAL_CODE[dossier.status],
        "MaDonViTiepNhan": dossier.receiving_unit.code,
        "DonViXuLy": dossier.resolving_unit.code,
        "NgayNopHoSo": portal_time(dossier.registered_at),
        "NgayTiepNhan": portal_time(dossier.received_at),
        "NgayHenTra": portal_time(dossier.appointment_at),
        "NgayKetThucXuLy": portal_time(dossier.finished_at),
        "NgayTra": portal_time(dossier.returned_at),
        "HoSoCoThanhPhanSoHoa": 1 if dossier.is_digitised else 0,
        "DuocThanhToanTrucTuyen": 1 if dossier.paid_online else 0,
        "TaiKhoanDuocXacThucVoiVNeID": 1 if dossier.vneid_verified else 0,
        "QuaTrinhXuLy": [
            {
                "MaHoSo": dossier.code,
                "NoiDungXuLy": event.note or event.action,
                "ThoiDiemXuLy": portal_time(event.at),
                "TrangThai": event.national_code,
                "PhongBanXuLy": event.unit.code if event.unit_id and event.unit else "",
                "NgayKetThucTheoQuyDinh": portal_time(event.due_at),
            }
        ],
    }


def applicant_notice(dossier: Dossier, event: DossierEvent) -> dict[str, Any] | None:
    """The applicant's notice for `event` (no personal data beyond the code), or None."""
    if event.action not in NOTIFIED_ACTIONS:
        return None
    due = dossier.appointment_at
    return {
        "code": dossier.code,
        "action": event.action,
        "status": NATIONAL_CODE[dossier.status],
        "procedure": dossier.procedure.name or dossier.procedure.key,
        "due": timezone.localtime(due).strftime("%d/%m/%Y %H:%M") if due else None,
        "missing": dossier.missing_items if event.action == "request_supplement" else "",
        "reason": event.note if event.action in {"refuse", "stop", "reschedule"} else "",
    }
