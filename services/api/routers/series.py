from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import Query, Response
from pydantic import Field, ValidationInfo, field_validator

from services.api.deps import IfMatch, PrincipalDep, Session
from services.api.routers.common import created_item, router, tagged
from services.core.common.errors import invalid
from services.core.common.schema import ListParams, Page, StrictModel, UtcDateTime
from services.core.series import service
from services.core.series.schemas import (
    OccurrenceTimeline,
    SeriesCreate,
    SeriesRead,
    SeriesUpdate,
)

api = router("series")
MAX_WINDOW = dt.timedelta(days=366 * 10)


class SeriesFilters(ListParams):
    active: bool | None = None


class Window(StrictModel):
    start: UtcDateTime = Field(alias="from", description="Window start (UTC date-time).")
    end: UtcDateTime = Field(alias="to", description="Window end (UTC date-time).")

    # On the field, not the model: the error then names the query parameter `to`.
    @field_validator("end")
    @classmethod
    def _bounded(cls, end: dt.datetime, info: ValidationInfo) -> dt.datetime:
        start = info.data.get("start")
        if start is None:
            return end
        if end < start:
            raise invalid("ends_before_start", "to must not be before from")
        if end - start > MAX_WINDOW:
            raise invalid("window_too_long", "the window may span at most 10 years")
        return end


@api.get("/networks/{network_id}/series", operation_id="list_series")
async def list_series(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[SeriesFilters, Query()],
) -> Page[SeriesRead]:
    return await service.list_series(
        session,
        principal,
        network_id,
        active=filters.active,
        limit=filters.limit,
        cursor=filters.cursor,
    )


@api.post("/networks/{network_id}/series", operation_id="create_series", status_code=201)
async def create_series(
    network_id: uuid.UUID,
    body: SeriesCreate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
) -> SeriesRead:
    shown = await service.create(session, principal, network_id, body)
    return created_item(response, "series", shown)


@api.get("/series/{series_id}", operation_id="get_series")
async def get_series(
    series_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> SeriesRead:
    return tagged(response, await service.show(session, principal, series_id))


@api.patch("/series/{series_id}", operation_id="update_series")
async def update_series(
    series_id: uuid.UUID,
    body: SeriesUpdate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
    if_match: IfMatch = None,
) -> SeriesRead:
    return tagged(response, await service.update(session, principal, series_id, body, if_match))


@api.delete("/series/{series_id}", operation_id="delete_series", status_code=204)
async def delete_series(series_id: uuid.UUID, principal: PrincipalDep, session: Session) -> None:
    """Delete a series; its activities stay, no longer linked to it."""
    await service.delete(session, principal, series_id)


@api.get("/series/{series_id}/occurrences", operation_id="list_series_occurrences")
async def list_occurrences(
    series_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    window: Annotated[Window, Query()],
) -> OccurrenceTimeline:
    """Expected occurrences in a window (at most 10 years), marked held, missed or upcoming.

    At most 500 are answered; `truncated` says whether the window held more, and the next
    ones follow from a window that starts just after the last one's `at`.
    """
    return await service.occurrence_timeline(
        session, principal, series_id, start=window.start, end=window.end
    )
