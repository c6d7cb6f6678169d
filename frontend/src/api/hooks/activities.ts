import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";
import { ifMatch } from "../etags";
import { activityKeys, type ActivityFilters } from "../keys";
import { byCursor, unwrapTagged, useInvalidatingMutation } from "../shared";

export type Activity = Schemas["ActivityRead"];
export type ActivityInput = Schemas["ActivityCreate"];

function listPage(networkId: string, filters: ActivityFilters, cursor?: string, limit = 50) {
  const query = Object.fromEntries(
    Object.entries({ ...filters, cursor, limit }).filter(([, v]) => v !== undefined && v !== ""),
  );
  return unwrap(
    api.GET("/api/v1/networks/{network_id}/activities", {
      params: { path: { network_id: networkId }, query },
    }),
  );
}

export function useActivityPages(networkId: string, filters: ActivityFilters) {
  return useInfiniteQuery({
    queryKey: activityKeys.list(networkId, filters),
    queryFn: ({ pageParam }) => listPage(networkId, filters, pageParam),
    ...byCursor,
  });
}

/** One page of activities (dashboard panels, insights). */
export function activitiesQuery(networkId: string, filters: ActivityFilters, limit = 50) {
  return {
    queryKey: [...activityKeys.list(networkId, filters), limit],
    queryFn: () => listPage(networkId, filters, undefined, limit),
  };
}

export function useActivities(networkId: string, filters: ActivityFilters, limit = 50) {
  return useQuery(activitiesQuery(networkId, filters, limit));
}

/** How many activities one list request may name (the API's limit for ?id=). */
const IDS_PER_REQUEST = 200;

/** The list requests that read these activities, 200 ids at most each, in a stable order. */
export function activitiesByIdQueries(networkId: string, ids: string[]) {
  const wanted = [...new Set(ids)].sort();
  const chunks: string[][] = [];
  for (let i = 0; i < wanted.length; i += IDS_PER_REQUEST) chunks.push(wanted.slice(i, i + IDS_PER_REQUEST));
  return chunks.map((chunk) => activitiesQuery(networkId, { id: chunk }, chunk.length));
}

/**
 * Several activities by id, a request per 200 rather than one each: a map from id to
 * activity once every request is back (null until then), without those that are gone.
 */
export function useActivitiesById(networkId: string, ids: string[]) {
  return useQueries({
    queries: activitiesByIdQueries(networkId, ids),
    combine: (results) =>
      results.some((r) => r.isPending)
        ? null
        : new Map(results.flatMap((r) => r.data?.items ?? []).map((a) => [a.id, a] as const)),
  });
}

export function activityQuery(activityId: string | undefined) {
  return {
    queryKey: activityKeys.detail(activityId ?? ""),
    enabled: Boolean(activityId),
    queryFn: () => {
      const id = activityId as string;
      return unwrapTagged(id, api.GET("/api/v1/activities/{activity_id}", { params: { path: { activity_id: id } } }));
    },
  };
}

export function useActivity(activityId: string | undefined) {
  return useQuery(activityQuery(activityId));
}

export function useSaveActivity(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, idempotencyKey }: { id?: string; body: ActivityInput; idempotencyKey?: string }) =>
      id
        ? unwrapTagged(
            id,
            api.PATCH("/api/v1/activities/{activity_id}", {
              params: { path: { activity_id: id }, header: ifMatch(id) },
              body,
            }),
          )
        : unwrap(
            api.POST("/api/v1/networks/{network_id}/activities", {
              params: { path: { network_id: networkId } },
              body,
              headers: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {},
            }),
          ),
    onSuccess: (activity) => {
      client.setQueryData(activityKeys.detail(activity.id), activity);
      void client.invalidateQueries({ queryKey: activityKeys.all(networkId) });
    },
  });
}

export function useDeleteActivity(networkId: string) {
  return useInvalidatingMutation(
    (id: string) => unwrap(api.DELETE("/api/v1/activities/{activity_id}", { params: { path: { activity_id: id } } })),
    activityKeys.all(networkId),
  );
}
