from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, EmailStr, Field, StringConstraints

from services.core.common.schema import PatchModel, ResponseModel, StrictModel
from services.core.common.text import ONE_LINE
from services.core.networks.schemas import TimeZoneName
from services.core.users.models import SessionMethod
from services.core.users.passwords import MAX_LENGTH, MIN_LENGTH, check_new_password

# Passwords are secrets compared as given: any character may be part of one. A new password
# must also pass the policy in passwords.py; one being checked need only be non-empty.
Password = Annotated[
    str,
    StringConstraints(max_length=MAX_LENGTH, strip_whitespace=False),
    AfterValidator(check_new_password),
    Field(
        min_length=MIN_LENGTH,
        description=f"At least {MIN_LENGTH} characters, and not a commonly used password.",
    ),
]
GivenPassword = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_LENGTH, strip_whitespace=False)
]
PersonName = Annotated[str, StringConstraints(max_length=200), ONE_LINE]
Language = Literal["en", "fr", "es", "pt", "ar"]


class LoginRequest(StrictModel):
    email: EmailStr
    password: GivenPassword


class UserCreate(StrictModel):
    email: EmailStr
    password: Password
    name: PersonName = ""
    is_admin: bool = False


class UserUpdate(PatchModel):
    name: PersonName | None = None
    password: Password | None = None
    is_admin: bool | None = None
    is_active: bool | None = None


class UserRead(ResponseModel):
    id: uuid.UUID
    email: str
    name: str
    is_admin: bool
    is_active: bool
    language: Language | None = Field(
        description="The language the user chose; null until they choose one (the web app "
        "then follows the browser, and emails the browser's language at the latest sign-in)."
    )
    timezone: str
    created_at: dt.datetime


class MembershipSummary(ResponseModel):
    network_id: uuid.UUID
    role: str


class SessionRead(ResponseModel):
    user: UserRead
    csrf_token: str = Field(description="Send as X-CSRF-Token on unsafe requests.")
    memberships: list[MembershipSummary] = []


class SessionState(ResponseModel):
    session: SessionRead | None = Field(
        description="As GET /auth/me answers; null when the request has no working session "
        "(never signed in, signed out, expired) or comes with an API key."
    )


class MeUpdate(PatchModel):
    """Changes to one's own account. A new password needs the current one; a null language
    goes back to following the browser."""

    NULLABLE = frozenset({"language"})

    name: PersonName | None = None
    language: Language | None = None
    timezone: TimeZoneName | None = None
    password: Password | None = None
    current_password: GivenPassword | None = None


class PasswordResetRequest(StrictModel):
    email: EmailStr


class PasswordResetAccepted(ResponseModel):
    detail: str


class PasswordResetPreview(ResponseModel):
    email: str
    expires_at: dt.datetime


class PasswordResetComplete(StrictModel):
    password: Password


class SessionInfo(ResponseModel):
    id: uuid.UUID
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    user_agent: str
    method: SessionMethod
    current: bool = Field(description="The session this request was made with.")
