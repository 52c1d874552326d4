"""The access-matrix contract: how an app registers a unit-scoped model for the matrix test.

Each app that owns unit-scoped models puts a module `tinhso/<app>/tests/access_cases.py`
with `CASES: list[AccessCase]`. `tests/test_access_matrix.py` collects them all, builds one
small tree (province P; communes A and B; A's service centre C) and, for an object owned
by A, runs every case through the UI and the API as these users:

| who | membership | reads | writes |
| --- | --- | --- | --- |
| owner | `write_role` in A | yes | yes |
| parent | `write_role` in P (subtree) | yes | yes |
| sibling | `write_role` in B | 404 | 404 |
| child | `write_role` in C | 404 | 404 |
| inspector | inspector in P | yes if `read_action` is view/audit | 404, nothing written |
| viewer | viewer in A | yes if `read_action` is view | 404, nothing written |

`public_read` marks models whose pages everybody signed in may read (the unit directory).
A refused write must change nothing: the audit table is compared before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Payload = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Write:
    """One write through the UI (form POST) or the API (JSON); `url(obj)`, `data(obj)`."""

    url: Callable[[Any], str]
    data: Payload
    method: str = "post"  # API: post | patch | put | delete; UI: always post


@dataclass(frozen=True)
class AccessCase:
    """How to create an object of `model` owned by a unit, and where to read/write it."""

    model: type
    make: Callable[[Any], Any]  # make(unit) -> object owned by unit
    read_action: str = "view"
    write_role: str = "admin"
    public_read: bool = False
    ui_read: Callable[[Any], str] | None = None  # detail page URL
    api_read: Callable[[Any], str] | None = None  # detail endpoint URL
    ui_list: tuple[str, Callable[[Any], str]] | None = None  # (list URL, marker(obj) in HTML)
    api_list: tuple[str, Callable[[Any], str]] | None = None  # (list URL, marker in JSON text)
    ui_write: Write | None = None
    api_write: Write | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.model._meta.label}"  # type: ignore[attr-defined]  # a Django model class
