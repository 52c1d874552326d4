"""Notices to the applicant: e-mail, brandname SMS and Zalo OA (ZNS template messages).

The text is rendered in Vietnamese from templates (`interop/notices/`) with only what the
applicant needs: the dossier code, the procedure, the national status label, the appointment,
what is missing or why — never the applicant's name, identity number or address. An adapter
that is not configured gives its messages up at once with a visible reason (delivery.py).

Gateways: the SMS adapter speaks a brandname-SMS JSON API (`TINHSO_SMS`), the Zalo adapter
the ZNS template message API (`TINHSO_ZALO`); both are tested against recorded answers only.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

import httpx
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tinhso.dossiers.models import NATIONAL_LABEL, OutboxChannel, OutboxMessage

from . import http
from .channels import Result

# One sentence per notified step (dossiers.sync.NOTIFIED_ACTIONS).
ACTION_TEXT: dict[str, Any] = {
    "receive": _("Your dossier has been received."),
    "request_completion": _("Please complete your dossier so that it can be received."),
    "refuse": _("Your dossier could not be received."),
    "request_supplement": _("Please supplement your dossier."),
    "request_payment": _("Please pay the fees and charges of your dossier."),
    "finish": _("The result of your dossier is ready."),
    "return_result": _("The result of your dossier has been returned."),
    "stop": _("Processing of your dossier has been stopped."),
    "withdraw": _("Your dossier has been withdrawn at your request."),
    "reschedule": _("We apologise: your dossier is late and has a new appointment."),
}


def public_url(path: str, request: Any = None) -> str:
    """`path` made absolute with `TINHSO_PUBLIC_BASE_URL` (or the request's host)."""
    base = str(getattr(settings, "TINHSO_PUBLIC_BASE_URL", "") or "").rstrip("/")
    if base:
        return base + path
    if request is not None:
        return str(request.build_absolute_uri(path))
    return path


def lookup_path(code: str) -> str:
    try:
        return reverse("interop:lookup_detail", kwargs={"code": code})
    except NoReverseMatch:  # the public pages are not mounted (unusual deployments)
        return ""


def notice_context(payload: dict[str, Any]) -> dict[str, Any]:
    """The template context of a notice: only the fields the payload carries for it."""
    status = payload.get("status")
    label = NATIONAL_LABEL.get(status, "") if isinstance(status, int) else ""
    code = str(payload.get("code", ""))
    path = lookup_path(code) if code else ""
    return {
        "code": code,
        "procedure": payload.get("procedure", ""),
        "status": label,
        "sentence": ACTION_TEXT.get(str(payload.get("action", "")), ""),
        "due": payload.get("due") or "",
        "missing": payload.get("missing") or "",
        "reason": payload.get("reason") or "",
        "lookup_url": public_url(path) if path and path.startswith("/") else "",
    }


def render_notice(template: str, payload: dict[str, Any]) -> str:
    """Render `interop/notices/<template>` in the deployment's language (Vietnamese)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(f"interop/notices/{template}", notice_context(payload)).strip()


def unaccent(text: str) -> str:
    """ "Hồ sơ đã tiếp nhận" → "Ho so da tiep nhan" (GSM-7 SMS: 160 characters a part)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _settings_dict(name: str) -> dict[str, Any]:
    return dict(getattr(settings, name, {}) or {})


def _from_dict(cls: Any, raw: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in raw.items() if k in known and v is not None})


def _client(base_url: str, timeout: float, transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        transport=transport,
        headers={"Accept": "application/json", "User-Agent": "tinhso-interop/1"},
    )


# -- e-mail ---------------------------------------------------------------------------------


class EmailAdapter:
    """Django's mail backend; on when `TINHSO_NOTICE_EMAIL["from_email"]` is set. The
    Message-ID is derived from the idempotency key, so a re-sent mail can be recognised."""

    channel: str = OutboxChannel.EMAIL
    wait_when_unconfigured: bool = False

    def __init__(self, from_email: str) -> None:
        self.from_email = from_email

    @classmethod
    def from_settings(cls) -> EmailAdapter:
        return cls(str(_settings_dict("TINHSO_NOTICE_EMAIL").get("from_email", "") or ""))

    def is_configured(self) -> bool:
        return bool(self.from_email)

    def send(self, message: OutboxMessage) -> Result:
        to = str(message.payload.get("to", ""))
        if not to:
            return Result.rejected("no address")
        domain = self.from_email.rpartition("@")[2] or "tinhso"
        ident = message.idempotency_key.replace(":", ".").replace(" ", "")
        mail = EmailMessage(
            subject=" ".join(render_notice("email_subject.txt", message.payload).split()),
            body=render_notice("email_body.txt", message.payload),
            from_email=self.from_email,
            to=[to],
            headers={"Message-ID": f"<{ident}@{domain}>"},
        )
        try:
            mail.send(fail_silently=False)
        except OSError as exc:  # SMTP errors are OSErrors (smtplib.SMTPException)
            return Result.failed(f"smtp: {type(exc).__name__}")
        return Result.sent()


# -- SMS ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmsConfig:
    base_url: str = ""
    send_path: str = "/sms/send"
    api_key: str = field(default="", repr=False)
    secret_key: str = field(default="", repr=False)
    brandname: str = ""
    sms_type: str = "2"  # customer-care brandname messages
    unaccented: bool = True
    timeout: float = 10.0
    retries: int = 2


# Gateway result codes: "100" accepted; "99" an unknown gateway error (try again later).
SMS_OK = "100"
SMS_TRANSIENT = frozenset({"99"})


class SmsAdapter:
    """A brandname-SMS JSON gateway: POST `{ApiKey, SecretKey, Brandname, Phone, Content,
    SmsType, RequestId}` → `{"CodeResult": "100", "SMSID": ...}`; `RequestId` is the
    idempotency key (the gateway drops a repeated id)."""

    channel: str = OutboxChannel.SMS
    wait_when_unconfigured: bool = False

    def __init__(
        self,
        config: SmsConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: http.Sleep = time.sleep,
    ) -> None:
        self.config = config
        self.transport = transport
        self.sleep = sleep

    @classmethod
    def from_settings(cls) -> SmsAdapter:
        config: SmsConfig = _from_dict(SmsConfig, _settings_dict("TINHSO_SMS"))
        return cls(config)

    def is_configured(self) -> bool:
        c = self.config
        return bool(c.base_url and c.api_key and c.brandname)

    def send(self, message: OutboxMessage) -> Result:
        phone = "".join(ch for ch in str(message.payload.get("to", "")) if ch.isdigit())
        if not phone:
            return Result.rejected("no phone number")
        content = render_notice("sms.txt", message.payload)
        content = " ".join(content.split())
        if self.config.unaccented:
            content = unaccent(content)
        body = {
            "ApiKey": self.config.api_key,
            "SecretKey": self.config.secret_key,
            "Brandname": self.config.brandname,
            "Phone": phone,
            "Content": content,
            "SmsType": self.config.sms_type,
            "IsUnicode": "0" if self.config.unaccented else "1",
            "RequestId": message.idempotency_key,
        }
        policy = http.RetryPolicy(retries=self.config.retries)
        with _client(self.config.base_url, self.config.timeout, self.transport) as client:
            request = client.build_request(
                "POST",
                self.config.send_path,
                json=body,
                headers={"Idempotency-Key": message.idempotency_key},
            )
            try:
                response = http.send(client, request, policy=policy, sleep=self.sleep)
            except httpx.TransportError as exc:
                return Result.failed(f"sms: {type(exc).__name__}")
        if http.is_retryable_status(response.status_code):
            return Result.failed(
                f"sms: HTTP {response.status_code}",
                retry_after=http.retry_after_seconds(response),
            )
        try:
            data = response.json()
        except ValueError:
            return Result.failed(f"sms: HTTP {response.status_code}, unreadable answer")
        code = str(data.get("CodeResult", "")) if isinstance(data, dict) else ""
        if code == SMS_OK:
            return Result.sent(str(data.get("SMSID", "")))
        detail = f"sms: CodeResult {code or '?'}"
        if isinstance(data, dict) and data.get("ErrorMessage"):
            detail += f": {str(data['ErrorMessage'])[:200]}"
        if code in SMS_TRANSIENT:
            return Result.failed(detail)
        return Result.rejected(detail)


# -- Zalo OA (ZNS) --------------------------------------------------------------------------


@dataclass(frozen=True)
class ZaloConfig:
    base_url: str = ""
    send_path: str = "/message/template"
    access_token: str = field(default="", repr=False)
    template_id: str = ""
    timeout: float = 10.0
    retries: int = 2


# ZNS errors worth another try: the OA's access token expired (-124, renewed by an operator
# or a refresh job) and the quota/rate limits of the day.
ZALO_TRANSIENT = frozenset({-124, -1})


def zalo_phone(value: str) -> str:
    """ZNS wants the international form without "+": 0912345678 → 84912345678."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if digits.startswith("0"):
        return "84" + digits[1:]
    return digits


class ZaloAdapter:
    """ZNS template message: POST `{phone, template_id, template_data, tracking_id}` with the
    OA's `access_token` header → `{"error": 0, "message": "Success", "data": {"msg_id"}}`.
    `tracking_id` is the idempotency key."""

    channel: str = OutboxChannel.ZALO
    wait_when_unconfigured: bool = False

    def __init__(
        self,
        config: ZaloConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: http.Sleep = time.sleep,
    ) -> None:
        self.config = config
        self.transport = transport
        self.sleep = sleep

    @classmethod
    def from_settings(cls) -> ZaloAdapter:
        config: ZaloConfig = _from_dict(ZaloConfig, _settings_dict("TINHSO_ZALO"))
        return cls(config)

    def is_configured(self) -> bool:
        c = self.config
        return bool(c.base_url and c.access_token and c.template_id)

    @staticmethod
    def template_data(payload: dict[str, Any]) -> dict[str, str]:
        """The ZNS template parameters (each at most 100 characters, the ZNS limit for
        text parameters of this kind)."""
        ctx = notice_context(payload)
        with translation.override(settings.LANGUAGE_CODE):
            values = {
                "ma_ho_so": ctx["code"],
                "ten_thu_tuc": str(ctx["procedure"]),
                "trang_thai": str(ctx["status"]),
                "ngay_hen_tra": str(ctx["due"]),
                "ghi_chu": str(ctx["missing"] or ctx["reason"] or ctx["sentence"]),
            }
        return {k: v[:100] for k, v in values.items()}

    def send(self, message: OutboxMessage) -> Result:
        phone = zalo_phone(str(message.payload.get("to", "")))
        if not phone:
            return Result.rejected("no phone number")
        body = {
            "phone": phone,
            "template_id": self.config.template_id,
            "template_data": self.template_data(message.payload),
            "tracking_id": message.idempotency_key,
        }
        policy = http.RetryPolicy(retries=self.config.retries)
        with _client(self.config.base_url, self.config.timeout, self.transport) as client:
            request = client.build_request(
                "POST",
                self.config.send_path,
                json=body,
                headers={
                    "access_token": self.config.access_token,
                    "Idempotency-Key": message.idempotency_key,
                },
            )
            try:
                response = http.send(client, request, policy=policy, sleep=self.sleep)
            except httpx.TransportError as exc:
                return Result.failed(f"zalo: {type(exc).__name__}")
        if http.is_retryable_status(response.status_code):
            return Result.failed(
                f"zalo: HTTP {response.status_code}",
                retry_after=http.retry_after_seconds(response),
            )
        try:
            data = response.json()
        except ValueError:
            return Result.failed(f"zalo: HTTP {response.status_code}, unreadable answer")
        error = data.get("error") if isinstance(data, dict) else None
        if error == 0:
            msg_id = ""
            if isinstance(data.get("data"), dict):
                msg_id = str(data["data"].get("msg_id", ""))
            return Result.sent(msg_id)
        detail = f"zalo: error {error}"
        if isinstance(data, dict) and data.get("message"):
            detail += f": {str(data['message'])[:200]}"
        if error in ZALO_TRANSIENT or not isinstance(error, int):
            return Result.failed(detail)
        return Result.rejected(detail)
