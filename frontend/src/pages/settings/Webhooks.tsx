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
  type Delivery,
  type EventType,
  type Webhook,
} from "../../api/hooks/partners";
import { fill, slot } from "../../components/findings";
import { CheckboxGroup, CompactForm, TextField, useFieldErrors, type Errors } from "../../components/form";
import { useNetworkContext } from "../../components/Layout";
import { useToast } from "../../components/toast";
import { Badge, Button, Card, Empty, ErrorState, Loading, QueryState } from "../../components/ui";
import { msg, t, type Message } from "../../i18n";
import { formatDateTime, formatNumber } from "../../lib/format";
import { label, options } from "../../lib/labels";
import { SecretOnce } from "./SecretOnce";

/** The events a partner can subscribe to, in the reader's words (the values are the API's). */
export const EVENT_TYPES: Record<EventType, Message> = {
  "activity.created": msg({ id: "settings.webhooks.event.activity_created", defaultMessage: "Activity recorded" }),
  "activity.updated": msg({ id: "settings.webhooks.event.activity_updated", defaultMessage: "Activity changed" }),
  "activity.cancelled": msg({ id: "settings.webhooks.event.activity_cancelled", defaultMessage: "Activity cancelled" }),
  "follow_up.created": msg({ id: "settings.webhooks.event.follow_up_created", defaultMessage: "Follow-up planned" }),
  "follow_up.completed": msg({ id: "settings.webhooks.event.follow_up_completed", defaultMessage: "Follow-up done" }),
  "finding.opened": msg({ id: "settings.webhooks.event.finding_opened", defaultMessage: "Finding opened" }),
  "finding.resolved": msg({ id: "settings.webhooks.event.finding_resolved", defaultMessage: "Finding resolved" }),
  "reflection.created": msg({
    id: "settings.webhooks.event.reflection_created",
    defaultMessage: "Reflection shared with the network",
  }),
};

/** Where a delivery stands (the API's status values). */
const DELIVERY_STATUSES = {
  pending: msg({ id: "settings.webhooks.delivery_status.pending", defaultMessage: "pending" }),
  succeeded: msg({ id: "settings.webhooks.delivery_status.succeeded", defaultMessage: "succeeded" }),
  failed: msg({ id: "settings.webhooks.delivery_status.failed", defaultMessage: "failed" }),
  dead: msg({ id: "settings.webhooks.delivery_status.dead", defaultMessage: "gave up" }),
} as const;

/** A webhook's state under its address, as one sentence of the reader's language. */
export function webhookSummary(w: Pick<Webhook, "event_types" | "disabled_reason" | "consecutive_failures">): string {
  return t(
    {
      id: "settings.webhooks.summary",
      defaultMessage:
        "{events, plural, one {# event} other {# events}}{disabled, select, yes { · disabled: {reason}} other {}}{failures, plural, =0 {} one { · # failure in a row} other { · # failures in a row}}",
    },
    {
      events: w.event_types.length,
      disabled: w.disabled_reason ? "yes" : "no",
      reason: w.disabled_reason ?? "",
      failures: w.consecutive_failures ?? 0,
    },
  );
}

/** A delivery's last answer: the receiver's HTTP status and what happened since. */
function lastAnswer(d: Delivery): string {
  const outcome = d.last_error
    ? d.last_error
    : d.delivered_at
      ? t(
          { id: "settings.webhooks.delivered", defaultMessage: "delivered {when}" },
          { when: formatDateTime(d.delivered_at) },
        )
      : d.status === "pending"
        ? t(
            { id: "settings.webhooks.next_try", defaultMessage: "next try {when}" },
            { when: formatDateTime(d.next_attempt_at) },
          )
        : "";
  return d.last_status_code
    ? t(
        { id: "settings.webhooks.last_answer", defaultMessage: "HTTP {code} {outcome}" },
        { code: d.last_status_code, outcome },
      )
    : outcome;
}

export function validateWebhook(v: { url: string; events: string[] }): Errors {
  let url: URL | null = null;
  try {
    url = new URL(v.url.trim());
  } catch {
    url = null;
  }
  return {
    url: !v.url.trim()
      ? t({ id: "settings.webhooks.url_missing", defaultMessage: "Enter the receiver's URL." })
      : !url || !/^https?:$/.test(url.protocol)
        ? t({ id: "settings.webhooks.url_invalid", defaultMessage: "Use a full https:// address." })
        : undefined,
    event_types: v.events.length
      ? undefined
      : t({ id: "settings.webhooks.events_missing", defaultMessage: "Pick at least one event." }),
  };
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const deliveries = useDeliveries(webhook.id);
  const replay = useReplayDelivery(webhook.id);
  const toast = useToast();
  if (deliveries.isPending) return <Loading lines={2} />;
  if (deliveries.error) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  const items = deliveries.data.pages.flatMap((p) => p.items);
  if (!items.length)
    return (
      <p className="muted small">
        {t({
          id: "settings.webhooks.no_deliveries",
          defaultMessage: "Nothing delivered yet. Send a test to check the receiver.",
        })}
      </p>
    );
  return (
    <div
      className="table-wrap"
      tabIndex={0}
      role="region"
      aria-label={t(
        { id: "settings.webhooks.deliveries_table", defaultMessage: "Deliveries to {url}" },
        { url: webhook.url },
      )}
    >
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t({ id: "settings.webhooks.event", defaultMessage: "Event" })}</th>
            <th scope="col">{t({ id: "settings.webhooks.status", defaultMessage: "Status" })}</th>
            <th scope="col">{t({ id: "settings.webhooks.attempts", defaultMessage: "Attempts" })}</th>
            <th scope="col">{t({ id: "settings.webhooks.last_answer_heading", defaultMessage: "Last answer" })}</th>
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">
                {t({ id: "settings.webhooks.actions", defaultMessage: "Actions" })}
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.id}>
              <td>
                {label(EVENT_TYPES, d.event_type)}
                <div className="muted small">
                  {fill(
                    t(
                      { id: "settings.webhooks.delivery_made", defaultMessage: "{when} · {id}" },
                      { when: formatDateTime(d.created_at), id: slot("id") },
                    ),
                    { id: <code>{d.id.slice(0, 8)}</code> },
                  )}
                </div>
              </td>
              <td>
                <Badge>{label(DELIVERY_STATUSES, d.status)}</Badge>
              </td>
              <td>{formatNumber(d.attempts)}</td>
              <td className="small">{lastAnswer(d)}</td>
              <td className="cell-actions">
                {d.status === "failed" || d.status === "dead" ? (
                  <Button
                    size="sm"
                    onClick={() =>
                      replay.mutate(d.id, {
                        onSuccess: () =>
                          toast.notify(
                            t({ id: "settings.webhooks.replayed", defaultMessage: "Delivery queued again." }),
                          ),
                        onError: (e) => toast.fail(errorMessage(e)),
                      })
                    }
                  >
                    {t({ id: "settings.webhooks.replay", defaultMessage: "Replay" })}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deliveries.hasNextPage ? (
        <Button size="sm" onClick={() => void deliveries.fetchNextPage()}>
          {t({ id: "settings.webhooks.show_older", defaultMessage: "Show older" })}
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
          <div className="tags">
            <code>{webhook.url}</code>
            {webhook.active ? (
              <Badge tone="good">{t({ id: "settings.webhooks.active", defaultMessage: "active" })}</Badge>
            ) : (
              <Badge tone="bad">{t({ id: "settings.webhooks.paused_badge", defaultMessage: "paused" })}</Badge>
            )}
          </div>
          <div className="muted small">{webhookSummary(webhook)}</div>
        </div>
        <div className="row-actions">
          <Button size="sm" onClick={() => setOpen(!open)} aria-expanded={open}>
            {open
              ? t({ id: "settings.webhooks.hide_deliveries", defaultMessage: "Hide deliveries" })
              : t({ id: "settings.webhooks.deliveries", defaultMessage: "Deliveries" })}
          </Button>
          <Button
            size="sm"
            busy={test.isPending}
            onClick={() =>
              test.mutate(webhook.id, {
                onSuccess: () => {
                  toast.notify(
                    t({
                      id: "settings.webhooks.test_queued",
                      defaultMessage: "Test event queued; the worker sends it.",
                    }),
                  );
                  setOpen(true);
                },
                onError: fail,
              })
            }
          >
            {t({ id: "settings.webhooks.send_test", defaultMessage: "Send test" })}
          </Button>
          <Button
            size="sm"
            busy={rotate.isPending}
            onClick={() => rotate.mutate(webhook.id, { onSuccess: (w) => setSecret(w.secret), onError: fail })}
          >
            {t({ id: "settings.webhooks.rotate", defaultMessage: "Rotate secret" })}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() =>
              update.mutate(
                { id: webhook.id, body: { active: !webhook.active } },
                {
                  onSuccess: () =>
                    toast.notify(
                      webhook.active
                        ? t({ id: "settings.webhooks.paused", defaultMessage: "Paused." })
                        : t({ id: "settings.webhooks.reactivated", defaultMessage: "Re-activated." }),
                    ),
                  onError: fail,
                },
              )
            }
          >
            {webhook.active
              ? t({ id: "settings.webhooks.pause", defaultMessage: "Pause" })
              : t({ id: "settings.webhooks.reactivate", defaultMessage: "Re-activate" })}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={t(
              { id: "settings.webhooks.delete_label", defaultMessage: "Delete webhook {url}" },
              { url: webhook.url },
            )}
            onClick={() =>
              remove.mutate(webhook.id, {
                onSuccess: () =>
                  toast.notify(t({ id: "settings.webhooks.deleted", defaultMessage: "Webhook deleted." })),
                onError: fail,
              })
            }
          >
            {t({ id: "settings.webhooks.delete", defaultMessage: "Delete" })}
          </Button>
        </div>
      </div>
      {secret ? (
        <SecretOnce
          title={t({ id: "settings.webhooks.new_secret", defaultMessage: "New signing secret" })}
          secret={secret}
          hint={t({
            id: "settings.webhooks.new_secret_hint",
            defaultMessage: "The old secret stopped working. Store this one at the receiver; it is shown only now.",
          })}
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
  const { errors, local, check } = useFieldErrors(create.error, { focusFirst: false });
  const [secret, setSecret] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateWebhook(values);
    if (!check(found)) return;
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
      <Card title={t({ id: "settings.webhooks.new", defaultMessage: "New webhook" })} id="new-webhook">
        {secret ? (
          <SecretOnce
            title={t({ id: "settings.webhooks.secret", defaultMessage: "Signing secret" })}
            secret={secret}
            hint={t({
              id: "settings.webhooks.secret_hint",
              defaultMessage: "Deliveries are signed with it (Standard Webhooks). It is shown only now.",
            })}
            onDone={() => setSecret(null)}
          />
        ) : null}
        <CompactForm
          label={t({ id: "settings.webhooks.new", defaultMessage: "New webhook" })}
          onSubmit={submit}
          error={create.error}
          fieldErrors={local}
        >
          <TextField
            label={t({ id: "settings.webhooks.url", defaultMessage: "Receiver URL" })}
            name="url"
            type="url"
            value={values.url}
            onChange={(url) => setValues({ ...values, url })}
            error={errors.url}
            required
            placeholder={t({
              id: "settings.webhooks.url_placeholder",
              defaultMessage: "https://partner.example.org/drumbeat",
            })}
          />
          <CheckboxGroup
            legend={t({ id: "settings.webhooks.events", defaultMessage: "Events" })}
            name="event_types"
            options={options(EVENT_TYPES)}
            value={values.events}
            onChange={(events) => setValues({ ...values, events })}
            error={errors.event_types}
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              {t({ id: "settings.webhooks.add", defaultMessage: "Add webhook" })}
            </Button>
          </div>
        </CompactForm>
      </Card>
      <Card title={t({ id: "settings.webhooks.title", defaultMessage: "Webhooks" })} id="webhooks">
        <QueryState
          query={hooks}
          empty={(list) =>
            list.length === 0 ? (
              <Empty title={t({ id: "settings.webhooks.none", defaultMessage: "No webhooks yet." })}>
                {t({ id: "settings.webhooks.none_hint", defaultMessage: "Partners receive events as they happen." })}
              </Empty>
            ) : null
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
