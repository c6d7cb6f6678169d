"""Domain exceptions. Each carries its HTTP status; the API renders them as problem+json."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class FieldError:
    """One field's problem: where, in English for developers, and a stable code that a
    client (the web app) turns into its reader's language."""

    pointer: str
    detail: str
    code: str = "invalid"


def invalid(code: str, detail: str) -> PydanticCustomError:
    """For schema validators: raise this (not ValueError) so the 422 carries ``code``."""
    return PydanticCustomError(code, detail)


class DomainError(Exception):
    """An error the caller can act on; its problem's title is its status's standard phrase."""

    status: int = 400

    def __init__(self, detail: str, *, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFound(DomainError):
    """Missing, or in a network the caller may not see: the two must look identical."""

    status = 404

    def __init__(self, what: str = "resource", *, pointer: str | None = None) -> None:
        # An id inside a request body that names another network's object answers exactly
        # like a missing one, with a pointer so a form can show it next to the field.
        errors = [FieldError(pointer, f"no such {what}", "not_found")] if pointer else None
        super().__init__(f"The {what} does not exist.", errors=errors)


class NotAuthenticated(DomainError):
    status = 401


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class PreconditionFailed(DomainError):
    status = 412


class ValidationFailed(DomainError):
    status = 422

    def __init__(self, pointer: str, detail: str, code: str) -> None:
        super().__init__(
            "The request body is not valid.", errors=[FieldError(pointer, detail, code)]
        )


class TooManyRequests(DomainError):
    status = 429

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
