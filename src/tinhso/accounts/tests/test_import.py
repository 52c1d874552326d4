"""The Excel import of accounts: all or nothing, with a row-by-row report."""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.auth.hashers import identify_hasher
from openpyxl import load_workbook

from tinhso.accounts import services
from tinhso.accounts.access import AccessDenied
from tinhso.accounts.models import Membership, User
from tinhso.accounts.services import RowError
from tinhso.accounts.tests.conftest import HEADER_VI, good_rows, make_xlsx
from tinhso.accounts.tests.factories import UserFactory, member
from tinhso.audit.models import AuditEntry
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())


def test_one_bad_row_among_fifty_good_ones_writes_nothing_and_names_the_cell(admin_a):
    rows = good_rows(50)
    rows[26][2] = "not-an-email"  # data row 27 → Excel row 28 (the header is row 1)
    before = _counts()

    result = services.users_import_excel(actor=admin_a, file=make_xlsx(rows))

    assert not result.ok
    assert result.created == []
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column, error.letter) == (28, "Thư điện tử", "C")
    assert "hợp lệ" in error.message  # Vietnamese: "Nhập một địa chỉ email hợp lệ."
    assert _counts() == before


def test_success_creates_users_memberships_and_audit_rows(admin_a, tree):
    rows = good_rows(3)
    before_audit = AuditEntry.objects.count()

    result = services.users_import_excel(actor=admin_a, file=make_xlsx(rows), filename="xa.xlsx")

    assert result.ok and result.rows_read == 3
    assert [a.username for a in result.created] == ["cb26068.1", "cb26068.2", "cb26068.3"]
    user = User.objects.get(username="cb26068.2")
    assert user.full_name == "Nguyễn Văn 2"
    assert user.phone == "0900000002"
    assert user.must_change_password
    assert (
        user.search_text
        == "nguyen van 2 cb26068.2 cb26068.2@dongnai.gov.vn cong chuc van phong - thong ke"
    )
    assert user.check_password(result.created[1].password)
    membership = Membership.objects.get(user=user)
    assert (membership.unit, membership.role.code, membership.valid_to) == (
        tree["a"],
        "officer",
        None,
    )
    assert membership.is_active
    entries = AuditEntry.objects.order_by("id")[before_audit:]
    assert [e.action for e in entries] == ["create", "create", "create", "import"]
    assert entries[0].object_id == str(User.objects.get(username="cb26068.1").pk)
    assert entries[0].unit_id == tree["a"].pk
    assert entries[0].after["membership"] == {"unit": "26068", "role": "officer"}
    assert "password" not in entries[0].after
    summary = entries[3]
    assert summary.object_repr == "xa.xlsx"
    assert summary.after == {"file": "xa.xlsx", "accounts": 3, "units": 1}
    assert summary.unit_id == tree["a"].pk


def test_passwords_are_random_and_the_result_sheet_lists_them(admin_a):
    result = services.users_import_excel(actor=admin_a, file=make_xlsx(good_rows(5)))
    passwords = [a.password for a in result.created]
    assert len(set(passwords)) == 5
    assert all(len(p) == services.GENERATED_PASSWORD_LENGTH for p in passwords)
    sheet = load_workbook(io.BytesIO(result.accounts_sheet())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Tên đăng nhập"
    assert values[1][0] == "cb26068.1" and values[1][4] == passwords[0]
    assert len(values) == 6


def test_duplicate_usernames_inside_the_file_are_reported_with_the_first_row(admin_a):
    rows = good_rows(4)
    rows[3][0] = "CB26068.1"  # same as row 2, case ignored
    result = services.users_import_excel(actor=admin_a, file=make_xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(5, "Tên đăng nhập")]
    assert "dòng 2" in result.errors[0].message
    assert not User.objects.filter(username__startswith="cb26068").exists()


def test_usernames_already_in_the_database_are_refused_case_insensitively(admin_a):
    UserFactory(username="Cb26068.2")
    result = services.users_import_excel(actor=admin_a, file=make_xlsx(good_rows(3)))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Tên đăng nhập")]
    assert "Cb26068.2" not in result.errors[0].message  # the file's spelling is reported
    assert not User.objects.filter(username__in=["cb26068.1", "cb26068.3"]).exists()


def test_a_unit_the_actor_does_not_manage_is_refused_per_row(admin_a, tree):
    rows = good_rows(3) + good_rows(1, unit_code="26080", start=10)
    result = services.users_import_excel(actor=admin_a, file=make_xlsx(rows))
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column) == (5, "Mã đơn vị")
    assert "Phường Long Khánh" in error.message
    assert not User.objects.filter(username__startswith="cb").exists()


def test_province_admin_imports_into_several_communes(admin_p, tree):
    rows = good_rows(2) + good_rows(2, unit_code="26080")
    result = services.users_import_excel(actor=admin_p, file=make_xlsx(rows))
    assert result.ok
    summary = AuditEntry.objects.get(action="import")
    assert summary.unit_id == tree["p"].pk  # the closest unit above both communes


def test_every_kind_of_row_problem_is_reported_at_once(admin_a, tree):
    closed = UnitFactory(parent=tree["p"], code="26999", closed=True)
    rows = [
        ["", "Nguyễn Văn A", "", "", "", "26068", "officer"],  # 2: username missing
        ["ok.1", "", "", "", "", "26068", "officer"],  # 3: full name missing
        ["ok.2", "Lê B", "", "12", "", "26068", "officer"],  # 4: bad phone
        ["ok.3", "Lê C", "", "", "", "00000", "officer"],  # 5: unknown unit
        ["ok.4", "Lê D", "", "", "", closed.code, "officer"],  # 6: closed unit
        ["ok.5", "Lê E", "", "", "", "26068", "boss"],  # 7: unknown role
        ["có dấu cách", "Lê F", "", "", "", "26068", "officer"],  # 8: invalid username
        ["ok.6", "Lê G", "", "", "", "26068", ""],  # 9: role missing
    ]
    result = services.users_import_excel(actor=admin_a, file=make_xlsx(rows))
    got = [(e.row, e.column) for e in result.errors]
    assert got == [
        (2, "Tên đăng nhập"),
        (3, "Họ và tên"),
        (4, "Số điện thoại"),
        (5, "Mã đơn vị"),
        (6, "Mã đơn vị"),
        (7, "Mã vai trò"),
        (8, "Tên đăng nhập"),
        (9, "Mã vai trò"),
    ]
    assert "boss" in result.errors[5].message and "officer" in result.errors[5].message
    assert not User.objects.filter(username__startswith="ok.").exists()


def test_a_role_stronger_than_the_actors_own_is_refused(tree):
    from tinhso.accounts.models import Role

    # Manages only the province unit itself (not its subtree): may not hand out subtree roles.
    unit_admin = Role.objects.create(
        code="unit-admin", name="Quản trị riêng đơn vị", actions=["view", "manage"], scope="unit"
    )
    actor = UserFactory()
    Membership.objects.create(user=actor, unit=tree["p"], role=unit_admin)
    rows = [
        ["x.1", "Lê A", "", "", "", "75", "viewer"],
        ["x.2", "Lê B", "", "", "", "75", "unit-admin"],
    ]
    result = services.users_import_excel(actor=actor, file=make_xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã vai trò")]


def test_numbers_typed_as_numbers_keep_their_zeros(admin_a, tree):
    UnitFactory(parent=tree["a"], code="00004", name="Tổ dân phố 4")
    rows = [["n.1", "Lê A", "", 912345678, "", 4, "officer"]]
    result = services.users_import_excel(actor=admin_a, file=make_xlsx(rows))
    assert result.ok, result.errors
    user = User.objects.get(username="n.1")
    assert user.phone == "0912345678"
    assert user.memberships.get().unit.code == "00004"


def test_header_found_under_a_title_with_extra_columns_and_blank_lines(admin_a):
    header = ["STT", "Mã vai trò", "Họ tên", "Tên tài khoản", "Ghi chú", "Mã đơn vị (*)"]
    rows = [
        [1, "officer", "Lê A", "t.1", "", "26068"],
        [None, None, None, None, None, None],
        [2, "viewer", "Lê B", "t.2", "mới", "26068"],
    ]
    title = [["DANH SÁCH TÀI KHOẢN CÁN BỘ"], []]
    result = services.users_import_excel(
        actor=admin_a, file=make_xlsx(rows, header, title_rows=title)
    )
    assert result.ok, result.errors
    assert [a.username for a in result.created] == ["t.1", "t.2"]
    assert User.objects.get(username="t.2").memberships.get().role.code == "viewer"


def test_english_headers_are_accepted(admin_a):
    header = ["Username", "Full name", "E-mail", "Phone", "Position", "Unit code", "Role code"]
    result = services.users_import_excel(actor=admin_a, file=make_xlsx(good_rows(2), header))
    assert result.ok, result.errors


def test_a_missing_required_column_is_a_file_error(admin_a):
    header = HEADER_VI[:5] + ["Ghi chú", "Mã vai trò"]
    result = services.users_import_excel(actor=admin_a, file=make_xlsx(good_rows(2), header))
    assert [(e.row, e.column) for e in result.errors] == [(1, "Mã đơn vị")]


def test_a_file_that_is_not_excel_is_refused(admin_a):
    result = services.users_import_excel(actor=admin_a, file=io.BytesIO(b"username;full name\n"))
    assert len(result.errors) == 1 and result.errors[0].row is None
    assert "Excel" in result.errors[0].message


def test_an_empty_sheet_is_refused(admin_a):
    result = services.users_import_excel(actor=admin_a, file=make_xlsx([]))
    assert [e.message for e in result.errors] == ["Tệp không có dòng tài khoản nào."]


def test_an_inspector_cannot_import(inspector_p):
    with pytest.raises(AccessDenied):
        services.users_import_excel(actor=inspector_p, file=make_xlsx(good_rows(1)))


def test_the_template_round_trips_through_the_import(admin_a, tree):
    UnitFactory(parent=tree["a"], code="26173", name="Xã Phú Lý")
    content = services.users_import_template(actor=admin_a)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER_VI
    assert rows[1][5] == "26173" and rows[1][6] == "officer"
    help_rows = [r[0] for r in workbook.worksheets[1].iter_rows(values_only=True)]
    assert "admin" in help_rows and "26068" in help_rows  # roles and the actor's units
    result = services.users_import_excel(actor=admin_a, file=io.BytesIO(content))
    assert result.ok, result.errors
    assert result.created[0].username == "phuly.vanphong"


def test_row_errors_are_plain_data():
    error = RowError(3, "Mã đơn vị", "x", "F")
    assert (error.row, error.column, error.message, error.letter) == (3, "Mã đơn vị", "x", "F")


def test_three_thousand_rows_with_the_production_hasher_import_in_seconds(admin_p, tree, settings):
    """The configured PBKDF2 (1,000,000 iterations) would need ~10 minutes: see `bulk_hasher`."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    rows = good_rows(1500) + good_rows(1500, unit_code="26080")
    upload = make_xlsx(rows)

    started = time.perf_counter()
    result = services.users_import_excel(actor=admin_p, file=upload)
    elapsed = time.perf_counter() - started

    assert result.ok and len(result.created) == 3000
    assert elapsed < 30, f"import took {elapsed:.1f}s"
    print(f"3,000-row import: {elapsed:.2f}s")
    user = User.objects.get(username="cb26080.1500")
    hasher = identify_hasher(user.password)
    assert hasher.algorithm == "pbkdf2_sha256"
    assert user.password.split("$")[1] == str(services.BULK_PBKDF2_ITERATIONS)
    # The first sign-in verifies the cheap hash and upgrades it to the configured cost.
    assert user.check_password(result.created[-1].password)
    user.refresh_from_db()
    assert user.password.split("$")[1] == str(hasher.iterations)
    assert AuditEntry.objects.filter(action="create", object_type="accounts.User").count() == 3000


def test_other_provinces_admin_sees_nothing_of_it(tree):
    admin_y = member(tree["y"], "admin")
    result = services.users_import_excel(actor=admin_y, file=make_xlsx(good_rows(1)))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã đơn vị")]
