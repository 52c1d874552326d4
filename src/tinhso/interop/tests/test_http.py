"""The retry plumbing of the HTTP clients."""

from __future__ import annotations

import datetime as dt
import email.utils

import httpx
import pytest
from django.utils import timezone

from tinhso.interop import http


def _client(answers):
    calls = []

    def handler(request):
        calls.append(request)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.Client(transport=httpx.MockTransport(handler), base_url="https://x.test"), calls


def test_connect_errors_are_retried_a_bounded_number_of_times():
    client, calls = _client([httpx.ConnectError("refused")] * 3)
    slept = []
    with pytest.raises(httpx.ConnectError):
        http.send(
            client,
            client.build_request("POST", "/a"),
            policy=http.RetryPolicy(retries=2),
            sleep=slept.append,
        )
    assert len(calls) == 3 and slept == [0.5, 1.0]


def test_a_4xx_is_not_retried():
    client, calls = _client([httpx.Response(400, json={})])
    response = http.send(
        client, client.build_request("GET", "/a"), policy=http.RetryPolicy(), sleep=lambda s: None
    )
    assert response.status_code == 400 and len(calls) == 1


def test_retry_after_as_an_http_date():
    moment = timezone.now() + dt.timedelta(seconds=120)
    response = httpx.Response(429, headers={"Retry-After": email.utils.format_datetime(moment)})
    assert 100 < http.retry_after_seconds(response) <= 120
    assert http.retry_after_seconds(httpx.Response(429, headers={"Retry-After": "x"})) is None
    assert http.retry_after_seconds(httpx.Response(429)) is None
