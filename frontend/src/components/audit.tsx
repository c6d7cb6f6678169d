/** The audit log's entries for a network or one item, newest first, with "Show older". */
import { useAudit } from "../api/hooks/partners";
import type { AuditFilters } from "../api/keys";
import { formatDateTime, humanise } from "../lib/format";
import { Badge, Button, Empty, ErrorState, Loading } from "./ui";

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
  filters: AuditFilters;
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
              {e.via === "reminder email" ? " · from a reminder email" : ""}
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
