/** The audit log's entries for a network or one item, newest first, with "Show older". */
import { useAudit } from "../api/hooks/partners";
import type { AuditFilters } from "../api/keys";
import { formatDateTime, humanise } from "../lib/format";
import { formatList, t } from "../i18n";
import { AUDIT_ENTITIES, label } from "../lib/labels";
import { fill, slot } from "./findings";
import { Badge, Button, Empty, ErrorState, Loading } from "./ui";

/** An entity's words; one the app does not know yet (a newer API) as its value. */
export function entityLabel(entity: string): string {
  return Object.hasOwn(AUDIT_ENTITIES, entity) ? label(AUDIT_ENTITIES, entity) : humanise(entity);
}

/** "Who did what", one sentence per action; the changed fields are the API's names. */
export function describeChanges(actor: string, action: string, changes: Record<string, unknown>): string {
  const keys = Object.keys(changes ?? {});
  if (action === "update")
    return keys.length
      ? t(
          { id: "audit.entry.changed_fields", defaultMessage: "{actor} changed {fields}" },
          { actor, fields: formatList(keys.map((k) => k.replace(/_/g, " "))) },
        )
      : t({ id: "audit.entry.changed", defaultMessage: "{actor} made a change" }, { actor });
  return action === "create"
    ? t({ id: "audit.entry.created", defaultMessage: "{actor} created it" }, { actor })
    : t({ id: "audit.entry.deleted", defaultMessage: "{actor} deleted it" }, { actor });
}

/** When a change was made and, where it matters, how: by an API key or from a reminder email. */
function entryContext(at: string, actorType: string, via: string): string {
  const how = actorType === "api_key" ? "api_key" : via === "reminder email" ? "reminder" : "other";
  return t(
    {
      id: "audit.entry.context",
      defaultMessage:
        "{how, select, api_key {{when} · via API key} reminder {{when} · from a reminder email} other {{when}}}",
    },
    { when: formatDateTime(at), how },
  );
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
  if (!items.length) return <Empty title={t({ id: "audit.none", defaultMessage: "No change recorded yet." })} />;
  return (
    <>
      <ul className="plain-list audit-list">
        {items.map((e) => (
          <li key={e.id}>
            {fill(
              compact
                ? describeChanges(slot("actor"), e.action, e.changes as Record<string, unknown>)
                : t(
                    { id: "audit.entry.change_of", defaultMessage: "{change} {entity}" },
                    {
                      change: describeChanges(slot("actor"), e.action, e.changes as Record<string, unknown>),
                      entity: slot("entity"),
                    },
                  ),
              { actor: <strong>{e.actor_label}</strong>, entity: <Badge>{entityLabel(e.entity)}</Badge> },
            )}
            <div className="muted small">{entryContext(e.at, e.actor_type, e.via)}</div>
          </li>
        ))}
      </ul>
      {audit.hasNextPage ? (
        <Button size="sm" onClick={() => void audit.fetchNextPage()} busy={audit.isFetchingNextPage}>
          {t({ id: "audit.show_older", defaultMessage: "Show older" })}
        </Button>
      ) : null}
    </>
  );
}
