import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/client";
import { useActivity } from "../api/hooks/activities";
import { useUpdateFinding, type Finding } from "../api/hooks/findings";
import type { FollowUp } from "../api/hooks/followups";
import type { Series } from "../api/hooks/series";
import { formatDate, relativeDays } from "../lib/format";
import { Button, StatusBadge } from "./ui";
import { useToast } from "./toast";

/** What a finding is about, in words, with a link to the subject. */
export function FindingSubject({
  finding,
  networkId,
  followUps,
  series,
}: {
  finding: Finding;
  networkId: string;
  followUps?: Map<string, FollowUp>;
  series?: Map<string, Series>;
}) {
  const followUp = finding.follow_up_id ? followUps?.get(finding.follow_up_id) : undefined;
  const activityId = finding.activity_id ?? followUp?.activity_id;
  const activity = useActivity(activityId ?? undefined);
  const base = `/networks/${networkId}`;
  if (finding.kind === "series_gap") {
    const s = finding.series_id ? series?.get(finding.series_id) : undefined;
    return (
      <span>
        <Link to={`${base}/series/${finding.series_id}`}>{s?.title ?? "A recurring meeting"}</Link> did not meet on{" "}
        {formatDate(finding.expected_on)}
      </span>
    );
  }
  const title = activity.data?.title ?? (activity.isPending && activityId ? "…" : "An activity");
  if (finding.kind === "overdue_follow_up") {
    return (
      <span>
        {followUp ? <strong>{followUp.title}</strong> : "A follow-up"}
        {followUp ? ` was due ${relativeDays(followUp.due_on)}` : " is overdue"} after{" "}
        {activityId ? <Link to={`${base}/activities/${activityId}`}>{title}</Link> : title}
      </span>
    );
  }
  return (
    <span>
      {activityId ? <Link to={`${base}/activities/${activityId}`}>{title}</Link> : title}
      {activity.data ? ` (held ${formatDate(activity.data.ends_at)})` : ""} has no follow-up yet
    </span>
  );
}

const SNOOZE_OPTIONS = [7, 14, 30];

/** Acknowledge, snooze or dismiss a finding (coordinators). */
export function FindingActions({ finding, networkId }: { finding: Finding; networkId: string }) {
  const update = useUpdateFinding(networkId);
  const toast = useToast();
  const [mode, setMode] = useState<"none" | "snooze" | "dismiss">("none");
  const [days, setDays] = useState("14");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();

  function run(body: Parameters<typeof update.mutate>[0]["body"], done: string) {
    update.mutate(
      { id: finding.id, body },
      {
        onSuccess: () => {
          toast.notify(done);
          setMode("none");
        },
        onError: (e) => toast.fail(errorMessage(e)),
      },
    );
  }

  if (finding.status === "resolved") return null;
  if (finding.status !== "open") {
    return (
      <Button
        size="sm"
        variant="ghost"
        busy={update.isPending}
        onClick={() => run({ status: "open" }, "Finding re-opened.")}
      >
        Re-open
      </Button>
    );
  }
  if (mode === "snooze") {
    return (
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const until = new Date(Date.now() + Number(days) * 86_400_000).toISOString();
          run({ status: "acknowledged", snoozed_until: until }, `Snoozed for ${days} days.`);
        }}
      >
        <label htmlFor={`snooze-${finding.id}`}>Snooze reminders for</label>
        <select id={`snooze-${finding.id}`} autoFocus value={days} onChange={(e) => setDays(e.target.value)}>
          {SNOOZE_OPTIONS.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
        <Button type="submit" size="sm" variant="primary" busy={update.isPending}>
          Snooze
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setMode("none")}>
          Cancel
        </Button>
      </form>
    );
  }
  if (mode === "dismiss") {
    return (
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!reason.trim()) {
            setReasonError("Say why this finding does not need action.");
            return;
          }
          run({ status: "dismissed", dismissed_reason: reason.trim() }, "Finding dismissed.");
        }}
      >
        <label htmlFor={`reason-${finding.id}`}>Why dismiss?</label>
        <input
          id={`reason-${finding.id}`}
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={Boolean(reasonError) || undefined}
          aria-describedby={reasonError ? `reason-${finding.id}-error` : undefined}
          placeholder="e.g. the follow-up happened outside Drumbeat"
        />
        {reasonError ? (
          <span id={`reason-${finding.id}-error`} className="field-error">
            {reasonError}
          </span>
        ) : null}
        <Button type="submit" size="sm" variant="danger" busy={update.isPending}>
          Dismiss
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setMode("none")}>
          Cancel
        </Button>
      </form>
    );
  }
  return (
    <div className="row-actions">
      <Button
        size="sm"
        busy={update.isPending}
        onClick={() => run({ status: "acknowledged" }, "Finding acknowledged.")}
      >
        Acknowledge
      </Button>
      <Button size="sm" onClick={() => setMode("snooze")}>
        Snooze…
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setMode("dismiss")}>
        Dismiss…
      </Button>
    </div>
  );
}

export function FindingRow({
  finding,
  networkId,
  canAct,
  followUps,
  series,
}: {
  finding: Finding;
  networkId: string;
  canAct: boolean;
  followUps?: Map<string, FollowUp>;
  series?: Map<string, Series>;
}) {
  return (
    <li className="finding-row" data-kind={finding.kind}>
      <div className="finding-main">
        <FindingSubject finding={finding} networkId={networkId} followUps={followUps} series={series} />
        <div className="muted small">
          <StatusBadge status={finding.status} /> opened {formatDate(finding.opened_at)} ·{" "}
          <Link to={`/networks/${networkId}/findings/${finding.id}`}>Details and reminders</Link>
          {finding.snoozed_until ? ` · snoozed until ${formatDate(finding.snoozed_until)}` : ""}
        </div>
      </div>
      {canAct ? <FindingActions finding={finding} networkId={networkId} /> : null}
    </li>
  );
}
