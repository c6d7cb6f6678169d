from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import EmailStr, Field

from services.core.common.schema import ListParams, ResponseModel, StrictModel
from services.core.invitations.models import InvitationStatus
from services.core.networks.schemas import RoleName
from services.core.users.schemas import Password, PersonName


class InvitationCreate(StrictModel):
    email: EmailStr
    role: RoleName = "member"


class Inviter(ResponseModel):
    id: uuid.UUID
    name: str


class InvitationRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    email: str
    role: RoleName
    status: InvitationStatus
    expires_at: dt.datetime
    invited_by: Inviter | None
    created_at: dt.datetime
    last_sent_at: dt.datetime


class InvitedNetwork(ResponseModel):
    id: uuid.UUID
    name: str


class InvitationPreview(ResponseModel):
    """What the person holding the link may know before they accept."""

    network: InvitedNetwork
    email: str
    role: RoleName
    account_exists: bool
    invited_by_name: str
    expires_at: dt.datetime


class InvitationAccept(StrictModel):
    """For an address without an account: the new account's name and password. For one with
    an account, send nothing (``{}``) while signed in as that account."""

    name: PersonName | None = None
    password: Password | None = None


ListedStatus = Literal["pending", "accepted", "revoked", "expired", "all"]


class InvitationFilters(ListParams):
    status: ListedStatus = Field(
        default="pending", description="Which invitations: pending (the default), ... or all."
    )
