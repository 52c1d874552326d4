"""`load_units` on the real package data: counts, codes, tree, lineage, idempotence, audit."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from tinhso.audit.models import AuditEntry
from tinhso.units.loading import REFORM_DATE, units_load_all
from tinhso.units.models import Unit, UnitLevel, UnitLineage

from .helpers import current, former

pytestmark = pytest.mark.django_db

JULY_1 = dt.date(2025, 7, 1)


def test_levels_are_created(units):
    assert list(UnitLevel.objects.order_by("sort_order").values_list("code", flat=True)) == [
        "province",
        "district",
        "commune",
        "department",
        "steering_committee",
        "service_centre",
        "agency",
    ]
    assert UnitLevel.objects.get(code="commune").is_administrative
    assert not UnitLevel.objects.get(code="department").is_administrative


def test_current_provinces_and_communes(units):
    assert Unit.objects.current().of_level("province").count() == 34
    assert Unit.objects.current().of_level("commune").count() == 3321
    types = dict(
        Unit.objects.current()
        .of_level("commune")
        .values_list("division_type")
        .annotate(n=Count("pk"))
        .order_by("division_type")
    )
    assert types == {"phường": 687, "xã": 2621, "đặc khu": 13}


def test_codes_are_zero_padded_text(units):
    hanoi = current("01", "province")
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.short_name == "Hà Nội"
    hoan_kiem = current("00070")
    assert hoan_kiem.name == "Phường Hoàn Kiếm"
    assert hoan_kiem.parent_id == hanoi.pk
    assert hoan_kiem.province_code == "01"
    assert hoan_kiem.path == f"/{hanoi.pk}/{hoan_kiem.pk}/"
    assert hoan_kiem.depth == 1
    assert hoan_kiem.valid_from == JULY_1
    assert "vietnam-provinces 2025.10.1" in hoan_kiem.source
    assert "NQ 202/2025/QH15" in hoan_kiem.source


def test_dong_nai_has_95_communes(units):
    dong_nai = current("75", "province")
    assert dong_nai.name == "Tỉnh Đồng Nai"
    communes = Unit.objects.current().of_level("commune").in_province("75")
    assert communes.count() == 95
    assert communes.filter(division_type="phường").count() == 23
    assert communes.filter(division_type="xã").count() == 72
    assert not communes.exclude(parent=dong_nai).exists()


def test_dong_nai_agencies(units):
    dong_nai = current("75", "province")
    departments = Unit.objects.current().of_level("department").in_province("75")
    names = set(departments.values_list("name", flat=True))
    assert "Sở Khoa học và Công nghệ tỉnh Đồng Nai" in names
    assert "Sở Nông nghiệp và Môi trường tỉnh Đồng Nai" in names
    assert "Thanh tra tỉnh Đồng Nai" in names
    assert departments.count() == 13
    assert not departments.exclude(parent=dong_nai).exists()
    committee = current("75.BCD57", "steering_committee")
    assert committee.standing_agency == current("75.SKHCN", "department")
    assert committee.name.startswith("Ban Chỉ đạo phát triển khoa học, công nghệ")
    centre = current("75.TTPVHCC", "service_centre")
    assert centre.name == "Trung tâm Phục vụ hành chính công tỉnh Đồng Nai"
    assert centre.parent == dong_nai


def test_one_service_centre_per_dong_nai_commune(units):
    centres = Unit.objects.current().of_level("service_centre").in_province("75")
    assert centres.count() == 96  # 95 communes + the provincial centre
    tran_bien = current("26041", "commune")
    centre = current("26041.TTPVHCC", "service_centre")
    assert centre.name == "Trung tâm Phục vụ hành chính công phường Trấn Biên"
    assert centre.parent == tran_bien
    assert centre.depth == 2
    assert centre.path == f"{tran_bien.path}{centre.pk}/"
    # Only Đồng Nai gets them (the other provinces run their own directory).
    assert not Unit.objects.of_level("service_centre").exclude(province_code="75").exists()


def test_former_units(units):
    old_dong_nai = former("75", "province")
    old_binh_phuoc = former("70", "province")
    assert old_dong_nai.name == "Tỉnh Đồng Nai"
    assert old_binh_phuoc.name == "Tỉnh Bình Phước"
    for unit in (old_dong_nai, old_binh_phuoc):
        assert unit.valid_from is None
        assert unit.valid_to == REFORM_DATE
    districts = Unit.objects.closed().of_level("district")
    assert districts.count() == 22
    assert districts.filter(parent=old_dong_nai).count() == 11
    bien_hoa_city = former("731", "district")
    assert bien_hoa_city.name == "Thành phố Biên Hòa"
    assert bien_hoa_city.division_type == "thành phố"
    assert former("697", "district").division_type == "thị xã"
    communes = Unit.objects.closed().of_level("commune")
    assert communes.count() == 270
    assert communes.filter(province_code="75").count() == 159
    assert communes.filter(province_code="70").count() == 111
    assert dict(
        communes.values_list("division_type").annotate(n=Count("pk")).order_by("division_type")
    ) == {"phường": 53, "thị trấn": 14, "xã": 203}
    hoa_an = former("26068", "commune")
    assert hoa_an.name == "Phường Hóa An"
    assert hoa_an.parent == bien_hoa_city
    assert hoa_an.path == f"/{old_dong_nai.pk}/{bien_hoa_city.pk}/{hoa_an.pk}/"


def test_codes_are_reused_across_eras(units):
    assert Unit.objects.filter(code="75", level__code="province").count() == 2
    # Phường Biên Hòa (new) reuses the code of Phường Hóa An (old).
    assert current("26068").name == "Phường Biên Hòa"
    assert former("26068").name == "Phường Hóa An"


def test_lineage_rows(units):
    links = UnitLineage.objects.all()
    assert links.filter(predecessor__level__code="commune").count() == 271
    assert links.filter(predecessor__level__code="province").count() == 2
    assert not links.exclude(effective_date=REFORM_DATE).exists()
    new_dong_nai = current("75", "province")
    assert set(
        links.filter(successor=new_dong_nai).values_list("predecessor__code", flat=True)
    ) == {"70", "75"}
    xuan_tam = former("26449")
    split = links.filter(predecessor=xuan_tam).order_by("successor__code")
    assert [(link.successor.code, link.kind, link.partial) for link in split] == [
        ("26359", "split", True),
        ("26446", "split", True),
    ]
    retained = links.filter(kind=UnitLineage.Kind.RETAINED)
    assert retained.count() == 7
    for link in retained:
        assert link.predecessor.code == link.successor.code
        assert link.predecessor.valid_to == link.successor.valid_from == REFORM_DATE
    merge = links.get(predecessor=former("26011"))  # Phường Bửu Long → Phường Trấn Biên
    assert merge.successor == current("26041")
    assert merge.kind == "merge"
    assert merge.legal_basis == "NQ 1662/NQ-UBTVQH15 (16/6/2025) Điều 1 khoản 69"


def test_disputed_codes_are_noted(units):
    disputed = {"26329": "26332", "25453": "25450", "25336": "25333", "25264": "25252"}
    for code, other in disputed.items():
        unit = current(code)
        assert other in unit.source
        notes = UnitLineage.objects.filter(successor=unit).values_list("note", flat=True)
        assert notes and all(other in note and "QĐ 19/2025/QĐ-TTg" in note for note in notes)
    assert "chưa thống nhất" not in current("26041").source


def test_search_text_is_folded(units):
    assert current("26068").search_text.startswith("phuong bien hoa")


def test_rerun_is_idempotent_and_keeps_contact_edits(units):
    before_units = Unit.objects.count()
    before_links = UnitLineage.objects.count()
    ward = current("26041")
    ward.phone = "0251 3822 505"
    ward.short_name = "P. Trấn Biên"
    ward.save()  # as services.unit_update does: search_text follows the short name
    report = units_load_all()
    assert report.units_created == 0
    assert report.units_updated == 0
    assert report.lineage_created == 0
    assert Unit.objects.count() == before_units == 3759
    assert UnitLineage.objects.count() == before_links == 273
    ward.refresh_from_db()
    assert ward.phone == "0251 3822 505"
    assert ward.short_name == "P. Trấn Biên"


def test_rerun_repairs_official_fields(units):
    ward = current("26041")
    Unit.objects.filter(pk=ward.pk).update(name="Sai tên", path="/9/")
    report = units_load_all()
    assert report.units_updated == 1
    ward.refresh_from_db()
    assert ward.name == "Phường Trấn Biên"
    assert ward.path == f"/{ward.parent_id}/{ward.pk}/"
    assert ward.version == 2


def test_each_run_writes_one_audit_entry(units):
    before = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count()
    out = StringIO()
    call_command("load_units", stdout=out)
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT)
    assert entries.count() == before + 1
    entry = entries.order_by("-id").first()
    assert entry is not None
    assert entry.actor is None
    assert "0 created" in entry.message
    assert "commune 3321" in entry.message
    text = out.getvalue()
    assert "0 created" in text
    assert "former commune: 270" in text
