import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { ifMatch } from "../etags";
import { findingKeys, followUpKeys, insightKeys, type FollowUpFilters } from "../keys";
import { unwrapTagged } from "../shared";

export type FollowUp = Schemas["FollowUpRead"];
export type FollowUpInput = Schemas["FollowUpCreate"];

export function networkFollowUpsQuery(networkId: string, filters: FollowUpFilters) {
  return {
    queryKey: followUpKeys.network(networkId, filters),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          api.GET("/api/v1/networks/{network_id}/follow-ups", {
            params: {
              path: { network_id: networkId },
              query: { ...filters, limit: 200, cursor },
            },
          }),
        ),
      ),
  };
}

export function useNetworkFollowUps(networkId: string, filters: FollowUpFilters) {
  return useQuery(networkFollowUpsQuery(networkId, filters));
}

export function useActivityFollowUps(activityId: string) {
  return useQuery({
    queryKey: followUpKeys.activity(activityId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          api.GET("/api/v1/activities/{activity_id}/follow-ups", {
            params: { path: { activity_id: activityId }, query: { limit: 200, cursor } },
          }),
        ),
      ),
  });
}

export function useCreateFollowUp(networkId: string, activityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: FollowUpInput; idempotencyKey?: string }) =>
      unwrap(
        api.POST("/api/v1/activities/{activity_id}/follow-ups", {
          params: { path: { activity_id: activityId } },
          body,
          headers: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {},
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: followUpKeys.all });
      void client.invalidateQueries({ queryKey: findingKeys.all(networkId) });
      // The follow-up figures of the insights (and the health made of them) count this one.
      void client.invalidateQueries({ queryKey: insightKeys.all(networkId) });
    },
  });
}

export function useUpdateFollowUp(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["FollowUpUpdate"] }) =>
      unwrapTagged(
        id,
        api.PATCH("/api/v1/follow-ups/{follow_up_id}", {
          params: { path: { follow_up_id: id }, header: ifMatch(id) },
          body,
        }),
      ),
    // Optimistic: a follow-up marked done moves at once; a refusal puts it back.
    onMutate: async ({ id, body }) => {
      await client.cancelQueries({ queryKey: followUpKeys.all });
      const snapshots = client.getQueriesData<FollowUp[]>({ queryKey: followUpKeys.all });
      for (const [key, list] of snapshots) {
        if (Array.isArray(list)) {
          client.setQueryData<FollowUp[]>(
            key,
            list.map((f) => (f.id === id ? ({ ...f, ...body } as FollowUp) : f)),
          );
        }
      }
      return { snapshots };
    },
    onError: (_e, _v, context) => {
      for (const [key, list] of context?.snapshots ?? []) client.setQueryData(key, list);
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: followUpKeys.all });
      // The follow-up figures of the insights (and the health made of them) count this one.
      void client.invalidateQueries({ queryKey: insightKeys.all(networkId) });
    },
  });
}
