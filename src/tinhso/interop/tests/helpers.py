"""Helpers of the interop tests: recorded-exchange adapters, sinks, dossier steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tinhso.accounts.tests.factories import member
from tinhso.dossiers import services as dossier_services
from tinhso.dossiers.models import OutboxChannel
from tinhso.interop.channels import Result
from tinhso.interop.delivery import OutboxConfig
from tinhso.interop.notices import SmsAdapter, SmsConfig, ZaloAdapter, ZaloConfig
from tinhso.interop.portal import PortalAdapter, PortalClient, PortalConfig
from tinhso.interop.tests.replay import Replay

PORTAL = PortalConfig(
    base_url="https://dvc.example.test", client_id="tinhso-75", client_secret="s3cret"
)
SMS = SmsConfig(
    base_url="https://sms.example.test", api_key="k", secret_key="s", brandname="UBND-DONGNAI"
)
ZALO = ZaloConfig(base_url="https://zns.example.test", access_token="t", template_id="251001")

APPLICANT = dossier_services.Applicant(
    name="Phạm Thị Riêng Tư",
    id_number="079301009876",
    phone="0912345678",
    email="rieng.tu@example.vn",
    address="12 Đường Bí Mật, Phường Biên Hòa",
)


def step(dossier: Any, action: str, **kwargs: Any) -> Any:
    actor = member(dossier.resolving_unit, "leader")
    return dossier_services.dossier_transition(
        actor=actor, dossier=dossier, action=action, **kwargs
    )


def later(minutes: float = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


class Sink:
    """An adapter that records what it is given and answers with `results` in turn."""

    def __init__(self, channel: str, *results: Any, configured: bool = True) -> None:
        self.channel = channel
        self.wait_when_unconfigured = channel == OutboxChannel.PORTAL
        self.results = list(results) or [Result.sent()]
        self.seen: list[int] = []
        self.configured = configured

    def is_configured(self) -> bool:
        return self.configured

    def send(self, message: Any) -> Any:
        self.seen.append(message.pk)
        result = self.results.pop(0) if len(self.results) > 1 else self.results[0]
        if isinstance(result, Exception):
            raise result
        return result


def adapters(
    portal: Any = None, email: Any = None, sms: Any = None, zalo: Any = None
) -> dict[str, Any]:
    """Adapters for `deliver_due`: a Replay becomes the real client on a MockTransport; None
    becomes a sink that accepts everything."""
    out: dict[str, Any] = {}
    if isinstance(portal, Replay):
        out["portal"] = PortalAdapter(
            PortalClient(PORTAL, transport=portal.transport, sleep=lambda s: None)
        )
    else:
        out["portal"] = portal or Sink("portal")
    out["email"] = email or Sink("email")
    if isinstance(sms, Replay):
        out["sms"] = SmsAdapter(SMS, transport=sms.transport, sleep=lambda s: None)
    else:
        out["sms"] = sms or Sink("sms")
    if isinstance(zalo, Replay):
        out["zalo"] = ZaloAdapter(ZALO, transport=zalo.transport, sleep=lambda s: None)
    else:
        out["zalo"] = zalo or Sink("zalo")
    return out


CONFIG = OutboxConfig(max_attempts=3, backoff_seconds=60, backoff_cap_seconds=6 * 3600)
