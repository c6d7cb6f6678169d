import { useState } from "react";
import { useAudit } from "../../api/hooks/partners";
import { useNetworkContext } from "../../components/Layout";
import { Badge, Button, Empty, ErrorState, Loading } from "../../components/ui";
import { formatDateTime, humanise } from "../../lib/format";

const ENTITIES = [
  "",
  "network",
  "membership",
  "organisation",
  "activity",
  "series",
  "follow_up",
  "reflection",
  "finding",
  "webhook",
  "api_key",
];

export function describeChanges(action: string, changes: Record<string, unknown>): string {
  const keys = Object.keys(changes ?? {});
  if (action === "update")
    return keys.length ? `changed ${keys.map((k) => k.replace(/_/g, " ")).join(", ")}` : "changed";
  return action === "create" ? "created" : "deleted";
}

export function AuditTrail({
  networkId,
  filters,
  compact,
}: {
  networkId: string;
  filters: { entity?: string; entity_id?: string };
  compact?: boolean;
}) {
  const audit = useAudit(networkId, filters);
  if (audit.isPending) return <Loading />;
  if (audit.error) return <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />;
  const items = audit.data.pages.flatMap((p) => p.items);
  if (!items.length) return <Empty title="No change recorded yet." />;
  return (
    <>
      <ul className="plain-list audit-list">
        {items.map((e) => (
          <li key={e.id}>
            <strong>{e.actor_label}</strong> {describeChanges(e.action, e.changes as Record<string, unknown>)}{" "}
            {compact ? null : <Badge>{humanise(e.entity)}</Badge>}
            <div className="muted small">
              {formatDateTime(e.at)}
              {e.actor_type === "api_key" ? " · via API key" : ""}
            </div>
          </li>
        ))}
      </ul>
      {audit.hasNextPage ? (
        <Button size="sm" onClick={() => void audit.fetchNextPage()} busy={audit.isFetchingNextPage}>
          Show older
        </Button>
      ) : null}
    </>
  );
}

export function AuditLog() {
  const { network } = useNetworkContext();
  const [entity, setEntity] = useState("");
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="audit-entity">What changed</label>
          <select id="audit-entity" value={entity} onChange={(e) => setEntity(e.target.value)}>
            {ENTITIES.map((x) => (
              <option key={x} value={x}>
                {x ? humanise(x) : "Everything"}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="card">
        <AuditTrail networkId={network.id} filters={entity ? { entity } : {}} />
      </div>
    </section>
  );
}
