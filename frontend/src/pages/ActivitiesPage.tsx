import { useState } from "react";
import { Link } from "react-router";
import { useActivityPages } from "../api/hooks/activities";
import { useOrganisations, useOrganisationMap } from "../api/hooks/organisations";
import type { ActivityFilters } from "../api/keys";
import { CalendarPanel, CsvLink, ImportPanel } from "../components/exchange";
import { FilterForm, SearchFilter, SelectFilter, useSearchText, useUrlFilters } from "../components/filters";
import { DataTable, LoadMore } from "../components/DataTable";
import { useNetworkContext } from "../components/Layout";
import { Button, ButtonLink, Empty, ErrorState, Loading, PageHeader, StatusBadge } from "../components/ui";
import { ACTIVITY_KINDS, ACTIVITY_STATUSES, MODALITIES, label, options } from "../lib/labels";
import { formatSpan } from "../lib/format";
import { formatList, t } from "../i18n";

export default function ActivitiesPage() {
  const { network, canEdit } = useNetworkContext();
  const { params, setFilter, bind } = useUrlFilters();
  // Taken from the URL as they are: the API checks them (an unknown value is its 422).
  const filters: ActivityFilters = {
    status: (params.get("status") || undefined) as ActivityFilters["status"],
    kind: (params.get("kind") || undefined) as ActivityFilters["kind"],
    q: params.get("q") || undefined,
    organisation_id: params.get("organisation_id") || undefined,
  };
  const pages = useActivityPages(network.id, filters);
  const [panel, setPanel] = useState<"none" | "import" | "calendar">("none");
  const orgs = useOrganisations(network.id);
  const orgMap = useOrganisationMap(network.id);
  const [q, setQ] = useSearchText(params, setFilter);
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const names = (ids: string[]) => (ids.length ? formatList(ids.map((id) => orgMap.get(id)?.name ?? "…")) : "—");

  return (
    <>
      <PageHeader
        title={t({ id: "activities.list.title", defaultMessage: "Activities" })}
        subtitle={t({
          id: "activities.list.subtitle",
          defaultMessage: "Trainings, exchange visits, dialogues, webinars and meetings, newest first.",
        })}
        actions={
          <>
            <CsvLink path={`/networks/${network.id}/activities.csv`} query={filters}>
              {t({ id: "activities.list.export_csv", defaultMessage: "Export CSV" })}
            </CsvLink>
            {canEdit ? (
              <Button
                onClick={() => setPanel(panel === "import" ? "none" : "import")}
                aria-expanded={panel === "import"}
              >
                {t({ id: "activities.list.import_csv", defaultMessage: "Import CSV" })}
              </Button>
            ) : null}
            <Button
              onClick={() => setPanel(panel === "calendar" ? "none" : "calendar")}
              aria-expanded={panel === "calendar"}
            >
              {t({ id: "activities.list.calendar", defaultMessage: "Calendar" })}
            </Button>
            {canEdit ? (
              <ButtonLink variant="primary" to={`/networks/${network.id}/activities/new`}>
                {t({ id: "activities.list.record", defaultMessage: "Record an activity" })}
              </ButtonLink>
            ) : null}
          </>
        }
      />
      {panel === "import" ? <ImportPanel networkId={network.id} onClose={() => setPanel("none")} /> : null}
      {panel === "calendar" ? <CalendarPanel networkId={network.id} onClose={() => setPanel("none")} /> : null}
      <FilterForm label={t({ id: "activities.filters.label", defaultMessage: "Filter activities" })}>
        <SearchFilter
          label={t({ id: "activities.filters.search", defaultMessage: "Search" })}
          placeholder={t({ id: "activities.filters.search_placeholder", defaultMessage: "Title or description" })}
          value={q}
          onChange={setQ}
        />
        <SelectFilter
          id="f-status"
          label={t({ id: "activities.filters.status", defaultMessage: "Status" })}
          {...bind("status")}
          any={t({ id: "activities.filters.any_status", defaultMessage: "Any status" })}
          options={options(ACTIVITY_STATUSES)}
        />
        <SelectFilter
          id="f-kind"
          label={t({ id: "activities.filters.kind", defaultMessage: "Kind" })}
          {...bind("kind")}
          any={t({ id: "activities.filters.any_kind", defaultMessage: "Any kind" })}
          options={options(ACTIVITY_KINDS)}
        />
        <SelectFilter
          id="f-org"
          label={t({ id: "activities.filters.organisation", defaultMessage: "Organisation" })}
          {...bind("organisation_id")}
          any={t({ id: "activities.filters.any_organisation", defaultMessage: "Any organisation" })}
          options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
      </FilterForm>
      {pages.isPending ? (
        <Loading lines={6} />
      ) : pages.error ? (
        <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
      ) : items.length === 0 ? (
        <Empty
          title={
            Object.values(filters).some(Boolean)
              ? t({ id: "activities.list.none_matching", defaultMessage: "No activity matches these filters." })
              : t({ id: "activities.list.none", defaultMessage: "No activities recorded yet." })
          }
        >
          {canEdit ? (
            <Link to={`/networks/${network.id}/activities/new`}>
              {t({ id: "activities.list.record_first", defaultMessage: "Record the first one" })}
            </Link>
          ) : null}
        </Empty>
      ) : (
        <DataTable
          caption={t({ id: "activities.list.title", defaultMessage: "Activities" })}
          columns={[
            t({ id: "activities.list.col_activity", defaultMessage: "Activity" }),
            t({ id: "activities.list.col_when", defaultMessage: "When" }),
            t({ id: "activities.list.col_status", defaultMessage: "Status" }),
            t({ id: "activities.list.col_facilitators", defaultMessage: "Facilitators" }),
            t({ id: "activities.list.col_participants", defaultMessage: "Participants" }),
          ]}
        >
          {items.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/networks/${network.id}/activities/${a.id}`}>{a.title}</Link>
                <div className="muted small">
                  {t(
                    { id: "activities.list.kind_modality", defaultMessage: "{kind} · {modality}" },
                    { kind: label(ACTIVITY_KINDS, a.kind), modality: label(MODALITIES, a.modality) },
                  )}
                </div>
              </td>
              <td>{formatSpan(a.starts_at, a.ends_at)}</td>
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td>{names(a.facilitator_ids)}</td>
              <td>{names(a.participant_ids)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore pages={pages} />
    </>
  );
}
