import { Link } from "react-router";
import { useState } from "react";
import type { QueryClient } from "@tanstack/react-query";
import {
  activitiesByIdQueries,
  activitiesQuery,
  useActivities,
  useActivitiesById,
  type Activity,
} from "../api/hooks/activities";
import { findingsQuery, useFindings, type Finding } from "../api/hooks/findings";
import { networkFollowUpsQuery, useNetworkFollowUps, type FollowUp } from "../api/hooks/followups";
import { membersQuery, useMembers } from "../api/hooks/networks";
import { organisationsQuery, useOrganisationMap } from "../api/hooks/organisations";
import { seriesListQuery, useSeriesList } from "../api/hooks/series";
import { healthPeriod, useNetworkHealth } from "../api/hooks/health";
import { insightsQuery, useInsights } from "../api/hooks/insights";
import { flowVerdict } from "../lib/insights";
import { FindingRow, fill, slot } from "../components/findings";
import { useNetworkContext } from "../components/Layout";
import { ButtonLink, Card, Empty, PageHeader, QueryState, Stat, StatusBadge } from "../components/ui";
import { ACTIVITY_KINDS, FINDING_KINDS, FINDING_STATUS_FILTERS, label } from "../lib/labels";
import { formatDecimal, formatNumber, formatSpan, percent, relativeDays, todayIso } from "../lib/format";
import { formatList, t } from "../i18n";

const KIND_ORDER = ["missing_follow_up", "overdue_follow_up", "series_gap"] as const;

export function groupFindings(findings: Finding[]): { kind: (typeof KIND_ORDER)[number]; items: Finding[] }[] {
  return KIND_ORDER.map((kind) => ({ kind, items: findings.filter((f) => f.kind === kind) })).filter(
    (g) => g.items.length > 0,
  );
}

// The same choices as the findings page's status filter, snoozed included.
const SHOWN = FINDING_STATUS_FILTERS;

/** The activities findings are about (the findings panel, the owed board and the prefetch). */
function activityIds(findings: Finding[]): string[] {
  return findings.flatMap((f) => (f.activity_id ? [f.activity_id] : []));
}

/** The dashboard's lists of activities split at this minute (upcoming from it, recent before). */
function thisMinute(now = new Date()): string {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
}

/**
 * Starts every request the dashboard of ``networkId`` makes, with the same options as its
 * sections, so they are under way (or answered) before the page is drawn: drawing it then
 * starts none, and a slow phone's longest task, the dashboard's first render, gets shorter.
 */
export function prefetchDashboard(client: QueryClient, networkId: string): void {
  const { from, to } = healthPeriod();
  const now = thisMinute();
  const open = findingsQuery(networkId, { status: "open" });
  void client.prefetchQuery(networkFollowUpsQuery(networkId, { status: "planned" }));
  void client.prefetchQuery(networkFollowUpsQuery(networkId, { status: "planned", due_before: todayIso() }));
  void client.prefetchQuery(seriesListQuery(networkId));
  void client.prefetchQuery(membersQuery(networkId));
  void client.prefetchQuery(organisationsQuery(networkId));
  void client.prefetchQuery(insightsQuery(networkId, from, to));
  void client.prefetchQuery(activitiesQuery(networkId, { starts_from: now }, 50));
  void client.prefetchQuery(activitiesQuery(networkId, { starts_to: now }, 5));
  // The open findings' activities, once the findings are in.
  void client.fetchQuery(open).then(
    (findings) => {
      for (const query of activitiesByIdQueries(networkId, activityIds(findings))) void client.prefetchQuery(query);
    },
    () => {},
  );
}

function FindingsPanel() {
  const { network, isCoordinator } = useNetworkContext();
  const [shown, setShown] = useState<keyof typeof SHOWN>("open");
  const findings = useFindings(network.id, { status: shown });
  const followUps = useNetworkFollowUps(network.id, { status: "planned" });
  const series = useSeriesList(network.id);
  const fuMap = new Map((followUps.data ?? []).map((f) => [f.id, f]));
  const seriesMap = new Map((series.data ?? []).map((s) => [s.id, s]));
  // The activities the findings are about, in one request (the owed board asks the same).
  const activities = useActivitiesById(network.id, activityIds(findings.data ?? []));
  return (
    <Card
      title={t(
        {
          id: "dashboard.findings.title",
          defaultMessage:
            "{status, select, open {Open findings} snoozed {Snoozed findings} acknowledged {Acknowledged findings} dismissed {Dismissed findings} resolved {Resolved findings} other {Findings}}",
        },
        { status: shown },
      )}
      id="findings"
      className="span-2"
      actions={
        <div className="row-actions">
          <label htmlFor="findings-shown" className="visually-hidden">
            {t({ id: "dashboard.findings.shown_label", defaultMessage: "Show findings that are" })}
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
            {t({ id: "dashboard.findings.export_csv", defaultMessage: "Export CSV" })}
          </a>
          <Link className="btn btn-ghost btn-sm" to={`/networks/${network.id}/findings?status=${shown}`}>
            {t({ id: "dashboard.findings.see_all", defaultMessage: "See all findings" })}
          </Link>
        </div>
      }
    >
      <QueryState
        query={findings}
        empty={(list) =>
          list.length === 0 ? (
            shown === "open" ? (
              <Empty title={t({ id: "dashboard.findings.none_open", defaultMessage: "Nothing needs attention." })}>
                {t({
                  id: "dashboard.findings.none_open_detail",
                  defaultMessage: "Every held activity has its follow-up and every meeting happened.",
                })}
              </Empty>
            ) : (
              <Empty
                title={t(
                  {
                    id: "dashboard.findings.none",
                    defaultMessage:
                      "{status, select, snoozed {No snoozed findings.} acknowledged {No acknowledged findings.} dismissed {No dismissed findings.} resolved {No resolved findings.} other {No findings.}}",
                  },
                  { status: shown },
                )}
              />
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
                      activities={activities}
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
    const facilitatorNames = (activity?.facilitator_ids ?? [])
      .map((id) => orgNames.get(id))
      .filter((name): name is string => Boolean(name));
    const facilitators = facilitatorNames.length ? formatList(facilitatorNames) : "";
    const who =
      (activity?.created_by && names.get(activity.created_by)) ||
      facilitators ||
      t({ id: "dashboard.owed.unassigned", defaultMessage: "Unassigned" });
    add(who, {
      key: finding.id,
      text: activity
        ? t(
            { id: "dashboard.owed.missing_for", defaultMessage: "A follow-up for “{title}”" },
            { title: activity.title },
          )
        : t({ id: "dashboard.owed.missing_for_unknown", defaultMessage: "A follow-up for an activity" }),
      to: `/networks/${networkId}/activities/${finding.activity_id}`,
      when: activity
        ? t(
            { id: "dashboard.owed.held_on", defaultMessage: "held {date}" },
            { date: formatSpan(activity.starts_at, activity.ends_at) },
          )
        : "",
    });
  }
  for (const f of overdue) {
    const who =
      (f.assignee_user_id && names.get(f.assignee_user_id)) ||
      (f.owner_organisation_id && orgNames.get(f.owner_organisation_id)) ||
      t({ id: "dashboard.owed.unassigned", defaultMessage: "Unassigned" });
    add(who, {
      key: f.id,
      text: f.title,
      to: `/networks/${networkId}/activities/${f.activity_id}`,
      when: t({ id: "dashboard.owed.due", defaultMessage: "due {when}" }, { when: relativeDays(f.due_on) }),
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
  // The activities of the open findings: the same request as the findings panel's.
  const activities = useActivitiesById(network.id, activityIds(findings.data ?? []));
  return (
    <Card title={t({ id: "dashboard.owed.title", defaultMessage: "Who owes a follow-up" })} id="owed">
      <QueryState
        query={{
          data: overdue.data,
          isPending: overdue.isPending || findings.isPending || activities === null,
          error: overdue.error ?? findings.error,
          refetch: () => Promise.all([overdue.refetch(), findings.refetch()]),
        }}
      >
        {(list) => {
          const board = owedBoard(
            missing.map((f) => ({ finding: f, activity: f.activity_id ? activities?.get(f.activity_id) : undefined })),
            list,
            names,
            orgNames,
            network.id,
          );
          if (board.length === 0)
            return (
              <Empty title={t({ id: "dashboard.owed.none", defaultMessage: "Nobody owes a follow-up." })}>
                {t({ id: "dashboard.owed.none_detail", defaultMessage: "Well kept." })}
              </Empty>
            );
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
                {fill(
                  t(
                    { id: "dashboard.activity.meta", defaultMessage: "{kind} · {when} {status}" },
                    {
                      kind: label(ACTIVITY_KINDS, a.kind),
                      when: formatSpan(a.starts_at, a.ends_at),
                      status: slot("status"),
                    },
                  ),
                  { status: <StatusBadge status={a.status} /> },
                )}
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
  const nowIso = thisMinute();
  const upcoming = useActivities(network.id, { starts_from: nowIso }, 50);
  const recent = useActivities(network.id, { starts_to: nowIso }, 5);
  return (
    <>
      <QueryState query={upcoming} lines={4}>
        {(page) => (
          <ActivityList
            title={t({ id: "dashboard.upcoming.title", defaultMessage: "Upcoming activities" })}
            id="upcoming"
            items={[...page.items]
              .filter((a) => a.status !== "cancelled")
              .reverse()
              .slice(0, 5)}
            empty={t({ id: "dashboard.upcoming.none", defaultMessage: "Nothing planned yet." })}
          />
        )}
      </QueryState>
      <QueryState query={recent} lines={4}>
        {(page) => (
          <ActivityList
            title={t({ id: "dashboard.recent.title", defaultMessage: "Recent activities" })}
            id="recent"
            items={page.items}
            empty={t({ id: "dashboard.recent.none", defaultMessage: "No activities recorded yet." })}
          />
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
      <Stat
        label={t({ id: "dashboard.stats.open_findings", defaultMessage: "Open findings" })}
        value={health.data ? formatNumber(health.data.openFindings) : "…"}
      />
      <Stat
        label={t({ id: "dashboard.stats.follow_up_rate", defaultMessage: "Follow-up rate (12 months)" })}
        value={health.data ? percent(health.data.followUpRate) : "…"}
        hint={
          health.data
            ? t(
                {
                  id: "dashboard.stats.follow_up_rate_hint",
                  defaultMessage:
                    "{expected, plural, one {# held activity expected a follow-up} other {# held activities expected a follow-up}} in the last 12 months; {missing} still missing",
                },
                { expected: health.data.expected, missing: formatNumber(health.data.missing) },
              )
            : undefined
        }
        hintPending={health.isPending}
      />
      <Stat
        label={t({ id: "dashboard.stats.grace_period", defaultMessage: "Grace period" })}
        value={t(
          { id: "dashboard.stats.grace_days", defaultMessage: "{days, plural, one {# day} other {# days}}" },
          { days: network.follow_up_grace_days },
        )}
      />
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
      title={t({ id: "dashboard.glance.title", defaultMessage: "Mutual learning, last 12 months" })}
      id="glance"
      actions={
        <Link to={`/networks/${network.id}/insights`}>
          {t({ id: "dashboard.glance.all_insights", defaultMessage: "All insights" })}
        </Link>
      }
    >
      <QueryState query={insights} lines={4}>
        {(i) => (
          <dl className="details">
            <dt>{t({ id: "dashboard.glance.reciprocity", defaultMessage: "Reciprocity" })}</dt>
            <dd>
              {t(
                {
                  id: "dashboard.glance.reciprocity_value",
                  defaultMessage: "{percent} of giver → receiver links go both ways",
                },
                { percent: percent(i.graph.reciprocity) },
              )}
            </dd>
            <dt>{t({ id: "dashboard.glance.concentration", defaultMessage: "Concentration" })}</dt>
            <dd>
              {i.graph.facilitation_gini > 0.6
                ? t(
                    {
                      id: "dashboard.glance.concentration_high",
                      defaultMessage: "Gini {gini} (a few organisations do most of the facilitating)",
                    },
                    { gini: formatDecimal(i.graph.facilitation_gini, 2) },
                  )
                : t(
                    {
                      id: "dashboard.glance.concentration_low",
                      defaultMessage: "Gini {gini} (facilitation is fairly shared)",
                    },
                    { gini: formatDecimal(i.graph.facilitation_gini, 2) },
                  )}
            </dd>
            <dt>{t({ id: "dashboard.glance.level_flow", defaultMessage: "Level flow" })}</dt>
            <dd>{flowVerdict(i.level_flow)}</dd>
            <dt>{t({ id: "dashboard.glance.multipliers", defaultMessage: "Multipliers" })}</dt>
            <dd>
              {t(
                {
                  id: "dashboard.glance.multipliers_value",
                  defaultMessage:
                    "{count, plural, one {# organisation passed on what it learned} other {# organisations passed on what they learned}}",
                },
                { count: i.multipliers.organisations },
              )}
            </dd>
            <dt>{t({ id: "dashboard.glance.meetings", defaultMessage: "Meetings" })}</dt>
            <dd>
              {t(
                { id: "dashboard.glance.meetings_value", defaultMessage: "{percent} of expected meetings held" },
                { percent: percent(i.cadence.rate) },
              )}
            </dd>
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
            <ButtonLink to={`/networks/${network.id}/insights`}>
              {t({ id: "dashboard.header.insights", defaultMessage: "Insights" })}
            </ButtonLink>
            {canEdit ? (
              <ButtonLink variant="primary" to={`/networks/${network.id}/activities/new`}>
                {t({ id: "dashboard.header.record_activity", defaultMessage: "Record an activity" })}
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
