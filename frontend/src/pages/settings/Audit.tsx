import { useState } from "react";
import { AuditTrail } from "../../components/audit";
import { SelectFilter } from "../../components/filters";
import { t } from "../../i18n";
import { useNetworkContext } from "../../components/Layout";
import { AUDIT_ENTITIES, label } from "../../lib/labels";

/**
 * The entities a network's log can hold, for its filter. Accounts and sign-in sessions are
 * recorded site-wide (no network), so filtering a network's log by them would find nothing.
 */
export const NETWORK_AUDIT_ENTITIES: (keyof typeof AUDIT_ENTITIES)[] = [
  "network",
  "membership",
  "invitation",
  "organisation",
  "activity",
  "activity_organisation",
  "series",
  "follow_up",
  "reflection",
  "finding",
  "webhook",
  "api_key",
];

export function AuditLog() {
  const { network } = useNetworkContext();
  const [entity, setEntity] = useState("");
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t({ id: "audit.settings.title", defaultMessage: "Audit log" })}</h2>
      <div className="filters">
        <SelectFilter
          id="audit-entity"
          label={t({ id: "audit.settings.what_changed", defaultMessage: "What changed" })}
          value={entity}
          onChange={setEntity}
          any={t({ id: "audit.settings.everything", defaultMessage: "Everything" })}
          options={NETWORK_AUDIT_ENTITIES.map((x) => ({ value: x, label: label(AUDIT_ENTITIES, x) }))}
        />
      </div>
      <div className="card">
        <AuditTrail networkId={network.id} filters={entity ? { entity } : {}} />
      </div>
    </section>
  );
}
