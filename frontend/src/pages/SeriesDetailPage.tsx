import { useMemo } from "react";
import { Link, useParams } from "react-router";
import { useOccurrences, useSeries, type Occurrence } from "../api/hooks/series";
import { useNetworkContext } from "../components/Layout";
import { ButtonLink, Card, Empty, PageHeader, QueryState, Stat, StatusBadge } from "../components/ui";
import { formatDate, formatInZone, formatNumber, percent } from "../lib/format";
import { ACTIVITY_KINDS, label } from "../lib/labels";
import { ruleInWords, seriesEnd, type SeriesEnd } from "../lib/recurrence";
import { t } from "../i18n";

export function timelineSummary(items: Occurrence[]): {
  held: number;
  missed: number;
  upcoming: number;
  rate: number | null;
} {
  const held = items.filter((o) => o.status === "held").length;
  const missed = items.filter((o) => o.status === "missed").length;
  const upcoming = items.filter((o) => o.status === "upcoming").length;
  return { held, missed, upcoming, rate: held + missed ? held / (held + missed) : null };
}

/** The series' own span, from its first meeting to its end (or none). */
function seriesSpan(dtstart: string, end: SeriesEnd): string {
  const start = formatDate(dtstart.slice(0, 10));
  switch (end.kind) {
    case "until":
      return t(
        { id: "series.detail.span_until", defaultMessage: "From {start} to {end}." },
        { start, end: formatDate(end.date) },
      );
    case "count":
      return t(
        {
          id: "series.detail.span_count",
          defaultMessage: "From {start}, {count, plural, one {a single meeting} other {# meetings}} in all.",
        },
        { start, count: end.count },
      );
    case "never":
      return t({ id: "series.detail.span_never", defaultMessage: "From {start}, with no end." }, { start });
  }
}

export default function SeriesDetailPage() {
  const { seriesId = "" } = useParams();
  const { network, canEdit } = useNetworkContext();
  const series = useSeries(seriesId);
  const range = useMemo(() => {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear() - 3, 0, 1)).toISOString();
    const to = new Date(Date.UTC(now.getUTCFullYear() + 2, 0, 1)).toISOString();
    return { from, to };
  }, []);
  const occurrences = useOccurrences(seriesId, range.from, range.to);
  return (
    <QueryState query={series} lines={6}>
      {(s) => (
        <>
          <PageHeader
            title={s.title}
            subtitle={t(
              { id: "series.detail.subtitle", defaultMessage: "{kind} · {rule} · {zone}" },
              { kind: label(ACTIVITY_KINDS, s.kind), rule: ruleInWords(s.rrule, s.dtstart), zone: s.timezone },
            )}
            actions={
              canEdit ? (
                <>
                  <ButtonLink to={`/networks/${network.id}/series/${s.id}/edit`}>
                    {t({ id: "series.detail.edit", defaultMessage: "Edit" })}
                  </ButtonLink>
                  <ButtonLink variant="primary" to={`/networks/${network.id}/activities/new?series_id=${s.id}`}>
                    {t({ id: "series.detail.record", defaultMessage: "Record a meeting" })}
                  </ButtonLink>
                </>
              ) : undefined
            }
          />
          {s.description ? <p>{s.description}</p> : null}
          <QueryState query={occurrences} lines={6}>
            {({ items, truncated }) => {
              const sum = timelineSummary(items);
              return (
                <>
                  <div className="stats">
                    <Stat
                      label={t({ id: "series.detail.stat_held", defaultMessage: "Held" })}
                      value={formatNumber(sum.held)}
                    />
                    <Stat
                      label={t({ id: "series.detail.stat_missed", defaultMessage: "Missed" })}
                      value={formatNumber(sum.missed)}
                    />
                    <Stat
                      label={t({ id: "series.detail.stat_upcoming", defaultMessage: "Upcoming" })}
                      value={formatNumber(sum.upcoming)}
                    />
                    <Stat
                      label={t({ id: "series.detail.stat_on_cadence", defaultMessage: "On cadence" })}
                      value={percent(sum.rate)}
                    />
                  </div>
                  <Card title={t({ id: "series.detail.meetings", defaultMessage: "Meetings" })} id="timeline">
                    {truncated ? (
                      <p className="muted" role="status">
                        {t(
                          {
                            id: "series.detail.truncated",
                            defaultMessage:
                              "Showing the first {count, plural, one {meeting} other {# meetings}} of this window; the figures above count only these.",
                          },
                          { count: items.length },
                        )}
                      </p>
                    ) : null}
                    {items.length === 0 ? (
                      <Empty
                        title={t({
                          id: "series.detail.empty",
                          defaultMessage: "No meeting is expected in this window.",
                        })}
                      />
                    ) : (
                      <ol
                        className="timeline"
                        aria-label={t({ id: "series.detail.timeline_label", defaultMessage: "Meetings, oldest first" })}
                      >
                        {items.map((o) => (
                          <li key={o.at} data-status={o.status}>
                            <span className={`dot dot-${o.status}`} aria-hidden="true" />
                            <span>
                              {formatInZone(o.at, s.timezone)}
                              {o.activity_id ? (
                                <Link
                                  className="timeline-link"
                                  to={`/networks/${network.id}/activities/${o.activity_id}`}
                                >
                                  {t(
                                    { id: "series.timeline.meeting_link", defaultMessage: "Meeting of {date}" },
                                    // The meeting's day where it is held (its local time), as a date.
                                    { date: formatDate(o.local.slice(0, 10)) },
                                  )}
                                </Link>
                              ) : null}
                            </span>
                            <StatusBadge status={o.status} />
                          </li>
                        ))}
                      </ol>
                    )}
                    <p className="muted small">{seriesSpan(s.dtstart, seriesEnd(s.rrule, s.ends_on))}</p>
                    <p className="muted small">
                      {t(
                        {
                          id: "series.detail.tolerance",
                          defaultMessage:
                            "A meeting counts as held when an activity of this series was held within {days, plural, one {# day} other {# days}}.",
                        },
                        { days: s.tolerance_days },
                      )}
                    </p>
                  </Card>
                </>
              );
            }}
          </QueryState>
        </>
      )}
    </QueryState>
  );
}
