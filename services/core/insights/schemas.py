"""What GET /networks/{id}/insights answers. Each figure's definition lives in its description,
so the OpenAPI document is the one place a partner or the web app reads what a number means."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import Field, ValidationInfo, field_validator

from services.core.activities.schemas import ActivityKind
from services.core.common.errors import invalid
from services.core.common.schema import ResponseModel, StrictModel, UtcDateTime
from services.core.organisations.schemas import Level

PERIOD = (
    "The period: activities whose starts_at is in [from, to); a missing bound leaves that "
    "side open. Only activities with status held count unless a figure says otherwise."
)


class InsightsQuery(StrictModel):
    start: UtcDateTime | None = Field(
        default=None,
        alias="from",
        description="Period start, inclusive: activities with starts_at >= from. Open if left out.",
    )
    end: UtcDateTime | None = Field(
        default=None,
        alias="to",
        description="Period end, exclusive: activities with starts_at < to. Open if left out.",
    )

    # On the field, not the model: the error then names the query parameter `to`.
    @field_validator("end")
    @classmethod
    def _ordered(cls, end: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        start = info.data.get("start")
        if start is not None and end is not None and end <= start:
            raise invalid("ends_before_start", "to must be after from")
        return end


class FollowUpFigures(ResponseModel):
    expected: int = Field(
        description="Held activities in the period with follow_up_expected = true."
    )
    with_follow_up: int = Field(
        description="Of those, the activities that have at least one follow-up in status planned "
        "or done (a dropped follow-up does not count, as in detection)."
    )
    rate: float | None = Field(
        description="Follow-up rate: with_follow_up / expected, from 0 to 1; null when expected "
        "is 0."
    )
    missing_past_grace: int = Field(
        description="Activities counted in expected that have no planned or done follow-up and "
        "whose ends_at + the network's follow_up_grace_days has passed: exactly the activities "
        "the worker reports as missing_follow_up."
    )
    median_days_to_first_follow_up: float | None = Field(
        description="Median, over the activities counted in with_follow_up, of the days from the "
        "activity's end to its first follow-up. The first follow-up is the planned or done one "
        "with the earliest due_on; days = that due_on minus the calendar date (UTC) of the "
        "activity's ends_at, so 0 means due the day it ended and a negative value means it was "
        "due before the activity ended. With an even count, the mean of the two middle values. "
        "Null when with_follow_up is 0."
    )


class KindFollowUps(FollowUpFigures):
    kind: ActivityKind = Field(description="The activity kind these figures are restricted to.")


class FollowUpInsights(FollowUpFigures):
    by_kind: list[KindFollowUps] = Field(
        description="The same figures per activity kind, for kinds with expected > 0, by kind."
    )


class SeriesCadence(ResponseModel):
    series_id: uuid.UUID
    title: str
    expected: int = Field(
        description="Expected occurrences of this series counted in the period (see cadence)."
    )
    held: int = Field(
        description="Of those, occurrences with a held activity of the series starting within "
        "tolerance_days of them (either side)."
    )
    rate: float | None = Field(description="held / expected; null when expected is 0.")


class CadenceInsights(ResponseModel):
    expected: int = Field(
        description="Expected occurrences of the network's active series: each occurrence t of a "
        "series' RRULE (expanded in the series' time zone, as detection does) with t in [from, "
        "to), t no earlier than five years before now (detection's look-back), and whose "
        "tolerance has passed (t + tolerance_days < now). Inactive series are left out, as in "
        "detection."
    )
    held: int = Field(
        description="Expected occurrences with a held activity of the same series whose starts_at "
        "is within tolerance_days of t (|starts_at - t| <= tolerance_days), the rule detection "
        "uses: expected - held equals the number of series_gap conditions in the period."
    )
    rate: float | None = Field(
        description="Series on-cadence rate: held / expected; null when nothing was expected."
    )
    series: list[SeriesCadence] = Field(
        description="The same per active series with at least one expected occurrence."
    )


class GraphNode(ResponseModel):
    organisation_id: uuid.UUID
    name: str
    level: Level
    country: str | None
    facilitated: int = Field(
        description="Held activities in the period that this organisation facilitated (gave)."
    )
    participated: int = Field(
        description="Held activities in the period that this organisation took part in (received)."
    )
    balance: float | None = Field(
        description="(facilitated - participated) / (facilitated + participated): +1 only gives, "
        "-1 only receives, 0 gives as much as it receives; null when both are 0."
    )


class GraphEdge(ResponseModel):
    source: uuid.UUID = Field(description="The facilitating (giving) organisation.")
    target: uuid.UUID = Field(description="The participating (receiving) organisation.")
    weight: int = Field(
        description="Held activities in the period in which source facilitated and target took "
        "part."
    )


class GiverReceiverGraph(ResponseModel):
    nodes: list[GraphNode] = Field(
        description="The member organisations of the network in the period: every organisation "
        "of the network except those that joined after it (joined_on later than the UTC date of "
        "`to`) or left before it (left_on earlier than the UTC date of `from`), plus any "
        "organisation that facilitated or took part in a held activity of the period. Ordered "
        "by facilitated, then participated (both descending), then name."
    )
    edges: list[GraphEdge] = Field(
        description="Directed links facilitator -> participant with their weights, heaviest "
        "first (then by source and target id), at most 1 000 of them: `links` counts them all, "
        "and reciprocity and the level flow are computed over all of them. An organisation "
        "that both facilitated and took part in one activity gets no self-link."
    )
    links: int = Field(
        description="Distinct directed organisation pairs (facilitator, participant) with "
        "facilitator != participant: the number of edges before the cut to 1 000."
    )
    reciprocal_links: int = Field(
        description="Links A -> B for which the reverse link B -> A exists too (each of the two "
        "counts)."
    )
    reciprocity: float | None = Field(
        description="reciprocal_links / links, from 0 (learning flows one way only) to 1 (every "
        "giver also receives from those it gives to); null when there are no links."
    )
    facilitation_gini: float = Field(
        description="Facilitation concentration: the Gini coefficient of the facilitated counts "
        "over all nodes (member organisations, including those that facilitated nothing), "
        "sum_i sum_j |x_i - x_j| / (2 n^2 mean). 0 when every member facilitated equally often, "
        "or when nobody facilitated; (n - 1) / n when one organisation facilitated everything."
    )


class LevelFlowCell(ResponseModel):
    facilitator_level: Level
    participant_level: Level
    pairs: int = Field(
        description="Facilitator-participant pairs from held activities of the period, each "
        "activity counting every facilitator with every other participating organisation once: "
        "the sum of the weights of the edges between organisations of these levels."
    )


class LevelFlow(ResponseModel):
    cells: list[LevelFlowCell] = Field(
        description="The facilitator level x participant level matrix, all 16 cells, rows and "
        "columns in the order global, regional, national, local."
    )
    downward: int = Field(
        description="Pairs whose facilitator sits at a higher level than the participant "
        "(global > regional > national > local): top-down learning."
    )
    peer: int = Field(description="Pairs within one level: peer learning.")
    upward: int = Field(description="Pairs whose facilitator sits at a lower level: bottom-up.")


class Multiplier(ResponseModel):
    organisation_id: uuid.UUID = Field(description="The multiplier organisation.")
    name: str
    activity_id: uuid.UUID = Field(
        description="The held activity of the period, with cascade_of set, that the organisation "
        "facilitated after having taken part in the original: the original (cascade_of) was held "
        "and listed the organisation as participant, and ended no later than this activity "
        "started."
    )
    title: str
    starts_at: dt.datetime
    original_activity_id: uuid.UUID = Field(description="The activity it passes on (cascade_of).")
    depth: int = Field(
        description="Position in the cascade chain: 1 passes on an activity that is not itself a "
        "cascade, 2 passes on a cascade, and so on."
    )
    reach_people: int = Field(
        description="Participants counted down the chain: participants_count summed over this "
        "activity and every held activity cascading from it, directly or further down, that "
        "started before `to`. Activities without participants_count add 0."
    )
    reach_organisations: int = Field(
        description="Distinct participating organisations over the same activities."
    )
    activities_down_chain: int = Field(
        description="Held activities over which reach is counted, this one included."
    )


class MultiplierInsights(ResponseModel):
    organisations: int = Field(description="Distinct multiplier organisations in the period.")
    total: int = Field(description="Multiplier entries (organisation, cascade activity) in all.")
    items: list[Multiplier] = Field(
        description="One entry per (organisation, cascade activity), deepest first, then largest "
        "reach; at most 200."
    )


class QuarterCapacity(ResponseModel):
    quarter: str = Field(description="Calendar quarter of starts_at in UTC, e.g. 2026-Q1.")
    starts_on: dt.date = Field(description="First day of the quarter.")
    activities: int = Field(description="Held activities of the period starting in the quarter.")
    operate: int = Field(description="Of those, activities with capacity area operate.")
    act: int = Field(description="Of those, activities with capacity area act.")
    connect: int = Field(description="Of those, activities with capacity area connect.")
    technical: int = Field(description="Of those, activities with skill kind technical.")
    thematic: int = Field(description="Of those, activities with skill kind thematic.")
    soft: int = Field(description="Of those, activities with skill kind soft.")


class GenderInsights(ResponseModel):
    women: int = Field(description="participants_by_gender.women summed over held activities.")
    men: int = Field(description="participants_by_gender.men summed over held activities.")
    non_binary: int = Field(
        description="participants_by_gender.non_binary summed over held activities."
    )
    undisclosed: int = Field(
        description="participants_by_gender.undisclosed summed over held activities."
    )
    activities_reporting: int = Field(
        description="Held activities of the period that recorded participants_by_gender."
    )
    participants_count: int = Field(
        description="participants_count summed over held activities of the period that recorded "
        "it (people, whether or not broken down by gender)."
    )


class Insights(ResponseModel):
    network_id: uuid.UUID
    period_start: dt.datetime | None = Field(
        serialization_alias="from", description="The period's start as asked (null: open)."
    )
    period_end: dt.datetime | None = Field(
        serialization_alias="to", description="The period's end as asked (null: open)."
    )
    computed_at: dt.datetime = Field(
        description="'now' for the figures that depend on it (grace, tolerance)."
    )
    activities_held: int = Field(description="Held activities in the period. " + PERIOD)
    follow_ups: FollowUpInsights
    cadence: CadenceInsights
    graph: GiverReceiverGraph
    level_flow: LevelFlow
    multipliers: MultiplierInsights
    capacity_by_quarter: list[QuarterCapacity] = Field(
        description="Every quarter from the first to the last with a held activity in the period."
    )
    participants_by_gender: GenderInsights
