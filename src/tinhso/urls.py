"""UI routes (one include per app) and the API under /api/v1/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from tinhso.accounts.views import home_view
from tinhso.core.health import healthz_view

from .api import api

urlpatterns = [
    path("", home_view, name="home"),
    path("healthz", healthz_view, name="healthz"),
    path("accounts/", include("tinhso.accounts.urls")),
    path("units/", include("tinhso.units.urls")),
    path("calendar/", include("tinhso.workcalendar.urls")),
    path("documents/", include("tinhso.documents.urls")),
    path("indicators/", include("tinhso.indicators.urls")),
    path("plans/", include("tinhso.programmes.urls")),
    path("tasks/", include("tinhso.tasks.urls")),
    path("projects/", include("tinhso.projects.urls")),
    path("finance/", include("tinhso.finance.urls")),
    path("literacy/", include("tinhso.literacy.urls")),
    path("reports/", include("tinhso.reporting.urls")),
    path("procedures/", include("tinhso.procedures.urls")),
    path("ho-so/", include("tinhso.dossiers.urls")),
    path("chi-so-766/", include("tinhso.serviceindex.urls")),
    path("lien-thong/", include("tinhso.interop.operator_urls")),
    # Public, no login: the citizen's lookup by dossier code (printed as a QR code).
    path("tra-cuu/", include("tinhso.interop.urls")),
    path("api/v1/", api.urls),
    # The issue promises docs at /api/docs; ninja serves them under the mount point.
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
]
if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
