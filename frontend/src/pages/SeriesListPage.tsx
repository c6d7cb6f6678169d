import { useState } from "react";
import { Link } from "react-router";
import { CalendarPanel } from "../components/exchange";
import { useSeriesList } from "../api/hooks/series";
import { useNetworkContext } from "../components/Layout";
import { Badge, Button, ButtonLink, Empty, PageHeader, QueryState } from "../components/ui";
import { DataTable } from "../components/DataTable";
import { ACTIVITY_KINDS, label } from "../lib/labels";
import { ruleInWords } from "../lib/recurrence";
import { t } from "../i18n";

export default function SeriesListPage() {
  const { network, canEdit } = useNetworkContext();
  const list = useSeriesList(network.id);
  const [calendar, setCalendar] = useState(false);
  return (
    <>
      <PageHeader
        title={t({ id: "series.list.title", defaultMessage: "Series" })}
        subtitle={t({
          id: "series.list.subtitle",
          defaultMessage:
            "Recurring platforms must actually recur: Drumbeat marks each meeting held, missed or upcoming.",
        })}
        actions={
          <>
            <Button onClick={() => setCalendar(!calendar)} aria-expanded={calendar}>
              {t({ id: "series.list.calendar", defaultMessage: "Calendar" })}
            </Button>
            {canEdit ? (
              <ButtonLink variant="primary" to={`/networks/${network.id}/series/new`}>
                {t({ id: "series.list.new", defaultMessage: "New series" })}
              </ButtonLink>
            ) : null}
          </>
        }
      />
      {calendar ? <CalendarPanel networkId={network.id} onClose={() => setCalendar(false)} /> : null}
      <QueryState
        query={list}
        lines={4}
        empty={(items) =>
          items.length === 0 ? (
            <Empty title={t({ id: "series.list.empty_title", defaultMessage: "No recurring meetings yet." })}>
              {t({
                id: "series.list.empty_body",
                defaultMessage: "An annual meeting or a monthly webinar is a series.",
              })}
            </Empty>
          ) : null
        }
      >
        {(items) => (
          <DataTable
            label={t({
              id: "series.list.table_region",
              defaultMessage: "Table, scrolls sideways on small screens",
            })}
            caption={t({ id: "series.list.caption", defaultMessage: "Series" })}
            columns={[
              t({ id: "series.list.col_series", defaultMessage: "Series" }),
              t({ id: "series.list.col_how_often", defaultMessage: "How often" }),
              t({ id: "series.list.col_timezone", defaultMessage: "Time zone" }),
              t({ id: "series.list.col_state", defaultMessage: "State" }),
            ]}
          >
            {items.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/networks/${network.id}/series/${s.id}`}>{s.title}</Link>
                  <div className="muted small">{label(ACTIVITY_KINDS, s.kind)}</div>
                </td>
                <td>{ruleInWords(s.rrule, s.dtstart)}</td>
                <td>{s.timezone}</td>
                <td>
                  {s.active ? (
                    <Badge tone="good">{t({ id: "series.list.active", defaultMessage: "active" })}</Badge>
                  ) : (
                    <Badge>{t({ id: "series.list.paused", defaultMessage: "paused" })}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </>
  );
}
