"""Errors that services raise and the API/view layers translate (CONVENTIONS §5)."""


class DomainError(Exception):
    """A business rule refused the operation; the message is shown to the user as-is."""

    def __init__(self, message: str, *, code: str = "domain_error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class ConcurrentEditError(DomainError):
    """The row changed since the user loaded it (optimistic version check failed)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="concurrent_edit")
