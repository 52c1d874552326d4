"""API routes of this app (mounted in tinhso/api.py)."""

from ninja import Router

router = Router(tags=["calendar"])
