"""tinhso: the digital province (steering Resolution 57 and one-stop public services)."""

# Load the Celery app with Django so that `@shared_task` uses its (eager or Redis) settings.
from .celery import app as celery_app

__all__ = ["celery_app"]
