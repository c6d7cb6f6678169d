import { useState } from "react";
import { AuditTrail } from "../../components/audit";
import { useNetworkContext } from "../../components/Layout";
import { humanise } from "../../lib/format";

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
