import { useQueries } from "@tanstack/react-query";
import { findingsQuery, FINDINGS_READ_AT_MOST } from "./findings";
import { insightsQuery } from "./insights";
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

/**
 * A network's health: its open findings and its follow-up rate over the last twelve months.
 * Made of the same two queries as the dashboard's findings panel and insights card, so a
 * dashboard asks for each once (and a change to either shows in the figures too).
 */
export function useNetworkHealth(network: Network) {
  const { from, to } = healthPeriod();
  return useQueries({
    queries: [findingsQuery(network.id, { status: "open" }), insightsQuery(network.id, from, to)],
    combine: ([findings, insights]) => ({
      isPending: findings.isPending || insights.isPending,
      error: findings.error ?? insights.error,
      data:
        findings.data && insights.data
          ? ({
              openFindings: findings.data.length,
              openFindingsCapped: findings.data.length >= FINDINGS_READ_AT_MOST,
              followUpRate: insights.data.follow_ups.rate ?? null,
              expected: insights.data.follow_ups.expected,
              missing: insights.data.follow_ups.missing_past_grace,
            } satisfies NetworkHealth)
          : undefined,
    }),
  });
}
