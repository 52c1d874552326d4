"""Signing in: throttling (django-axes), session expiry, forced password change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.middleware import PasswordChangeRequiredMiddleware
from tinhso.accounts.tests.factories import member

pytestmark = pytest.mark.django_db

PASSWORD = "demo-Pass-2025"  # the factories' password


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_the_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(tree):
    member(tree["a"], "officer", username="can.bo")
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(4):
        response = _login(client, "can.bo", "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    # The fifth failure reaches the limit: the answer is already the lockout page.
    assert _login(client, "can.bo", "wrong-password").status_code == 429
    response = _login(client, "can.bo", PASSWORD)
    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_ip(tree):
    member(tree["a"], "officer", username="can.bo")
    for _ in range(5):
        _login(Client(REMOTE_ADDR="10.1.2.3"), "can.bo", "wrong-password")
    # Another workstation signs in normally.
    response = _login(Client(REMOTE_ADDR="10.9.9.9"), "can.bo", PASSWORD)
    assert response.status_code == 302


def test_four_failures_then_success_signs_in(tree):
    member(tree["a"], "officer", username="can.bo")
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(4):
        _login(client, "can.bo", "wrong-password")
    assert _login(client, "can.bo", PASSWORD)["Location"] == reverse("home")


def test_session_settings_are_in_force():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.AXES_FAILURE_LIMIT == 5


def test_a_session_ends_with_the_browser_and_after_eight_idle_hours(tree):
    member(tree["a"], "officer", username="can.bo")
    client = Client()
    _login(client, "can.bo", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    session = Session.objects.get(session_key=cookie.value)
    remaining = session.expire_date - timezone.now()
    assert dt.timedelta(hours=7, minutes=59) < remaining <= dt.timedelta(hours=8)
    assert client.get(reverse("home")).status_code == 200
    # Eight idle hours later the server no longer knows the session.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_each_request_extends_the_session(tree):
    member(tree["a"], "officer", username="can.bo")
    client = Client()
    _login(client, "can.bo", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(hours=1))
    client.get(reverse("home"))
    remaining = Session.objects.get(pk=key).expire_date - timezone.now()
    assert remaining > dt.timedelta(hours=7)


def test_an_account_with_an_admin_chosen_password_is_sent_to_change_it(tree):
    member(tree["a"], "officer", username="moi", must_change_password=True)
    response = _login(Client(), "moi", PASSWORD)
    assert response["Location"] == reverse("accounts:password_change")


def test_the_middleware_keeps_such_an_account_on_the_password_page(tree):
    user = member(tree["a"], "officer", must_change_password=True)
    middleware = PasswordChangeRequiredMiddleware(lambda request: "passed")  # type: ignore[arg-type,return-value]
    factory = RequestFactory()

    def call(path, who=user):
        request = factory.get(path)
        request.user = who
        return middleware(request)

    response = call("/units/?q=bien")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/?next=/units/%3Fq%3Dbien"
    assert call(reverse("accounts:password_change")) == "passed"
    assert call("/api/v1/me") == "passed"
    assert call("/static/css/tinhso.css") == "passed"
    user.must_change_password = False
    assert call("/units/") == "passed"
