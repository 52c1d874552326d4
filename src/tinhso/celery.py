"""Celery application: Redis broker in production, eager (in-process) when no broker is set."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings.dev")
app = Celery("tinhso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
