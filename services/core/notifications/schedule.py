"""When a daily or weekly reminder digest goes out: 08:00 in the recipient's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.core.notifications.models import Cadence

DIGEST_HOUR = dt.time(8, 0)
MONDAY = 0


def zone_of(name: str) -> ZoneInfo:
    """The person's time zone; UTC for a name this machine's time zone data does not know
    (so one person's odd setting delays nobody's email)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def next_slot(due: dt.datetime, cadence: Cadence, timezone: str) -> dt.datetime:
    """The first digest time at or after ``due``: 08:00 local each day (daily) or each Monday
    (weekly). Wall-clock arithmetic, so 08:00 stays 08:00 across a daylight-saving change."""
    zone = zone_of(timezone)
    local = due.astimezone(zone)
    slot = dt.datetime.combine(local.date(), DIGEST_HOUR, tzinfo=zone)
    step = dt.timedelta(days=7 if cadence == "weekly" else 1)
    if cadence == "weekly":
        slot += dt.timedelta(days=(MONDAY - slot.weekday()) % 7)
    if slot < due:
        slot += step
    return slot.astimezone(dt.UTC)
