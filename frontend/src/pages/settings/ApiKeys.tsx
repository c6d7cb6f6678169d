import { useState, type FormEvent } from "react";
import { errorMessage } from "../../api/client";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "../../api/hooks/partners";
import { CheckboxGroup, FormErrors, TextField, hasErrors, mergeErrors, type Errors } from "../../components/form";
import { useNetworkContext } from "../../components/Layout";
import { useToast } from "../../components/toast";
import { Badge, Button, Card, Empty, QueryState } from "../../components/ui";
import { formatDate, formatDateTime } from "../../lib/format";
import { SecretOnce } from "./SecretOnce";

export function ApiKeysSettings() {
  const { network } = useNetworkContext();
  const keys = useApiKeys(network.id);
  const create = useCreateApiKey(network.id);
  const revoke = useRevokeApiKey(network.id);
  const toast = useToast();
  const [values, setValues] = useState({ name: "", scopes: ["read"], expires: "" });
  const [local, setLocal] = useState<Errors>({});
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const errors = mergeErrors(local, create.error);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found: Errors = {
      name: values.name.trim() ? undefined : "Name who or what uses the key.",
      scopes: values.scopes.length ? undefined : "Pick at least one scope.",
    };
    setLocal(found);
    if (hasErrors(found)) return;
    create.mutate(
      {
        name: values.name.trim(),
        scopes: values.scopes as ("read" | "write")[],
        expires_at: values.expires ? new Date(`${values.expires}T23:59:59`).toISOString() : null,
      },
      {
        onSuccess: (k) => {
          setShown({ name: k.name, key: k.key });
          setValues({ name: "", scopes: ["read"], expires: "" });
        },
      },
    );
  }
  return (
    <div className="grid grid-journal">
      <Card title="New API key" id="new-key">
        {shown ? (
          <SecretOnce
            title={`Key for ${shown.name}`}
            secret={shown.key}
            hint="Send it as Authorization: Bearer <key>. It is shown only now: copy it into the partner's system."
            onDone={() => setShown(null)}
          />
        ) : null}
        <form className="form form-compact" onSubmit={submit} noValidate aria-label="New API key">
          <FormErrors error={create.error} fieldErrors={local} />
          <TextField
            label="Name"
            name="name"
            value={values.name}
            onChange={(name) => setValues({ ...values, name })}
            error={errors.name}
            required
            hint="e.g. the partner's CRM sync"
          />
          <CheckboxGroup
            legend="Scopes"
            name="scopes"
            options={[
              { value: "read", label: "Read" },
              { value: "write", label: "Write" },
            ]}
            value={values.scopes}
            onChange={(scopes) => setValues({ ...values, scopes })}
            error={errors.scopes}
          />
          <TextField
            label="Expires on (optional)"
            name="expires_at"
            type="date"
            value={values.expires}
            onChange={(expires) => setValues({ ...values, expires })}
            error={errors.expires_at}
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Create key
            </Button>
          </div>
        </form>
      </Card>
      <Card title="Keys" id="keys">
        <QueryState query={keys} empty={(list) => (list.length === 0 ? <Empty title="No API keys yet." /> : null)}>
          {(list) => (
            <ul className="plain-list">
              {list.map((k) => (
                <li key={k.id} className="followup-row">
                  <div>
                    <strong>{k.name}</strong> <code>{k.prefix}…</code>{" "}
                    {k.scopes.map((s) => (
                      <Badge key={s} tone="info">
                        {s}
                      </Badge>
                    ))}{" "}
                    {k.revoked_at ? <Badge tone="bad">revoked</Badge> : null}
                    <div className="muted small">
                      created {formatDate(k.created_at)} ·{" "}
                      {k.last_used_at ? `last used ${formatDateTime(k.last_used_at)}` : "never used"}
                      {k.expires_at ? ` · expires ${formatDate(k.expires_at)}` : ""}
                    </div>
                  </div>
                  {k.revoked_at ? null : (
                    <Button
                      size="sm"
                      variant="danger"
                      aria-label={`Revoke ${k.name}`}
                      onClick={() =>
                        revoke.mutate(k.id, {
                          onSuccess: () => toast.notify("Key revoked."),
                          onError: (e) => toast.fail(errorMessage(e)),
                        })
                      }
                    >
                      Revoke
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
    </div>
  );
}
