"""The demo's insights story (`drumbeat demo`), on top of the networks demo.py creates.

The GFF group reads as top-down: Wemos and Share-Net facilitate, national members receive,
hardly anything flows back; its multiplier chain (Kenya -> Malawi -> cascade by Malawi)
goes one step further with Nigeria. The ASEAN country offices learn from each other and
brief the regional team: more peer flow, more reciprocity, less concentration.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities import service as activities
from services.core.activities.schemas import ActivityCreate, ActivityFilters, GenderCounts
from services.core.authz import Principal
from services.core.db.types import utcnow
from services.core.followups import service as followups
from services.core.followups.schemas import FollowUpCreate
from services.core.organisations import service as organisations
from services.core.organisations.schemas import OrganisationCreate


def _days_ago(days: int, hour: int = 9) -> dt.datetime:
    today = utcnow().replace(hour=hour, minute=0, second=0, microsecond=0)
    return today - dt.timedelta(days=days)


async def insights_story(
    session: AsyncSession,
    admin: Principal,
    *,
    gff: uuid.UUID,
    gff_orgs: dict[str, uuid.UUID],
    asean: uuid.UUID,
    regional: uuid.UUID,
    offices: list[uuid.UUID],
    farmers: uuid.UUID,
) -> None:
    """What the insights should show a coordinator: the GFF group's learning flows one way,
    from Wemos and Share-Net out to national members, with a cascade that Nigeria carries one
    step further; the ASEAN country offices learn from each other and back to the regional
    team. Spread over the last three quarters, with follow-ups done, planned and missing."""
    o = gff_orgs

    async def held(
        network: uuid.UUID,
        days: int,
        title: str,
        givers: list[uuid.UUID],
        takers: list[uuid.UUID],
        **kw: object,
    ) -> uuid.UUID:
        values: dict[str, object] = {
            "title": title,
            "status": "held",
            "starts_at": _days_ago(days),
            "ends_at": _days_ago(days, 17),
            "facilitator_ids": givers,
            "participant_ids": takers,
            **kw,
        }
        activity = await activities.create(
            session, admin, network, ActivityCreate.model_validate(values)
        )
        return activity.id

    async def follow_up(activity_id: uuid.UUID, title: str, due: int, **kw: object) -> None:
        values = {"title": title, "due_on": _days_ago(due).date(), **kw}
        await followups.create(session, admin, activity_id, FollowUpCreate.model_validate(values))

    # --- GFF: top-down, one-way --------------------------------------------------------
    nationals = [o["malawi"], o["kenya"], o["nigeria"], o["bangladesh"]]
    # Held, and never followed up: detection reports it and the follow-up rate shows it.
    await held(
        gff,
        200,
        "Financial management and MEL clinic",
        [o["wemos"], o["sharenet"]],
        [o["bangladesh"], o["malawi"]],
        kind="training",
        capacity_areas=["operate"],
        skill_kinds=["technical"],
        participants_count=12,
        participants_by_gender=GenderCounts(women=7, men=5),
    )
    investment = await held(
        gff,
        150,
        "Reading a GFF investment case",
        [o["wemos"]],
        nationals,
        kind="training",
        modality="online",
        capacity_areas=["act"],
        skill_kinds=["technical", "thematic"],
        participants_count=26,
        participants_by_gender=GenderCounts(women=15, men=10, undisclosed=1),
    )
    await follow_up(
        investment,
        "Each platform maps its country's investment case",
        120,
        kind="application",
        status="done",
        completed_on=_days_ago(118).date(),
    )
    coaching = await held(
        gff,
        100,
        "Advocacy coaching for the Nigerian coalition",
        [o["wemos"]],
        [o["nigeria"]],
        kind="coaching",
        modality="online",
        capacity_areas=["act"],
        skill_kinds=["soft"],
        participants_count=6,
        participants_by_gender=GenderCounts(women=4, men=2),
    )
    await follow_up(coaching, "Second coaching session on the budget hearing", -10, kind="coaching")
    await held(
        gff,
        40,
        "SRHR in health financing: Share-Net briefing",
        [o["sharenet"]],
        [o["kenya"], o["nigeria"]],
        kind="webinar",
        modality="online",
        capacity_areas=["connect"],
        skill_kinds=["thematic"],
        participants_count=41,
    )
    # The multiplier chain grows to depth 2: Nigeria passes on what Malawi passed on.
    cascades = await activities.list_activities(
        session, admin, gff, ActivityFilters(q="Cascade: Malawi"), limit=1, cursor=None
    )
    lagos = (
        await organisations.create(
            session,
            admin,
            gff,
            OrganisationCreate(
                name="Lagos community health committees",
                country="NG",
                level="local",
                kind="community_based",
            ),
        )
    ).id
    if cascades.items:
        passed_on = await held(
            gff,
            20,
            "Cascade: Nigeria trains Lagos health committees in budget tracking",
            [o["nigeria"]],
            [lagos],
            kind="workshop",
            location="Lagos",
            country="NG",
            capacity_areas=["act", "connect"],
            skill_kinds=["technical"],
            participants_count=35,
            participants_by_gender=GenderCounts(women=22, men=13),
            cascade_of=cascades.items[0].id,
        )
        await follow_up(passed_on, "Committees present their first budget scorecard", -30)
    await activities.create(
        session,
        admin,
        gff,
        ActivityCreate(
            title="GFF country dialogue, Abuja",
            kind="dialogue",
            status="cancelled",
            starts_at=_days_ago(-30),
            ends_at=_days_ago(-30, 16),
            location="Abuja",
            country="NG",
            facilitator_ids=[o["wemos"]],
            participant_ids=[o["nigeria"]],
        ),
    )

    # --- ASEAN: country offices learn from each other -----------------------------------
    ph, idn, vn, kh, la, mm, th = offices
    pairs = [
        (ph, idn, "Community organising for the ASEAN Peoples' Forum", "exchange_visit"),
        (idn, ph, "Working the ASEAN secretariat from Jakarta", "dialogue"),
        (vn, kh, "Land-grab documentation methods", "exchange_visit"),
        (kh, vn, "Engaging line ministries on land concessions", "peer_review"),
        (th, la, "Trade-agreement monitoring", "mentoring"),
        (la, th, "Working with mass organisations", "dialogue"),
        (mm, th, "Security planning for partners", "peer_review"),
        (kh, farmers, "Documenting evictions with the farmers' movement", "co_creation"),
        (ph, regional, "Country briefing: what the region can carry", "dialogue"),
        (idn, regional, "Country briefing: ASEAN CSO accreditation", "dialogue"),
    ]
    for number, (giver, taker, title, kind) in enumerate(pairs):
        exchange = await held(
            asean,
            230 - 20 * number,
            title,
            [giver],
            [taker],
            kind=kind,
            capacity_areas=["act", "connect"] if number % 2 else ["act"],
            skill_kinds=["thematic", "soft"],
            participants_count=8 + number,
            participants_by_gender=GenderCounts(women=5, men=3 + number),
        )
        if number % 3 != 2:
            await follow_up(
                exchange,
                "Share what was adapted at home",
                200 - 20 * number,
                kind="sharing",
                status="done",
                completed_on=_days_ago(202 - 20 * number).date(),
            )
    # A learning circle that each office hosts in turn for three others.
    for turn, host in enumerate(offices[:6]):
        guests = [offices[(offices.index(host) + k) % len(offices)] for k in (1, 2, 3)]
        await held(
            asean,
            250 - 35 * turn,
            f"Peer learning circle {turn + 1}",
            [host],
            guests,
            kind="learning_by_doing",
            modality="online",
            capacity_areas=["connect"],
            skill_kinds=["soft"],
            follow_up_expected=False,
        )
