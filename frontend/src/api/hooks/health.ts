import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../client";
import { networkKeys } from "../keys";
import type { Network } from "./networks";

export type NetworkHealth = {
  openFindings: number;
  openFindingsCapped: boolean;
  followUpRate: number | null;
  expected: number;
  missing: number;
};

/** The last twelve months, as the health figures use them. */
export function healthPeriod(now = new Date()): { from: string; to: string } {
  const from = new Date(now);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  from.setUTCHours(0, 0, 0, 0);
  return {
    from: from.toISOString(),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString(),
  };
}

/** A network's health: its open findings and its follow-up rate over the last twelve months. */
export function useNetworkHealth(network: Network) {
  return useQuery({
    queryKey: networkKeys.health(network.id),
    staleTime: 60_000,
    queryFn: async (): Promise<NetworkHealth> => {
      const path = { network_id: network.id };
      const [findings, insights] = await Promise.all([
        unwrap(
          api.GET("/api/v1/networks/{network_id}/findings", {
            params: { path, query: { status: "open", limit: 200 } },
          }),
        ),
        unwrap(api.GET("/api/v1/networks/{network_id}/insights", { params: { path, query: healthPeriod() } })),
      ]);
      return {
        openFindings: findings.items.length,
        openFindingsCapped: Boolean(findings.next_cursor),
        followUpRate: insights.follow_ups.rate ?? null,
        expected: insights.follow_ups.expected,
        missing: insights.follow_ups.missing_past_grace,
      };
    },
  });
}
