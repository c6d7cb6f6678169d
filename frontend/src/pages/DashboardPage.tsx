import { Link } from "react-router";
import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { activityQuery, useActivities, type Activity } from "../api/hooks/activities";
import { useFindings, type Finding } from "../api/hooks/findings";
import { useNetworkFollowUps, type FollowUp } from "../api/hooks/followups";
import { useMembers } from "../api/hooks/networks";
import { useOrganisationMap } from "../api/hooks/organisations";
import { useSeriesList } from "../api/hooks/series";
import { healthPeriod, useNetworkHealth } from "../api/hooks/health";
import { useInsights } from "../api/hooks/insights";
import { flowVerdict } from "../lib/insights";
import { FindingRow } from "../components/findings";
import { useNetworkContext } from "../components/Layout";
import { ButtonLink, Card, Empty, PageHeader, QueryState, Stat, StatusBadge } from "../components/ui";
import { ACTIVITY_KINDS, FINDING_KINDS, FINDING_STATUS_FILTERS, label } from "../lib/labels";
import { formatDate, formatDateTime, percent, relativeDays, todayIso } from "../lib/format";

const KIND_ORDER = ["missing_follow_up", "overdue_follow_up", "series_gap"] as const;

export function groupFindings(findings: Finding[]): { kind: (typeof KIND_ORDER)[number]; items: Finding[] }[] {
  return KIND_ORDER.map((kind) => ({ kind, items: findings.filter((f) => f.kind === kind) })).filter(
    (g) => g.items.length > 0,
  );
}

// The same choices as the findings page's status filter, snoozed included.
const SHOWN = FINDING_STATUS_FILTERS;

function FindingsPanel() {
  const { network, isCoordinator } = useNetworkContext();
  const [shown, setShown] = useState<keyof typeof SHOWN>("open");
  const findings = useFindings(network.id, { status: shown });
  const followUps = useNetworkFollowUps(network.id, { status: "planned" });
  const series = useSeriesList(network.id);
  const fuMap = new Map((followUps.data ?? []).map((f) => [f.id, f]));
  const seriesMap = new Map((series.data ?? []).map((s) => [s.id, s]));
  return (
    <Card
      title={`${label(SHOWN, shown)} findings`}
      id="findings"
      className="span-2"
      actions={
        <div className="row-actions">
          <label htmlFor="findings-shown" className="visually-hidden">
            Show findings that are
          </label>
          <select
            id="findings-shown"
            className="select-sm"
            value={shown}
            onChange={(e) => setShown(e.target.value as keyof typeof SHOWN)}
          >
            {(Object.keys(SHOWN) as (keyof typeof SHOWN)[]).map((k) => (
              <option key={k} value={k}>
                {label(SHOWN, k)}
              </option>
            ))}
          </select>
          <a className="btn btn-ghost btn-sm" download href={`/api/v1/networks/${network.id}/findings.csv`}>
            Export CSV
          </a>
          <Link className="btn btn-ghost btn-sm" to={`/networks/${network.id}/findings?status=${shown}`}>
            See all findings
          </Link>
        </div>
      }
    >
      <QueryState
        query={findings}
        empty={(list) =>
          list.length === 0 ? (
            shown === "open" ? (
              <Empty title="Nothing needs attention.">
                Every held activity has its follow-up and every meeting happened.
              </Empty>
            ) : (
              <Empty title={`No ${label(SHOWN, shown).toLowerCase()} findings.`} />
            )
          ) : null
        }
      >
        {(list) => (
          <div className="finding-groups">
            {groupFindings(list).map((group) => (
              <section key={group.kind} aria-labelledby={`group-${group.kind}`}>
                <h3 id={`group-${group.kind}`}>
                  {label(FINDING_KINDS, group.kind)} <span className="count">{group.items.length}</span>
                </h3>
                <ul className="finding-list">
                  {group.items.map((f) => (
                    <FindingRow
                      key={f.id}
                      finding={f}
                      networkId={network.id}
                      canAct={isCoordinator}
                      followUps={fuMap}
                      series={seriesMap}
                    />
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </QueryState>
    </Card>
  );
}

type Debt = { who: string; items: { key: string; text: string; to: string; when: string }[] };

/** Who owes a follow-up: missing ones by the activity's recorder (or facilitators), overdue ones by assignee or owner. */
export function owedBoard(
  missing: { finding: Finding; activity?: Activity }[],
  overdue: FollowUp[],
  names: Map<string, string>,
  orgNames: Map<string, string>,
  networkId: string,
): Debt[] {
  const board = new Map<string, Debt>();
  const add = (who: string, item: Debt["items"][number]) => {
    const debt = board.get(who) ?? { who, items: [] };
    debt.items.push(item);
    board.set(who, debt);
  };
  for (const { finding, activity } of missing) {
    // The person who recorded it answers for it; else the organisations that facilitated.
    const facilitators = (activity?.facilitator_ids ?? [])
      .map((id) => orgNames.get(id))
      .filter(Boolean)
      .join(", ");
    const who = (activity?.created_by && names.get(activity.created_by)) || facilitators || "Unassigned";
    add(who, {
      key: finding.id,
      text: `A follow-up for “${activity?.title ?? "an activity"}”`,
      to: `/networks/${networkId}/activities/${finding.activity_id}`,
      when: activity ? `held ${formatDate(activity.ends_at)}` : "",
    });
  }
  for (const f of overdue) {
    const who =
      (f.assignee_user_id && names.get(f.assignee_user_id)) ||
      (f.owner_organisation_id && orgNames.get(f.owner_organisation_id)) ||
      "Unassigned";
    add(who, {
      key: f.id,
      text: f.title,
      to: `/networks/${networkId}/activities/${f.activity_id}`,
      when: `due ${relativeDays(f.due_on)}`,
    });
  }
  return [...board.values()].sort((a, b) => b.items.length - a.items.length || a.who.localeCompare(b.who));
}

function OwedBoard() {
  const { network } = useNetworkContext();
  const findings = useFindings(network.id, { status: "open" });
  const overdue = useNetworkFollowUps(network.id, { status: "planned", due_before: todayIso() });
  const members = useMembers(network.id);
  const orgs = useOrganisationMap(network.id);
  const missing = (findings.data ?? []).filter((f) => f.kind === "missing_follow_up");
  const names = new Map((members.data ?? []).map((m) => [m.user_id, m.name || m.email]));
  const orgNames = new Map([...orgs.entries()].map(([id, o]) => [id, o.name]));
  const activities = useQueries({ queries: missing.map((f) => activityQuery(f.activity_id ?? undefined)) });
  return (
    <Card title="Who owes a follow-up" id="owed">
      <QueryState query={overdue}>
        {(list) => {
          const board = owedBoard(
            missing.map((f, i) => ({ finding: f, activity: activities[i]?.data })),
            list,
            names,
            orgNames,
            network.id,
          );
          if (board.length === 0) return <Empty title="Nobody owes a follow-up.">Well kept.</Empty>;
          return (
            <ul className="owed-board">
              {board.map((debt) => (
                <li key={debt.who}>
                  <p className="owed-who">
                    <strong>{debt.who}</strong> <span className="count">{debt.items.length}</span>
                  </p>
                  <ul>
                    {debt.items.map((item) => (
                      <li key={item.key}>
                        <Link to={item.to}>{item.text}</Link> <span className="muted small">{item.when}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          );
        }}
      </QueryState>
    </Card>
  );
}

function ActivityList({ title, id, items, empty }: { title: string; id: string; items: Activity[]; empty: string }) {
  const { network } = useNetworkContext();
  return (
    <Card title={title} id={id}>
      {items.length === 0 ? (
        <Empty title={empty} />
      ) : (
        <ul className="plain-list">
          {items.map((a) => (
            <li key={a.id}>
              <Link to={`/networks/${network.id}/activities/${a.id}`}>{a.title}</Link>
              <div className="muted small">
                {label(ACTIVITY_KINDS, a.kind)} · {formatDateTime(a.starts_at)} <StatusBadge status={a.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Activities() {
  const { network } = useNetworkContext();
  const now = new Date();
  const nowIso = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  const upcoming = useActivities(network.id, { starts_from: nowIso }, 50);
  const recent = useActivities(network.id, { starts_to: nowIso }, 5);
  return (
    <>
      <QueryState query={upcoming} lines={4}>
        {(page) => (
          <ActivityList
            title="Upcoming activities"
            id="upcoming"
            items={[...page.items]
              .filter((a) => a.status !== "cancelled")
              .reverse()
              .slice(0, 5)}
            empty="Nothing planned yet."
          />
        )}
      </QueryState>
      <QueryState query={recent} lines={4}>
        {(page) => (
          <ActivityList title="Recent activities" id="recent" items={page.items} empty="No activities recorded yet." />
        )}
      </QueryState>
    </>
  );
}

function HealthStats() {
  const { network } = useNetworkContext();
  const health = useNetworkHealth(network);
  return (
    <div className="stats" aria-live="polite">
      <Stat label="Open findings" value={health.data ? health.data.openFindings : "…"} />
      <Stat
        label="Follow-up rate (12 months)"
        value={health.data ? percent(health.data.followUpRate) : "…"}
        hint={
          health.data
            ? `${health.data.expected} held ${health.data.expected === 1 ? "activity" : "activities"} expected one in the last 12 months; ${health.data.missing} still missing`
            : undefined
        }
      />
      <Stat label="Grace period" value={`${network.follow_up_grace_days} days`} />
    </div>
  );
}

/** The insights at a glance (figures only: the charts load with the Insights page). */
function InsightsGlance() {
  const { network } = useNetworkContext();
  const [period] = useState(() => healthPeriod());
  const insights = useInsights(network.id, period.from, period.to);
  return (
    <Card
      title="Mutual learning, last 12 months"
      id="glance"
      actions={<Link to={`/networks/${network.id}/insights`}>All insights</Link>}
    >
      <QueryState query={insights} lines={4}>
        {(i) => (
          <dl className="details">
            <dt>Reciprocity</dt>
            <dd>{percent(i.graph.reciprocity)} of giver → receiver links go both ways</dd>
            <dt>Concentration</dt>
            <dd>
              Gini {i.graph.facilitation_gini.toFixed(2)} (
              {i.graph.facilitation_gini > 0.6
                ? "a few organisations do most of the facilitating"
                : "facilitation is fairly shared"}
              )
            </dd>
            <dt>Level flow</dt>
            <dd>{flowVerdict(i.level_flow)}</dd>
            <dt>Multipliers</dt>
            <dd>{i.multipliers.organisations} organisations passed on what they learned</dd>
            <dt>Meetings</dt>
            <dd>{percent(i.cadence.rate)} of expected meetings held</dd>
          </dl>
        )}
      </QueryState>
    </Card>
  );
}

export default function DashboardPage() {
  const { network, canEdit } = useNetworkContext();
  return (
    <>
      <PageHeader
        title={network.name}
        subtitle={network.description || undefined}
        actions={
          <>
            <ButtonLink to={`/networks/${network.id}/insights`}>Insights</ButtonLink>
            {canEdit ? (
              <ButtonLink variant="primary" to={`/networks/${network.id}/activities/new`}>
                Record an activity
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <HealthStats />
      <div className="grid">
        <FindingsPanel />
        <OwedBoard />
        <InsightsGlance />
        <Activities />
      </div>
    </>
  );
}
