import { Link } from "react-router";
import { useFindingPages, type Finding } from "../api/hooks/findings";
import type { FindingFilters } from "../api/keys";
import { isSnoozed } from "../components/findings";
import { DataTable, LoadMore } from "../components/DataTable";
import { FilterForm, SearchFilter, SelectFilter, useSearchText, useUrlFilters } from "../components/filters";
import { useNetworkContext } from "../components/Layout";
import { Empty, ErrorState, Loading, PageHeader, StatusBadge } from "../components/ui";
import { formatDate, relativeDays } from "../lib/format";
import { FINDING_KINDS, FINDING_KIND_ONE, FINDING_STATUS_FILTERS, label, options } from "../lib/labels";
import { t } from "../i18n";

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

function FindingTableRow({ finding: f, networkId, from }: { finding: Finding; networkId: string; from: string }) {
  const subject =
    f.subject_title ??
    (f.kind === "series_gap"
      ? t({ id: "findings.subject.some_series", defaultMessage: "A recurring meeting" })
      : t({ id: "findings.subject.some_activity", defaultMessage: "An activity" }));
  const due = f.expected_on ? formatDate(f.expected_on) : null;
  let shownDetail = "";
  if (f.kind === "overdue_follow_up") {
    if (f.follow_up_title && due)
      shownDetail = t(
        { id: "findings.list.follow_up_due", defaultMessage: "Follow-up “{title}”, due {date}" },
        { title: f.follow_up_title, date: due },
      );
    else if (f.follow_up_title)
      shownDetail = t(
        { id: "findings.list.follow_up", defaultMessage: "Follow-up “{title}”" },
        { title: f.follow_up_title },
      );
    else if (due) shownDetail = t({ id: "findings.list.due", defaultMessage: "due {date}" }, { date: due });
  } else if (f.kind === "series_gap" && due) {
    shownDetail = t({ id: "findings.list.missed_on", defaultMessage: "meeting of {date}" }, { date: due });
  }
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
        {snoozed ? (
          <div className="muted small">
            {t(
              { id: "findings.row.snoozed_until", defaultMessage: "snoozed until {date}" },
              { date: formatDate(f.snoozed_until) },
            )}
          </div>
        ) : null}
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
  const { params, setFilter, bind } = useUrlFilters();
  const filters = findingFilters(params);
  const pages = useFindingPages(network.id, filters);
  const [q, setQ] = useSearchText(params, setFilter);
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const statusValue = params.get("status") || "open";
  const narrowed = Boolean(filters.kind || filters.q) || (filters.status !== undefined && filters.status !== "open");

  return (
    <>
      <PageHeader
        title={t({ id: "findings.list.title", defaultMessage: "Findings" })}
        subtitle={t({
          id: "findings.list.subtitle",
          defaultMessage:
            "What Drumbeat noticed: activities without a follow-up, overdue follow-ups and missed meetings.",
        })}
      />
      <FilterForm label={t({ id: "findings.list.filters_label", defaultMessage: "Filter findings" })}>
        <SearchFilter
          label={t({ id: "findings.list.search", defaultMessage: "Search" })}
          placeholder={t({ id: "findings.list.search_placeholder", defaultMessage: "Activity or series title" })}
          value={q}
          onChange={setQ}
        />
        <SelectFilter
          id="f-status"
          label={t({ id: "findings.list.status", defaultMessage: "Status" })}
          value={statusValue}
          onChange={(v) => setFilter("status", v === "open" ? "" : v)}
          options={options(FINDING_STATUS_FILTERS)}
        >
          <option value={ALL_STATUSES}>{t({ id: "findings.list.all_statuses", defaultMessage: "All" })}</option>
        </SelectFilter>
        <SelectFilter
          id="f-kind"
          label={t({ id: "findings.list.kind", defaultMessage: "Kind" })}
          {...bind("kind")}
          any={t({ id: "findings.list.any_kind", defaultMessage: "Any kind" })}
          options={options(FINDING_KINDS)}
        />
      </FilterForm>
      <p className="muted small" role="status" aria-live="polite">
        {pages.isPending || pages.error
          ? ""
          : pages.hasNextPage
            ? t(
                {
                  id: "findings.list.shown_more",
                  defaultMessage:
                    "{count, plural, one {# finding shown, more to load.} other {# findings shown, more to load.}}",
                },
                { count: items.length },
              )
            : t(
                {
                  id: "findings.list.shown",
                  defaultMessage: "{count, plural, one {# finding shown.} other {# findings shown.}}",
                },
                { count: items.length },
              )}
      </p>
      {pages.isPending ? (
        <Loading lines={6} label={t({ id: "findings.list.loading", defaultMessage: "Loading findings…" })} />
      ) : pages.error ? (
        <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
      ) : items.length === 0 ? (
        narrowed ? (
          <Empty
            title={t({ id: "findings.list.none_matching", defaultMessage: "No finding matches these filters." })}
          />
        ) : filters.status === "open" ? (
          <Empty title={t({ id: "findings.list.none_open", defaultMessage: "Nothing needs attention." })}>
            {t({
              id: "findings.list.none_open_detail",
              defaultMessage: "Every held activity has its follow-up and every meeting happened.",
            })}
          </Empty>
        ) : (
          <Empty
            title={t({ id: "findings.list.none", defaultMessage: "Nothing has been detected in this network yet." })}
          />
        )
      ) : (
        <DataTable
          caption={t({ id: "findings.list.caption", defaultMessage: "Findings" })}
          columns={[
            t({ id: "findings.list.col_about", defaultMessage: "About" }),
            t({ id: "findings.list.col_kind", defaultMessage: "Kind" }),
            t({ id: "findings.list.col_status", defaultMessage: "Status" }),
            t({ id: "findings.list.col_since", defaultMessage: "Since" }),
          ]}
        >
          {items.map((f) => (
            <FindingTableRow key={f.id} finding={f} networkId={network.id} from={params.toString()} />
          ))}
        </DataTable>
      )}
      <LoadMore pages={pages} />
    </>
  );
}
