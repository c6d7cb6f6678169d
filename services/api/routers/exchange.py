from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.api.deps import PrincipalDep, Session, SessionFactory, get_settings
from services.api.problems import ERROR_RESPONSES
from services.api.routers.common import API_PREFIX, router
from services.core.activities.schemas import ActivityQuery
from services.core.common.authz import Principal
from services.core.exchange import calendar, export, importer
from services.core.exchange.schemas import (
    ACTIVITY_CSV,
    CSV_FORMAT,
    FINDING_COLUMNS,
    FOLLOW_UP_COLUMNS,
    CalendarFeedUrl,
    FindingQuery,
    ImportResult,
)
from services.core.followups.schemas import FollowUpQuery

api = router("exchange")
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

IMPORT_BODY = {
    "required": True,
    "description": "The CSV file itself as the request body (not a multipart upload), with "
    "Content-Type: text/csv, at most 1 MiB and 5 000 rows. " + ACTIVITY_CSV + " Only title, "
    "kind, starts_at and ends_at are required; id is only used to point cascade_of at another "
    "row of the same file, and created_at and updated_at are ignored. Organisations are "
    "matched by name, else by IATI identifier, else by name in any case; series by title.",
    "content": {
        "text/csv": {
            "schema": {"type": "string"},
            "example": "title,kind,status,starts_at,ends_at,facilitators,participants\r\n"
            "Budget tracking training,training,held,2026-01-10T08:00:00Z,"
            "2026-01-10T16:00:00Z,Wemos,Malawi Health Equity Network; NAHAB Bangladesh\r\n",
        }
    },
}


# What a streamed file is made of: its chunks, read in a session of its own.
Produce = Callable[[AsyncSession], AsyncIterator[str]]


class CsvResponse(StreamingResponse):
    media_type = "text/csv"


class CalendarResponse(StreamingResponse):
    media_type = "text/calendar"


def _stream(sessions: async_sessionmaker[AsyncSession], produce: Produce) -> AsyncIterator[bytes]:
    async def body() -> AsyncIterator[bytes]:
        async with sessions() as session:
            async for chunk in produce(session):
                yield chunk.encode()

    return body()


def _csv(body: AsyncIterator[bytes], filename: str) -> CsvResponse:
    return CsvResponse(body, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _ics(body: AsyncIterator[bytes]) -> CalendarResponse:
    # Calendar apps poll; a few minutes of caching spares the database without hiding changes
    # for long. private: the feed is personal to whoever holds the URL.
    return CalendarResponse(body, headers={"Cache-Control": "private, max-age=300"})


@dataclass(frozen=True)
class _Download:
    """A network's file the caller asked for: streamed once they may read the network, which
    is checked before the stream starts (once its first byte is out, the status is 200)."""

    network_id: uuid.UUID
    principal: Principal
    session: AsyncSession
    sessions: async_sessionmaker[AsyncSession]

    async def csv(self, filename: str, produce: Produce) -> CsvResponse:
        await export.check_readable(self.session, self.principal, self.network_id)
        return _csv(_stream(self.sessions, produce), filename)

    async def ics(self, produce: Produce) -> CalendarResponse:
        await calendar.check_readable(self.session, self.principal, self.network_id)
        return _ics(_stream(self.sessions, produce))


async def _download(
    network_id: uuid.UUID, principal: PrincipalDep, session: Session, sessions: SessionFactory
) -> _Download:
    return _Download(network_id, principal, session, sessions)


Download = Annotated[_Download, Depends(_download)]


def _content(media_type: str, description: str) -> dict[int | str, dict[str, object]]:
    return {
        **ERROR_RESPONSES,
        200: {"content": {media_type: {"schema": {"type": "string"}}}, "description": description},
    }


def _csv_export(path: str, operation_id: str, description: str) -> Callable[[Endpoint], Endpoint]:
    """The route of a CSV export: each answers a CSV stream (or a problem) the same way."""
    return api.get(
        path,
        operation_id=operation_id,
        response_class=CsvResponse,
        responses=_content("text/csv", description),
    )


@_csv_export("/networks/{network_id}/activities.csv", "export_activities_csv", ACTIVITY_CSV)
async def export_activities_csv(
    download: Download, query: Annotated[ActivityQuery, Query()]
) -> CsvResponse:
    """The activities matching the list's filters, oldest start first, streamed as CSV."""
    return await download.csv(
        "activities.csv", lambda s: export.activities_csv(s, download.network_id, query)
    )


@_csv_export(
    "/networks/{network_id}/follow-ups.csv",
    "export_follow_ups_csv",
    CSV_FORMAT + " Columns: " + ", ".join(FOLLOW_UP_COLUMNS),
)
async def export_follow_ups_csv(
    download: Download, query: Annotated[FollowUpQuery, Query()]
) -> CsvResponse:
    """The follow-ups matching the list's filters, by due date, streamed as CSV."""
    network_id, caller = download.network_id, download.principal.user_id
    return await download.csv(
        "follow-ups.csv", lambda s: export.follow_ups_csv(s, network_id, query, caller)
    )


@_csv_export(
    "/networks/{network_id}/findings.csv",
    "export_findings_csv",
    CSV_FORMAT + " Columns: " + ", ".join(FINDING_COLUMNS),
)
async def export_findings_csv(
    download: Download, query: Annotated[FindingQuery, Query()]
) -> CsvResponse:
    """The findings matching the list's filters, oldest first, streamed as CSV."""
    return await download.csv(
        "findings.csv", lambda s: export.findings_csv(s, download.network_id, query)
    )


@api.post(
    "/networks/{network_id}/activities/import",
    operation_id="import_activities",
    status_code=201,
    openapi_extra={"requestBody": IMPORT_BODY},
    responses={
        200: {"model": ImportResult, "description": "Dry run: the file is valid."},
        415: {"description": "The body is not text/csv."},
    },
)
async def import_activities(
    network_id: uuid.UUID,
    request: Request,
    principal: PrincipalDep,
    session: Session,
    sessions: SessionFactory,
    response: Response,
    dry_run: Annotated[
        bool, Query(description="Only check the file and report what would be created.")
    ] = False,
) -> ImportResult:
    """Create activities from a CSV file, all or nothing (members and coordinators).

    One bad row rejects the whole file with a 422 whose `errors` list every bad cell as
    `/rows/<row>/<column>`, counting the header as row 1; `/rows/<row>` when the whole row is
    wrong. Columns are those of the activities export, so an export imports into another
    network as it is (cascade_of pointing at an id in the file follows the new activity).
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "text/csv":
        raise importer.UnsupportedMediaType("Send the CSV file as the body, as text/csv.")
    result = await importer.import_activities(
        session, sessions, principal, network_id, await request.body(), dry_run=dry_run
    )
    if dry_run:
        response.status_code = 200
    return result


@api.get(
    "/networks/{network_id}/calendar.ics",
    operation_id="get_network_calendar",
    response_class=CalendarResponse,
    responses=_content("text/calendar", "RFC 5545 iCalendar."),
)
async def get_network_calendar(download: Download) -> CalendarResponse:
    """The network's calendar: activities that started at most a year ago and all later ones
    (UID activity-<id>@drumbeat; cancelled ones STATUS:CANCELLED), and each active series as
    one recurring event with its RRULE and time zone (UID series-<id>@drumbeat), leaving out
    (EXDATE) the occurrences that a recorded activity stands for."""
    return await download.ics(lambda s: calendar.calendar(s, download.network_id))


@api.post(
    "/networks/{network_id}/calendar-feed",
    operation_id="create_calendar_feed",
    status_code=201,
)
async def create_calendar_feed(
    network_id: uuid.UUID, request: Request, principal: PrincipalDep, session: Session
) -> CalendarFeedUrl:
    """A secret URL of the network's calendar for calendar apps, which cannot sign in: the URL
    is the credential. One per user and network; asking again replaces it, and the old URL
    stops working. It also stops working when the user loses their role in the network."""
    token = await calendar.issue_feed_token(session, principal, network_id)
    base = get_settings(request).public_url.rstrip("/")
    return CalendarFeedUrl(url=f"{base}{API_PREFIX}/calendar-feeds/{token}.ics")


@api.delete(
    "/networks/{network_id}/calendar-feed",
    operation_id="delete_calendar_feed",
    status_code=204,
)
async def delete_calendar_feed(
    network_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> None:
    """Revoke the caller's secret calendar URL of this network."""
    await calendar.revoke_feed(session, principal, network_id)


@api.get(
    "/calendar-feeds/{token}.ics",
    operation_id="get_calendar_feed",
    response_class=CalendarResponse,
    responses=_content("text/calendar", "RFC 5545 iCalendar, as calendar.ics."),
)
async def get_calendar_feed(
    token: str, session: Session, sessions: SessionFactory
) -> CalendarResponse:
    """The calendar behind a secret feed URL, without signing in. An unknown or replaced token,
    or one whose user no longer has a role in the network, answers 404."""
    network_id = await calendar.network_of_token(session, token)
    return _ics(_stream(sessions, lambda s: calendar.calendar(s, network_id)))
