"""Settings shared by every environment. Environment-specific modules import from here.

Everything that differs between a laptop and a province data centre comes from the
environment: DATABASE_URL (SQLite when unset), SECRET_KEY, ALLOWED_HOSTS, CELERY_BROKER_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/tinhso
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("TINHSO_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # ninja serves Swagger UI from its bundled static files (no CDN) when installed as an app.
    "ninja",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "tinhso.core",
    "tinhso.audit",
    "tinhso.units",
    "tinhso.accounts",
    "tinhso.workcalendar",
    "tinhso.documents",
    "tinhso.indicators",
    "tinhso.procedures",
    "tinhso.dossiers",
    "tinhso.serviceindex",
    "tinhso.interop",
    "tinhso.programmes",
    "tinhso.tasks",
    "tinhso.projects",
    "tinhso.finance",
    "tinhso.literacy",
    "tinhso.reporting",
    "tinhso.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tinhso.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tinhso.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # axes last, as its documentation requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tinhso.urls"
WSGI_APPLICATION = "tinhso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tinhso.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'tinhso.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the dev server read while a seed or import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: an official's session ends after 8 idle hours or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the meta tag, not the cookie.

# Login throttling (django-axes): 5 failures per username+IP lock for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Content Security Policy (django-csp 4): scripts only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "vi"
# The UI is Vietnamese whatever the browser asks for (no LocaleMiddleware); English source
# strings stay the fallback for developers.
LANGUAGES = [("vi", _("Vietnamese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Vietnamese display: dd/mm/yyyy and 1.234,5 (the vi locale's formats, see core/formats).
FORMAT_MODULE_PATH = ["tinhso.core.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Background work: Celery on Redis in production; in-process (eager) by default.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE

# Exports: lists stream at most this many rows to Excel (CSV is unbounded).
TINHSO_EXPORT_MAX_XLSX_ROWS = int(os.environ.get("TINHSO_EXPORT_MAX_XLSX_ROWS", "1000000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tinhso.core.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "tinhso.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# The task list's covering index (INCLUDE columns) is a PostgreSQL feature; on SQLite the
# index works without its included columns, which Django reports as models.W040.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The province this deployment serves (one deployment per province): its code in the
# official unit list. Owners of province-wide catalogues (procedures) default to it.
TINHSO_PROVINCE_CODE = os.environ.get("TINHSO_PROVINCE_CODE", "75")

# --- Exchange with national systems and applicants (tinhso.interop) ---------------------
# Every channel is off until configured; an unconfigured portal keeps messages pending.
TINHSO_PORTAL = {
    "base_url": os.environ.get("TINHSO_PORTAL_URL", ""),
    "client_id": os.environ.get("TINHSO_PORTAL_CLIENT_ID", ""),
    "client_secret": os.environ.get("TINHSO_PORTAL_CLIENT_SECRET", ""),
    "timeout": 10,
    "connect_timeout": 5,
    "retries": 2,
    "max_retry_after": 30,
    "token_path": "/oauth/token",
    "create_path": "/api/hoso/ThemMoi",
    "update_path": "/api/hoso/CapNhatTrangThai",
}
TINHSO_NOTICE_EMAIL = {"from_email": os.environ.get("TINHSO_NOTICE_FROM_EMAIL", "")}
TINHSO_SMS = {
    "base_url": os.environ.get("TINHSO_SMS_URL", ""),
    "send_path": "/sms/send",
    "api_key": os.environ.get("TINHSO_SMS_API_KEY", ""),
    "secret_key": os.environ.get("TINHSO_SMS_SECRET_KEY", ""),
    "brandname": os.environ.get("TINHSO_SMS_BRANDNAME", ""),
    "unaccented": True,
    "timeout": 10,
}
TINHSO_ZALO = {
    "base_url": os.environ.get("TINHSO_ZALO_URL", ""),
    "send_path": "/message/template",
    "access_token": os.environ.get("TINHSO_ZALO_ACCESS_TOKEN", ""),
    "template_id": os.environ.get("TINHSO_ZALO_TEMPLATE_ID", ""),
    "timeout": 10,
}
TINHSO_OUTBOX = {
    "max_attempts": 8,
    "backoff_seconds": 60,
    "backoff_cap_seconds": 21600,
    "batch": 200,
}
# Absolute base of the public lookup URL printed as a QR code (empty: from the request).
TINHSO_PUBLIC_BASE_URL = os.environ.get("TINHSO_PUBLIC_BASE_URL", "")
# Public lookups per client IP and window (seconds); proxy_count=1 behind nginx.
TINHSO_LOOKUP_RATE = {
    "limit": 20,
    "window": 600,
    "proxy_count": int(os.environ.get("TINHSO_PROXY_COUNT", "0")),
}

# Periodic work (Celery beat in production; run by hand or by tests on the default).
CELERY_BEAT_SCHEDULE = {
    "interop-outbox-deliver": {
        "task": "interop.outbox_deliver",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "serviceindex-refresh": {"task": "serviceindex.refresh", "schedule": 300.0},
    "serviceindex-rebuild-nightly": {
        "task": "serviceindex.refresh",
        "schedule": crontab(hour=1, minute=30),
        "kwargs": {"full": True},
    },
}
