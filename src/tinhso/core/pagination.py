"""API pagination with bounded inputs: django-ninja's classes accept any page or offset, and
a page like 10**17 overflows the database's 64-bit OFFSET (a 500 instead of a 422).

Every API list uses these classes instead of ninja's own.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja import pagination as ninja_pagination
from ninja.conf import settings as ninja_settings

# Far beyond any real list (10M dossiers / 10 per page), far below 2**63 / page size.
MAX_PAGE = 10_000_000
MAX_OFFSET = 1_000_000_000


class PageNumberPagination(ninja_pagination.PageNumberPagination):
    """`?page=&page_size=` with the page bounded (422 beyond `MAX_PAGE`)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


class LimitOffsetPagination(ninja_pagination.LimitOffsetPagination):
    """`?limit=&offset=` with the offset bounded (422 beyond `MAX_OFFSET`)."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
