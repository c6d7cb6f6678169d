"""The demo data set (`drumbeat demo`): the story lives in story.toml, this module loads it.

Rows are created through the same services the API uses, so the demo obeys every rule a
user's data does, and a change of rules that the story breaks fails its test.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import uuid
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities import service as activities
from services.core.activities.schemas import ActivityCreate
from services.core.audit.recorder import Actor, set_actor
from services.core.common.authz import Principal, Role
from services.core.common.security import Passwords
from services.core.db.engine import create_engine, create_sessionmaker
from services.core.db.types import utcnow
from services.core.followups import service as followups
from services.core.followups.schemas import FollowUpCreate
from services.core.networks import service as networks
from services.core.networks.models import Network
from services.core.networks.schemas import MemberCreate, NetworkCreate
from services.core.organisations import service as organisations
from services.core.organisations.schemas import OrganisationCreate
from services.core.reflections import service as reflections
from services.core.reflections.schemas import ReflectionCreate
from services.core.series import service as series
from services.core.series.recurrence import occurrences
from services.core.series.schemas import SeriesCreate
from services.core.settings import Settings
from services.core.users import service as users
from services.core.users.schemas import UserCreate

Row = dict[str, Any]

STORY: Row = tomllib.loads(resources.files(__package__).joinpath("story.toml").read_text("utf-8"))
DEMO_PASSWORD: str = STORY["password"]
DEMO_LOGINS: list[tuple[str, str]] = [(user["email"], user["what"]) for user in STORY["users"]]

# Fields whose values name other rows of the story (see story.toml).
_ORGANISATION_FIELDS = ("facilitator_ids", "participant_ids", "owner_organisation_id")
_ROW_FIELDS = {"series_id": "series", "cascade_of": "activity"}


async def load_demo(settings: Settings, *, only_if_empty: bool = False) -> bool:
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            if only_if_empty and (await session.scalar(select(func.count(Network.id)))):
                return False
            passwords = Passwords(settings.password_hash_concurrency)
            await _Loader(session, utcnow(), passwords).load(STORY)
        return True
    finally:
        await engine.dispose()


def when(spec: Row, now: dt.datetime) -> dt.datetime:
    """A story time (``{ago = 120, hour = 16}``) as a UTC date-time relative to ``now``."""
    days = spec.get("ago", 0) - spec.get("ahead", 0)
    today = now.replace(hour=spec.get("hour", 9), minute=0, second=0, microsecond=0)
    moment = today - dt.timedelta(days=days)
    return moment.replace(month=spec.get("month", moment.month), day=spec.get("day", moment.day))


class _Loader:
    admin: Principal  # the story's site admin, once the users exist
    admin_email: str
    clerk: str  # the coordinator who enters the current network's records

    def __init__(self, session: AsyncSession, now: dt.datetime, passwords: Passwords) -> None:
        self.session = session
        self.now = now
        self.passwords = passwords
        self.users: dict[str, uuid.UUID] = {}
        # (kind, key) -> id, where kind is "organisation", "series" or "activity".
        self.rows: dict[tuple[str, str], uuid.UUID] = {}
        self.roles: dict[str, dict[uuid.UUID, Role]] = {}

    def act_as(self, email: str) -> None:
        set_actor(self.session, Actor("user", self.users[email], email))

    def values(self, row: Row, *, skip: tuple[str, ...] = ()) -> Row:
        """A story row as the API body it stands for: times resolved, keys turned into ids."""
        body: Row = {}
        for name, value in row.items():
            if name in skip or name == "key":
                continue
            if isinstance(value, dict) and name != "participants_by_gender":
                moment = when(value, self.now)
                if name == "dtstart":
                    body[name] = moment.replace(tzinfo=None)
                elif name.endswith("_on"):
                    body[name] = moment.date()
                else:
                    body[name] = moment
            elif name in _ORGANISATION_FIELDS:
                key = ("organisation", value) if isinstance(value, str) else None
                body[name] = (
                    self.rows[key]
                    if key is not None
                    else [self.rows[("organisation", item)] for item in value]
                )
            elif name in _ROW_FIELDS:
                body[name] = self.rows[(_ROW_FIELDS[name], value)]
            else:
                body[name] = value
        return body

    async def load(self, story: Row) -> None:
        for user in story["users"]:
            created = await users.create_user(
                self.session,
                UserCreate(
                    email=user["email"],
                    password=story["password"],
                    name=user["email"].split("@")[0].capitalize(),
                    is_admin=user.get("admin", False),
                ),
                self.passwords,
            )
            self.users[user["email"]] = created.id
        admin = next(user for user in story["users"] if user.get("admin"))
        self.admin = Principal(user_id=self.users[admin["email"]], is_admin=True)
        # Audited like the web app's changes, so the demo's audit log shows who did what.
        self.admin_email = admin["email"]
        self.act_as(self.admin_email)
        for network in story["networks"]:
            await self.network(network)

    async def network(self, row: Row) -> None:
        body = self.values(row, skip=("members", "organisations", "series", "activities"))
        network = (
            await networks.create(self.session, self.admin, NetworkCreate.model_validate(body))
        ).item
        for member in row["members"]:
            user_id, role = self.users[member["email"]], member["role"]
            await networks.add_member(
                self.session, self.admin, network.id, MemberCreate(user_id=user_id, role=role)
            )
            self.roles.setdefault(member["email"], {})[network.id] = Role.parse(role)
        # The network's first coordinator enters its records, as one would in the web app.
        self.clerk = next(m["email"] for m in row["members"] if m["role"] == "coordinator")
        self.act_as(self.clerk)
        for organisation in row["organisations"]:
            created = await organisations.create(
                self.session,
                self.admin,
                network.id,
                OrganisationCreate.model_validate(self.values(organisation)),
            )
            self.rows[("organisation", organisation["key"])] = created.item.id
        for recurring in row["series"]:
            await self.series(network.id, recurring)
        for activity in row["activities"]:
            await self.activity(network.id, activity)
        self.act_as(self.admin_email)

    async def series(self, network_id: uuid.UUID, row: Row) -> None:
        created = (
            await series.create(
                self.session,
                self.admin,
                network_id,
                SeriesCreate.model_validate(self.values(row, skip=("held",))),
            )
        ).item
        self.rows[("series", row["key"])] = created.id
        held = row["held"]
        template = self.values(held, skip=("from", "skip", "title", "minutes", "follow_up"))
        meetings = occurrences(
            created.rrule,
            created.dtstart,
            created.timezone,
            start=when(held["from"], self.now),
            end=self.now - dt.timedelta(days=1),
        )
        for number, meeting in enumerate(meetings):
            if number in held.get("skip", []):
                continue
            activity = await activities.create(
                self.session,
                self.admin,
                network_id,
                ActivityCreate.model_validate(
                    {
                        **template,
                        "title": held["title"].format(local=meeting.local),
                        "status": "held",
                        "starts_at": meeting.at,
                        "ends_at": meeting.at + dt.timedelta(minutes=held["minutes"]),
                        "series_id": created.id,
                    }
                ),
            )
            if "follow_up" in held:
                follow_up = dict(held["follow_up"])
                due = meeting.at + dt.timedelta(days=follow_up.pop("due_days_after"))
                done = meeting.at + dt.timedelta(days=follow_up.pop("completed_days_after"))
                await followups.create(
                    self.session,
                    self.admin,
                    activity.item.id,
                    FollowUpCreate.model_validate(
                        {**follow_up, "due_on": due.date(), "completed_on": done.date()}
                    ),
                )

    async def activity(self, network_id: uuid.UUID, row: Row) -> None:
        created = await activities.create(
            self.session,
            self.admin,
            network_id,
            ActivityCreate.model_validate(self.values(row, skip=("follow_ups", "reflections"))),
        )
        if "key" in row:
            self.rows[("activity", row["key"])] = created.item.id
        for follow_up in row.get("follow_ups", []):
            body = self.values(follow_up, skip=("assignee",))
            if "assignee" in follow_up:
                body["assignee_user_id"] = self.users[follow_up["assignee"]]
            await followups.create(
                self.session, self.admin, created.item.id, FollowUpCreate.model_validate(body)
            )
        for reflection in row.get("reflections", []):
            author = reflection["author"]
            self.act_as(author)
            await reflections.create(
                self.session,
                Principal(user_id=self.users[author], roles=self.roles[author]),
                network_id,
                ReflectionCreate.model_validate(
                    {**self.values(reflection, skip=("author",)), "activity_id": created.item.id}
                ),
            )
            self.act_as(self.clerk)
