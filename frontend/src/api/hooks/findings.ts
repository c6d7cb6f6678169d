import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { ifMatch, rememberEtag } from "../etags";
import { findingKeys, networkKeys, type FindingFilters } from "../keys";

export type Finding = Schemas["FindingRead"];
export type FindingDetail = Schemas["FindingDetail"];
export type FindingUpdate = Schemas["FindingUpdate"];

export function useFindings(networkId: string, filters: FindingFilters) {
  return useQuery({
    queryKey: findingKeys.list(networkId, filters),
    queryFn: () =>
      allPages(
        (cursor) =>
          unwrap(
            api.GET("/api/v1/networks/{network_id}/findings", {
              params: {
                path: { network_id: networkId },
                query: { ...filters, limit: 200, cursor },
              },
            }),
          ),
        5,
      ),
  });
}

export function useFinding(findingId: string) {
  return useQuery({
    queryKey: findingKeys.detail(findingId),
    queryFn: async () => {
      const result = await api.GET("/api/v1/findings/{finding_id}", {
        params: { path: { finding_id: findingId } },
      });
      rememberEtag(findingId, result.response);
      return unwrap(Promise.resolve(result));
    },
  });
}

export function useUpdateFinding(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: FindingUpdate }) => {
      const result = await api.PATCH("/api/v1/findings/{finding_id}", {
        params: { path: { finding_id: id }, header: ifMatch(id) },
        body,
      });
      rememberEtag(id, result.response);
      return unwrap(Promise.resolve(result));
    },
    // Optimistic: the finding leaves the open list at once; a refusal brings it back.
    onMutate: async ({ id, body }) => {
      await client.cancelQueries({ queryKey: findingKeys.all(networkId) });
      const snapshots = client.getQueriesData<Finding[]>({ queryKey: findingKeys.all(networkId) });
      for (const [key, list] of snapshots) {
        if (Array.isArray(list)) {
          client.setQueryData<Finding[]>(
            key,
            list.map((f) =>
              f.id === id
                ? {
                    ...f,
                    status: body.status,
                    snoozed_until: body.snoozed_until ?? null,
                    dismissed_reason: body.dismissed_reason ?? null,
                  }
                : f,
            ),
          );
        }
      }
      return { snapshots };
    },
    onError: (_e, _v, context) => {
      for (const [key, list] of context?.snapshots ?? []) client.setQueryData(key, list);
    },
    onSuccess: (finding) => client.setQueryData(findingKeys.detail(finding.id), finding),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: findingKeys.all(networkId) });
      void client.invalidateQueries({ queryKey: networkKeys.health(networkId) });
    },
  });
}
