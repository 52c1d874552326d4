"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against live_server.

Locally the browser tests are skipped when Chromium is missing; CI sets
TINHSO_REQUIRE_BROWSER=1 so a missing browser fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TINHSO_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (factories) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Reference data that migrations seed. A
# transactional test earlier in the run (the PostgreSQL concurrency tests) flushes every
# table, and pytest-django's serialized rollback does not bring these rows back here.
REFERENCE_SEEDS = [  # (the seeding migration, the model it fills)
    ("accounts.migrations.0003_seed_roles", "accounts.Role"),
    ("workcalendar.migrations.0002_seed_2025_2026", "workcalendar.OfficialCalendarDay"),
    ("dossiers.migrations.0002_satisfaction_questions", "dossiers.SatisfactionQuestion"),
    ("serviceindex.migrations.0002_seed_portal_set", "serviceindex.IndicatorSetVersion"),
    ("literacy.migrations.0002_target_groups", "literacy.TargetGroup"),
]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):  # type: ignore[no-untyped-def]
    """Put back the migrations' reference rows when an earlier test flushed them."""
    import importlib

    from django.apps import apps

    for module_name, label in REFERENCE_SEEDS:
        if apps.get_model(label)._default_manager.exists():
            continue
        module = importlib.import_module(f"tinhso.{module_name}")
        _first_run_python(module)(apps, None)


def _first_run_python(module):  # type: ignore[no-untyped-def]
    from django.db.migrations import RunPython

    for operation in module.Migration.operations:
        if isinstance(operation, RunPython):
            return operation.code
    raise LookupError(module.__name__)


def _have_browser() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not _have_browser():
        if os.environ.get("TINHSO_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url  # type: ignore[attr-defined]  # convenience for tests
    yield pg
    context.close()


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
