from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.api.deps import PrincipalDep, Session
from services.api.routers.common import router
from services.core.insights import service
from services.core.insights.schemas import Insights, InsightsQuery

api = router("insights")


@api.get(
    "/networks/{network_id}/insights",
    operation_id="get_network_insights",
    response_model=Insights,
)
async def get_network_insights(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    query: Annotated[InsightsQuery, Query()],
) -> Response:
    """Follow-up and cadence rates, the giver -> receiver graph, the level flow, multipliers,
    capacity areas per quarter and participants by gender, for activities whose starts_at is
    in [from, to). Any role in the network may read them; every figure's definition is in the
    description of its field."""
    insights = await service.network_insights(session, principal, network_id, query)
    # Already a validated model: serialised once, without FastAPI validating it a second time,
    # which on a large network's graph costs more than computing it.
    return Response(insights.model_dump_json(by_alias=True), media_type="application/json")
