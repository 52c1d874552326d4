"""The NinjaAPI object: mounts each app's router under /api/v1/ and maps domain errors.

Authentication: the UI's session (with CSRF) or an integration token
(`Authorization: Bearer tsk_…`), see `accounts.auth`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from tinhso.accounts.api import router as accounts_router
from tinhso.accounts.auth import api_auth
from tinhso.core.exceptions import DomainError
from tinhso.documents.api import router as documents_router
from tinhso.dossiers.api import router as dossiers_router
from tinhso.finance.api import router as finance_router
from tinhso.indicators.api import router as indicators_router
from tinhso.interop.api import router as interop_router
from tinhso.literacy.api import router as literacy_router
from tinhso.procedures.api import router as procedures_router
from tinhso.programmes.api import router as programmes_router
from tinhso.projects.api import router as projects_router
from tinhso.reporting.api import router as reporting_router
from tinhso.serviceindex.api import router as serviceindex_router
from tinhso.tasks.api import router as tasks_router
from tinhso.units.api import router as units_router
from tinhso.workcalendar.api import router as calendar_router

api = NinjaAPI(
    title="tinhso API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    docs_url="/docs",
    description=(
        "Units, accounts, the working-day calendar, documents, plans, targets, indicators,"
        " tasks, flagship projects, budget and disbursement, digital literacy, periodic"
        " reports, procedures,"
        " dossiers and the service index of the province."
    ),
)
api.add_router("/units", units_router)
api.add_router("/", accounts_router)
api.add_router("/calendar", calendar_router)
api.add_router("/documents", documents_router)
api.add_router("/indicators", indicators_router)
api.add_router("/plans", programmes_router)
api.add_router("/tasks", tasks_router)
api.add_router("/projects", projects_router)
api.add_router("/finance", finance_router)
api.add_router("/literacy", literacy_router)
api.add_router("/reports", reporting_router)
api.add_router("/procedures", procedures_router)
api.add_router("/dossiers", dossiers_router)
api.add_router("/interop", interop_router)
api.add_router("/serviceindex", serviceindex_router)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", field], "msg": " ".join(str(m) for m in msgs), "type": "value_error"}
            for field, msgs in exc.message_dict.items()
        ]
    else:
        detail = [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 409 if exc.code == "concurrent_edit" else 400
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=status)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # Forbidden looks like missing (CONVENTIONS §4).
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Unauthorized"}, status=401)
