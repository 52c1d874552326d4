"""Unit directory pages: smoke, HTMX partials, export, tree, edit rights, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .helpers import current, former

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("units:directory")


def detail_url(unit):
    return reverse("units:detail", args=[unit.pk])


def edit_url(unit):
    return reverse("units:edit", args=[unit.pk])


def test_directory_requires_login(client, units):
    r = client.get(DIRECTORY)
    assert r.status_code == 302
    assert reverse("accounts:login") in r["Location"]


def test_directory_shows_own_province_tree(client, officer):
    r = client.get(DIRECTORY)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="rows"' in html
    assert "Phường Trấn Biên" in html  # a commune of the officer's province, in the tree
    assert "Trung tâm Phục vụ hành chính công phường Biên Hòa" in html
    # Other provinces are collapsed branches loaded on demand.
    assert reverse("units:tree", args=["01"]) in html


def test_directory_search_is_diacritic_insensitive_and_hides_tree(client, officer):
    r = client.get(DIRECTORY, {"q": "tran bien"})
    html = r.content.decode()
    assert "Phường Trấn Biên" in html
    assert "units-tree" not in html
    assert "Phường Hoàn Kiếm" not in html


def test_htmx_request_gets_only_the_rows(client, officer):
    r = client.get(DIRECTORY, {"q": "bien hoa"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Phường Biên Hòa" in html
    assert "<html" not in html
    assert 'class="filters"' not in html


def test_directory_as_of_shows_former_units(client, officer):
    r = client.get(DIRECTORY, {"as_of": "2025-06-30", "province": "75", "level": "commune"})
    html = r.content.decode()
    assert "Phường Hóa An" in html
    assert "Thành phố Biên Hòa" in html  # the old district, in the tree of that day
    assert "159" in html


def test_directory_bad_date_does_not_fail(client, officer):
    r = client.get(DIRECTORY, {"as_of": "31/02/2025"})
    assert r.status_code == 200
    assert "units-tree" in r.content.decode()


def test_export_csv_has_all_filtered_rows(client, officer):
    r = client.get(DIRECTORY, {"province": "75", "level": "commune", "export": "csv"})
    assert r.status_code == 200
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line]
    assert len(lines) == 1 + 95  # header + every commune, not just the first page
    assert "Phường Biên Hòa" in text


def test_export_xlsx(client, officer):
    r = client.get(DIRECTORY, {"province": "75", "export": "xlsx"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_directory_query_count_is_bounded(client, officer, django_assert_max_num_queries):
    with django_assert_max_num_queries(22):
        r = client.get(DIRECTORY, {"include_closed": "on", "page": 2})
    assert r.status_code == 200
    with django_assert_max_num_queries(22):
        client.get(DIRECTORY, {"q": "xa", "include_closed": "on"})


def test_tree_branch_partial(client, officer):
    r = client.get(reverse("units:tree", args=["01"]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Phường Hoàn Kiếm" in html
    old = client.get(reverse("units:tree", args=["70"]), {"as_of": "2025-06-30"})
    assert "Thành phố Đồng Xoài" in old.content.decode()


def test_unit_page(client, officer):
    tran_bien = current("26041")
    r = client.get(detail_url(tran_bien))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Phường Trấn Biên" in html
    assert "Tỉnh Đồng Nai" in html  # breadcrumb
    assert "Phường Bửu Long" in html  # predecessor
    assert "NQ 1662/NQ-UBTVQH15" in html  # legal basis
    assert "26041.TTPVHCC" in html  # child


def test_closed_unit_page_links_its_successors(client, officer):
    r = client.get(detail_url(former("26449")))
    html = r.content.decode()
    assert "Xã Xuân Đông" in html and "Xã Xuân Hòa" in html
    assert "Huyện Xuân Lộc" in html  # breadcrumb of the old era


def test_unit_page_missing_is_404(client, officer):
    assert client.get(reverse("units:detail", args=[10**9])).status_code == 404


def test_officer_sees_no_edit_button(client, officer):
    for unit in (current("26068"), current("00070")):
        html = client.get(detail_url(unit)).content.decode()
        assert edit_url(unit) not in html
    assert client.get(edit_url(current("26068"))).status_code == 404


def test_admin_sees_edit_only_on_own_units(client, ward_admin):
    own = current("26068")
    assert edit_url(own) in client.get(detail_url(own)).content.decode()
    other_province = current("00070")  # Phường Hoàn Kiếm, Hà Nội
    html = client.get(detail_url(other_province)).content.decode()
    assert edit_url(other_province) not in html
    assert client.get(edit_url(other_province)).status_code == 404
    sibling = current("26041")
    assert edit_url(sibling) not in client.get(detail_url(sibling)).content.decode()
    assert client.post(edit_url(sibling), {"version": 1, "phone": "1"}).status_code == 404
    # A closed unit has nothing to edit, even inside the admin's reach.
    assert client.get(edit_url(former("26068"))).status_code == 404


def test_edit_form_saves(client, ward_admin):
    unit = current("26068")
    form = client.get(edit_url(unit))
    assert form.status_code == 200
    assert 'name="version"' in form.content.decode()
    r = client.post(
        edit_url(unit),
        {"version": 1, "phone": "0251 3822 505", "email": "", "address": "", "short_name": ""},
    )
    assert r.status_code == 302
    assert r["Location"] == detail_url(unit)
    unit.refresh_from_db()
    assert unit.phone == "0251 3822 505"
    assert unit.version == 2


def test_edit_form_htmx_success_redirects(client, ward_admin):
    unit = current("26068")
    r = client.post(edit_url(unit), {"version": 1, "phone": "0251 1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assert r["HX-Redirect"] == detail_url(unit)


def test_edit_form_field_errors(client, ward_admin):
    unit = current("26068")
    r = client.post(
        edit_url(unit), {"version": 1, "phone": "call me", "email": "x"}, HTTP_HX_REQUEST="true"
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "<html" not in html  # only the form partial
    assert 'class="error"' in html
    unit.refresh_from_db()
    assert unit.version == 1
    r = client.post(edit_url(unit), {"version": 1, "phone": "call me"})
    assert 'class="error"' in r.content.decode()


def test_edit_form_concurrent_edit_message(client, ward_admin):
    unit = current("26068")
    client.post(edit_url(unit), {"version": 1, "phone": "0251 1"})
    r = client.post(edit_url(unit), {"version": 1, "phone": "0251 2"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "0251 1" in html  # the value the other person saved is shown
    assert 'class="card unit-notice"' in html
    unit.refresh_from_db()
    assert unit.phone == "0251 1"


def test_province_filter_expands_that_province(client, officer):
    html = client.get(DIRECTORY, {"province": "01"}).content.decode()
    assert reverse("units:tree", args=["01"]) not in html  # rendered, not lazy
    assert reverse("units:tree", args=["75"]) in html  # own province now a lazy branch
    assert "Phường Hoàn Kiếm" in html


def test_edit_form_without_version_is_an_error(client, ward_admin):
    unit = current("26068")
    r = client.post(edit_url(unit), {"phone": "0251 1"})
    assert r.status_code == 200
    assert 'class="error"' in r.content.decode()
    unit.refresh_from_db()
    assert unit.phone == ""
