import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useFindingPages, type Finding } from "../api/hooks/findings";
import type { FindingFilters } from "../api/keys";
import { useNetworkContext } from "../components/Layout";
import { Button, Empty, ErrorState, Loading, PageHeader, StatusBadge } from "../components/ui";
import { formatDate, relativeDays } from "../lib/format";
import { FINDING_KINDS, FINDING_KIND_ONE, FINDING_STATUS_FILTERS, label, options } from "../lib/labels";

export const FINDINGS_TEXT = {
  title: "Findings",
  subtitle: "What Drumbeat noticed: activities without a follow-up, overdue follow-ups and missed meetings.",
  filtersLabel: "Filter findings",
  search: "Search",
  searchPlaceholder: "Activity or series title",
  status: "Status",
  allStatuses: "All",
  kind: "Kind",
  anyKind: "Any kind",
  caption: "Findings",
  colFinding: "About",
  colKind: "Kind",
  colStatus: "Status",
  colSince: "Since",
  someActivity: "An activity",
  someSeries: "A recurring meeting",
  followUp: (title: string) => `Follow-up “${title}”`,
  dueOn: (date: string) => `due ${date}`,
  missedOn: (date: string) => `meeting of ${date}`,
  snoozedUntil: (date: string) => `snoozed until ${date}`,
  shown: (n: number, more: boolean) => `${n} ${n === 1 ? "finding" : "findings"} shown${more ? ", more to load" : ""}.`,
  loading: "Loading findings…",
  more: "Show more",
  emptyFiltered: "No finding matches these filters.",
  emptyOpen: "Nothing needs attention.",
  emptyOpenHint: "Every held activity has its follow-up and every meeting happened.",
  emptyAll: "Nothing has been detected in this network yet.",
  tableRegion: "Table, scrolls sideways on small screens",
} as const;

/** The status filter's URL value: absent means open (what needs attention), "all" means no filter. */
export const ALL_STATUSES = "all";

/** The page's filters from its URL, as the API takes them (an unknown value is the API's 422). */
export function findingFilters(params: URLSearchParams): FindingFilters {
  const status = params.get("status") || "open";
  const filters: FindingFilters = {};
  if (status !== ALL_STATUSES) filters.status = status as FindingFilters["status"];
  const kind = params.get("kind");
  if (kind) filters.kind = kind as FindingFilters["kind"];
  const q = params.get("q");
  if (q) filters.q = q;
  return filters;
}

function isSnoozed(f: Finding, now = Date.now()): boolean {
  return f.status === "acknowledged" && Boolean(f.snoozed_until) && new Date(f.snoozed_until ?? 0).getTime() > now;
}

function FindingTableRow({ finding: f, networkId, from }: { finding: Finding; networkId: string; from: string }) {
  const subject = f.subject_title ?? (f.kind === "series_gap" ? FINDINGS_TEXT.someSeries : FINDINGS_TEXT.someActivity);
  const detail =
    f.kind === "overdue_follow_up"
      ? [
          f.follow_up_title ? FINDINGS_TEXT.followUp(f.follow_up_title) : null,
          f.expected_on ? FINDINGS_TEXT.dueOn(formatDate(f.expected_on)) : null,
        ]
      : f.kind === "series_gap" && f.expected_on
        ? [FINDINGS_TEXT.missedOn(formatDate(f.expected_on))]
        : [];
  const shownDetail = detail.filter(Boolean).join(", ");
  const snoozed = isSnoozed(f);
  return (
    <tr data-kind={f.kind}>
      <td>
        {/* The list's filters go along, so the finding's way back returns to the same list. */}
        <Link to={`/networks/${networkId}/findings/${f.id}`} state={{ findingsSearch: from }}>
          {subject}
        </Link>
        {shownDetail ? <div className="muted small">{shownDetail}</div> : null}
      </td>
      <td>{label(FINDING_KIND_ONE, f.kind)}</td>
      <td>
        <StatusBadge status={snoozed ? "snoozed" : f.status} />
        {snoozed ? <div className="muted small">{FINDINGS_TEXT.snoozedUntil(formatDate(f.snoozed_until))}</div> : null}
      </td>
      <td>
        <time dateTime={f.opened_at}>{formatDate(f.opened_at)}</time>
        <div className="muted small">{relativeDays(f.opened_at)}</div>
      </td>
    </tr>
  );
}

export default function FindingsPage() {
  const { network } = useNetworkContext();
  const [params, setParams] = useSearchParams();
  const filters = findingFilters(params);
  const pages = useFindingPages(network.id, filters);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  // Search as the user types, but only once they pause: one request, not one per key.
  const [q, setQ] = useState(params.get("q") ?? "");
  useEffect(() => {
    if (q === (params.get("q") ?? "")) return;
    const t = window.setTimeout(() => setFilter("q", q), 300);
    return () => window.clearTimeout(t);
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const statusValue = params.get("status") || "open";
  const narrowed = Boolean(filters.kind || filters.q) || (filters.status !== undefined && filters.status !== "open");

  return (
    <>
      <PageHeader title={FINDINGS_TEXT.title} subtitle={FINDINGS_TEXT.subtitle} />
      <form
        className="filters"
        role="search"
        aria-label={FINDINGS_TEXT.filtersLabel}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="f-q">{FINDINGS_TEXT.search}</label>
          <input
            id="f-q"
            type="search"
            value={q}
            placeholder={FINDINGS_TEXT.searchPlaceholder}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="f-status">{FINDINGS_TEXT.status}</label>
          <select
            id="f-status"
            value={statusValue}
            onChange={(e) => setFilter("status", e.target.value === "open" ? "" : e.target.value)}
          >
            {options(FINDING_STATUS_FILTERS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
            <option value={ALL_STATUSES}>{FINDINGS_TEXT.allStatuses}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-kind">{FINDINGS_TEXT.kind}</label>
          <select id="f-kind" value={filters.kind ?? ""} onChange={(e) => setFilter("kind", e.target.value)}>
            <option value="">{FINDINGS_TEXT.anyKind}</option>
            {options(FINDING_KINDS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p className="muted small" role="status" aria-live="polite">
        {pages.isPending || pages.error ? "" : FINDINGS_TEXT.shown(items.length, Boolean(pages.hasNextPage))}
      </p>
      {pages.isPending ? (
        <Loading lines={6} label={FINDINGS_TEXT.loading} />
      ) : pages.error ? (
        <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
      ) : items.length === 0 ? (
        narrowed ? (
          <Empty title={FINDINGS_TEXT.emptyFiltered} />
        ) : filters.status === "open" ? (
          <Empty title={FINDINGS_TEXT.emptyOpen}>{FINDINGS_TEXT.emptyOpenHint}</Empty>
        ) : (
          <Empty title={FINDINGS_TEXT.emptyAll} />
        )
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={FINDINGS_TEXT.tableRegion}>
          <table className="table">
            <caption className="visually-hidden">{FINDINGS_TEXT.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{FINDINGS_TEXT.colFinding}</th>
                <th scope="col">{FINDINGS_TEXT.colKind}</th>
                <th scope="col">{FINDINGS_TEXT.colStatus}</th>
                <th scope="col">{FINDINGS_TEXT.colSince}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <FindingTableRow key={f.id} finding={f} networkId={network.id} from={params.toString()} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage ? (
        <div className="load-more">
          <Button onClick={() => void pages.fetchNextPage()} busy={pages.isFetchingNextPage}>
            {FINDINGS_TEXT.more}
          </Button>
        </div>
      ) : null}
    </>
  );
}
