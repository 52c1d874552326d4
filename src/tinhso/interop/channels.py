"""The adapter interface of the outbox channels and the registry by channel.

An adapter turns one `OutboxMessage` into a `Result`; it never writes domain tables (the
delivery service does, CONVENTIONS §3). An adapter that is not configured is either
waited for (the portal: its messages stay pending until the deployment is connected) or
gives its messages up at once with a visible reason (the applicant notice channels).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tinhso.dossiers.models import OutboxChannel, OutboxMessage


@dataclass(frozen=True)
class Result:
    """What happened to one send: delivered, or the error and whether trying again helps.

    `retry_after` (seconds) is the receiver's own wish (`Retry-After`); the outbox waits at
    least that long. `reference` is the receiver's id for the message, when it gives one.
    """

    ok: bool
    error: str = ""
    retryable: bool = True
    retry_after: float | None = None
    reference: str = ""

    @classmethod
    def sent(cls, reference: str = "") -> Result:
        return cls(ok=True, reference=reference)

    @classmethod
    def failed(cls, error: str, *, retry_after: float | None = None) -> Result:
        return cls(ok=False, error=error, retryable=True, retry_after=retry_after)

    @classmethod
    def rejected(cls, error: str) -> Result:
        """A permanent refusal (bad data, unknown recipient): retrying cannot help."""
        return cls(ok=False, error=error, retryable=False)


class Adapter(Protocol):
    channel: str
    # True: messages wait (stay pending) while the channel is unconfigured; False: they are
    # given up at once with the reason "channel not configured".
    wait_when_unconfigured: bool

    def is_configured(self) -> bool: ...

    def send(self, message: OutboxMessage) -> Result: ...


def default_adapters() -> dict[str, Adapter]:
    """One adapter per channel, configured from settings (read at call time)."""
    from .notices import EmailAdapter, SmsAdapter, ZaloAdapter
    from .portal import PortalAdapter

    return {
        OutboxChannel.PORTAL: PortalAdapter.from_settings(),
        OutboxChannel.EMAIL: EmailAdapter.from_settings(),
        OutboxChannel.SMS: SmsAdapter.from_settings(),
        OutboxChannel.ZALO: ZaloAdapter.from_settings(),
    }


@dataclass(frozen=True)
class ChannelState:
    channel: str
    label: str
    configured: bool
    wait_when_unconfigured: bool


def channel_states(adapters: dict[str, Adapter] | None = None) -> list[ChannelState]:
    """Whether each channel is connected, for the operators' page."""
    adapters = adapters if adapters is not None else default_adapters()
    labels = dict(OutboxChannel.choices)
    return [
        ChannelState(
            channel=channel,
            label=str(labels.get(channel, channel)),
            configured=adapter.is_configured(),
            wait_when_unconfigured=adapter.wait_when_unconfigured,
        )
        for channel, adapter in adapters.items()
    ]
