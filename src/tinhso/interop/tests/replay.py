"""Replays a recorded conversation (fixtures/*.json) through `httpx.MockTransport`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load(name: str) -> list[dict[str, Any]]:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return list(data["interactions"])


class Replay:
    """Answers requests with the recorded interactions of `names`, in order; keeps the
    requests it saw in `requests` (their JSON bodies in `bodies`)."""

    def __init__(self, *names: str) -> None:
        self.interactions: list[dict[str, Any]] = []
        for name in names:
            self.interactions += load(name)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert self.interactions, f"unexpected request {request.method} {request.url.path}"
        interaction = self.interactions.pop(0)
        expected = interaction["request"]
        assert request.method == expected["method"]
        assert request.url.path == expected["path"], (request.url.path, expected["path"])
        self.requests.append(request)
        if "error" in interaction:
            raise getattr(httpx, interaction["error"])("recorded failure", request=request)
        response = interaction["response"]
        return httpx.Response(
            response["status"], headers=response.get("headers", {}), json=response["body"]
        )

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def bodies(self) -> list[Any]:
        out = []
        for r in self.requests:
            if r.headers.get("content-type", "").startswith("application/json"):
                out.append(json.loads(r.content))
            else:
                out.append(r.content.decode())
        return out

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    @property
    def done(self) -> bool:
        return not self.interactions
