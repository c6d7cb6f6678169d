import { useState } from "react";
import { Link } from "react-router";
import type { Schemas } from "../api/client";
import { useInsights } from "../api/hooks/insights";
import { BalanceChart, CapacityChart, GenderChart, LevelFlowMatrix } from "../components/charts";
import { GiverReceiverGraph } from "../components/GiverReceiverGraph";
import { useNetworkContext } from "../components/Layout";
import { Card, Empty, PageHeader, QueryState, Stat } from "../components/ui";
import { DataTable } from "../components/DataTable";
import { msg, t } from "../i18n";
import {
  explainActivitiesHeld,
  explainCadence,
  explainFacilitationGini,
  explainFollowUpRate,
  explainMultipliers,
  explainReciprocity,
} from "../lib/explanations";
import { formatDate, formatDecimal, formatNumber, percent } from "../lib/format";
import { flowVerdict, periodRange } from "../lib/insights";
import { ACTIVITY_KINDS, label } from "../lib/labels";

const PERIODS = {
  "12m": msg({ id: "insights.period.last_12_months", defaultMessage: "Last 12 months" }),
  "3y": msg({ id: "insights.period.last_3_years", defaultMessage: "Last 3 years" }),
  all: msg({ id: "insights.period.all_time", defaultMessage: "All time" }),
} as const;
type Period = keyof typeof PERIODS;

/** A median in days, to one decimal ("4.5 days"); a dash when there is none. */
function days(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return t(
    { id: "insights.days", defaultMessage: "{days, plural, one {# day} other {# days}}" },
    { days: Math.round(value * 10) / 10 },
  );
}

function followUpHint(f: Schemas["FollowUpInsights"]): string {
  const values = { done: f.with_follow_up, expected: f.expected };
  if (f.median_days_to_first_follow_up === null || f.median_days_to_first_follow_up === undefined)
    return t(
      {
        id: "insights.stats.follow_up_hint",
        defaultMessage: "{done} of {expected, plural, one {# activity} other {# activities}}",
      },
      values,
    );
  return t(
    {
      id: "insights.stats.follow_up_hint_median",
      defaultMessage:
        "{done} of {expected, plural, one {# activity} other {# activities}}; median {median} to the first",
    },
    { ...values, median: days(f.median_days_to_first_follow_up) },
  );
}

function Figures({ insights: i }: { insights: Schemas["Insights"] }) {
  return (
    <div className="stats">
      <Stat
        label={t({ id: "insights.stats.activities_held", defaultMessage: "Activities held" })}
        value={formatNumber(i.activities_held)}
        explanation={explainActivitiesHeld()}
      />
      <Stat
        label={t({ id: "insights.stats.follow_up_rate", defaultMessage: "Follow-up rate" })}
        value={percent(i.follow_ups.rate)}
        hint={followUpHint(i.follow_ups)}
        explanation={explainFollowUpRate(i.follow_ups.rate)}
      />
      <Stat
        label={t({ id: "insights.stats.cadence", defaultMessage: "Meetings on cadence" })}
        value={percent(i.cadence.rate)}
        hint={t(
          {
            id: "insights.stats.cadence_hint",
            defaultMessage: "{held} of {expected, plural, one {# expected meeting} other {# expected meetings}} held",
          },
          { held: i.cadence.held, expected: i.cadence.expected },
        )}
        explanation={explainCadence(i.cadence.rate)}
      />
      <Stat
        label={t({ id: "insights.stats.reciprocity", defaultMessage: "Reciprocity" })}
        value={percent(i.graph.reciprocity)}
        hint={t(
          {
            id: "insights.stats.reciprocity_hint",
            defaultMessage: "{mutual} of {links, plural, one {# link goes} other {# links go}} both ways",
          },
          { mutual: i.graph.reciprocal_links, links: i.graph.links },
        )}
        explanation={explainReciprocity(i.graph.reciprocity)}
      />
      <Stat
        label={t({ id: "insights.stats.gini", defaultMessage: "Facilitation concentration" })}
        value={formatDecimal(i.graph.facilitation_gini, 2)}
        hint={t({
          id: "insights.stats.gini_hint",
          defaultMessage: "Gini: 0 shared evenly, 1 one organisation gives all",
        })}
        explanation={explainFacilitationGini(i.graph)}
      />
      <Stat
        label={t({ id: "insights.stats.multipliers", defaultMessage: "Multipliers" })}
        value={formatNumber(i.multipliers.organisations)}
        hint={t({
          id: "insights.stats.multipliers_hint",
          defaultMessage: "Organisations passing on what they learned",
        })}
        explanation={explainMultipliers(i.multipliers.organisations)}
      />
    </div>
  );
}

function Multipliers({ items, networkId }: { items: Schemas["Multiplier"][]; networkId: string }) {
  if (items.length === 0)
    return (
      <Empty title={t({ id: "insights.multipliers.empty", defaultMessage: "No multiplier yet." })}>
        {t({
          id: "insights.multipliers.empty_hint",
          defaultMessage:
            "When an organisation that took part in an activity facilitates a cascade of it, it shows here.",
        })}
      </Empty>
    );
  return (
    <ul className="plain-list">
      {items.slice(0, 10).map((m) => (
        <li key={`${m.organisation_id}-${m.activity_id}`}>
          <Link to={`/networks/${networkId}/activities/${m.activity_id}`}>{m.title}</Link>
          <div className="muted small">
            {t(
              {
                id: "insights.multipliers.item",
                defaultMessage:
                  "{name} passed on learning · {date} · depth {depth} · reached {organisations, plural, one {# organisation} other {# organisations}}, {people, plural, one {# person} other {# people}}",
              },
              {
                name: m.name,
                date: formatDate(m.starts_at),
                depth: m.depth,
                organisations: m.reach_organisations,
                people: m.reach_people,
              },
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

function FollowUpByKind({ byKind }: { byKind: Schemas["KindFollowUps"][] }) {
  if (byKind.length === 0)
    return <Empty title={t({ id: "insights.by_kind.empty", defaultMessage: "No activity expected a follow-up." })} />;
  return (
    <DataTable
      label={t({ id: "insights.by_kind.label", defaultMessage: "Follow-up by kind" })}
      columns={[
        t({ id: "insights.by_kind.col_kind", defaultMessage: "Kind" }),
        t({ id: "insights.by_kind.col_rate", defaultMessage: "Rate" }),
        t({ id: "insights.by_kind.col_missing", defaultMessage: "Missing" }),
        t({ id: "insights.by_kind.col_median", defaultMessage: "Median days" }),
      ]}
    >
      {byKind.map((k) => (
        <tr key={k.kind}>
          <td>{label(ACTIVITY_KINDS, k.kind)}</td>
          <td>{percent(k.rate)}</td>
          <td>{formatNumber(k.missing_past_grace)}</td>
          <td>{days(k.median_days_to_first_follow_up)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function Charts({ insights: i, networkId }: { insights: Schemas["Insights"]; networkId: string }) {
  return (
    <div className="grid">
      <Card
        title={t({ id: "insights.graph.title", defaultMessage: "Who gives to whom" })}
        id="graph"
        className="span-2"
      >
        <p className="muted small">
          {t({
            id: "insights.graph.intro",
            defaultMessage:
              "Arrows point from the facilitating organisation to the participants. Green links go both ways.",
          })}
        </p>
        <GiverReceiverGraph graph={i.graph} />
      </Card>
      <Card title={t({ id: "insights.balance.title", defaultMessage: "Given and received" })} id="balance">
        <BalanceChart nodes={i.graph.nodes} />
      </Card>
      <Card title={t({ id: "insights.levels.title", defaultMessage: "Level flow" })} id="levels">
        <p>
          <strong>{flowVerdict(i.level_flow)}</strong>
        </p>
        <p className="small muted">
          {t(
            {
              id: "insights.levels.counts",
              defaultMessage: "{down} top-down · {peer} between peers · {up} bottom-up",
            },
            { down: i.level_flow.downward, peer: i.level_flow.peer, up: i.level_flow.upward },
          )}
        </p>
        <LevelFlowMatrix flow={i.level_flow} />
      </Card>
      <Card title={t({ id: "insights.capacity.title", defaultMessage: "Capacity areas over time" })} id="capacity">
        <CapacityChart quarters={i.capacity_by_quarter} />
      </Card>
      <Card title={t({ id: "insights.gender.title", defaultMessage: "Participants by gender" })} id="gender">
        <GenderChart gender={i.participants_by_gender} />
      </Card>
      <Card title={t({ id: "insights.stats.multipliers", defaultMessage: "Multipliers" })} id="multipliers">
        <Multipliers items={i.multipliers.items} networkId={networkId} />
      </Card>
      <Card title={t({ id: "insights.by_kind.title", defaultMessage: "Follow-up by kind of activity" })} id="by-kind">
        <FollowUpByKind byKind={i.follow_ups.by_kind} />
      </Card>
      {i.cadence.series.length ? (
        <Card title={t({ id: "insights.cadence.title", defaultMessage: "Recurring meetings" })} id="cadence">
          <ul className="plain-list">
            {i.cadence.series.map((s) => (
              <li key={s.series_id}>
                <Link to={`/networks/${networkId}/series/${s.series_id}`}>{s.title}</Link>
                <div className="muted small">
                  {t(
                    {
                      id: "insights.cadence.series_held",
                      defaultMessage: "{held} of {expected, plural, one {# meeting} other {# meetings}} held ({rate})",
                    },
                    { held: s.held, expected: s.expected, rate: percent(s.rate) },
                  )}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

export default function InsightsPage() {
  const { network } = useNetworkContext();
  const [period, setPeriod] = useState<Period>("12m");
  const [range] = useState(() => ({ "12m": periodRange("12m"), "3y": periodRange("3y"), all: periodRange("all") }));
  const insights = useInsights(network.id, range[period].from, range[period].to);
  return (
    <>
      <PageHeader
        title={t({ id: "insights.title", defaultMessage: "Insights" })}
        subtitle={t({
          id: "insights.subtitle",
          defaultMessage:
            "Is capacity strengthening mutual? Who gives, who receives, and does learning get followed up?",
        })}
        actions={
          <div className="field inline-field">
            <label htmlFor="period">{t({ id: "insights.period.label", defaultMessage: "Period" })}</label>
            <select id="period" value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
              {(Object.keys(PERIODS) as Period[]).map((p) => (
                <option key={p} value={p}>
                  {t(PERIODS[p])}
                </option>
              ))}
            </select>
          </div>
        }
      />
      <QueryState query={insights} lines={8}>
        {(i) => (
          <>
            <Figures insights={i} />
            {i.activities_held === 0 ? (
              <Empty title={t({ id: "insights.empty.title", defaultMessage: "No activity was held in this period." })}>
                {t({
                  id: "insights.empty.hint",
                  defaultMessage: "Pick a longer period, or record the activities that took place.",
                })}
              </Empty>
            ) : (
              <Charts insights={i} networkId={network.id} />
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
