import { useState, type FormEvent } from "react";
import { errorMessage } from "../../api/client";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "../../api/hooks/partners";
import { CheckboxGroup, CompactForm, TextField, useFieldErrors, type Errors } from "../../components/form";
import { useNetworkContext } from "../../components/Layout";
import { useToast } from "../../components/toast";
import { Badge, Button, Card, Empty, QueryState } from "../../components/ui";
import { msg, t } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { label, options } from "../../lib/labels";
import { SecretOnce } from "./SecretOnce";

/** What a key may do (the API's scope values), in the reader's words. */
const SCOPES = {
  read: msg({ id: "settings.api_keys.scope.read", defaultMessage: "Read" }),
  write: msg({ id: "settings.api_keys.scope.write", defaultMessage: "Write" }),
} as const;

/** When a key was made, last used and expires, as one sentence of the reader's language. */
function keyDates(k: { created_at: string; last_used_at?: string | null; expires_at?: string | null }): string {
  return t(
    {
      id: "settings.api_keys.dates",
      defaultMessage:
        "created {created} · {used, select, yes {last used {lastUsed}} other {never used}}{expires, select, yes { · expires {expiresOn}} other {}}",
    },
    {
      created: formatDate(k.created_at),
      used: k.last_used_at ? "yes" : "no",
      lastUsed: k.last_used_at ? formatDateTime(k.last_used_at) : "",
      expires: k.expires_at ? "yes" : "no",
      expiresOn: k.expires_at ? formatDate(k.expires_at) : "",
    },
  );
}

export function ApiKeysSettings() {
  const { network } = useNetworkContext();
  const keys = useApiKeys(network.id);
  const create = useCreateApiKey(network.id);
  const revoke = useRevokeApiKey(network.id);
  const toast = useToast();
  const [values, setValues] = useState({ name: "", scopes: ["read"], expires: "" });
  const { errors, local, check } = useFieldErrors(create.error, { focusFirst: false });
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found: Errors = {
      name: values.name.trim()
        ? undefined
        : t({ id: "settings.api_keys.name_missing", defaultMessage: "Name who or what uses the key." }),
      scopes: values.scopes.length
        ? undefined
        : t({ id: "settings.api_keys.scopes_missing", defaultMessage: "Pick at least one scope." }),
    };
    if (!check(found)) return;
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
      <Card title={t({ id: "settings.api_keys.new", defaultMessage: "New API key" })} id="new-key">
        {shown ? (
          <SecretOnce
            title={t({ id: "settings.api_keys.shown_title", defaultMessage: "Key for {name}" }, { name: shown.name })}
            secret={shown.key}
            hint={t({
              id: "settings.api_keys.shown_hint",
              defaultMessage:
                "Send it as Authorization: Bearer '<key>'. It is shown only now: copy it into the partner's system.",
            })}
            onDone={() => setShown(null)}
          />
        ) : null}
        <CompactForm
          label={t({ id: "settings.api_keys.new", defaultMessage: "New API key" })}
          onSubmit={submit}
          error={create.error}
          fieldErrors={local}
        >
          <TextField
            label={t({ id: "settings.api_keys.name", defaultMessage: "Name" })}
            name="name"
            value={values.name}
            onChange={(name) => setValues({ ...values, name })}
            error={errors.name}
            required
            hint={t({ id: "settings.api_keys.name_hint", defaultMessage: "e.g. the partner's CRM sync" })}
          />
          <CheckboxGroup
            legend={t({ id: "settings.api_keys.scopes", defaultMessage: "Scopes" })}
            name="scopes"
            options={options(SCOPES)}
            value={values.scopes}
            onChange={(scopes) => setValues({ ...values, scopes })}
            error={errors.scopes}
          />
          <TextField
            label={t({ id: "settings.api_keys.expires", defaultMessage: "Expires on (optional)" })}
            name="expires_at"
            type="date"
            value={values.expires}
            onChange={(expires) => setValues({ ...values, expires })}
            error={errors.expires_at}
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              {t({ id: "settings.api_keys.create", defaultMessage: "Create key" })}
            </Button>
          </div>
        </CompactForm>
      </Card>
      <Card title={t({ id: "settings.api_keys.keys", defaultMessage: "Keys" })} id="keys">
        <QueryState
          query={keys}
          empty={(list) =>
            list.length === 0 ? (
              <Empty title={t({ id: "settings.api_keys.none", defaultMessage: "No API keys yet." })} />
            ) : null
          }
        >
          {(list) => (
            <ul className="plain-list">
              {list.map((k) => (
                <li key={k.id} className="followup-row">
                  <div>
                    <div className="tags">
                      <strong>{k.name}</strong>
                      <code>
                        {t({ id: "settings.api_keys.prefix", defaultMessage: "{prefix}…" }, { prefix: k.prefix })}
                      </code>
                      {k.scopes.map((s) => (
                        <Badge key={s} tone="info">
                          {label(SCOPES, s)}
                        </Badge>
                      ))}
                      {k.revoked_at ? (
                        <Badge tone="bad">
                          {t({ id: "settings.api_keys.revoked_badge", defaultMessage: "revoked" })}
                        </Badge>
                      ) : null}
                    </div>
                    <div className="muted small">{keyDates(k)}</div>
                  </div>
                  {k.revoked_at ? null : (
                    <Button
                      size="sm"
                      variant="danger"
                      aria-label={t(
                        { id: "settings.api_keys.revoke_label", defaultMessage: "Revoke {name}" },
                        { name: k.name },
                      )}
                      onClick={() =>
                        revoke.mutate(k.id, {
                          onSuccess: () =>
                            toast.notify(t({ id: "settings.api_keys.revoked", defaultMessage: "Key revoked." })),
                          onError: (e) => toast.fail(errorMessage(e)),
                        })
                      }
                    >
                      {t({ id: "settings.api_keys.revoke", defaultMessage: "Revoke" })}
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
