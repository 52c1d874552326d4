"""API of the interop app (mounted by tinhso/api.py at /api/v1/interop).

* `GET /outbox` — outgoing messages of the dossiers the caller may see (scope
  `interop:read`), filtered by `status`, `channel`, `code`; paginated (`limit`, `offset`).
* `POST /outbox/{id}/retry` — put a failed or given-up message back in the queue (scope
  `interop:write`, EDIT on the dossier's resolving unit, 404 otherwise; 400 when the message
  is pending or sent).
* `GET /lookup/{code}` — public (no authentication): the same fields as the lookup page,
  the same per-IP limit (429 with `Retry-After`), 404 for a malformed or unknown code.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tinhso.accounts.access import Action
from tinhso.core.pagination import LimitOffsetPagination
from tinhso.core.scopes import require_scope

from . import ratelimit, selectors, services
from .schemas import MessageOut, OutboxFilterIn, OutboxOut, PublicDossierOut

router = Router(tags=["interop"])

READ = "interop:read"
WRITE = "interop:write"


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]  # set by ninja auth


@router.get("/outbox", response=list[OutboxOut], operation_id="list_outbox_messages")
@paginate(LimitOffsetPagination)
def list_outbox_messages(request: HttpRequest, filters: Query[OutboxFilterIn]) -> Any:
    """Outgoing messages (portal sync, applicant notices), newest first."""
    require_scope(request, READ)
    data = {k: v for k, v in filters.dict().items() if v is not None}
    return selectors.outbox_list(user=_user(request), filters=data)


@router.post("/outbox/{message_id}/retry", response=OutboxOut, operation_id="retry_outbox_message")
def retry_outbox_message(request: HttpRequest, message_id: int) -> Any:
    """Retry now: the message is due again with its attempts reset."""
    require_scope(request, WRITE)
    user = _user(request)
    message = selectors.outbox_get(user=user, pk=message_id, action=Action.EDIT)
    services.outbox_retry(actor=user, message=message)
    return selectors.outbox_get(user=user, pk=message_id)


@router.get(
    "/lookup/{code}",
    response={200: PublicDossierOut, 404: MessageOut, 429: MessageOut},
    auth=None,
    operation_id="lookup_dossier",
)
def lookup_dossier(request: HttpRequest, code: str) -> Any:
    """Public lookup of a dossier by code (no personal data), rate-limited per client IP."""
    retry_after = ratelimit.hit(request)
    if retry_after is not None:
        return JsonResponse(
            {"detail": _("Too many lookups. Please try again later.")},
            status=429,
            headers={"Retry-After": str(retry_after)},
        )
    dossier = selectors.dossier_public_lookup(code=code)
    if dossier is None:
        return Status(404, {"detail": _("Dossier not found")})
    return dossier
