"""The one domain error tree. Services raise these; each API dialect renders them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base of every expected failure. ``code`` is stable and machine-readable."""

    code = "error"
    title = "Error"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.title
        super().__init__(self.message)


class AuthenticationRequired(DomainError):
    code = "authentication_required"
    title = "Unauthorized"


class PermissionDenied(DomainError):
    """The caller can see the object but may not do this to it."""

    code = "permission_denied"
    title = "Forbidden"


class NotFound(DomainError):
    """Missing, or not visible to the caller: the two look the same from outside."""

    code = "not_found"
    title = "Not Found"


class Conflict(DomainError):
    """The object's state does not allow the operation (e.g. an invalid transition)."""

    code = "conflict"
    title = "Conflict"


class StaleRevision(Conflict):
    """The object changed since the revision the caller based its write on."""

    code = "stale_revision"


class PreconditionFailed(DomainError):
    """A conditional request's precondition (``If-Match``) does not hold."""

    code = "precondition_failed"
    title = "Precondition Failed"


class ValidationFailed(DomainError):
    """Input that is well-formed but breaks a rule; ``errors`` maps field paths to messages."""

    code = "validation_failed"
    title = "Bad Request"

    def __init__(
        self, message: str | None = None, errors: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        super().__init__(message or "One or more fields are invalid.")
        self.errors: dict[str, list[str]] = {k: list(v) for k, v in (errors or {}).items()}

    @classmethod
    def for_field(cls, field: str, message: str) -> ValidationFailed:
        return cls(message, {field: [message]})


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    title = "Content Too Large"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
    title = "Unsupported Media Type"
