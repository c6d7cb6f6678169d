import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";
import { insightKeys } from "../keys";

export type Insights = Schemas["Insights"];

export function insightsQuery(networkId: string, from: string | null, to: string | null) {
  return {
    queryKey: insightKeys.period(networkId, from, to),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/networks/{network_id}/insights", {
          params: { path: { network_id: networkId }, query: { from: from ?? undefined, to: to ?? undefined } },
        }),
      ),
    staleTime: 60_000,
  };
}

export function useInsights(networkId: string, from: string | null, to: string | null) {
  return useQuery(insightsQuery(networkId, from, to));
}
