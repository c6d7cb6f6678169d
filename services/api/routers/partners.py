"""API keys and the audit trail: what partner integrations and coordinators manage."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.api.deps import PrincipalDep, Session
from services.api.routers.common import created, router, shown_once
from services.core.apikeys import service as apikeys
from services.core.apikeys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyFilters, ApiKeyRead
from services.core.audit import service as audit
from services.core.audit.schemas import AuditEventRead, AuditFilters
from services.core.common.schema import Page

api = router("api keys and audit")


@api.get("/networks/{network_id}/api-keys", operation_id="list_api_keys")
async def list_api_keys(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[ApiKeyFilters, Query()],
) -> Page[ApiKeyRead]:
    """The network's API keys, newest first (coordinators). Secrets are never shown again."""
    return await apikeys.list_keys(session, principal, network_id, filters)


@api.post("/networks/{network_id}/api-keys", operation_id="create_api_key", status_code=201)
async def create_api_key(
    network_id: uuid.UUID,
    body: ApiKeyCreate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
) -> ApiKeyCreated:
    """Create a key (coordinators). The response is the only time the key is shown."""
    key = await apikeys.create(session, principal, network_id, body)
    created(response, f"/api-keys/{key.id}")
    shown_once(response)
    return key


@api.get("/api-keys/{key_id}", operation_id="get_api_key")
async def get_api_key(key_id: uuid.UUID, principal: PrincipalDep, session: Session) -> ApiKeyRead:
    return await apikeys.show(session, principal, key_id)


@api.delete("/api-keys/{key_id}", operation_id="revoke_api_key", status_code=204)
async def revoke_api_key(key_id: uuid.UUID, principal: PrincipalDep, session: Session) -> None:
    """Revoke a key: from now on it gets 401. The record stays for the audit trail."""
    await apikeys.revoke(session, principal, key_id)


@api.get("/networks/{network_id}/audit", operation_id="list_audit_events")
async def list_audit_events(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[AuditFilters, Query()],
) -> Page[AuditEventRead]:
    """Who changed what in the network, newest first (coordinators)."""
    return await audit.list_events(session, principal, network_id, filters)
