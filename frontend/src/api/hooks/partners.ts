/** Coordinator tools: webhooks, API keys, the audit log, the calendar feed, CSV import. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { ifMatch } from "../etags";
import { activityKeys, apiKeyKeys, auditKeys, webhookKeys, type AuditFilters } from "../keys";
import { byCursor, unwrapTagged, useInvalidatingMutation } from "../shared";

export type Webhook = Schemas["WebhookRead"];
export type Delivery = Schemas["DeliveryRead"];
export type ApiKey = Schemas["ApiKeyRead"];
export type AuditEvent = Schemas["AuditEventRead"];
export type EventType = Webhook["event_types"][number];

export function useWebhooks(networkId: string) {
  return useQuery({
    queryKey: webhookKeys.all(networkId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          api.GET("/api/v1/networks/{network_id}/webhooks", {
            params: { path: { network_id: networkId }, query: { limit: 200, cursor } },
          }),
        ),
      ),
  });
}

export function useCreateWebhook(networkId: string) {
  return useInvalidatingMutation(
    (body: Schemas["WebhookCreate"]) =>
      unwrap(api.POST("/api/v1/networks/{network_id}/webhooks", { params: { path: { network_id: networkId } }, body })),
    webhookKeys.all(networkId),
  );
}

export function useUpdateWebhook(networkId: string) {
  return useInvalidatingMutation(
    ({ id, body }: { id: string; body: Schemas["WebhookUpdate"] }) =>
      unwrapTagged(
        id,
        api.PATCH("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id }, header: ifMatch(id) }, body }),
      ),
    webhookKeys.all(networkId),
  );
}

export function useDeleteWebhook(networkId: string) {
  return useInvalidatingMutation(
    (id: string) => unwrap(api.DELETE("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } })),
    webhookKeys.all(networkId),
  );
}

export function useRotateSecret() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/webhooks/{webhook_id}/rotate-secret", { params: { path: { webhook_id: id } } })),
  });
}

export function useDeliveries(webhookId: string) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/webhooks/{webhook_id}/deliveries", {
          params: { path: { webhook_id: webhookId }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    ...byCursor,
  });
}

export function useTestWebhook() {
  return useInvalidatingMutation(
    (id: string) => unwrap(api.POST("/api/v1/webhooks/{webhook_id}/test", { params: { path: { webhook_id: id } } })),
    (id) => webhookKeys.deliveries(id),
  );
}

export function useReplayDelivery(webhookId: string) {
  return useInvalidatingMutation(
    (deliveryId: string) =>
      unwrap(
        api.POST("/api/v1/webhook-deliveries/{delivery_id}/replay", { params: { path: { delivery_id: deliveryId } } }),
      ),
    webhookKeys.deliveries(webhookId),
  );
}

export function useApiKeys(networkId: string) {
  return useQuery({
    queryKey: apiKeyKeys.all(networkId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          api.GET("/api/v1/networks/{network_id}/api-keys", {
            params: { path: { network_id: networkId }, query: { limit: 200, cursor, include_revoked: true } },
          }),
        ),
      ),
  });
}

export function useCreateApiKey(networkId: string) {
  return useInvalidatingMutation(
    (body: Schemas["ApiKeyCreate"]) =>
      unwrap(api.POST("/api/v1/networks/{network_id}/api-keys", { params: { path: { network_id: networkId } }, body })),
    apiKeyKeys.all(networkId),
  );
}

export function useRevokeApiKey(networkId: string) {
  return useInvalidatingMutation(
    (id: string) => unwrap(api.DELETE("/api/v1/api-keys/{key_id}", { params: { path: { key_id: id } } })),
    apiKeyKeys.all(networkId),
  );
}

export function useAudit(networkId: string, filters: AuditFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(networkId, filters),
    enabled,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/networks/{network_id}/audit", {
          params: { path: { network_id: networkId }, query: { ...filters, limit: 50, cursor: pageParam } },
        }),
      ),
    ...byCursor,
  });
}

export function useCalendarFeed(networkId: string) {
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/networks/{network_id}/calendar-feed", { params: { path: { network_id: networkId } } })),
  });
}

export function useImportActivities(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, dryRun }: { csv: string; dryRun: boolean }) =>
      unwrap(
        api.POST("/api/v1/networks/{network_id}/activities/import", {
          params: { path: { network_id: networkId }, query: { dry_run: dryRun } },
          body: csv as never,
          bodySerializer: (b: unknown) => b as string,
          headers: { "Content-Type": "text/csv" },
        }),
      ),
    onSuccess: (result) => {
      if (!result.dry_run) void client.invalidateQueries({ queryKey: activityKeys.all(networkId) });
    },
  });
}
