"""A commune officer signs in, finds units in the directory, and cannot edit other units.

Screenshots go to tests/browser/screenshots/ (look at them after a UI change).
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from tinhso.accounts.tests.factories import member
from tinhso.units.models import Unit

from .conftest import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "demo-Pass-2025"


def _login(page, username: str) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    shot(page, "01-login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def test_commune_officer_finds_units_and_cannot_edit_another_provinces_unit(page):
    call_command("load_units", verbosity=0)
    bien_hoa = Unit.objects.current().get(code="26068", level__code="commune")
    officer = member(bien_hoa, "officer", username="bienhoa.canbo", full_name="Võ Thị Mai")
    assert officer.memberships.count() == 1

    _login(page, "bienhoa.canbo")
    assert "Võ Thị Mai" in page.content()
    assert page.locator("main").get_by_text("Phường Biên Hòa").first.is_visible()
    shot(page, "02-home-commune-officer")

    # The directory: search without diacritics, as officials type on a phone.
    page.goto(f"{page.base_url}/units/")
    shot(page, "03-directory")
    page.fill("input[name=q]", "phu ly")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#rows >> text=Xã Phú Lý")
    shot(page, "04-directory-search-phu-ly")
    page.click("#rows >> text=Xã Phú Lý")
    page.wait_for_selector("h1:has-text('Xã Phú Lý')")
    shot(page, "05-unit-phu-ly")

    # A unit of another province's data: readable, not editable, edit URL is a 404.
    hoan_kiem = Unit.objects.current().get(code="00070", level__code="commune")
    page.goto(f"{page.base_url}/units/?q=Hoan+Kiem")
    page.click("#rows >> text=Phường Hoàn Kiếm")
    page.wait_for_selector("h1:has-text('Phường Hoàn Kiếm')")
    shot(page, "06-unit-other-province")
    assert page.locator(f"a[href='/units/{hoan_kiem.pk}/edit/']").count() == 0
    response = page.goto(f"{page.base_url}/units/{hoan_kiem.pk}/edit/")
    assert response is not None and response.status == 404
    shot(page, "07-edit-other-province-404")

    # Even the officer's own commune needs the manage right to edit its details.
    page.goto(f"{page.base_url}/units/{bien_hoa.pk}/")
    assert page.locator(f"a[href='/units/{bien_hoa.pk}/edit/']").count() == 0


def test_phone_layout_of_the_directory(page):
    call_command("load_units", verbosity=0)
    unit = Unit.objects.current().get(code="26173", level__code="commune")
    member(unit, "officer", username="phuly.canbo", full_name="Ngô Thị Lan")
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, "phuly.canbo")
    page.goto(f"{page.base_url}/units/?q=Tr%E1%BA%A5n+Bi%C3%AAn")
    page.wait_for_selector("#rows >> text=Phường Trấn Biên")
    # On a phone the menu collapses behind a button.
    assert page.locator("#mainnav").is_hidden()
    page.click("[data-toggle-nav]")
    assert page.locator("#mainnav").is_visible()
    shot(page, "08-phone-directory-menu-open")
