"""Latency of the unit directory and the units API as officials use them (in-process).

Run after `make run` has seeded var/tinhso.sqlite3 (or with DATABASE_URL pointing at a
seeded PostgreSQL):  .venv/bin/python bench/units_api.py [requests-per-url]

Prints p50/p95 per URL for a province administrator (≈ 500 reachable units with history)
and a commune officer. In-process Django test client: it measures our Python + SQL time,
not the network or the WSGI server.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tinhso.accounts.models import User  # noqa: E402

URLS = [
    "/api/v1/units?province=75&level=commune",
    "/api/v1/units?q=bien+hoa",
    "/api/v1/units/26041",
    "/api/v1/units/26449?as_of=2025-06-30",
    "/api/v1/me",
    "/units/",
    "/units/?q=phu+ly",
    "/",
]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    for username in ("admin.tinh", "bienhoa.canbo"):
        user = User.objects.filter(username=username).first()
        if user is None:
            print("Seed first: make run (or manage.py load_units && manage.py seed_demo)")
            return
        client = Client()
        client.force_login(user)
        print(f"\n{username} ({connection.vendor}), {n} requests per URL")
        print(f"{'url':<44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for url in URLS:
            client.get(url)  # warm caches and connections
            times = []
            for _ in range(n):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            queries: list[str] = []

            def count(execute, sql, params, many, context, _log=queries):  # type: ignore[no-untyped-def]
                _log.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(url)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{url:<44} {statistics.median(times):>8.1f} {p95:>8.1f} {len(queries):>8}")


if __name__ == "__main__":
    main()
