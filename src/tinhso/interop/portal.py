"""Client of the national public service portal (DVCQG) for the dossier sync (spec §3.6).

Flow: get a token (client credentials, cached until shortly before it expires) → create the
dossier (`ThemMoi`) with the first message of a dossier → push each later event as a status
update (`CapNhatTrangThai`) carrying its step (`QuaTrinhXuLy`). "Already exists" on a create
is retried as an update and "does not exist" on an update as a create, so a lost answer never
duplicates nor loses a dossier. Every call carries the outbox message's idempotency key
twice: the `Idempotency-Key` header and the body field `MaGiaoDich`.

Answers have the portal's envelope `{"error_code": 0, "message": "..."}`: 0 is success;
`ALREADY_EXISTS` / `NOT_FOUND` drive the fallbacks above; any other code is a refusal of the
data (not retried: an operator fixes the dossier and retries). Endpoints, credentials and
timeouts come from `settings.TINHSO_PORTAL`; with an empty `base_url` the adapter is off and
the messages wait. No personal data is ever logged or kept in `last_error`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field, fields
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache

from tinhso.dossiers.models import ApplicantKind, Dossier, OutboxChannel, OutboxMessage

from . import http
from .channels import Result

logger = logging.getLogger(__name__)

ALREADY_EXISTS = 2
NOT_FOUND = 3

# `LoaiDoiTuong` (spec §3.6: 1 citizen, 2 enterprise, 3 state agency, 4 organisation/other).
APPLICANT_KIND_CODE: dict[str, int] = {
    ApplicantKind.CITIZEN: 1,
    ApplicantKind.ENTERPRISE: 2,
    ApplicantKind.AGENCY: 3,
    ApplicantKind.ORGANISATION: 4,
}


@dataclass(frozen=True)
class PortalConfig:
    base_url: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    timeout: float = 10.0  # read/write/pool timeout, seconds
    connect_timeout: float = 5.0
    retries: int = 2
    max_retry_after: float = 30.0
    token_path: str = "/oauth/token"  # noqa: S105  # a URL path, not a secret
    create_path: str = "/api/hoso/ThemMoi"
    update_path: str = "/api/hoso/CapNhatTrangThai"

    @classmethod
    def from_settings(cls) -> PortalConfig:
        raw: dict[str, Any] = dict(getattr(settings, "TINHSO_PORTAL", {}) or {})
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known and v is not None})

    @property
    def enabled(self) -> bool:
        return bool(self.base_url)


@dataclass(frozen=True)
class PortalAnswer:
    """The envelope of a portal answer; `http_status` 0 when nothing came back."""

    http_status: int
    error_code: int | None
    message: str
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.http_status == 200 and self.error_code == 0


class PortalError(Exception):
    """The portal could not be reached or authenticated (worth retrying later)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PortalClient:
    """Talks to the portal; `transport` is for tests (an `httpx.MockTransport` replaying
    recorded answers), `sleep` lets tests skip the waits between retries."""

    def __init__(
        self,
        config: PortalConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: http.Sleep = time.sleep,
    ) -> None:
        self.config = config
        self.transport = transport
        self.sleep = sleep
        self.policy = http.RetryPolicy(
            retries=config.retries, max_retry_after=config.max_retry_after
        )

    # -- plumbing ---------------------------------------------------------------------------

    def _client(self) -> httpx.Client:
        timeout = httpx.Timeout(self.config.timeout, connect=self.config.connect_timeout)
        return httpx.Client(
            base_url=self.config.base_url.rstrip("/"),
            timeout=timeout,
            transport=self.transport,
            headers={"Accept": "application/json", "User-Agent": "tinhso-interop/1"},
        )

    @property
    def _token_cache_key(self) -> str:
        ident = f"{self.config.base_url}|{self.config.client_id}".encode()
        return "interop:portal:token:" + hashlib.sha256(ident).hexdigest()[:16]

    def token(self, client: httpx.Client, *, fresh: bool = False) -> str:
        """An access token, from the cache unless `fresh` (then a new one is requested)."""
        if not fresh:
            cached = cache.get(self._token_cache_key)
            if isinstance(cached, str) and cached:
                return cached
        request = client.build_request(
            "POST",
            self.config.token_path,
            data={
                "grant_type": "client_credentials",
                "client_id": self.config.client_id,
                "client_secret": self.config.client_secret,
            },
        )
        try:
            response = http.send(client, request, policy=self.policy, sleep=self.sleep)
        except httpx.TransportError as exc:
            raise PortalError(f"token: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise PortalError(
                f"token: HTTP {response.status_code}", http.retry_after_seconds(response)
            )
        try:
            data = response.json()
            token = str(data["access_token"])
            expires_in = int(data.get("expires_in", 300))
        except (ValueError, KeyError, TypeError) as exc:
            raise PortalError("token: unreadable answer") from exc
        # Forget it a minute early, so a request never goes out with a token about to lapse.
        cache.set(self._token_cache_key, token, timeout=max(expires_in - 60, 1))
        return token

    def call(self, path: str, body: dict[str, Any], key: str) -> PortalAnswer:
        """POST `body` (with `MaGiaoDich`) to `path`; a 401 renews the token once."""
        payload = {**body, "MaGiaoDich": key}
        with self._client() as client:
            for renew in (False, True):
                token = self.token(client, fresh=renew)
                request = client.build_request(
                    "POST",
                    path,
                    json=payload,
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
                )
                try:
                    response = http.send(client, request, policy=self.policy, sleep=self.sleep)
                except httpx.TransportError as exc:
                    raise PortalError(f"{path}: {type(exc).__name__}") from exc
                if response.status_code == 401 and not renew:
                    cache.delete(self._token_cache_key)
                    continue
                return _answer(response)
        raise PortalError(f"{path}: HTTP 401")  # pragma: no cover  # the loop always returns

    # -- the sync flow ----------------------------------------------------------------------

    def create(self, body: dict[str, Any], key: str) -> PortalAnswer:
        return self.call(self.config.create_path, body, key)

    def update(self, body: dict[str, Any], key: str) -> PortalAnswer:
        return self.call(self.config.update_path, body, key)

    def sync(self, body: dict[str, Any], key: str, *, first: bool) -> Result:
        """Create (first message of a dossier) or update, with the fallbacks of the module
        docstring; the outcome as a `Result`."""
        try:
            if first:
                answer = self.create(body, key)
                if answer.error_code == ALREADY_EXISTS:
                    answer = self.update(body, key)
            else:
                answer = self.update(body, key)
                if answer.error_code == NOT_FOUND:
                    answer = self.create(body, key)
        except PortalError as exc:
            return Result.failed(str(exc), retry_after=exc.retry_after)
        return _result(answer)


def _answer(response: httpx.Response) -> PortalAnswer:
    try:
        data = response.json()
    except ValueError:
        data = None
    code: int | None = None
    message = ""
    if isinstance(data, dict):
        raw = data.get("error_code")
        code = raw if isinstance(raw, int) else None
        message = str(data.get("message") or "")[:300]
    return PortalAnswer(
        http_status=response.status_code,
        error_code=code,
        message=message,
        retry_after=http.retry_after_seconds(response),
    )


def _result(answer: PortalAnswer) -> Result:
    if answer.ok:
        return Result.sent()
    detail = f"HTTP {answer.http_status}"
    if answer.error_code is not None:
        detail += f", error_code {answer.error_code}"
    if answer.message:
        detail += f": {answer.message}"
    status = answer.http_status
    # Throttled, unavailable or not (yet) authorised: the same message may pass later.
    if status in {401, 403, 408, 429} or status >= 500:
        return Result.failed(detail, retry_after=answer.retry_after)
    # A 200 without the envelope is a broken gateway answer, not a verdict on the data.
    if status == 200 and answer.error_code is None:
        return Result.failed(detail)
    return Result.rejected(detail)


def create_fields(dossier: Dossier) -> dict[str, Any]:
    """What a create (`ThemMoi`) adds to the status payload: the applicant and the summary
    (spec §3.6 "Applicant"), read from the dossier when sent. The portal is the national
    record of the dossier and needs them; they are never logged."""
    id_number = dossier.applicant_id_number
    return {
        "TrichYeuHoSo": (dossier.summary or dossier.procedure.name or "")[:1000],
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": APPLICANT_KIND_CODE.get(dossier.applicant_kind, 1),
        # 1 = the 12-digit personal identification number, 2 = another document.
        "LoaiDinhDanh": 1 if id_number.isdigit() and len(id_number) == 12 else 2,
        "SoDinhDanh": id_number,
        "SoDienThoai": dossier.applicant_phone,
        "Email": dossier.applicant_email,
        "DiaChi": dossier.applicant_address,
        "MaTinh": getattr(settings, "TINHSO_PROVINCE_CODE", ""),
    }


class PortalAdapter:
    """The outbox adapter of the portal channel (waits while not configured)."""

    channel: str = OutboxChannel.PORTAL
    wait_when_unconfigured: bool = True

    def __init__(self, client: PortalClient) -> None:
        self.client = client

    @classmethod
    def from_settings(cls) -> PortalAdapter:
        return cls(PortalClient(PortalConfig.from_settings()))

    def is_configured(self) -> bool:
        return self.client.config.enabled

    def send(self, message: OutboxMessage) -> Result:
        dossier = message.dossier
        first = dossier.portal_synced_at is None
        body = dict(message.payload)
        if first:
            body.update(create_fields(dossier))
        result = self.client.sync(body, message.idempotency_key, first=first)
        logger.info(
            "portal sync",
            extra={"outbox_id": message.pk, "ok": result.ok, "first": first},
        )
        return result
