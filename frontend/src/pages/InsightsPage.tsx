import { useState } from "react";
import { Link } from "react-router";
import { useInsights } from "../api/hooks/insights";
import { BalanceChart, CapacityChart, GenderChart, GiverReceiverGraph, LevelFlowMatrix } from "../components/charts";
import { useNetworkContext } from "../components/Layout";
import { Card, Empty, PageHeader, QueryState, Stat } from "../components/ui";
import { formatDate, percent } from "../lib/format";
import { flowVerdict, periodRange } from "../lib/insights";
import { ACTIVITY_KINDS, label } from "../lib/labels";

const PERIODS = { "12m": "Last 12 months", "3y": "Last 3 years", all: "All time" } as const;
type Period = keyof typeof PERIODS;

export default function InsightsPage() {
  const { network } = useNetworkContext();
  const [period, setPeriod] = useState<Period>("12m");
  const [range] = useState(() => ({ "12m": periodRange("12m"), "3y": periodRange("3y"), all: periodRange("all") }));
  const insights = useInsights(network.id, range[period].from, range[period].to);
  const days = (v: number | null | undefined) =>
    v === null || v === undefined ? "—" : `${Math.round(v * 10) / 10} days`;
  return (
    <>
      <PageHeader
        title="Insights"
        subtitle="Is capacity strengthening mutual? Who gives, who receives, and does learning get followed up?"
        actions={
          <div className="field inline-field">
            <label htmlFor="period">Period</label>
            <select id="period" value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
              {(Object.keys(PERIODS) as Period[]).map((p) => (
                <option key={p} value={p}>
                  {PERIODS[p]}
                </option>
              ))}
            </select>
          </div>
        }
      />
      <QueryState query={insights} lines={8}>
        {(i) => (
          <>
            <div className="stats">
              <Stat label="Activities held" value={i.activities_held} />
              <Stat
                label="Follow-up rate"
                value={percent(i.follow_ups.rate)}
                hint={`${i.follow_ups.with_follow_up} of ${i.follow_ups.expected}; median ${days(i.follow_ups.median_days_to_first_follow_up)} to the first`}
              />
              <Stat
                label="Meetings on cadence"
                value={percent(i.cadence.rate)}
                hint={`${i.cadence.held} of ${i.cadence.expected} expected meetings held`}
              />
              <Stat
                label="Reciprocity"
                value={percent(i.graph.reciprocity)}
                hint={`${i.graph.reciprocal_links} of ${i.graph.links} links go both ways`}
              />
              <Stat
                label="Facilitation concentration"
                value={i.graph.facilitation_gini.toFixed(2)}
                hint="Gini: 0 shared evenly, 1 one organisation gives all"
              />
              <Stat
                label="Multipliers"
                value={i.multipliers.organisations}
                hint="Organisations passing on what they learned"
              />
            </div>
            {i.activities_held === 0 ? (
              <Empty title="No activity was held in this period.">
                Pick a longer period, or record the activities that took place.
              </Empty>
            ) : (
              <div className="grid">
                <Card title="Who gives to whom" id="graph" className="span-2">
                  <p className="muted small">
                    Arrows point from the facilitating organisation to the participants. Green links go both ways.
                  </p>
                  <GiverReceiverGraph graph={i.graph} />
                </Card>
                <Card title="Given and received" id="balance">
                  <BalanceChart nodes={i.graph.nodes} />
                </Card>
                <Card title="Level flow" id="levels">
                  <p>
                    <strong>{flowVerdict(i.level_flow)}</strong>
                  </p>
                  <p className="small muted">
                    {i.level_flow.downward} top-down · {i.level_flow.peer} between peers · {i.level_flow.upward}{" "}
                    bottom-up
                  </p>
                  <LevelFlowMatrix flow={i.level_flow} />
                </Card>
                <Card title="Capacity areas over time" id="capacity">
                  <CapacityChart quarters={i.capacity_by_quarter} />
                </Card>
                <Card title="Participants by gender" id="gender">
                  <GenderChart gender={i.participants_by_gender} />
                </Card>
                <Card title="Multipliers" id="multipliers">
                  {i.multipliers.items.length === 0 ? (
                    <Empty title="No multiplier yet.">
                      When an organisation that took part in an activity facilitates a cascade of it, it shows here.
                    </Empty>
                  ) : (
                    <ul className="plain-list">
                      {i.multipliers.items.slice(0, 10).map((m) => (
                        <li key={`${m.organisation_id}-${m.activity_id}`}>
                          <strong>{m.name}</strong> passed on learning in{" "}
                          <Link to={`/networks/${network.id}/activities/${m.activity_id}`}>{m.title}</Link>
                          <div className="muted small">
                            {formatDate(m.starts_at)} · depth {m.depth} · reached {m.reach_organisations} organisations,{" "}
                            {m.reach_people} people
                          </div>
                        </li>
                      ))}
                    </ul>
                  )}
                </Card>
                <Card title="Follow-up by kind of activity" id="by-kind">
                  {i.follow_ups.by_kind.length === 0 ? (
                    <Empty title="No activity expected a follow-up." />
                  ) : (
                    <div className="table-wrap" tabIndex={0} role="region" aria-label="Follow-up by kind">
                      <table className="table">
                        <thead>
                          <tr>
                            <th scope="col">Kind</th>
                            <th scope="col">Rate</th>
                            <th scope="col">Missing</th>
                            <th scope="col">Median days</th>
                          </tr>
                        </thead>
                        <tbody>
                          {i.follow_ups.by_kind.map((k) => (
                            <tr key={k.kind}>
                              <td>{label(ACTIVITY_KINDS, k.kind)}</td>
                              <td>{percent(k.rate)}</td>
                              <td>{k.missing_past_grace}</td>
                              <td>{days(k.median_days_to_first_follow_up)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                </Card>
                {i.cadence.series.length ? (
                  <Card title="Recurring meetings" id="cadence">
                    <ul className="plain-list">
                      {i.cadence.series.map((s) => (
                        <li key={s.series_id}>
                          <Link to={`/networks/${network.id}/series/${s.series_id}`}>{s.title}</Link>: {s.held} of{" "}
                          {s.expected} held ({percent(s.rate)})
                        </li>
                      ))}
                    </ul>
                  </Card>
                ) : null}
              </div>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
