import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { ifMatch } from "../etags";
import { findingKeys, type FindingFilters } from "../keys";
import { byCursor, unwrapTagged } from "../shared";

export type Finding = Schemas["FindingRead"];
export type FindingDetail = Schemas["FindingDetail"];
export type FindingUpdate = Schemas["FindingUpdate"];

const PAGE_SIZE = 200;
const MAX_PAGES = 5;
/** useFindings reads at most this many findings: a list this long may have more. */
export const FINDINGS_READ_AT_MOST = PAGE_SIZE * MAX_PAGES;

export function findingsQuery(networkId: string, filters: FindingFilters) {
  return {
    queryKey: findingKeys.list(networkId, filters),
    queryFn: () =>
      allPages(
        (cursor) =>
          unwrap(
            api.GET("/api/v1/networks/{network_id}/findings", {
              params: {
                path: { network_id: networkId },
                query: { ...filters, limit: PAGE_SIZE, cursor },
              },
            }),
          ),
        MAX_PAGES,
      ),
  };
}

export function useFindings(networkId: string, filters: FindingFilters) {
  return useQuery(findingsQuery(networkId, filters));
}

/** Page by page, for lists that may be long (an activity's findings): no silent cap. */
export function useFindingPages(networkId: string, filters: FindingFilters) {
  return useInfiniteQuery({
    queryKey: findingKeys.pages(networkId, filters),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/networks/{network_id}/findings", {
          params: { path: { network_id: networkId }, query: { ...filters, limit: 50, cursor: pageParam } },
        }),
      ),
    ...byCursor,
  });
}

type FindingPages = InfiniteData<Schemas["Page_FindingRead_"]>;

export function useFinding(findingId: string) {
  return useQuery({
    queryKey: findingKeys.detail(findingId),
    queryFn: () =>
      unwrapTagged(
        findingId,
        api.GET("/api/v1/findings/{finding_id}", { params: { path: { finding_id: findingId } } }),
      ),
  });
}

export function useUpdateFinding(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: FindingUpdate }) =>
      unwrapTagged(
        id,
        api.PATCH("/api/v1/findings/{finding_id}", { params: { path: { finding_id: id }, header: ifMatch(id) }, body }),
      ),
    // Optimistic: the finding leaves the open list at once; a refusal brings it back.
    onMutate: async ({ id, body }) => {
      await client.cancelQueries({ queryKey: findingKeys.all(networkId) });
      const apply = (list: Finding[]) =>
        list.map((f) =>
          f.id === id
            ? {
                ...f,
                status: body.status,
                snoozed_until: body.snoozed_until ?? null,
                dismissed_reason: body.dismissed_reason ?? null,
              }
            : f,
        );
      const snapshots = client.getQueriesData<Finding[] | FindingPages>({ queryKey: findingKeys.all(networkId) });
      for (const [key, data] of snapshots) {
        if (Array.isArray(data)) client.setQueryData<Finding[]>(key, apply(data));
        else if (data && "pages" in data)
          client.setQueryData<FindingPages>(key, {
            ...data,
            pages: data.pages.map((p) => ({ ...p, items: apply(p.items) })),
          });
      }
      return { snapshots };
    },
    onError: (_e, _v, context) => {
      for (const [key, list] of context?.snapshots ?? []) client.setQueryData(key, list);
    },
    onSuccess: (finding) => client.setQueryData(findingKeys.detail(finding.id), finding),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: findingKeys.all(networkId) });
    },
  });
}
