"""On the demo data the insights tell the story a coordinator would recognise."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.common.authz import Principal
from services.core.db.engine import create_sessionmaker
from services.core.db.types import uuid7
from services.core.demo import load_demo
from services.core.insights.schemas import Insights, InsightsQuery
from services.core.insights.service import network_insights
from services.core.networks import repository as networks
from services.core.settings import Settings


def downward_share(insights: Insights) -> float:
    flow = insights.level_flow
    return flow.downward / (flow.downward + flow.peer + flow.upward)


async def test_gff_reads_top_down_and_asean_mutual(
    clean_engine: AsyncEngine, settings: Settings
) -> None:
    assert await load_demo(settings)
    admin = Principal(user_id=uuid7(), is_admin=True)
    async with create_sessionmaker(clean_engine)() as session:
        found = {}
        for slug in ("gff-csc", "asean-engagement"):
            network = await networks.by_slug(session, slug)
            assert network is not None
            found[slug] = await network_insights(session, admin, network.id, InsightsQuery())
    gff, asean = found["gff-csc"], found["asean-engagement"]

    # GFF: learning flows from the global level down (the rest is Share-Net, a national
    # community of practice, and the South-South visit); nothing flows back up.
    assert downward_share(gff) > 0.7
    assert gff.level_flow.upward == 0
    assert gff.graph.nodes[0].name == "Wemos" and gff.graph.nodes[0].balance == 1.0
    assert (gff.graph.reciprocity or 0) < 0.1
    # ASEAN: offices facilitate each other and brief the regional team.
    assert downward_share(asean) < 0.5
    assert asean.level_flow.peer > asean.level_flow.downward
    assert asean.level_flow.upward > 0
    assert (asean.graph.reciprocity or 0) > 0.3
    assert asean.graph.facilitation_gini < gff.graph.facilitation_gini

    # The multiplier chain: Malawi passed on Kenya's visit, Nigeria passed it on again.
    chain = {m.name: m for m in gff.multipliers.items}
    assert chain["Nigeria Health Watch Coalition"].depth == 2
    assert chain["Malawi Health Equity Network"].depth == 1
    assert (
        chain["Malawi Health Equity Network"].reach_people
        > chain["Nigeria Health Watch Coalition"].reach_people
    )

    # The monthly webinar keeps its beat; the yearly ASEAN exchange missed one meeting.
    assert gff.cadence.rate == 1.0
    assert asean.cadence.rate is not None and asean.cadence.rate < 1.0
    # Some follow-ups are missing, in both networks, and gender is recorded.
    assert gff.follow_ups.rate is not None and 0 < gff.follow_ups.rate < 1
    assert gff.follow_ups.missing_past_grace > 0
    assert gff.participants_by_gender.women > gff.participants_by_gender.men > 0
    assert len(gff.capacity_by_quarter) >= 3
