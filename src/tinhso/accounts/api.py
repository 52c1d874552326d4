"""API routes of accounts (mounted at /api/v1/ in tinhso/api.py)."""

from ninja import Router

router = Router(tags=["accounts"])
