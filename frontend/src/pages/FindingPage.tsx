import { Link, useLocation, useParams } from "react-router";
import { useFinding } from "../api/hooks/findings";
import { FindingActions, FindingSubject } from "../components/findings";
import { useNetworkContext } from "../components/Layout";
import { ButtonLink, Card, Empty, PageHeader, QueryState, StatusBadge } from "../components/ui";
import { formatDateTime } from "../lib/format";
import { FINDING_KIND_ONE, label } from "../lib/labels";

export const FINDING_TEXT = {
  breadcrumb: "Breadcrumb",
  back: "All findings",
  planFollowUp: "Plan a follow-up",
} as const;

export default function FindingPage() {
  const { findingId = "" } = useParams();
  const { network, isCoordinator, canEdit } = useNetworkContext();
  const finding = useFinding(findingId);
  // Coming from the findings list, the way back keeps its filters; from an email, the open ones.
  const from = (useLocation().state as { findingsSearch?: string } | null)?.findingsSearch;
  return (
    <>
      <nav aria-label={FINDING_TEXT.breadcrumb} className="breadcrumb">
        <Link to={`/networks/${network.id}/findings${from ? `?${from}` : ""}`}>
          <span aria-hidden="true">← </span>
          {FINDING_TEXT.back}
        </Link>
      </nav>
      <QueryState query={finding} lines={6}>
        {(f) => (
          <>
            <PageHeader
              title={label(FINDING_KIND_ONE, f.kind)}
              subtitle={
                <>
                  <StatusBadge status={f.status} /> opened {formatDateTime(f.opened_at)}
                </>
              }
              actions={
                canEdit && f.kind === "missing_follow_up" && f.activity_id && f.status !== "resolved" ? (
                  <ButtonLink
                    variant="primary"
                    to={`/networks/${network.id}/activities/${f.activity_id}?plan=follow-up`}
                  >
                    {FINDING_TEXT.planFollowUp}
                  </ButtonLink>
                ) : undefined
              }
            />
            <div className="grid">
              <Card title="What was detected" id="what">
                <p>
                  <FindingSubject finding={f} networkId={network.id} />
                </p>
                <dl className="details">
                  <dt>Condition arose</dt>
                  <dd>{formatDateTime(f.arose_at)}</dd>
                  <dt>Resolved</dt>
                  <dd>{formatDateTime(f.resolved_at)}</dd>
                  <dt>Snoozed until</dt>
                  <dd>{formatDateTime(f.snoozed_until)}</dd>
                  {f.dismissed_reason ? (
                    <>
                      <dt>Dismissed because</dt>
                      <dd>{f.dismissed_reason}</dd>
                    </>
                  ) : null}
                </dl>
                {isCoordinator ? <FindingActions finding={f} networkId={network.id} /> : null}
              </Card>
              <Card title="Reminders" id="reminders">
                {f.reminders.length === 0 ? (
                  <Empty title="No reminders for this finding.">
                    Findings that arose before the network's “reminders since” date send none.
                  </Empty>
                ) : (
                  <div
                    className="table-wrap"
                    tabIndex={0}
                    role="region"
                    aria-label="Table, scrolls sideways on small screens"
                  >
                    <table className="table">
                      <caption className="visually-hidden">Reminders and their delivery</caption>
                      <thead>
                        <tr>
                          <th scope="col">To</th>
                          <th scope="col">Step</th>
                          <th scope="col">Due</th>
                          <th scope="col">Status</th>
                          <th scope="col">Why</th>
                        </tr>
                      </thead>
                      <tbody>
                        {f.reminders.map((r) => (
                          <tr key={r.id}>
                            <td>{r.recipient_email}</td>
                            <td>day {r.step}</td>
                            <td>{formatDateTime(r.due_at)}</td>
                            <td>
                              <StatusBadge status={r.status} />
                            </td>
                            <td>
                              {r.skip_reason ?? r.last_error ?? (r.sent_at ? `sent ${formatDateTime(r.sent_at)}` : "—")}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </Card>
            </div>
          </>
        )}
      </QueryState>
    </>
  );
}
