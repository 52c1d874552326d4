"""Operations plumbing: the health probe and the Celery app's configuration."""

from __future__ import annotations

from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_says_unavailable_when_the_database_fails(client):
    with mock.patch("tinhso.core.health.connection.cursor", side_effect=RuntimeError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}


def test_celery_runs_in_process_without_a_broker(settings):
    from tinhso.celery import app

    assert app.main == "tinhso"
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert app.conf.task_always_eager is True
