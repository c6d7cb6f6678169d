import { Fragment, useState, type FormEvent, type ReactNode } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/client";
import { useActivity, type Activity } from "../api/hooks/activities";
import { useUpdateFinding, type Finding } from "../api/hooks/findings";
import type { FollowUp } from "../api/hooks/followups";
import type { Series } from "../api/hooks/series";
import { formatDate, formatSpan, relativeDays } from "../lib/format";
import { Button, StatusBadge } from "./ui";
import { useToast } from "./toast";
import { t } from "../i18n";

/** A placeholder's value that stands for a React element (a link) until `fill` puts it in. */
export function slot(name: string): string {
  return `\uE000${name}\uE001`;
}

/** A translated sentence with its slots replaced by elements: the words stay one message. */
export function fill(text: string, elements: Record<string, ReactNode>): ReactNode[] {
  return text
    .split(/\uE000([^\uE001]*)\uE001/)
    .map((piece, i) => (i % 2 === 0 ? piece : <Fragment key={i}>{elements[piece]}</Fragment>));
}

/** Whole days from a calendar date (YYYY-MM-DD) to today, in the user's zone. */
function daysSince(date: string, now: Date = new Date()): number {
  const [y, m, d] = date.split("-").map(Number);
  const then = new Date(y ?? 0, (m ?? 1) - 1, d ?? 1).getTime();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  return Math.round((today - then) / 86_400_000);
}

/** Acknowledged with a snooze that has not ended: reminders wait until then. */
export function isSnoozed(f: Finding, now = Date.now()): boolean {
  return f.status === "acknowledged" && Boolean(f.snoozed_until) && new Date(f.snoozed_until ?? 0).getTime() > now;
}

/**
 * A sentence about a finding whose condition still holds (open or acknowledged), completed
 * with what its acknowledgement means: snoozed until a day, or no reminders at all.
 */
function withAcknowledgement(finding: Finding, sentence: string): string {
  if (finding.status !== "acknowledged") return sentence;
  return isSnoozed(finding)
    ? t(
        { id: "findings.subject.snoozed", defaultMessage: "{sentence}; reminders are snoozed until {date}" },
        { sentence, date: formatDate(finding.snoozed_until) },
      )
    : t(
        {
          id: "findings.subject.acknowledged",
          defaultMessage: "{sentence}; a coordinator acknowledged it, so no reminders are sent",
        },
        { sentence },
      );
}

/** The missed occurrence of a series, as its status tells it. */
function seriesGapSentence(finding: Finding): string {
  const values = { series: slot("series"), date: formatDate(finding.expected_on) };
  if (finding.status === "resolved")
    return t(
      {
        id: "findings.subject.series_gap_resolved",
        defaultMessage: "Resolved: the missed meeting of {series} on {date} no longer needs action",
      },
      values,
    );
  if (finding.status === "dismissed")
    return t(
      {
        id: "findings.subject.series_gap_dismissed",
        defaultMessage: "Dismissed: the missed meeting of {series} on {date} needs no action",
      },
      values,
    );
  return withAcknowledgement(
    finding,
    t({ id: "findings.subject.series_gap", defaultMessage: "{series} did not meet on {date}" }, values),
  );
}

/** A late follow-up (named when its title is known), as its status tells it. */
function overdueSentence(finding: Finding, isNamed: boolean, dueOn: string | null): string {
  const named = { followUp: slot("followUp"), activity: slot("activity") };
  if (finding.status === "resolved" || finding.status === "dismissed") {
    return finding.status === "resolved"
      ? t(
          {
            id: "findings.subject.overdue_resolved",
            defaultMessage: "Resolved: {followUp}, after {activity}, is no longer overdue",
          },
          named,
        )
      : t(
          {
            id: "findings.subject.overdue_dismissed",
            defaultMessage: "Dismissed: {followUp}, after {activity}, was overdue but needs no action",
          },
          named,
        );
  }
  if (!isNamed || !dueOn) {
    return withAcknowledgement(
      finding,
      isNamed
        ? t({ id: "findings.subject.overdue_named", defaultMessage: "{followUp}, after {activity}, is overdue" }, named)
        : t(
            { id: "findings.subject.overdue_unknown", defaultMessage: "A follow-up is overdue after {activity}" },
            { activity: slot("activity") },
          ),
    );
  }
  const late = daysSince(dueOn);
  return withAcknowledgement(
    finding,
    late > 0
      ? t(
          {
            id: "findings.subject.overdue",
            defaultMessage:
              "{followUp}, after {activity}, is {days, plural, one {# day overdue} other {# days overdue}}",
          },
          { ...named, days: late },
        )
      : t(
          { id: "findings.subject.due", defaultMessage: "{followUp}, after {activity}, is due {when}" },
          { ...named, when: relativeDays(dueOn) },
        ),
  );
}

/** An activity held without a follow-up, as its status tells it (held: its dates, if known). */
function missingSentence(finding: Finding, held: string | null): string {
  const values = { activity: slot("activity") };
  if (finding.status === "resolved")
    return t(
      { id: "findings.subject.missing_resolved", defaultMessage: "Resolved: {activity} no longer lacks a follow-up" },
      values,
    );
  if (finding.status === "dismissed")
    return t(
      {
        id: "findings.subject.missing_dismissed",
        defaultMessage: "Dismissed: the missing follow-up for {activity} needs no action",
      },
      values,
    );
  return withAcknowledgement(
    finding,
    held
      ? t(
          { id: "findings.subject.missing_held", defaultMessage: "{activity} (held {date}) has no follow-up yet" },
          { ...values, date: held },
        )
      : t({ id: "findings.subject.missing", defaultMessage: "{activity} has no follow-up yet" }, values),
  );
}

/** What a finding is about, in words that fit its status, with a link to the subject. */
export function FindingSubject({
  finding,
  networkId,
  followUps,
  series,
  activities,
}: {
  finding: Finding;
  networkId: string;
  followUps?: Map<string, FollowUp>;
  series?: Map<string, Series>;
  /** The activities of a whole list, read in one go (null: still on their way); else each
   *  finding reads its own. */
  activities?: Map<string, Activity> | null;
}) {
  const followUp = finding.follow_up_id ? followUps?.get(finding.follow_up_id) : undefined;
  const activityId = finding.activity_id ?? followUp?.activity_id;
  const own = useActivity(activities === undefined ? (activityId ?? undefined) : undefined);
  const activity =
    activities === undefined
      ? own
      : {
          data: activityId ? activities?.get(activityId) : undefined,
          isPending: activities === null,
        };
  const base = `/networks/${networkId}`;
  if (finding.kind === "series_gap") {
    const s = finding.series_id ? series?.get(finding.series_id) : undefined;
    const link = (
      <Link to={`${base}/series/${finding.series_id}`}>
        {s?.title ??
          finding.subject_title ??
          t({ id: "findings.subject.some_series", defaultMessage: "A recurring meeting" })}
      </Link>
    );
    return <span>{fill(seriesGapSentence(finding), { series: link })}</span>;
  }
  const title =
    activity.data?.title ??
    finding.subject_title ??
    (activity.isPending && activityId
      ? "…"
      : t({ id: "findings.subject.some_activity", defaultMessage: "An activity" }));
  const activityLink = activityId ? <Link to={`${base}/activities/${activityId}`}>{title}</Link> : title;
  if (finding.kind === "overdue_follow_up") {
    // The list of follow-ups, when the caller has it, else what the finding itself says.
    const followUpTitle = followUp?.title ?? finding.follow_up_title;
    const dueOn = followUp?.due_on ?? finding.expected_on;
    return (
      <span>
        {fill(overdueSentence(finding, Boolean(followUpTitle), dueOn), {
          followUp: (
            <strong>
              {followUpTitle ?? t({ id: "findings.subject.some_follow_up", defaultMessage: "A follow-up" })}
            </strong>
          ),
          activity: activityLink,
        })}
      </span>
    );
  }
  const held = activity.data ? formatSpan(activity.data.starts_at, activity.data.ends_at) : null;
  return <span>{fill(missingSentence(finding, held), { activity: activityLink })}</span>;
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
        onClick={() =>
          run({ status: "open" }, t({ id: "findings.actions.reopened", defaultMessage: "Finding re-opened." }))
        }
      >
        {t({ id: "findings.actions.reopen", defaultMessage: "Re-open" })}
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
          run(
            { status: "acknowledged", snoozed_until: until },
            t(
              {
                id: "findings.actions.snoozed",
                defaultMessage: "Snoozed for {days, plural, one {# day} other {# days}}.",
              },
              { days: Number(days) },
            ),
          );
        }}
      >
        <label htmlFor={`snooze-${finding.id}`}>
          {t({ id: "findings.actions.snooze_for", defaultMessage: "Snooze reminders for" })}
        </label>
        <select id={`snooze-${finding.id}`} autoFocus value={days} onChange={(e) => setDays(e.target.value)}>
          {SNOOZE_OPTIONS.map((d) => (
            <option key={d} value={d}>
              {t(
                { id: "findings.actions.snooze_days", defaultMessage: "{days, plural, one {# day} other {# days}}" },
                { days: d },
              )}
            </option>
          ))}
        </select>
        <Button type="submit" size="sm" variant="primary" busy={update.isPending}>
          {t({ id: "findings.actions.snooze", defaultMessage: "Snooze" })}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setMode("none")}>
          {t({ id: "findings.actions.cancel", defaultMessage: "Cancel" })}
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
            setReasonError(
              t({
                id: "findings.actions.reason_required",
                defaultMessage: "Say why this finding does not need action.",
              }),
            );
            return;
          }
          run(
            { status: "dismissed", dismissed_reason: reason.trim() },
            t({ id: "findings.actions.dismissed", defaultMessage: "Finding dismissed." }),
          );
        }}
      >
        <label htmlFor={`reason-${finding.id}`}>
          {t({ id: "findings.actions.why_dismiss", defaultMessage: "Why dismiss?" })}
        </label>
        <input
          id={`reason-${finding.id}`}
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={Boolean(reasonError) || undefined}
          aria-describedby={reasonError ? `reason-${finding.id}-error` : undefined}
          placeholder={t({
            id: "findings.actions.reason_placeholder",
            defaultMessage: "e.g. the follow-up happened outside Drumbeat",
          })}
        />
        {reasonError ? (
          <span id={`reason-${finding.id}-error`} className="field-error">
            {reasonError}
          </span>
        ) : null}
        <Button type="submit" size="sm" variant="danger" busy={update.isPending}>
          {t({ id: "findings.actions.dismiss", defaultMessage: "Dismiss" })}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setMode("none")}>
          {t({ id: "findings.actions.cancel", defaultMessage: "Cancel" })}
        </Button>
      </form>
    );
  }
  return (
    <div className="row-actions">
      <Button
        size="sm"
        busy={update.isPending}
        onClick={() =>
          run(
            { status: "acknowledged" },
            t({ id: "findings.actions.acknowledged", defaultMessage: "Finding acknowledged." }),
          )
        }
      >
        {t({ id: "findings.actions.acknowledge", defaultMessage: "Acknowledge" })}
      </Button>
      <Button size="sm" onClick={() => setMode("snooze")}>
        {t({ id: "findings.actions.snooze_more", defaultMessage: "Snooze…" })}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setMode("dismiss")}>
        {t({ id: "findings.actions.dismiss_more", defaultMessage: "Dismiss…" })}
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
  activities,
}: {
  finding: Finding;
  networkId: string;
  canAct: boolean;
  activities?: Map<string, Activity> | null;
  followUps?: Map<string, FollowUp>;
  series?: Map<string, Series>;
}) {
  return (
    <li className="finding-row" data-kind={finding.kind}>
      <div className="finding-main">
        <FindingSubject
          finding={finding}
          networkId={networkId}
          followUps={followUps}
          series={series}
          activities={activities}
        />
        <div className="muted small">
          {fill(
            t(
              { id: "findings.row.meta", defaultMessage: "{status} opened {date} · {details}" },
              { status: slot("status"), date: formatDate(finding.opened_at), details: slot("details") },
            ),
            {
              status: <StatusBadge status={finding.status} />,
              details: (
                <Link to={`/networks/${networkId}/findings/${finding.id}`}>
                  {t({ id: "findings.row.details", defaultMessage: "Details and reminders" })}
                </Link>
              ),
            },
          )}
        </div>
      </div>
      {canAct ? <FindingActions finding={finding} networkId={networkId} /> : null}
    </li>
  );
}
