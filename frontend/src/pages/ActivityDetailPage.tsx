import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { errorMessage } from "../api/client";
import { useActivity, useDeleteActivity } from "../api/hooks/activities";
import { useFindingPages } from "../api/hooks/findings";
import { useActivityFollowUps } from "../api/hooks/followups";
import { useMembers } from "../api/hooks/networks";
import { useOrganisationMap } from "../api/hooks/organisations";
import { useReflections } from "../api/hooks/reflections";
import { useSeries } from "../api/hooks/series";
import { AuditTrail } from "../components/audit";
import { FindingRow, fill, slot } from "../components/findings";
import { FollowUpForm, FollowUpList } from "../components/followups";
import { useNetworkContext } from "../components/Layout";
import { ReflectionForm, ReflectionList } from "../components/reflections";
import { useToast } from "../components/toast";
import {
  Badge,
  Button,
  ButtonLink,
  Card,
  Empty,
  ErrorState,
  Loading,
  PageHeader,
  QueryState,
  StatusBadge,
} from "../components/ui";
import { formatDateTime, formatNumber, formatSpan } from "../lib/format";
import { ACTIVITY_KINDS, CAPACITY_AREAS, FOLLOW_UP_STATUSES, MODALITIES, SKILL_KINDS, label } from "../lib/labels";
import { formatList, t } from "../i18n";

/** Where an activity took place: its location and country, either alone, or nothing. */
function place(location: string, country: string | null): string | null {
  if (location && country)
    return t({ id: "activities.detail.where_value", defaultMessage: "{location}, {country}" }, { location, country });
  return location || country || null;
}

function SeriesName({ id, networkId }: { id: string; networkId: string }) {
  const s = useSeries(id);
  return (
    <Link to={`/networks/${networkId}/series/${id}`}>
      {s.data?.title ?? t({ id: "activities.detail.a_series", defaultMessage: "a series" })}
    </Link>
  );
}

export default function ActivityDetailPage() {
  const { activityId = "" } = useParams();
  const { network, canEdit, isCoordinator, userId } = useNetworkContext();
  const activity = useActivity(activityId);
  const followUps = useActivityFollowUps(activityId);
  const reflections = useReflections(network.id, { activity_id: activityId });
  // Asked of the API for this activity alone, page by page: nothing is left out.
  const findings = useFindingPages(network.id, { activity_id: activityId });
  const orgs = useOrganisationMap(network.id);
  const members = useMembers(network.id);
  const remove = useDeleteActivity(network.id);
  const toast = useToast();
  const navigate = useNavigate();
  // A reminder email's "plan a follow-up" link (?plan=follow-up) opens the form straight away.
  const [params, setParams] = useSearchParams();
  const planning = canEdit && params.get("plan") === "follow-up";
  const [adding, setAdding] = useState(planning);
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (activity.isPending) return <Loading lines={6} />;
  if (activity.error || !activity.data)
    return <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />;
  const a = activity.data;
  // A field with nothing in it reads as a dash, in each language's own way.
  const none = t({ id: "activities.detail.none", defaultMessage: "—" });
  const listed = (items: string[]) => (items.length ? formatList(items) : none);
  const orgNames = (ids: string[]) => listed(ids.map((id) => orgs.get(id)?.name ?? "…"));
  const creator = members.data?.find((m) => m.user_id === a.created_by);
  const g = a.participants_by_gender;

  return (
    <>
      <PageHeader
        title={a.title}
        subtitle={
          <>
            {fill(
              t(
                { id: "activities.detail.subtitle", defaultMessage: "{kind} · {modality} · {status}" },
                {
                  kind: label(ACTIVITY_KINDS, a.kind),
                  modality: label(MODALITIES, a.modality),
                  status: slot("status"),
                },
              ),
              { status: <StatusBadge status={a.status} /> },
            )}
          </>
        }
        actions={
          canEdit ? (
            <>
              <ButtonLink to={`/networks/${network.id}/activities/${a.id}/edit`}>
                {t({ id: "activities.detail.edit", defaultMessage: "Edit" })}
              </ButtonLink>
              {confirmDelete ? (
                <>
                  <Button
                    variant="danger"
                    busy={remove.isPending}
                    onClick={() =>
                      remove.mutate(a.id, {
                        onSuccess: () => {
                          toast.notify(t({ id: "activities.detail.deleted", defaultMessage: "Activity deleted." }));
                          navigate(`/networks/${network.id}/activities`);
                        },
                        onError: (e) => toast.fail(errorMessage(e)),
                      })
                    }
                  >
                    {t({ id: "activities.detail.confirm_delete", defaultMessage: "Yes, delete" })}
                  </Button>
                  <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
                    {t({ id: "activities.detail.keep", defaultMessage: "Keep it" })}
                  </Button>
                </>
              ) : (
                <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
                  {t({ id: "activities.detail.delete", defaultMessage: "Delete…" })}
                </Button>
              )}
            </>
          ) : null
        }
      />
      <div className="grid">
        <Card title={t({ id: "activities.detail.about", defaultMessage: "About" })} id="about">
          <dl className="details">
            <dt>{t({ id: "activities.detail.when", defaultMessage: "When" })}</dt>
            <dd>{formatSpan(a.starts_at, a.ends_at, { time: true })}</dd>
            <dt>{t({ id: "activities.detail.where", defaultMessage: "Where" })}</dt>
            <dd>{place(a.location, a.country) ?? none}</dd>
            <dt>{t({ id: "activities.detail.facilitators", defaultMessage: "Facilitators (give)" })}</dt>
            <dd>{orgNames(a.facilitator_ids)}</dd>
            <dt>{t({ id: "activities.detail.participants_orgs", defaultMessage: "Participants (receive)" })}</dt>
            <dd>{orgNames(a.participant_ids)}</dd>
            <dt>{t({ id: "activities.detail.participants", defaultMessage: "Participants" })}</dt>
            <dd>
              {a.participants_count === null || a.participants_count === undefined
                ? none
                : g
                  ? t(
                      {
                        id: "activities.detail.count_by_gender",
                        defaultMessage:
                          "{count} (women {women}, men {men}, non-binary {nonBinary}, undisclosed {undisclosed})",
                      },
                      {
                        count: a.participants_count,
                        women: g.women,
                        men: g.men,
                        nonBinary: g.non_binary,
                        undisclosed: g.undisclosed,
                      },
                    )
                  : formatNumber(a.participants_count)}
            </dd>
            <dt>{t({ id: "activities.detail.capacity_areas", defaultMessage: "Capacity areas" })}</dt>
            <dd>{listed(a.capacity_areas.map((c) => label(CAPACITY_AREAS, c)))}</dd>
            <dt>{t({ id: "activities.detail.skills", defaultMessage: "Skills" })}</dt>
            <dd>{listed(a.skill_kinds.map((c) => label(SKILL_KINDS, c)))}</dd>
            <dt>{t({ id: "activities.detail.themes", defaultMessage: "Themes" })}</dt>
            <dd>{listed(a.themes)}</dd>
            {a.series_id ? (
              <>
                <dt>{t({ id: "activities.detail.series", defaultMessage: "Series" })}</dt>
                <dd>
                  <SeriesName id={a.series_id} networkId={network.id} />
                </dd>
              </>
            ) : null}
            {a.cascade_of ? (
              <>
                <dt>{t({ id: "activities.detail.passes_on", defaultMessage: "Passes on" })}</dt>
                <dd>
                  <Link to={`/networks/${network.id}/activities/${a.cascade_of}`}>
                    {t({
                      id: "activities.detail.passes_on_value",
                      defaultMessage: "the original activity (a multiplier)",
                    })}
                  </Link>
                </dd>
              </>
            ) : null}
            <dt>{t({ id: "activities.detail.follow_up_expected", defaultMessage: "Follow-up expected" })}</dt>
            <dd>
              {a.follow_up_expected
                ? t({ id: "activities.detail.yes", defaultMessage: "Yes" })
                : t({ id: "activities.detail.no", defaultMessage: "No" })}
            </dd>
          </dl>
          {a.description ? <p className="prewrap">{a.description}</p> : null}
        </Card>
        <Card
          title={t({ id: "activities.detail.follow_ups", defaultMessage: "Follow-ups" })}
          id="followups"
          actions={
            canEdit && !adding ? (
              <Button size="sm" variant="primary" onClick={() => setAdding(true)}>
                {t({ id: "activities.detail.add_follow_up", defaultMessage: "Add a follow-up" })}
              </Button>
            ) : undefined
          }
        >
          {adding ? (
            <FollowUpForm
              networkId={network.id}
              activityId={a.id}
              focusOnOpen
              onDone={() => {
                setAdding(false);
                // Done with the link's request: a reload shows the page as usual.
                if (params.has("plan")) {
                  const next = new URLSearchParams(params);
                  next.delete("plan");
                  setParams(next, { replace: true });
                }
              }}
            />
          ) : null}
          <QueryState
            query={followUps}
            empty={(list) =>
              list.length === 0 ? (
                <Empty title={t({ id: "activities.detail.no_follow_up", defaultMessage: "No follow-up yet." })}>
                  {a.status === "held" && a.follow_up_expected
                    ? t({
                        id: "activities.detail.no_follow_up_hint",
                        defaultMessage:
                          "Learning sticks when it is followed up: plan a coaching call, an action plan or a check-in.",
                      })
                    : null}
                </Empty>
              ) : null
            }
          >
            {(list) => <FollowUpList items={list} networkId={network.id} canEdit={canEdit} />}
          </QueryState>
        </Card>
        <Card title={t({ id: "activities.detail.findings", defaultMessage: "Findings" })} id="activity-findings">
          <QueryState
            query={findings}
            empty={(data) =>
              data.pages[0]?.items.length ? null : (
                <Empty
                  title={t({
                    id: "activities.detail.no_findings",
                    defaultMessage: "Nothing detected for this activity.",
                  })}
                />
              )
            }
          >
            {(data) => (
              <>
                <ul className="finding-list">
                  {data.pages
                    .flatMap((p) => p.items)
                    .map((f) => (
                      <FindingRow
                        key={f.id}
                        finding={f}
                        networkId={network.id}
                        canAct={isCoordinator}
                        followUps={new Map((followUps.data ?? []).map((x) => [x.id, x]))}
                      />
                    ))}
                </ul>
                {findings.hasNextPage ? (
                  <Button size="sm" onClick={() => void findings.fetchNextPage()} busy={findings.isFetchingNextPage}>
                    {t({ id: "activities.detail.more_findings", defaultMessage: "Show more findings" })}
                  </Button>
                ) : null}
              </>
            )}
          </QueryState>
        </Card>
        <Card
          title={t({ id: "activities.detail.reflections", defaultMessage: "Reflections" })}
          id="activity-reflections"
        >
          {canEdit ? <ReflectionForm networkId={network.id} activityId={a.id} /> : null}
          <QueryState
            query={reflections}
            empty={(list) =>
              list.length === 0 ? (
                <Empty
                  title={t({
                    id: "activities.detail.no_reflections",
                    defaultMessage: "No reflections on this activity yet.",
                  })}
                />
              ) : null
            }
          >
            {(list) => <ReflectionList items={list} networkId={network.id} userId={userId} />}
          </QueryState>
        </Card>
        <Card title={t({ id: "activities.detail.history", defaultMessage: "History" })} id="history">
          <ul className="plain-list">
            <li>
              {creator
                ? t(
                    { id: "activities.detail.recorded_by", defaultMessage: "Recorded {when} by {name}" },
                    { when: formatDateTime(a.created_at), name: creator.name || creator.email },
                  )
                : t(
                    { id: "activities.detail.recorded", defaultMessage: "Recorded {when}" },
                    { when: formatDateTime(a.created_at) },
                  )}
            </li>
            {a.updated_at !== a.created_at ? (
              <li>
                {t(
                  { id: "activities.detail.last_changed", defaultMessage: "Last changed {when}" },
                  { when: formatDateTime(a.updated_at) },
                )}
              </li>
            ) : null}
            {(followUps.data ?? []).map((f) => (
              <li key={f.id}>
                {fill(
                  t(
                    {
                      id: "activities.detail.follow_up_added_status",
                      defaultMessage: "Follow-up “{title}” added {when} {status}",
                    },
                    { title: f.title, when: formatDateTime(f.created_at), status: slot("status") },
                  ),
                  { status: <Badge>{label(FOLLOW_UP_STATUSES, f.status)}</Badge> },
                )}
              </li>
            ))}
          </ul>
          {isCoordinator ? (
            <details>
              <summary>{t({ id: "activities.detail.audit", defaultMessage: "Every change (audit log)" })}</summary>
              <AuditTrail networkId={network.id} filters={{ entity: "activity", entity_id: a.id }} compact />
            </details>
          ) : null}
        </Card>
      </div>
    </>
  );
}
