"""Outbox delivery: order per dossier, backoff, giving up, idempotency, disabled channels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from tinhso.dossiers.models import Dossier, OutboxMessage, OutboxStatus
from tinhso.dossiers.tests.factories import received
from tinhso.interop.channels import Result
from tinhso.interop.delivery import OutboxConfig, backoff, deliver_due, deliver_message
from tinhso.interop.tasks import outbox_deliver_task
from tinhso.interop.tests.helpers import CONFIG, Replay, Sink, adapters, later, step


def already_synced(dossier):
    """As if the dossier had been created on the portal: its messages are status updates."""
    Dossier.objects.filter(pk=dossier.pk).update(portal_synced_at=later(-5))


def portal_messages(dossier):
    return list(OutboxMessage.objects.filter(dossier=dossier, channel="portal").order_by("id"))


def test_first_message_creates_the_dossier_then_updates_follow(dossier):
    version = Dossier.objects.get(pk=dossier.pk).version
    replay = Replay("portal_create")
    report = deliver_due(later(1), adapters=adapters(portal=replay), config=CONFIG)

    assert report.counts["sent"] == 4  # portal, e-mail, SMS, Zalo
    assert replay.paths() == ["/oauth/token", "/api/hoso/ThemMoi"]
    (msg,) = portal_messages(dossier)
    token_form, body = replay.bodies
    assert "grant_type=client_credentials" in token_form
    create = replay.requests[1]
    assert create.headers["Authorization"].startswith("Bearer eyJ")
    assert create.headers["Idempotency-Key"] == msg.idempotency_key
    assert body["MaGiaoDich"] == msg.idempotency_key
    assert body["MaHoSo"] == dossier.code and body["TrangThaiHoSo"] == 2
    assert body["ChuHoSo"] == "Phạm Thị Riêng Tư" and body["LoaiDinhDanh"] == 1
    msg.refresh_from_db()
    assert msg.status == OutboxStatus.SENT and msg.sent_at is not None and msg.attempts == 1
    synced = Dossier.objects.get(pk=dossier.pk)
    assert synced.portal_synced_at == msg.sent_at
    assert synced.version == version  # the officers' edit check did not move

    step(dossier, "start")
    replay = Replay("portal_update")
    cache.clear()  # the recorded conversation asks for a token again
    deliver_due(later(2), adapters=adapters(portal=replay), config=CONFIG)
    assert replay.paths() == ["/oauth/token", "/api/hoso/CapNhatTrangThai"]
    update = replay.bodies[1]
    assert update["TrangThaiHoSo"] == 4 and "ChuHoSo" not in update  # no applicant data
    assert [m.status for m in portal_messages(dossier)] == ["sent", "sent"]


def test_event_n_plus_1_waits_while_n_is_failing(dossier, tree):
    step(dossier, "start")
    other = received(tree["B"])
    first, second = portal_messages(dossier)
    portal = Sink("portal", Result.failed("HTTP 503"))

    deliver_due(later(1), adapters=adapters(portal=portal), config=CONFIG)

    other_first = portal_messages(other)[0]
    assert first.pk in portal.seen and second.pk not in portal.seen
    assert other_first.pk in portal.seen  # another dossier is not held up
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "failed" and second.status == "pending" and second.attempts == 0

    # Due again after the backoff: now both go, in order.
    portal = Sink("portal", Result.sent())
    deliver_due(later(3), adapters=adapters(portal=portal), config=CONFIG)
    assert portal.seen == [first.pk, second.pk, other_first.pk]  # in the same run


def test_a_dead_message_holds_the_later_ones_of_its_dossier(dossier):
    step(dossier, "start")
    first, second = portal_messages(dossier)
    portal = Sink("portal", Result.rejected("error_code 1"))
    deliver_due(later(1), adapters=adapters(portal=portal), config=CONFIG)
    first.refresh_from_db()
    assert first.status == "dead"
    deliver_due(later(10), adapters=adapters(portal=Sink("portal")), config=CONFIG)
    second.refresh_from_db()
    assert second.status == "pending"  # waits for the operator to retry the first one
    assert deliver_message(second.pk, now=later(10), adapters=adapters(), config=CONFIG) == (
        "skipped"
    )


def test_backoff_doubles_from_one_minute_up_to_six_hours():
    config = OutboxConfig()
    assert [backoff(n, config) for n in (1, 2, 3, 4)] == [
        dt.timedelta(minutes=m) for m in (1, 2, 4, 8)
    ]
    assert backoff(9, config) == dt.timedelta(minutes=256)
    assert backoff(10, config) == dt.timedelta(hours=6)
    assert backoff(60, config) == dt.timedelta(hours=6)


def test_failures_back_off_then_give_up_after_max_attempts(dossier):
    already_synced(dossier)
    (msg,) = portal_messages(dossier)
    now = later(1)
    waits = []
    for _run in range(3):
        replay = Replay("portal_timeout")
        cache.clear()
        deliver_due(now, adapters=adapters(portal=replay), config=CONFIG)
        assert replay.done  # the client tried three times in the run
        msg.refresh_from_db()
        if msg.status == "failed":
            waits.append(msg.next_attempt_at - now)
            # Not due before its time: a run in between does not touch it.
            deliver_due(msg.next_attempt_at - dt.timedelta(seconds=1), adapters=adapters())
            msg.refresh_from_db()
            assert msg.status == "failed"
            now = msg.next_attempt_at
    assert waits == [dt.timedelta(minutes=1), dt.timedelta(minutes=2)]
    assert msg.status == "dead" and msg.attempts == 3
    assert "ReadTimeout" in msg.last_error


def test_the_same_idempotency_key_on_every_retry(dossier):
    already_synced(dossier)
    (msg,) = portal_messages(dossier)
    replay = Replay("portal_500_then_success")
    deliver_due(later(1), adapters=adapters(portal=replay), config=CONFIG)
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 1  # the client's own retry
    keys = [r.headers["Idempotency-Key"] for r in replay.requests[1:]]
    assert keys == [msg.idempotency_key] * 2
    assert [b["MaGiaoDich"] for b in replay.bodies[1:]] == keys


def test_the_same_key_across_outbox_retries(dossier):
    already_synced(dossier)
    (msg,) = portal_messages(dossier)
    first = Replay("portal_500_always")
    deliver_due(later(1), adapters=adapters(portal=first), config=CONFIG)
    msg.refresh_from_db()
    assert msg.status == "failed" and "HTTP 503" in msg.last_error
    second = Replay("portal_update")
    cache.clear()
    deliver_due(later(5), adapters=adapters(portal=second), config=CONFIG)
    msg.refresh_from_db()
    assert msg.status == "sent"
    sent_keys = {r.headers["Idempotency-Key"] for r in first.requests[1:] + second.requests[1:]}
    assert sent_keys == {msg.idempotency_key}


def test_already_exists_is_sent_again_as_an_update(dossier):
    (msg,) = portal_messages(dossier)
    replay = Replay("portal_already_exists")
    deliver_due(later(1), adapters=adapters(portal=replay), config=CONFIG)
    assert replay.paths() == ["/oauth/token", "/api/hoso/ThemMoi", "/api/hoso/CapNhatTrangThai"]
    assert replay.bodies[2]["MaGiaoDich"] == msg.idempotency_key
    msg.refresh_from_db()
    assert msg.status == "sent"


def test_an_update_of_an_unknown_dossier_is_sent_as_a_create(dossier):
    already_synced(dossier)
    replay = Replay("portal_not_found")
    deliver_due(later(1), adapters=adapters(portal=replay), config=CONFIG)
    assert replay.paths() == ["/oauth/token", "/api/hoso/CapNhatTrangThai", "/api/hoso/ThemMoi"]
    assert portal_messages(dossier)[0].status == "sent"


def test_retry_after_is_honoured(dossier):
    already_synced(dossier)
    (msg,) = portal_messages(dossier)
    slept: list[float] = []
    replay = Replay("portal_429_retry_after")
    portal = adapters(portal=replay)["portal"]
    portal.client.sleep = slept.append
    deliver_due(later(1), adapters={**adapters(), "portal": portal}, config=CONFIG)
    assert slept == [2.0]
    msg.refresh_from_db()
    assert msg.status == "sent"


def test_a_long_retry_after_postpones_the_message(dossier):
    already_synced(dossier)
    (msg,) = portal_messages(dossier)
    now = later(1)
    deliver_due(now, adapters=adapters(portal=Replay("portal_429_long")), config=CONFIG)
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.next_attempt_at == now + dt.timedelta(hours=2)


def test_refused_data_is_given_up_at_once(dossier):
    already_synced(dossier)
    (msg,) = portal_messages(dossier)
    deliver_due(later(1), adapters=adapters(portal=Replay("portal_invalid_data")), config=CONFIG)
    msg.refresh_from_db()
    assert msg.status == "dead" and msg.attempts == 1
    assert "error_code 1" in msg.last_error and dossier.applicant_id_number not in msg.last_error


def test_the_token_is_cached_and_renewed_after_a_401(dossier):
    deliver_due(later(1), adapters=adapters(portal=Replay("portal_create")), config=CONFIG)
    step(dossier, "start")
    replay = Replay("portal_token_expired")  # starts with the cached token: no token call
    deliver_due(later(2), adapters=adapters(portal=replay), config=CONFIG)
    assert replay.paths() == [
        "/api/hoso/CapNhatTrangThai",
        "/oauth/token",
        "/api/hoso/CapNhatTrangThai",
    ]
    assert replay.done
    assert portal_messages(dossier)[1].status == "sent"


def test_an_unconfigured_portal_keeps_its_messages_waiting(dossier, settings):
    settings.TINHSO_PORTAL = {"base_url": ""}
    settings.TINHSO_NOTICE_EMAIL = {"from_email": ""}
    settings.TINHSO_SMS = {}
    settings.TINHSO_ZALO = {}
    report = deliver_due(later(1))
    (msg,) = portal_messages(dossier)
    assert msg.status == "pending" and msg.attempts == 0 and msg.last_error == ""
    # The notice channels are not configured either: given up, visibly, not retried.
    notices = OutboxMessage.objects.filter(dossier=dossier).exclude(channel="portal")
    assert {m.status for m in notices} == {"dead"}
    assert all(m.last_error for m in notices)
    assert report.counts == {"dead": 3}


def test_email_notice_in_vietnamese_without_personal_data(dossier, settings):
    settings.TINHSO_NOTICE_EMAIL = {"from_email": "motcua@dongnai.gov.vn"}
    step(dossier, "start")
    step(dossier, "request_supplement", note="Bản sao giấy chứng sinh")
    email_adapter = adapters(email=None)
    from tinhso.interop.notices import EmailAdapter

    email_adapter["email"] = EmailAdapter.from_settings()
    deliver_due(later(1), adapters=email_adapter, config=CONFIG)

    assert len(mail.outbox) == 2  # reception and supplement request (start is internal)
    supplement = mail.outbox[1]
    assert supplement.to == ["rieng.tu@example.vn"]
    assert dossier.code in supplement.subject
    assert "Bản sao giấy chứng sinh" in supplement.body
    assert "https://dichvucong.example.test/tra-cuu/" in supplement.body
    for secret in ("Phạm Thị Riêng Tư", "079301009876", "Bí Mật", "0912345678"):
        assert secret not in supplement.body and secret not in supplement.subject
    key = OutboxMessage.objects.get(dossier=dossier, channel="email", kind="request_supplement")
    assert supplement.extra_headers["Message-ID"].startswith("<email.")
    assert key.status == "sent"


def test_sms_is_sent_through_the_gateway(dossier):
    replay = Replay("sms_sent")
    deliver_due(later(1), adapters=adapters(sms=replay), config=CONFIG)
    (body,) = replay.bodies
    msg = OutboxMessage.objects.get(dossier=dossier, channel="sms")
    assert body["RequestId"] == msg.idempotency_key
    assert body["Phone"] == "0912345678" and body["Brandname"] == "UBND-DONGNAI"
    assert dossier.code in body["Content"] and body["Content"].isascii()
    assert "Riêng" not in body["Content"] and "Rieng" not in body["Content"]
    assert msg.status == "sent"


def test_sms_refused_by_the_gateway_is_given_up(dossier):
    deliver_due(later(1), adapters=adapters(sms=Replay("sms_brandname_error")), config=CONFIG)
    msg = OutboxMessage.objects.get(dossier=dossier, channel="sms")
    assert msg.status == "dead" and "104" in msg.last_error


def test_zalo_template_message(dossier):
    replay = Replay("zalo_sent")
    deliver_due(later(1), adapters=adapters(zalo=replay), config=CONFIG)
    (body,) = replay.bodies
    msg = OutboxMessage.objects.get(dossier=dossier, channel="zalo")
    assert body["phone"] == "84912345678" and body["template_id"] == "251001"
    assert body["tracking_id"] == msg.idempotency_key
    assert body["template_data"]["ma_ho_so"] == dossier.code
    assert replay.requests[0].headers["access_token"] == "t"
    assert msg.status == "sent"


@pytest.mark.parametrize(
    ("fixture", "status"), [("zalo_token_invalid", "failed"), ("zalo_user_refused", "dead")]
)
def test_zalo_errors(dossier, fixture, status):
    deliver_due(later(1), adapters=adapters(zalo=Replay(fixture)), config=CONFIG)
    assert OutboxMessage.objects.get(dossier=dossier, channel="zalo").status == status


def test_an_adapter_crash_is_a_failure_not_a_stop(dossier):
    email = Sink("email", RuntimeError("boom"))
    report = deliver_due(later(1), adapters=adapters(email=email), config=CONFIG)
    msg = OutboxMessage.objects.get(dossier=dossier, channel="email")
    assert msg.status == "failed" and msg.last_error == "RuntimeError"
    assert report.counts["sent"] == 3


def test_a_message_already_handled_is_skipped(dossier):
    (msg,) = portal_messages(dossier)
    deliver_due(later(1), adapters=adapters(), config=CONFIG)
    assert deliver_message(msg.pk, now=later(1), adapters=adapters(), config=CONFIG) == "skipped"


def test_the_limit_bounds_a_run(dossier):
    report = deliver_due(later(1), limit=2, adapters=adapters(), config=CONFIG)
    assert sum(report.counts.values()) == 2


def test_command_and_task(dossier, settings):
    settings.TINHSO_PORTAL = {}
    settings.TINHSO_NOTICE_EMAIL = {"from_email": "motcua@dongnai.gov.vn"}
    settings.TINHSO_SMS = {}
    settings.TINHSO_ZALO = {}
    call_command("outbox_deliver", "--loop", "--runs", "2", "--interval", "0")
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get(dossier=dossier, channel="email").status == "sent"
    assert outbox_deliver_task.apply().get() == {}  # nothing left: the portal waits
