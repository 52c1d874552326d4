"""Helpers of the dossier view tests: login and the reception form data."""

from __future__ import annotations

ID = "079201001234"


def _login(client, user):
    client.force_login(user)
    return client


def _reception_data(unit, procedure, **extra):
    case = procedure.cases.get(is_default=True)
    data = {
        "unit": unit.pk,
        "procedure": procedure.pk,
        "case": case.pk,
        "applicant_name": "Trần Thị Hoa",
        "applicant_kind": "citizen",
        "applicant_id_number": ID,
        "applicant_phone": "0912345678",
        "applicant_email": "hoa@example.vn",
        "applicant_address": "Ấp 1, Xã Phú Lý",
        "channel": "in_person",
        "return_place": "receiving",
        "return_method": "in_person",
        "summary": "Khai sinh cho con",
    }
    for component in case.components.all():
        data[f"source_{component.pk}"] = "paper"
    data.update(extra)
    return data
