"""The public lookup: no login, no personal data, one 404 for every miss, a rate limit."""

from __future__ import annotations

import re

import pytest
import segno
from django.test import Client
from django.utils import translation

from tinhso.dossiers.models import NATIONAL_LABEL
from tinhso.interop.qr import lookup_qr_svg, lookup_url
from tinhso.interop.tests.helpers import APPLICANT, step

SECRETS = (APPLICANT.name, APPLICANT.id_number, APPLICANT.phone, APPLICANT.email, "Bí Mật")


def _without_csrf(response) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())


def _client(ip: str = "203.0.113.7") -> Client:
    return Client(REMOTE_ADDR=ip)


def test_the_lookup_page_is_public_and_shows_no_personal_data(
    dossier, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = _client().get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert dossier.code in html and dossier.procedure.name in html
    with translation.override("vi"):
        assert f">{NATIONAL_LABEL[2]}</p>" in html
    assert response["X-Robots-Tag"].startswith("noindex")
    for secret in SECRETS:
        assert secret not in html


def test_the_open_supplement_request_is_shown(dossier):
    step(dossier, "start")
    step(dossier, "request_supplement", note="Bản sao giấy chứng sinh")
    html = _client().get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Bản sao giấy chứng sinh" in html
    step(dossier, "supplement_received")
    html = _client().get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Bản sao giấy chứng sinh" not in html  # no open request any more


def test_a_wrong_and_an_unknown_code_look_the_same(dossier):
    unknown = _client().get("/tra-cuu/26068-991231-9999/")
    malformed = _client().get("/tra-cuu/<script>/")
    assert unknown.status_code == malformed.status_code == 404
    assert _without_csrf(unknown) == _without_csrf(malformed)
    assert "Không tìm thấy hồ sơ" in unknown.content.decode()


def test_the_form_sends_the_visitor_to_the_dossier(dossier):
    response = _client().get("/tra-cuu/", {"code": f"  {dossier.code} "})
    assert response.status_code == 302 and response["Location"] == f"/tra-cuu/{dossier.code}/"
    assert _client().get("/tra-cuu/").status_code == 200
    bad = _client().get("/tra-cuu/", {"code": "a/b"})
    assert bad.status_code == 200 and "error" in bad.content.decode()


def test_too_many_lookups_get_a_429(dossier, settings):
    settings.TINHSO_LOOKUP_RATE = {"limit": 3, "window": 600}
    client = _client()
    codes = [dossier.code, "nope-1", dossier.code]
    assert [client.get(f"/tra-cuu/{c}/").status_code for c in codes] == [200, 404, 200]
    limited = client.get(f"/tra-cuu/{dossier.code}/")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 600
    assert "Bạn đã tra cứu quá nhiều" in limited.content.decode()
    # Another address is counted on its own.
    assert _client("198.51.100.1").get(f"/tra-cuu/{dossier.code}/").status_code == 200


def test_the_forwarded_header_counts_only_behind_a_trusted_proxy(dossier, settings):
    settings.TINHSO_LOOKUP_RATE = {"limit": 1, "window": 600, "proxy_count": 1}
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    url = f"/tra-cuu/{dossier.code}/"
    assert proxy.get(url, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert proxy.get(url, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 200
    assert proxy.get(url, HTTP_X_FORWARDED_FOR="9.9.9.9, 1.1.1.1").status_code == 429


def test_qr_code_of_the_lookup_address(dossier):
    expected = f"https://dichvucong.example.test/tra-cuu/{dossier.code}/"
    assert lookup_url(dossier.code) == expected
    svg = lookup_qr_svg(dossier.code)
    assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg
    reference = segno.make(expected, error="m")
    assert reference.svg_inline(scale=4, border=2, svgclass="lookup-qr") in svg or (
        svg.count("<path") == 1 and reference.designator
    )
    response = _client().get(f"/tra-cuu/{dossier.code}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert _client().get("/tra-cuu/bad%20code!/qr.svg").status_code == 404


def test_qr_falls_back_to_the_request_host(dossier, settings, rf):
    settings.TINHSO_PUBLIC_BASE_URL = ""
    request = rf.get("/", HTTP_HOST="localhost")
    assert lookup_url(dossier.code, request) == (f"http://localhost/tra-cuu/{dossier.code}/")


def test_public_api_lookup(dossier, settings):
    settings.TINHSO_LOOKUP_RATE = {"limit": 2, "window": 600}
    client = _client()
    response = client.get(f"/api/v1/interop/lookup/{dossier.code}")
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == dossier.code and data["status_code"] == 2
    assert set(data) == {
        "code",
        "procedure",
        "resolving_unit",
        "received_at",
        "appointment_at",
        "status_code",
        "status_label",
        "missing",
        "finished_at",
        "returned_at",
    }
    for secret in SECRETS:
        assert secret not in response.content.decode()
    assert client.get("/api/v1/interop/lookup/nope").status_code == 404
    limited = client.get(f"/api/v1/interop/lookup/{dossier.code}")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0


@pytest.mark.parametrize("code", ["", " ", "x" * 61, "a/b", "../etc", "é", "a\tb/"])
def test_malformed_codes_are_not_looked_up(db, code, django_assert_num_queries):
    from tinhso.interop.selectors import dossier_public_lookup

    with django_assert_num_queries(0):
        assert dossier_public_lookup(code=code) is None
