"""Project-wide pytest fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _vietnamese_ui(settings):  # type: ignore[no-untyped-def]
    """Every test sees the UI as an official does: Vietnamese, Asia/Ho_Chi_Minh."""
    settings.LANGUAGE_CODE = "vi"
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
