import { useState, type FormEvent } from "react";
import { errorMessage } from "../../api/client";
import {
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useReplayDelivery,
  useRotateSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhooks,
  type EventType,
  type Webhook,
} from "../../api/hooks/partners";
import { CheckboxGroup, FormErrors, TextField, hasErrors, mergeErrors, type Errors } from "../../components/form";
import { useNetworkContext } from "../../components/Layout";
import { useToast } from "../../components/toast";
import { Badge, Button, Card, Empty, ErrorState, Loading, QueryState, StatusBadge } from "../../components/ui";
import { formatDateTime } from "../../lib/format";
import { SecretOnce } from "./SecretOnce";

export const EVENT_TYPES: { value: EventType; label: string }[] = [
  { value: "activity.created", label: "Activity recorded" },
  { value: "activity.updated", label: "Activity changed" },
  { value: "activity.cancelled", label: "Activity cancelled" },
  { value: "follow_up.created", label: "Follow-up planned" },
  { value: "follow_up.completed", label: "Follow-up done" },
  { value: "finding.opened", label: "Finding opened" },
  { value: "finding.resolved", label: "Finding resolved" },
  { value: "reflection.created", label: "Reflection shared with the network" },
];

export function validateWebhook(v: { url: string; events: string[] }): Errors {
  let url: URL | null = null;
  try {
    url = new URL(v.url.trim());
  } catch {
    url = null;
  }
  return {
    url: !v.url.trim()
      ? "Enter the receiver's URL."
      : !url || !/^https?:$/.test(url.protocol)
        ? "Use a full https:// address."
        : undefined,
    event_types: v.events.length ? undefined : "Pick at least one event.",
  };
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const deliveries = useDeliveries(webhook.id);
  const replay = useReplayDelivery(webhook.id);
  const toast = useToast();
  if (deliveries.isPending) return <Loading lines={2} />;
  if (deliveries.error) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  const items = deliveries.data.pages.flatMap((p) => p.items);
  if (!items.length) return <p className="muted small">Nothing delivered yet. Send a test to check the receiver.</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`Deliveries to ${webhook.url}`}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.id}>
              <td>
                {d.event_type}
                <div className="muted small">
                  {formatDateTime(d.created_at)} · <code>{d.id.slice(0, 8)}</code>
                </div>
              </td>
              <td>
                <StatusBadge status={d.status} />
              </td>
              <td>{d.attempts}</td>
              <td className="small">
                {d.last_status_code ? `HTTP ${d.last_status_code}` : ""}{" "}
                {d.last_error ??
                  (d.delivered_at
                    ? `delivered ${formatDateTime(d.delivered_at)}`
                    : d.status === "pending"
                      ? `next try ${formatDateTime(d.next_attempt_at)}`
                      : "")}
              </td>
              <td>
                {d.status === "failed" || d.status === "dead" ? (
                  <Button
                    size="sm"
                    onClick={() =>
                      replay.mutate(d.id, {
                        onSuccess: () => toast.notify("Delivery queued again."),
                        onError: (e) => toast.fail(errorMessage(e)),
                      })
                    }
                  >
                    Replay
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deliveries.hasNextPage ? (
        <Button size="sm" onClick={() => void deliveries.fetchNextPage()}>
          Show older
        </Button>
      ) : null}
    </div>
  );
}

function WebhookItem({ webhook, networkId }: { webhook: Webhook; networkId: string }) {
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const test = useTestWebhook();
  const rotate = useRotateSecret();
  const update = useUpdateWebhook(networkId);
  const remove = useDeleteWebhook(networkId);
  const toast = useToast();
  const fail = (e: unknown) => toast.fail(errorMessage(e));
  return (
    <li className="webhook">
      <div className="followup-row">
        <div>
          <code>{webhook.url}</code>{" "}
          {webhook.active ? <Badge tone="good">active</Badge> : <Badge tone="bad">paused</Badge>}
          <div className="muted small">
            {webhook.event_types.length} events
            {webhook.disabled_reason ? ` · disabled: ${webhook.disabled_reason}` : ""}
            {webhook.consecutive_failures ? ` · ${webhook.consecutive_failures} failures in a row` : ""}
          </div>
        </div>
        <div className="row-actions">
          <Button size="sm" onClick={() => setOpen(!open)} aria-expanded={open}>
            {open ? "Hide deliveries" : "Deliveries"}
          </Button>
          <Button
            size="sm"
            busy={test.isPending}
            onClick={() =>
              test.mutate(webhook.id, {
                onSuccess: () => {
                  toast.notify("Test event queued; the worker sends it.");
                  setOpen(true);
                },
                onError: fail,
              })
            }
          >
            Send test
          </Button>
          <Button
            size="sm"
            busy={rotate.isPending}
            onClick={() => rotate.mutate(webhook.id, { onSuccess: (w) => setSecret(w.secret), onError: fail })}
          >
            Rotate secret
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() =>
              update.mutate(
                { id: webhook.id, body: { active: !webhook.active } },
                { onSuccess: () => toast.notify(webhook.active ? "Paused." : "Re-activated."), onError: fail },
              )
            }
          >
            {webhook.active ? "Pause" : "Re-activate"}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Delete webhook ${webhook.url}`}
            onClick={() =>
              remove.mutate(webhook.id, { onSuccess: () => toast.notify("Webhook deleted."), onError: fail })
            }
          >
            Delete
          </Button>
        </div>
      </div>
      {secret ? (
        <SecretOnce
          title="New signing secret"
          secret={secret}
          hint="The old secret stopped working. Store this one at the receiver; it is shown only now."
          onDone={() => setSecret(null)}
        />
      ) : null}
      {open ? <Deliveries webhook={webhook} /> : null}
    </li>
  );
}

export function WebhookSettings() {
  const { network } = useNetworkContext();
  const hooks = useWebhooks(network.id);
  const create = useCreateWebhook(network.id);
  const [values, setValues] = useState({ url: "", events: ["finding.opened", "finding.resolved"] as string[] });
  const [local, setLocal] = useState<Errors>({});
  const [secret, setSecret] = useState<string | null>(null);
  const errors = mergeErrors(local, create.error);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateWebhook(values);
    setLocal(found);
    if (hasErrors(found)) return;
    create.mutate(
      { url: values.url.trim(), event_types: values.events as EventType[] },
      {
        onSuccess: (w) => {
          setSecret(w.secret);
          setValues({ ...values, url: "" });
        },
      },
    );
  }
  return (
    <div className="grid grid-journal">
      <Card title="New webhook" id="new-webhook">
        {secret ? (
          <SecretOnce
            title="Signing secret"
            secret={secret}
            hint="Deliveries are signed with it (Standard Webhooks). It is shown only now."
            onDone={() => setSecret(null)}
          />
        ) : null}
        <form className="form form-compact" onSubmit={submit} noValidate aria-label="New webhook">
          <FormErrors error={create.error} fieldErrors={local} />
          <TextField
            label="Receiver URL"
            name="url"
            type="url"
            value={values.url}
            onChange={(url) => setValues({ ...values, url })}
            error={errors.url}
            required
            placeholder="https://partner.example.org/drumbeat"
          />
          <CheckboxGroup
            legend="Events"
            name="event_types"
            options={EVENT_TYPES}
            value={values.events}
            onChange={(events) => setValues({ ...values, events })}
            error={errors.event_types}
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Add webhook
            </Button>
          </div>
        </form>
      </Card>
      <Card title="Webhooks" id="webhooks">
        <QueryState
          query={hooks}
          empty={(list) =>
            list.length === 0 ? <Empty title="No webhooks yet.">Partners receive events as they happen.</Empty> : null
          }
        >
          {(list) => (
            <ul className="plain-list">
              {list.map((w) => (
                <WebhookItem key={w.id} webhook={w} networkId={network.id} />
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
    </div>
  );
}
