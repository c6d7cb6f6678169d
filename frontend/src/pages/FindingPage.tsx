import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { errorMessage } from "../api/client";
import { useFinding } from "../api/hooks/findings";
import { useUpdateFollowUp } from "../api/hooks/followups";
import { FindingActions, FindingSubject, fill, slot } from "../components/findings";
import { DataTable } from "../components/DataTable";
import { useNetworkContext } from "../components/Layout";
import { useToast } from "../components/toast";
import { Button, ButtonLink, Card, Empty, PageHeader, QueryState, StatusBadge } from "../components/ui";
import { formatDate, formatDateTime, formatDay, todayIso } from "../lib/format";
import { FINDING_KIND_ONE, label } from "../lib/labels";
import { t } from "../i18n";

export default function FindingPage() {
  const { findingId = "" } = useParams();
  const { network, isCoordinator, canEdit } = useNetworkContext();
  const finding = useFinding(findingId);
  // Coming from the findings list, the way back keeps its filters; from an email, the open ones.
  const from = (useLocation().state as { findingsSearch?: string } | null)?.findingsSearch;
  const markDone = useUpdateFollowUp(network.id);
  const toast = useToast();
  // The worker, not this action, resolves the finding (at its next pass): until the finding
  // reads resolved, the page says so rather than leave it looking untouched.
  const [awaitingWorker, setAwaitingWorker] = useState(false);
  function markFollowUpDone(followUpId: string | null) {
    if (!followUpId) return;
    markDone.mutate(
      { id: followUpId, body: { status: "done", completed_on: todayIso() } },
      {
        onSuccess: async () => {
          toast.notify(t({ id: "findings.page.marked_done", defaultMessage: "Follow-up marked done." }));
          const fresh = await finding.refetch();
          setAwaitingWorker(fresh.data?.status !== "resolved");
        },
        onError: (e) => toast.fail(errorMessage(e)),
      },
    );
  }
  return (
    <>
      <nav aria-label={t({ id: "findings.page.breadcrumb", defaultMessage: "Breadcrumb" })} className="breadcrumb">
        <Link to={`/networks/${network.id}/findings${from ? `?${from}` : ""}`}>
          {fill(t({ id: "findings.page.back_to", defaultMessage: "{arrow} All findings" }, { arrow: slot("arrow") }), {
            // The arrow points back the way the language reads: a translation may turn it.
            arrow: <span aria-hidden="true">{t({ id: "findings.page.back_arrow", defaultMessage: "←" })}</span>,
          })}
        </Link>
      </nav>
      <QueryState query={finding} lines={6}>
        {(f) => (
          <>
            <PageHeader
              title={label(FINDING_KIND_ONE, f.kind)}
              subtitle={
                <>
                  {fill(
                    t(
                      { id: "findings.page.status_opened", defaultMessage: "{status} opened {when}" },
                      { status: slot("status"), when: formatDateTime(f.opened_at) },
                    ),
                    { status: <StatusBadge status={f.status} /> },
                  )}
                </>
              }
              actions={
                canEdit && f.kind === "missing_follow_up" && f.activity_id && f.status !== "resolved" ? (
                  <ButtonLink
                    variant="primary"
                    to={`/networks/${network.id}/activities/${f.activity_id}?plan=follow-up`}
                  >
                    {t({ id: "findings.page.plan_follow_up", defaultMessage: "Plan a follow-up" })}
                  </ButtonLink>
                ) : canEdit && f.kind === "overdue_follow_up" && f.follow_up_id && f.status !== "resolved" ? (
                  <Button variant="primary" busy={markDone.isPending} onClick={() => markFollowUpDone(f.follow_up_id)}>
                    {t({ id: "findings.page.mark_done", defaultMessage: "Mark the follow-up done" })}
                  </Button>
                ) : undefined
              }
            />
            {awaitingWorker && f.status !== "resolved" ? (
              <p className="notice" role="status">
                {t({
                  id: "findings.page.awaiting_worker",
                  defaultMessage:
                    "The follow-up is done. Drumbeat checks again at its next pass and will then mark this finding resolved.",
                })}
              </p>
            ) : null}
            <div className="grid">
              <Card title={t({ id: "findings.page.what", defaultMessage: "What was detected" })} id="what">
                <p>
                  <FindingSubject finding={f} networkId={network.id} />
                </p>
                <dl className="details">
                  {f.expected_on ? (
                    <>
                      <dt>
                        {f.kind === "series_gap"
                          ? t({ id: "findings.page.expected_on", defaultMessage: "Meeting expected on" })
                          : t({ id: "findings.page.due_on", defaultMessage: "Follow-up due on" })}
                      </dt>
                      <dd>{formatDate(f.expected_on)}</dd>
                    </>
                  ) : null}
                  {/* A day, in the network's zone where the worker counts days: never a time of day. */}
                  <dt>{t({ id: "findings.page.arose", defaultMessage: "Condition arose" })}</dt>
                  <dd>{formatDay(f.arose_at, network.timezone)}</dd>
                  <dt>{t({ id: "findings.page.resolved", defaultMessage: "Resolved" })}</dt>
                  <dd>{formatDateTime(f.resolved_at)}</dd>
                  <dt>{t({ id: "findings.page.snoozed_until", defaultMessage: "Snoozed until" })}</dt>
                  <dd>{formatDate(f.snoozed_until)}</dd>
                  {f.dismissed_reason ? (
                    <>
                      <dt>{t({ id: "findings.page.dismissed_because", defaultMessage: "Dismissed because" })}</dt>
                      <dd>{f.dismissed_reason}</dd>
                    </>
                  ) : null}
                </dl>
                {isCoordinator ? <FindingActions finding={f} networkId={network.id} /> : null}
              </Card>
              <Card title={t({ id: "findings.page.reminders", defaultMessage: "Reminders" })} id="reminders">
                {f.reminders.length === 0 ? (
                  <Empty
                    title={t({ id: "findings.page.no_reminders", defaultMessage: "No reminders for this finding." })}
                  >
                    {t({
                      id: "findings.page.no_reminders_detail",
                      defaultMessage: "Findings that arose before the network’s “reminders since” date send none.",
                    })}
                  </Empty>
                ) : (
                  <DataTable
                    caption={t({
                      id: "findings.page.reminders_caption",
                      defaultMessage: "Reminders and their delivery",
                    })}
                    columns={[
                      t({ id: "findings.page.col_to", defaultMessage: "To" }),
                      t({ id: "findings.page.col_step", defaultMessage: "Step" }),
                      t({ id: "findings.page.col_due", defaultMessage: "Due" }),
                      t({ id: "findings.page.col_status", defaultMessage: "Status" }),
                      t({ id: "findings.page.col_why", defaultMessage: "Why" }),
                    ]}
                  >
                    {f.reminders.map((r) => (
                      <tr key={r.id}>
                        <td>{r.recipient_email}</td>
                        <td>{t({ id: "findings.page.step", defaultMessage: "day {step}" }, { step: r.step })}</td>
                        <td>{formatDateTime(r.due_at)}</td>
                        <td>
                          <StatusBadge status={r.status} />
                        </td>
                        <td>
                          {r.skip_reason ??
                            r.last_error ??
                            (r.sent_at
                              ? t(
                                  { id: "findings.page.sent", defaultMessage: "sent {when}" },
                                  { when: formatDateTime(r.sent_at) },
                                )
                              : t({ id: "findings.page.no_reason", defaultMessage: "—" }))}
                        </td>
                      </tr>
                    ))}
                  </DataTable>
                )}
              </Card>
            </div>
          </>
        )}
      </QueryState>
    </>
  );
}
