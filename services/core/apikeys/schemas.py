from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from services.core.common.schema import ListParams, Name, ResponseModel, StrictModel, UtcDateTime

Scope = Literal["read", "write"]


def _scopes(value: list[str]) -> list[str]:
    return sorted(set(value))


class ApiKeyCreate(StrictModel):
    name: Name = Field(description="Who or what uses the key, e.g. the partner's CRM sync.")
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=2), AfterValidator(_scopes)] = (
        Field(description="read: GET only; write: also create, change and delete records.")
    )
    expires_at: UtcDateTime | None = Field(
        default=None, description="After this the key answers 401; must be in the future."
    )


class ApiKeyRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    name: str
    prefix: str = Field(description="The key's public start, to recognise it in lists.")
    scopes: list[Scope]
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    created_by: uuid.UUID | None
    created_at: dt.datetime


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(
        description="The full key, shown this once: send it as `Authorization: Bearer <key>`."
    )


class ApiKeyFilters(ListParams):
    include_revoked: bool = False
