from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints

from services.core.common.schema import PatchModel, ResponseModel, StrictModel
from services.core.common.text import ONE_LINE

# Passwords are secrets compared as given: any character may be part of one.
Password = Annotated[str, StringConstraints(min_length=8, max_length=256, strip_whitespace=False)]
PersonName = Annotated[str, StringConstraints(max_length=200), ONE_LINE]


class LoginRequest(StrictModel):
    email: EmailStr
    password: Annotated[
        str, StringConstraints(min_length=1, max_length=256, strip_whitespace=False)
    ]


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
    created_at: dt.datetime


class MembershipSummary(ResponseModel):
    network_id: uuid.UUID
    role: str


class SessionRead(ResponseModel):
    user: UserRead
    csrf_token: str = Field(description="Send as X-CSRF-Token on unsafe requests.")
    memberships: list[MembershipSummary] = []
