"""Pages of accounts: smoke tests, HTMX partials, exports, actions, one-time secrets."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tinhso.accounts import services
from tinhso.accounts.models import ApiToken, User
from tinhso.accounts.tests.conftest import client_for, good_rows, make_xlsx
from tinhso.accounts.tests.factories import member, role
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_home_shows_my_roles_and_shortcuts(admin_a):
    response = client_for(admin_a).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phường Biên Hòa" in html and "Quản trị đơn vị" in html
    assert reverse("accounts:user_import") in html and reverse("accounts:audit_list") in html
    assert "Người dùng" in html  # the navigation, in Vietnamese


def test_home_of_an_officer_has_no_admin_shortcuts(tree):
    html = client_for(member(tree["a"], "officer")).get(reverse("home")).content.decode()
    assert reverse("accounts:user_import") not in html
    assert reverse("accounts:audit_list") not in html


def test_user_list_page_htmx_and_queries(admin_a, tree, django_assert_max_num_queries):
    for _ in range(30):
        member(tree["a"], "officer")
    outsider = member(tree["b"], "officer")
    client = client_for(admin_a)
    # Session, user, rights for MANAGE and (navigation) AUDIT, count, page, memberships,
    # filter choices, session save: a constant, whatever the number of rows.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("accounts:user_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Người dùng</h1>" in html and response.context["page"].paginator.count == 31
    assert reverse("accounts:user_detail", args=[outsider.pk]) not in html
    partial = client.get(reverse("accounts:user_list"), {"q": "quan tri"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<h1>" not in body and "Quản Trị Biên Hòa" in body
    assert partial.context["page"].paginator.count == 1


def test_user_list_filters_by_unit_among_managed_units(admin_p, tree):
    in_b = member(tree["b"], "officer")
    response = client_for(admin_p).get(reverse("accounts:user_list"), {"unit": tree["b"].pk})
    html = response.content.decode()
    assert in_b.full_name in html and "Quản Trị Tỉnh" not in html.split("<tbody>")[1]
    assert f'<option value="{tree["b"].pk}" selected>' in html


def test_user_list_exports_every_row(admin_a, tree):
    for _ in range(60):
        member(tree["a"], "officer")
    client = client_for(admin_a)
    csv = b"".join(client.get(reverse("accounts:user_list"), {"export": "csv"}).streaming_content)
    lines = csv.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Tên đăng nhập,Họ và tên")
    assert len(lines) == 62  # header + 60 officers + the admin (more than one page)
    assert "Phường Biên Hòa: Cán bộ, chuyên viên" in csv.decode("utf-8-sig")
    xlsx = client.get(reverse("accounts:user_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 62


def test_user_pages_are_404_for_non_managers(inspector_p, tree):
    target = member(tree["a"], "officer")
    client = client_for(inspector_p)
    for url in (
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_import"),
        reverse("accounts:user_import_template"),
        reverse("accounts:user_detail", args=[target.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_user_create_page_offers_only_managed_current_units(admin_a, tree):
    html = client_for(admin_a).get(reverse("accounts:user_create")).content.decode()
    assert "Phường Biên Hòa (26068)" in html and "Trung tâm PVHCC Biên Hòa" in html
    assert "Phường Long Khánh" not in html


def test_user_create_shows_the_password_once(admin_a, tree):
    response = client_for(admin_a).post(
        reverse("accounts:user_create"),
        {
            "username": "moi.bienhoa",
            "full_name": "Đỗ Thị Mới",
            "email": "",
            "unit": tree["a"].pk,
            "role": role("officer").pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Đã tạo tài khoản" in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    user = User.objects.get(username="moi.bienhoa")
    password = html.split('<p class="secret">')[1].split("</p>")[0]
    assert user.check_password(password)


def test_user_create_shows_service_errors_on_the_fields(admin_a, tree):
    response = client_for(admin_a).post(
        reverse("accounts:user_create"),
        {
            "username": "admin.bienhoa",
            "full_name": "Trùng Tên",
            "email": "sai",
            "unit": tree["a"].pk,
            "role": role("officer").pk,
        },
    )
    html = response.content.decode()
    assert "Tên đăng nhập này đã được sử dụng." in html
    assert "Nhập địa chỉ thư điện tử hợp lệ" in html


def test_user_detail_and_its_actions(admin_a, tree):
    target = member(tree["a"], "officer")
    client = client_for(admin_a)
    detail = reverse("accounts:user_detail", args=[target.pk])
    html = client.get(detail).content.decode()
    assert target.full_name in html and 'name="version" value="1"' in html
    assert reverse("accounts:membership_end", args=[target.memberships.get().pk]) in html

    response = client.post(
        reverse("accounts:user_update", args=[target.pk]),
        {"full_name": "Tên Mới", "email": "", "phone": "", "position": "", "version": 1},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "Tên Mới" and target.version == 2

    stale = client.post(
        reverse("accounts:user_update", args=[target.pk]),
        {"full_name": "Cũ", "email": "", "phone": "", "position": "", "version": 1},
    )
    assert stale.status_code == 409 and "tải lại trang" in stale.content.decode()

    reset = client.post(reverse("accounts:user_reset_password", args=[target.pk]))
    password = reset.content.decode().split('<p class="secret">')[1].split("</p>")[0]
    target.refresh_from_db()
    assert target.check_password(password) and target.must_change_password

    client.post(reverse("accounts:user_set_active", args=[target.pk]), {"is_active": "0"})
    target.refresh_from_db()
    assert not target.is_active

    # The recent changes of the account are listed, readably.
    html = client.get(detail).content.decode()
    assert "Thay đổi gần đây" in html and "<del>Đang" not in html
    assert "<del>có</del> → <ins>không</ins>" in html  # is_active: yes → no


def test_membership_add_and_end_from_the_detail_page(admin_p, tree):
    target = member(tree["a"], "officer")
    client = client_for(admin_p)
    viewer = role("viewer")
    response = client.post(
        reverse("accounts:membership_create", args=[target.pk]),
        {"unit": tree["b"].pk, "role": viewer.pk, "valid_from": "", "valid_to": ""},
    )
    assert response.status_code == 302
    membership = target.memberships.get(unit=tree["b"])
    response = client.post(reverse("accounts:membership_end", args=[membership.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"/{target.pk}/")
    membership.refresh_from_db()
    assert membership.has_ended
    bad = client.post(
        reverse("accounts:membership_create", args=[target.pk]),
        {"unit": tree["a"].pk, "role": role("officer").pk},
    )
    assert "Người dùng đã có vai trò này tại đơn vị này." in bad.content.decode()


def test_ending_the_last_link_to_a_user_goes_back_to_the_list(admin_a, admin_p, tree):
    moved = member(tree["a"], "officer")
    services.membership_create(actor=admin_p, user=moved, unit=tree["b"], role="officer")
    membership = moved.memberships.get(unit=tree["a"])
    response = client_for(admin_a).post(reverse("accounts:membership_end", args=[membership.pk]))
    assert response["Location"] == reverse("accounts:user_list")


def test_token_created_once_then_revoked_from_the_detail_page(admin_a, tree):
    target = member(tree["a"], "officer")
    client = client_for(admin_a)
    response = client.post(
        reverse("accounts:token_create", args=[target.pk]),
        {"name": "Cổng dịch vụ công", "scopes": ["units:read", "accounts:read"]},
    )
    html = response.content.decode()
    secret = html.split('<p class="secret">')[1].split("</p>")[0]
    token = ApiToken.objects.get(user=target)
    assert secret.startswith(token.prefix) and token.token_hash == ApiToken.hash_secret(secret)
    assert (
        secret not in client.get(reverse("accounts:user_detail", args=[target.pk])).content.decode()
    )
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    missing_scope = client.post(
        reverse("accounts:token_create", args=[target.pk]), {"name": "x", "scopes": []}
    )
    assert ApiToken.objects.filter(user=target).count() == 1
    assert missing_scope.status_code == 200


def test_actions_on_a_user_of_another_commune_are_404(admin_a, tree):
    other = member(tree["b"], "officer")
    client = client_for(admin_a)
    before = AuditEntry.objects.count()
    for name, data in (
        ("accounts:user_update", {"full_name": "x", "version": 1}),
        ("accounts:user_set_active", {"is_active": "0"}),
        ("accounts:user_reset_password", {}),
        ("accounts:membership_create", {"unit": tree["a"].pk}),
        ("accounts:token_create", {"name": "x", "scopes": ["units:read"]}),
    ):
        assert client.post(reverse(name, args=[other.pk]), data).status_code == 404, name
    membership = other.memberships.get()
    assert client.post(reverse("accounts:membership_end", args=[membership.pk])).status_code == 404
    assert AuditEntry.objects.count() == before


def test_import_page_success_lists_passwords_and_downloads_them(admin_a):
    client = client_for(admin_a)
    assert client.get(reverse("accounts:user_import")).status_code == 200
    response = client.post(reverse("accounts:user_import"), {"file": make_xlsx(good_rows(3))})
    html = response.content.decode()
    assert "Đã tạo 3 tài khoản" in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    user = User.objects.get(username="cb26068.2")
    accounts_json = html.split('name="accounts" value="')[1].split('"')[0]
    rows = json.loads(accounts_json.replace("&quot;", '"'))
    assert user.check_password(rows[1]["password"])
    download = client.post(
        reverse("accounts:user_import_passwords"), {"accounts": json.dumps(rows)}
    )
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert sheet["A3"].value == "cb26068.2" and sheet["E3"].value == rows[1]["password"]


def test_import_page_with_errors_saves_nothing(admin_a):
    rows = good_rows(3)
    rows[1][5] = "99999"
    response = client_for(admin_a).post(reverse("accounts:user_import"), {"file": make_xlsx(rows)})
    html = response.content.decode()
    assert "Chưa có dữ liệu nào được lưu." in html
    assert "Không có đơn vị đang hoạt động nào có mã “99999”." in html
    assert not User.objects.filter(username__in=["cb26068.1", "cb26068.3"]).exists()


def test_import_page_refuses_other_files(admin_a):
    upload = io.BytesIO(b"a,b")
    upload.name = "accounts.csv"
    html = client_for(admin_a).post(reverse("accounts:user_import"), {"file": upload}).content
    assert "Hãy tải lên một bảng tính Excel (.xlsx)." in html.decode()


def test_import_template_download(admin_a):
    response = client_for(admin_a).get(reverse("accounts:user_import_template"))
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Tên đăng nhập" and sheet["G2"].value == "officer"


def test_audit_list_page_scoped_readable_and_exportable(
    inspector_p, admin_a, tree, django_assert_max_num_queries
):
    target = member(tree["a"], "officer", position="Văn thư")
    for i in range(25):
        services.user_update(
            actor=admin_a, user=target, data={"position": f"Chức vụ {i}"}, version=i + 1
        )
    services.membership_create(actor=admin_a, user=target, unit=tree["c"], role="viewer")
    audit_record(actor=admin_a, action="update", unit=tree["y"], object_repr="Bí mật tỉnh khác")
    client = client_for(inspector_p)
    # Constant: rights, count, page, one query per referenced model, filter choices, session.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("accounts:audit_list"))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["page"].paginator.count == 26
    assert "Bí mật tỉnh khác" not in html
    assert "<del>Chức vụ 23</del> → <ins>Chức vụ 24</ins>" in html
    # A membership row shows names, not ids.
    assert "<ins>Trung tâm PVHCC Biên Hòa</ins>" in html and "<ins>Người xem</ins>" in html
    partial = client.get(
        reverse("accounts:audit_list"),
        {"object_type": "accounts.Membership"},
        HTTP_HX_REQUEST="true",
    )
    assert partial.context["page"].paginator.count == 1
    assert "<h1>" not in partial.content.decode()
    csv = b"".join(client.get(reverse("accounts:audit_list"), {"export": "csv"}).streaming_content)
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Thời gian,Người thực hiện,Thao tác")
    assert "Chức vụ: Chức vụ 23 → Chức vụ 24" in csv.decode("utf-8-sig")


def test_audit_list_is_404_without_the_audit_right(tree):
    officer = member(tree["a"], "officer")
    assert client_for(officer).get(reverse("accounts:audit_list")).status_code == 404


def test_audit_list_filters_by_date(admin_a, tree):
    audit_record(actor=admin_a, action="update", unit=tree["a"], object_repr="hôm nay")
    client = client_for(admin_a)
    html = client.get(reverse("accounts:audit_list"), {"date_to": "2020-01-01"}).content.decode()
    assert "hôm nay" not in html
    html = client.get(reverse("accounts:audit_list"), {"date_from": "2020-01-01"}).content.decode()
    assert "hôm nay" in html


def test_password_change_page(tree):
    user = member(tree["a"], "officer", must_change_password=True)
    client = client_for(user)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "Mật khẩu của bạn do quản trị viên đặt." in page
    response = client.post(
        reverse("accounts:password_change") + "?next=/units/",
        {
            "old_password": "demo-Pass-2025",
            "new_password": "Mat-Khau-Moi-2026",
            "new_password_confirm": "Mat-Khau-Moi-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/units/"
    user.refresh_from_db()
    assert not user.must_change_password
    # Still signed in: the session hash was updated.
    assert client.get(reverse("home")).status_code == 200
    mismatch = client.post(
        reverse("accounts:password_change"),
        {"old_password": "x", "new_password": "a", "new_password_confirm": "b"},
    )
    assert "Hai mật khẩu không khớp nhau." in mismatch.content.decode()


def test_exporting_the_user_list_is_logged_as_a_sensitive_read(client):
    from tinhso.accounts.tests.factories import member
    from tinhso.audit.models import AuditEntry
    from tinhso.units.tests.factories import UnitFactory

    province = UnitFactory(province=True)
    admin = member(province, "admin")
    client.force_login(admin)
    response = client.get("/accounts/users/?q=nguyen&export=xlsx")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="read")
    assert entry.actor == admin and entry.unit_id == province.pk
    assert entry.after == {"format": "xlsx", "filters": {"q": "nguyen"}}
    client.get("/accounts/audit/?export=csv")
    assert AuditEntry.objects.filter(action="read").count() == 2
