import { Fragment, useState, type FormEvent, type ReactNode } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/client";
import { useActivity } from "../api/hooks/activities";
import { useUpdateFinding, type Finding } from "../api/hooks/findings";
import type { FollowUp } from "../api/hooks/followups";
import type { Series } from "../api/hooks/series";
import { formatDate, relativeDays } from "../lib/format";
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
    const link = (
      <Link to={`${base}/series/${finding.series_id}`}>
        {s?.title ?? t({ id: "findings.subject.some_series", defaultMessage: "A recurring meeting" })}
      </Link>
    );
    return (
      <span>
        {fill(
          t(
            { id: "findings.subject.series_gap", defaultMessage: "{series} did not meet on {date}" },
            { series: slot("series"), date: formatDate(finding.expected_on) },
          ),
          { series: link },
        )}
      </span>
    );
  }
  const title =
    activity.data?.title ??
    (activity.isPending && activityId
      ? "…"
      : t({ id: "findings.subject.some_activity", defaultMessage: "An activity" }));
  const activityLink = activityId ? <Link to={`${base}/activities/${activityId}`}>{title}</Link> : title;
  if (finding.kind === "overdue_follow_up") {
    if (!followUp) {
      return (
        <span>
          {fill(
            t(
              { id: "findings.subject.overdue_unknown", defaultMessage: "A follow-up is overdue after {activity}" },
              { activity: slot("activity") },
            ),
            { activity: activityLink },
          )}
        </span>
      );
    }
    const late = daysSince(followUp.due_on);
    const elements = { followUp: <strong>{followUp.title}</strong>, activity: activityLink };
    return (
      <span>
        {late > 0
          ? fill(
              t(
                {
                  id: "findings.subject.overdue",
                  defaultMessage:
                    "{followUp}, after {activity}, is {days, plural, one {# day overdue} other {# days overdue}}",
                },
                { followUp: slot("followUp"), activity: slot("activity"), days: late },
              ),
              elements,
            )
          : fill(
              t(
                { id: "findings.subject.due", defaultMessage: "{followUp}, after {activity}, is due {when}" },
                { followUp: slot("followUp"), activity: slot("activity"), when: relativeDays(followUp.due_on) },
              ),
              elements,
            )}
      </span>
    );
  }
  return (
    <span>
      {activity.data
        ? fill(
            t(
              { id: "findings.subject.missing_held", defaultMessage: "{activity} (held {date}) has no follow-up yet" },
              { activity: slot("activity"), date: formatDate(activity.data.ends_at) },
            ),
            { activity: activityLink },
          )
        : fill(
            t(
              { id: "findings.subject.missing", defaultMessage: "{activity} has no follow-up yet" },
              { activity: slot("activity") },
            ),
            { activity: activityLink },
          )}
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
          <StatusBadge status={finding.status} />{" "}
          {t({ id: "findings.row.opened", defaultMessage: "opened {date}" }, { date: formatDate(finding.opened_at) })}
          {" · "}
          <Link to={`/networks/${networkId}/findings/${finding.id}`}>
            {t({ id: "findings.row.details", defaultMessage: "Details and reminders" })}
          </Link>
          {finding.snoozed_until
            ? ` · ${t(
                { id: "findings.row.snoozed_until", defaultMessage: "snoozed until {date}" },
                { date: formatDate(finding.snoozed_until) },
              )}`
            : ""}
        </div>
      </div>
      {canAct ? <FindingActions finding={finding} networkId={networkId} /> : null}
    </li>
  );
}
