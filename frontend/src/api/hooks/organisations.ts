import { useQuery } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { ifMatch } from "../etags";
import { organisationKeys } from "../keys";
import { unwrapTagged, useInvalidatingMutation } from "../shared";

export type Organisation = Schemas["OrganisationRead"];
export type OrganisationInput = Schemas["OrganisationCreate"];

export function organisationsQuery(networkId: string) {
  return {
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
  };
}

export function useOrganisations(networkId: string) {
  return useQuery(organisationsQuery(networkId));
}

/** id → organisation, for showing names next to ids. */
export function useOrganisationMap(networkId: string): Map<string, Organisation> {
  const { data } = useOrganisations(networkId);
  return new Map((data ?? []).map((o) => [o.id, o]));
}

export function useSaveOrganisation(networkId: string) {
  return useInvalidatingMutation(
    ({ id, body }: { id?: string; body: OrganisationInput }) =>
      id
        ? unwrapTagged(
            id,
            api.PATCH("/api/v1/organisations/{organisation_id}", {
              params: { path: { organisation_id: id }, header: ifMatch(id) },
              body,
            }),
          )
        : unwrap(
            api.POST("/api/v1/networks/{network_id}/organisations", {
              params: { path: { network_id: networkId } },
              body,
            }),
          ),
    organisationKeys.all(networkId),
  );
}

export function useDeleteOrganisation(networkId: string) {
  return useInvalidatingMutation(
    (id: string) =>
      unwrap(api.DELETE("/api/v1/organisations/{organisation_id}", { params: { path: { organisation_id: id } } })),
    organisationKeys.all(networkId),
  );
}
