"""A small, believable data set drawn from the field report (`drumbeat demo`).

Two networks from the report: the global GFF civil-society coordination group with national
members and a monthly webinar, and a regional ASEAN engagement network whose yearly exchange
meeting was missed once. Some held activities have no follow-up: the worker should find them.
Dates are relative to today so the story stays current.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities import service as activities
from services.core.activities.schemas import ActivityCreate, GenderCounts
from services.core.authz import Principal, Role
from services.core.db.engine import create_engine, create_sessionmaker
from services.core.db.types import utcnow
from services.core.followups import service as followups
from services.core.followups.schemas import FollowUpCreate
from services.core.networks import service as networks
from services.core.networks.models import Network
from services.core.networks.schemas import MemberCreate, NetworkCreate
from services.core.organisations import service as organisations
from services.core.organisations.schemas import OrganisationCreate
from services.core.recurrence import occurrences
from services.core.reflections import service as reflections
from services.core.reflections.schemas import ReflectionCreate
from services.core.series import service as series
from services.core.series.schemas import SeriesCreate
from services.core.settings import Settings
from services.core.users import service as users
from services.core.users.schemas import UserCreate

DEMO_PASSWORD = "drumbeat-demo"  # noqa: S105 - published on purpose: demo data only
DEMO_LOGINS = [
    ("admin@drumbeat.example", "site administrator"),
    ("amina@gff-csc.example", "coordinator, GFF civil-society coordination group"),
    ("joseph@gff-csc.example", "member, GFF civil-society coordination group"),
    ("maria@asean-net.example", "coordinator, ASEAN engagement network"),
    ("observer@drumbeat.example", "viewer in both networks"),
]


def _days_ago(days: int, hour: int = 9) -> dt.datetime:
    today = utcnow().replace(hour=hour, minute=0, second=0, microsecond=0)
    return today - dt.timedelta(days=days)


async def load_demo(settings: Settings, *, only_if_empty: bool = False) -> bool:
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            if only_if_empty and (await session.scalar(select(func.count(Network.id)))):
                return False
            await _load(session)
        return True
    finally:
        await engine.dispose()


async def _load(session: AsyncSession) -> None:
    people: dict[str, uuid.UUID] = {}
    for email, what in DEMO_LOGINS:
        user = await users.create_user(
            session,
            UserCreate(
                email=email,
                password=DEMO_PASSWORD,
                name=email.split("@")[0].capitalize(),
                is_admin=what == "site administrator",
            ),
        )
        people[email] = user.id
    admin = Principal(user_id=people["admin@drumbeat.example"], is_admin=True)

    # --- Global: GFF civil-society coordination group ---------------------------------
    gff = await networks.create(
        session,
        admin,
        NetworkCreate(
            name="GFF Civil Society Coordination Group",
            slug="gff-csc",
            description="Global coordination of civil-society engagement in the Global "
            "Financing Facility: informing, guiding and supporting CSOs in recipient countries.",
            themes=["public health", "health financing", "SRHR"],
            timezone="Europe/Amsterdam",
            reminders_since=_days_ago(400),
        ),
    )
    for email, role in [
        ("amina@gff-csc.example", "coordinator"),
        ("joseph@gff-csc.example", "member"),
        ("observer@drumbeat.example", "viewer"),
    ]:
        await networks.add_member(
            session, admin, gff.id, MemberCreate(user_id=people[email], role=role)
        )

    async def org(network_id: uuid.UUID, name: str, **kw: object) -> uuid.UUID:
        created = await organisations.create(
            session, admin, network_id, OrganisationCreate.model_validate({"name": name, **kw})
        )
        return created.id

    wemos = await org(
        gff.id,
        "Wemos",
        country="NL",
        level="global",
        kind="ngo",
        expertise=["health financing", "advocacy"],
    )
    malawi = await org(
        gff.id,
        "Malawi Health Equity Network",
        country="MW",
        level="national",
        expertise=["budget tracking"],
    )
    kenya = await org(
        gff.id,
        "Kenya Civil Society Health Platform",
        country="KE",
        level="national",
        expertise=["community accountability"],
    )
    nigeria = await org(
        gff.id,
        "Nigeria Health Watch Coalition",
        country="NG",
        level="national",
        kind="social_movement",
    )
    bangladesh = await org(
        gff.id,
        "NAHAB Bangladesh",
        country="BD",
        level="national",
        kind="network_secretariat",
        expertise=["humanitarian coordination"],
    )
    sharenet = await org(
        gff.id,
        "Share-Net Netherlands",
        country="NL",
        level="national",
        kind="network_secretariat",
        expertise=["SRHR knowledge"],
    )

    webinar = await series.create(
        session,
        admin,
        gff.id,
        SeriesCreate(
            title="GFF monthly learning webinar",
            kind="webinar",
            rrule="FREQ=MONTHLY;BYDAY=2TU",
            dtstart=(_days_ago(200).replace(tzinfo=None)),
            timezone="Europe/Amsterdam",
            tolerance_days=5,
        ),
    )

    visit = await activities.create(
        session,
        admin,
        gff.id,
        ActivityCreate(
            title="South-South learning visit: Kenya to Malawi",
            kind="exchange_visit",
            modality="in_person",
            status="held",
            starts_at=_days_ago(120),
            ends_at=_days_ago(118, 16),
            location="Lilongwe",
            country="MW",
            capacity_areas=["act", "connect"],
            skill_kinds=["technical"],
            themes=["budget tracking"],
            facilitator_ids=[kenya],
            participant_ids=[malawi],
            participants_count=14,
            participants_by_gender=GenderCounts(women=8, men=5, undisclosed=1),
        ),
    )
    await followups.create(
        session,
        admin,
        visit.id,
        FollowUpCreate(
            title="Malawi team applies the budget-tracking method to the district plan",
            kind="application",
            owner_organisation_id=malawi,
            assignee_user_id=people["joseph@gff-csc.example"],
            due_on=(_days_ago(30)).date(),
        ),
    )
    await activities.create(
        session,
        admin,
        gff.id,
        ActivityCreate(
            title="Cascade: Malawi shares budget tracking with Nigeria",
            kind="webinar",
            modality="online",
            status="held",
            starts_at=_days_ago(60),
            ends_at=_days_ago(60, 11),
            capacity_areas=["act"],
            skill_kinds=["technical", "soft"],
            facilitator_ids=[malawi],
            participant_ids=[nigeria, bangladesh],
            participants_count=22,
            cascade_of=visit.id,
        ),
    )
    await activities.create(
        session,
        admin,
        gff.id,
        ActivityCreate(
            title="Annual GFF advocacy workshop",
            kind="workshop",
            status="held",
            starts_at=_days_ago(75),
            ends_at=_days_ago(73, 17),
            location="Amsterdam",
            country="NL",
            capacity_areas=["operate", "act"],
            skill_kinds=["thematic", "soft"],
            facilitator_ids=[wemos, sharenet],
            participant_ids=[malawi, kenya, nigeria, bangladesh],
            participants_count=31,
            participants_by_gender=GenderCounts(women=19, men=11, non_binary=1),
        ),
    )
    # Every webinar so far took place on its second Tuesday: this platform keeps recurring.
    for held_on in occurrences(
        webinar.rrule,
        webinar.dtstart,
        webinar.timezone,
        # From a day before dtstart: dtstart is a local time, and may itself be an occurrence.
        start=_days_ago(201),
        end=utcnow() - dt.timedelta(days=1),
    ):
        await activities.create(
            session,
            admin,
            gff.id,
            ActivityCreate(
                title=f"GFF learning webinar, {held_on.local:%B %Y}",
                kind="webinar",
                modality="online",
                status="held",
                starts_at=held_on.at,
                ends_at=held_on.at + dt.timedelta(minutes=90),
                capacity_areas=["connect"],
                skill_kinds=["thematic"],
                facilitator_ids=[wemos],
                participant_ids=[kenya, nigeria, bangladesh],
                series_id=webinar.id,
                follow_up_expected=False,
            ),
        )
    await activities.create(
        session,
        admin,
        gff.id,
        ActivityCreate(
            title="Co-creation of the joint GFF messaging toolkit",
            kind="co_creation",
            modality="hybrid",
            status="planned",
            starts_at=_days_ago(-21),
            ends_at=_days_ago(-22, 16),
            capacity_areas=["connect"],
            skill_kinds=["soft"],
            facilitator_ids=[bangladesh, nigeria],
            participant_ids=[wemos, kenya],
        ),
    )
    await reflections.create(
        session,
        Principal(user_id=people["amina@gff-csc.example"], roles={gff.id: Role.coordinator}),
        gff.id,
        ReflectionCreate(
            activity_id=visit.id,
            body="The visit worked because Kenyan colleagues led it: the learning went "
            "South-South, not from Amsterdam outwards. We should let Malawi lead the next one.",
            tags=["power", "mutuality", "learning"],
            visibility="network",
        ),
    )

    # --- Regional: ASEAN engagement network ---------------------------------------------
    asean = await networks.create(
        session,
        admin,
        NetworkCreate(
            name="ASEAN Engagement Network",
            slug="asean-engagement",
            description="Oxfam country offices and partners engaging ASEAN together: "
            "learning by doing, and once a year an exchange of strategies.",
            themes=["economic integration", "inequality", "land rights"],
            timezone="Asia/Jakarta",
            reminders_since=_days_ago(800),
        ),
    )
    for email, role in [
        ("maria@asean-net.example", "coordinator"),
        ("observer@drumbeat.example", "viewer"),
    ]:
        await networks.add_member(
            session, admin, asean.id, MemberCreate(user_id=people[email], role=role)
        )
    regional = await org(
        asean.id,
        "Oxfam ASEAN regional team",
        country="ID",
        level="regional",
        kind="network_secretariat",
    )
    offices = [
        await org(asean.id, f"Oxfam in {name}", country=code, level="national")
        for name, code in [
            ("the Philippines", "PH"),
            ("Indonesia", "ID"),
            ("Vietnam", "VN"),
            ("Cambodia", "KH"),
            ("Laos", "LA"),
            ("Myanmar", "MM"),
            ("Thailand", "TH"),
        ]
    ]
    farmers = await org(
        asean.id,
        "Mekong smallholder farmers movement",
        country="KH",
        level="local",
        kind="social_movement",
        expertise=["land rights"],
    )

    three_years_ago = _days_ago(3 * 365 + 30).replace(month=3, day=10, hour=9, tzinfo=None)
    exchange = await series.create(
        session,
        admin,
        asean.id,
        SeriesCreate(
            title="Annual ASEAN strategy exchange",
            kind="network_meeting",
            rrule="FREQ=YEARLY",
            dtstart=three_years_ago,
            timezone="Asia/Jakarta",
            tolerance_days=30,
        ),
    )
    # Every yearly exchange so far took place except the second one, which quietly did not.
    meetings = occurrences(
        exchange.rrule,
        exchange.dtstart,
        exchange.timezone,
        start=_days_ago(4 * 366),
        end=utcnow() - dt.timedelta(days=1),
    )
    for number, meeting in enumerate(meetings):
        if number == 1:
            continue
        held = await activities.create(
            session,
            admin,
            asean.id,
            ActivityCreate(
                title=f"ASEAN strategy exchange {meeting.local:%Y}",
                kind="network_meeting",
                status="held",
                starts_at=meeting.at,
                ends_at=meeting.at + dt.timedelta(days=2, hours=8),
                location="Jakarta",
                country="ID",
                capacity_areas=["act", "connect"],
                skill_kinds=["thematic", "soft"],
                facilitator_ids=[regional],
                participant_ids=offices,
                participants_count=38,
                participants_by_gender=GenderCounts(women=21, men=16, undisclosed=1),
                series_id=exchange.id,
            ),
        )
        await followups.create(
            session,
            admin,
            held.id,
            FollowUpCreate(
                title="Country offices share their adapted engagement strategies",
                kind="sharing",
                due_on=(meeting.at + dt.timedelta(days=60)).date(),
                status="done",
                completed_on=(meeting.at + dt.timedelta(days=55)).date(),
            ),
        )
    await activities.create(
        session,
        admin,
        asean.id,
        ActivityCreate(
            title="Learning by doing: joint submission on land governance",
            kind="learning_by_doing",
            status="held",
            starts_at=_days_ago(90),
            ends_at=_days_ago(85, 17),
            capacity_areas=["act"],
            skill_kinds=["technical", "thematic"],
            facilitator_ids=[farmers],
            participant_ids=[offices[3], offices[4], regional],
        ),
    )
    # What the insights should show; kept in its own module (demo_story.py).
    from services.core.demo_story import insights_story

    await insights_story(
        session,
        admin,
        gff=gff.id,
        gff_orgs={
            "wemos": wemos,
            "malawi": malawi,
            "kenya": kenya,
            "nigeria": nigeria,
            "bangladesh": bangladesh,
            "sharenet": sharenet,
        },
        asean=asean.id,
        regional=regional,
        offices=offices,
        farmers=farmers,
    )
