import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { ifMatch, rememberEtag } from "../etags";
import { organisationKeys } from "../keys";

export type Organisation = Schemas["OrganisationRead"];
export type OrganisationInput = Schemas["OrganisationCreate"];

export function useOrganisations(networkId: string) {
  return useQuery({
    queryKey: organisationKeys.list(networkId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          api.GET("/api/v1/networks/{network_id}/organisations", {
            params: { path: { network_id: networkId }, query: { limit: 200, cursor } },
          }),
        ),
      ),
    staleTime: 60_000,
  });
}

/** id → organisation, for showing names next to ids. */
export function useOrganisationMap(networkId: string): Map<string, Organisation> {
  const { data } = useOrganisations(networkId);
  return new Map((data ?? []).map((o) => [o.id, o]));
}

export function useSaveOrganisation(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id?: string; body: OrganisationInput }) => {
      if (!id) {
        return unwrap(
          api.POST("/api/v1/networks/{network_id}/organisations", {
            params: { path: { network_id: networkId } },
            body,
          }),
        );
      }
      const result = await api.PATCH("/api/v1/organisations/{organisation_id}", {
        params: { path: { organisation_id: id }, header: ifMatch(id) },
        body,
      });
      rememberEtag(id, result.response);
      return unwrap(Promise.resolve(result));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: organisationKeys.all(networkId) }),
  });
}

export function useDeleteOrganisation(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/organisations/{organisation_id}", {
          params: { path: { organisation_id: id } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: organisationKeys.all(networkId) }),
  });
}
