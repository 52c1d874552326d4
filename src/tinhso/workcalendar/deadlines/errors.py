"""The one exception of the deadline engine."""

from __future__ import annotations

__all__ = ["DeadlineInputError"]


class DeadlineInputError(ValueError):
    """Invalid input to the engine. `field` names the offending input, `code` the rule.

    The message is English; callers with a UI translate by `code` (see selectors).
    """

    def __init__(self, message: str, *, field: str, code: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
