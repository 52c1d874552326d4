"""WSGI entry point (gunicorn tinhso.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings.prod")
application = get_wsgi_application()
