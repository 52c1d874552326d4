"""The printed forms: appointment slip and apology letter (Word), PDF through LibreOffice."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document

from tinhso.accounts.tests.factories import member
from tinhso.dossiers import documents, services
from tinhso.dossiers.tests.factories import received
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def dossier():
    province = UnitFactory(province=True, name="Tỉnh Đồng Nai")
    commune = UnitFactory(parent=province, name="Xã Phú Lý")
    return received(commune)


def test_appointment_slip_has_the_national_title_code_appointment_and_qr(dossier, settings):
    settings.TINHSO_PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    data = documents.appointment_slip_docx(dossier)
    text = _text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert f"Số: {dossier.code}" in text
    due = timezone.localtime(dossier.due_at)
    assert f"{due:%H} giờ {due:%M} phút, ngày {due:%d/%m/%Y}" in text
    received_at = timezone.localtime(dossier.received_at)
    assert f"Đồng Nai, ngày {received_at:%d} tháng" in text
    assert "ỦY BAN NHÂN DÂN XÃ PHÚ LÝ" in text
    assert "Tờ khai" in text  # the component received, with its originals count
    assert "1 bản chính" in text
    assert f"https://dichvucong.example.vn/tra-cuu/{dossier.code}/" in text
    # The full identity number never appears on the slip (masked).
    assert "079201001234" not in text and dossier.masked_id_number in text
    doc = Document(io.BytesIO(data))
    assert len(doc.inline_shapes) == 1  # the QR code


def test_place_date_pads_days_and_early_months_as_decree_30_says():
    with timezone.override("Asia/Ho_Chi_Minh"):
        from django.utils import translation

        with translation.override("vi"):
            assert documents.place_date("Đồng Nai", dt.date(2026, 2, 5)) == (
                "Đồng Nai, ngày 05 tháng 02 năm 2026"
            )
            assert documents.place_date("Đồng Nai", dt.date(2025, 10, 15)) == (
                "Đồng Nai, ngày 15 tháng 10 năm 2025"
            )


def test_apology_letter_has_the_reason_and_the_new_appointment(dossier):
    leader = member(dossier.resolving_unit, "leader")
    new_due = timezone.localtime(dossier.due_at) + dt.timedelta(days=5)
    new_due = new_due.replace(hour=9, minute=30, second=0, microsecond=0)
    dossier = services.dossier_transition(
        actor=leader,
        dossier=dossier,
        action="reschedule",
        note="Chờ ý kiến của cơ quan liên quan",
        new_due_at=new_due,
    )
    text = _text(documents.apology_letter_docx(dossier))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Chờ ý kiến của cơ quan liên quan" in text
    assert f"09 giờ 30 phút, ngày {new_due:%d/%m/%Y}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert dossier.code in text


def test_apology_letter_needs_a_new_appointment(dossier):
    with pytest.raises(ValueError):
        documents.apology_letter_docx(dossier)


def test_docx_to_pdf_returns_none_without_libreoffice(monkeypatch):
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    assert documents.docx_to_pdf(b"whatever") is None
    assert documents.pdf_available() is False


@pytest.mark.skipif(documents.soffice_path() is None, reason="LibreOffice is not installed")
def test_docx_to_pdf_with_libreoffice(dossier):
    pdf = documents.docx_to_pdf(documents.appointment_slip_docx(dossier))
    assert pdf is not None and pdf.startswith(b"%PDF")


@pytest.mark.skipif(documents.soffice_path() is None, reason="LibreOffice is not installed")
def test_docx_to_pdf_of_garbage_does_not_raise():
    result = documents.docx_to_pdf(b"not a word file")
    assert result is None or result.startswith(b"%PDF")
