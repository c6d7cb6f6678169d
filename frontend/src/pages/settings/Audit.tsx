import { useState } from "react";
import { AuditTrail, entityLabel } from "../../components/audit";
import { t } from "../../i18n";
import { useNetworkContext } from "../../components/Layout";

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

export function AuditLog() {
  const { network } = useNetworkContext();
  const [entity, setEntity] = useState("");
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t({ id: "audit.settings.title", defaultMessage: "Audit log" })}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="audit-entity">
            {t({ id: "audit.settings.what_changed", defaultMessage: "What changed" })}
          </label>
          <select id="audit-entity" value={entity} onChange={(e) => setEntity(e.target.value)}>
            {ENTITIES.map((x) => (
              <option key={x} value={x}>
                {x ? entityLabel(x) : t({ id: "audit.settings.everything", defaultMessage: "Everything" })}
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
