"""The import of course exports: row errors, all or nothing, de-duplication by person."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.literacy.models import TrainingRecord
from tinhso.literacy.services import (
    normalise_id,
    person_key,
    training_records_import,
)
from tinhso.literacy.tests.factories import CourseFactory, TrainingRecordFactory, group
from tinhso.literacy.tests.helpers import csv_file, row, xlsx_file
from tinhso.units.tests.factories import UnitFactory, UnitLineageFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 10, 1, 9, tzinfo=dt.UTC)
ID1, ID2, ID3 = "075190000001", "075190000002", "075190000003"


def _import(actor, rows, *, course=None, fmt="csv"):
    file = csv_file(rows) if fmt == "csv" else xlsx_file(rows)
    return training_records_import(
        actor=actor, file=file, filename=f"export.{fmt}", course=course, now=NOW
    )


def test_id_normalisation_and_key():
    assert normalise_id("075 190 000 001") == ID1
    assert normalise_id("75190000001") is None  # 11 digits typed as text: an error
    assert normalise_id("75190000001", numeric=True) == ID1  # Excel dropped the zero
    assert normalise_id("999190000001") is None  # no province 999
    assert normalise_id("07519000000A") is None
    assert person_key(ID1) == person_key(ID1) != person_key(ID2)
    assert ID1 not in person_key(ID1) and len(person_key(ID1)) == 64


def test_two_bad_rows_save_nothing_then_the_fixed_file_saves(tree, users, course):
    officer = users["d_officer"]
    bad = [
        row(ID1),
        row("12345", unit="Xã Phú Lý"),  # bad ID
        row(ID3, unit="Xã Không Có", enrolled="05/08/2025", completed="01/08/2025"),
    ]
    report = _import(officer, bad)
    assert not report.saved and report.bad_rows == 2
    messages = {(e.row, e.column) for e in report.errors}
    assert (3, "Số định danh cá nhân") in messages
    assert (4, "Đơn vị / xã") in messages and (4, "Ngày hoàn thành") in messages
    assert TrainingRecord.objects.count() == 0
    assert not AuditEntry.objects.filter(
        action="import", object_type="literacy.TrainingRecord"
    ).exists()

    fixed = [row(ID1), row(ID2, unit="Xã Phú Lý"), row(ID3, completed="20/08/2025")]
    report = _import(officer, fixed)
    assert report.saved and (report.new, report.updated, report.duplicates) == (3, 0, 0)
    assert TrainingRecord.objects.count() == 3
    entry = AuditEntry.objects.get(action="import", object_type="literacy.TrainingRecord")
    assert entry.after["new"] == 3 and entry.after["rows"] == 3
    # Neither the ID nor the name is stored anywhere.
    stored = list(TrainingRecord.objects.values_list("person_id_hash", flat=True))
    assert person_key(ID1) in stored and ID1 not in str(entry.after)


@pytest.mark.parametrize(
    ("values", "column", "text"),
    [
        ({"id_number": "abc"}, "Số định danh cá nhân", "12"),
        ({"unit": "Xã Không Có"}, "Đơn vị / xã", "Không rõ"),
        ({"group": "Hưu trí"}, "Đối tượng", "Không rõ"),
        ({"course": "KHONG-CO"}, "Khóa học", "Không rõ"),
        ({"enrolled": "31/02/2025"}, "Ngày đăng ký", "dd/mm/yyyy"),
        ({"enrolled": "01/01/2030"}, "Ngày đăng ký", "tương lai"),
        ({"completed": "01/07/2025"}, "Ngày hoàn thành", "trước ngày đăng ký"),
        ({"certificate": "GCN-1"}, "Số chứng nhận", "ngày hoàn thành"),
    ],
)
def test_row_errors(tree, users, course, values, column, text):
    values = {"id_number": ID1, **values}
    report = _import(users["d_officer"], [row(**values)])
    assert not report.saved
    assert [(e.row, e.column) for e in report.errors] == [(2, column)]
    assert text in report.errors[0].message


def test_units_match_on_folded_names_codes_and_former_names(tree, users, course):
    former = UnitFactory(closed=True, name="Phường Hóa An", division_type="phường")
    UnitLineageFactory(predecessor=former, successor=tree["a"])
    rows = [
        row("075190000011", unit="phuong bien hoa"),
        row("075190000012", unit="BIÊN HÒA"),
        row("075190000013", unit="Phường Hóa An"),
        row("075190000014", unit="Xa Phu Ly"),
    ]
    report = _import(users["p_leader"], rows)
    assert report.saved, report.errors
    units = sorted(TrainingRecord.objects.values_list("unit__name", flat=True))
    assert units == ["Phường Biên Hòa"] * 3 + ["Xã Phú Lý"]


def test_split_former_commune_is_ambiguous(tree, users, course):
    former = UnitFactory(closed=True, name="Xã Cũ Tách")
    UnitLineageFactory(predecessor=former, successor=tree["a"], partial=True)
    UnitLineageFactory(predecessor=former, successor=tree["b"], partial=True)
    report = _import(users["p_leader"], [row(ID1, unit="Xã Cũ Tách")])
    assert not report.saved and "mã đơn vị" in report.errors[0].message


def test_same_person_twice_in_the_file_is_one_record(tree, users, course):
    rows = [
        row(ID1, enrolled="05/08/2025"),
        row(ID1, enrolled="01/08/2025", completed="20/08/2025", certificate="GCN-1"),
        row(ID2),
    ]
    report = _import(users["d_officer"], rows)
    assert report.saved and (report.new, report.duplicates) == (2, 1)
    record = TrainingRecord.objects.get(person_id_hash=person_key(ID1))
    assert record.enrolled_on == dt.date(2025, 8, 1)
    assert record.completed_on == dt.date(2025, 8, 20)
    assert record.certificate_number == "GCN-1"


def test_already_stored_is_updated_not_duplicated(tree, users, course):
    _import(users["d_officer"], [row(ID1), row(ID2)])
    report = _import(users["d_officer"], [row(ID1, completed="25/08/2025"), row(ID2), row(ID3)])
    assert report.saved
    assert (report.new, report.updated, report.unchanged) == (1, 1, 1)
    assert TrainingRecord.objects.count() == 3
    record = TrainingRecord.objects.get(person_id_hash=person_key(ID1))
    assert record.completed_on == dt.date(2025, 8, 25)
    assert record.updated_at.tzinfo is not None


def test_same_person_in_another_course_is_another_record(tree, users, course, ai_course):
    report = _import(users["d_officer"], [row(ID1), row(ID1, course="AI-01")])
    assert report.saved and (report.new, report.duplicates) == (2, 0)
    assert TrainingRecord.objects.filter(person_id_hash=person_key(ID1)).count() == 2


def test_duplicate_certificates_are_refused(tree, users, course):
    rows = [
        row(ID1, completed="20/08/2025", certificate="GCN-1"),
        row(ID2, completed="20/08/2025", certificate="GCN-1"),
    ]
    report = _import(users["d_officer"], rows)
    assert not report.saved and report.errors[0].row == 3
    _import(users["d_officer"], [row(ID1, completed="20/08/2025", certificate="GCN-1")])
    again = _import(users["d_officer"], [row(ID2, completed="20/08/2025", certificate="GCN-1")])
    assert not again.saved and "người khác" in again.errors[0].message
    # The same person's certificate again is not a duplicate.
    same = _import(users["d_officer"], [row(ID1, completed="20/08/2025", certificate="GCN-1")])
    assert same.saved and same.unchanged == 1
    other = _import(users["d_officer"], [row(ID1, completed="20/08/2025", certificate="GCN-2")])
    assert not other.saved


def test_excel_with_numeric_ids_dates_and_a_title_line(tree, users, course):
    rows = [
        [
            1,
            "Trần Thị B",
            75190000001,
            "Xã Phú Lý",
            "Cán bộ",
            "BDHVS-01",
            dt.datetime(2025, 8, 1),  # noqa: DTZ001  # Excel cells have no time zone
            dt.datetime(2025, 8, 9),  # noqa: DTZ001
            "",
        ],
    ]
    report = _import(users["d_officer"], rows, fmt="xlsx")
    assert report.saved, report.errors
    record = TrainingRecord.objects.get()
    assert record.person_id_hash == person_key(ID1)
    assert record.group == group("officials") and record.completed_on == dt.date(2025, 8, 9)


def test_file_level_errors(tree, users, course):
    from io import BytesIO

    junk = training_records_import(
        actor=users["d_officer"], file=BytesIO(b"not a workbook"), filename="x.xlsx", now=NOW
    )
    assert not junk.saved and junk.errors[0].row is None
    no_course = training_records_import(
        actor=users["d_officer"],
        file=csv_file(
            [["1", ID1, "Xã Phú Lý", "Người dân", "01/08/2025"]],
            header=["STT", "CCCD", "Xã", "Đối tượng", "Ngày đăng ký"],
        ),
        filename="x.csv",
        now=NOW,
    )
    assert not no_course.saved and "khóa học" in no_course.errors[0].message
    chosen = training_records_import(
        actor=users["d_officer"],
        file=csv_file(
            [["1", ID1, "Xã Phú Lý", "Người dân", "01/08/2025"]],
            header=["STT", "CCCD", "Xã", "Đối tượng", "Ngày đăng ký"],
        ),
        filename="x.csv",
        course=course,
        now=NOW,
    )
    assert chosen.saved and chosen.new == 1


def test_rights_course_owner_or_row_unit(tree, users, course):
    from tinhso.accounts.access import AccessDenied

    # A commune may import its own people into any course…
    assert _import(users["a_officer"], [row(ID1)]).saved
    # …but not another commune's people into a course it does not manage: 404, nothing saved.
    with pytest.raises(AccessDenied):
        _import(users["a_officer"], [row(ID2, unit="Xã Phú Lý")])
    # Nor move a stored record of another commune to itself.
    _import(users["b_officer"], [row(ID3, unit="Xã Phú Lý")])
    with pytest.raises(AccessDenied):
        _import(users["a_officer"], [row(ID3)])
    # A viewer writes nothing.
    with pytest.raises(AccessDenied):
        _import(users["a_viewer"], [row("075190000099")])
    assert TrainingRecord.objects.count() == 2


def test_other_province_units_do_not_match(tree, users, course):
    other = UnitFactory(province=True, code="01", name="Hà Nội")
    UnitFactory(parent=other, code="00001", name="Phường Ba Đình")
    report = _import(users["p_leader"], [row(ID1, unit="Phường Ba Đình")])
    assert not report.saved


def test_stored_records_of_other_persons_are_untouched(tree, users, course):
    TrainingRecordFactory(course=course, unit=tree["a"])
    _import(users["d_officer"], [row(ID1)])
    assert TrainingRecord.objects.count() == 2
    assert CourseFactory._meta.model.objects.count() == 1
