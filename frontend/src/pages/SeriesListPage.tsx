import { useState } from "react";
import { Link } from "react-router";
import { CalendarPanel } from "../components/exchange";
import { useSeriesList } from "../api/hooks/series";
import { useNetworkContext } from "../components/Layout";
import { Badge, Button, ButtonLink, Empty, PageHeader, QueryState } from "../components/ui";
import { ACTIVITY_KINDS, label } from "../lib/labels";
import { ruleInWords } from "../lib/recurrence";

export default function SeriesListPage() {
  const { network, canEdit } = useNetworkContext();
  const list = useSeriesList(network.id);
  const [calendar, setCalendar] = useState(false);
  return (
    <>
      <PageHeader
        title="Series"
        subtitle="Recurring platforms must actually recur: Drumbeat marks each meeting held, missed or upcoming."
        actions={
          <>
            <Button onClick={() => setCalendar(!calendar)} aria-expanded={calendar}>
              Calendar
            </Button>
            {canEdit ? (
              <ButtonLink variant="primary" to={`/networks/${network.id}/series/new`}>
                New series
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
            <Empty title="No recurring meetings yet.">An annual meeting or a monthly webinar is a series.</Empty>
          ) : null
        }
      >
        {(items) => (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Table, scrolls sideways on small screens">
            <table className="table">
              <caption className="visually-hidden">Series</caption>
              <thead>
                <tr>
                  <th scope="col">Series</th>
                  <th scope="col">How often</th>
                  <th scope="col">Time zone</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/networks/${network.id}/series/${s.id}`}>{s.title}</Link>
                      <div className="muted small">{label(ACTIVITY_KINDS, s.kind)}</div>
                    </td>
                    <td>{ruleInWords(s.rrule, s.dtstart)}</td>
                    <td>{s.timezone}</td>
                    <td>{s.active ? <Badge tone="good">active</Badge> : <Badge>paused</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </>
  );
}
