"""Helpers of the dossier service tests: dates of the test week and one workflow step."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tinhso.accounts.tests.factories import UserFactory
from tinhso.dossiers import services
from tinhso.dossiers.tests.factories import TZ

WED = dt.datetime(2025, 10, 1, 9, 0, tzinfo=TZ)  # Wednesday 1 Oct 2025


def at(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 10, day, hour, minute, tzinfo=TZ)


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


def step(dossier, action, when, actor=None, **kwargs):
    actor = actor or UserFactory(is_superuser=True)
    return services.dossier_transition(
        actor=actor, dossier=dossier, action=action, at=when, **kwargs
    )
