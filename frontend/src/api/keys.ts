/** Query keys: one factory per resource, so invalidation is precise and typo-free. */
import type { QueryOf } from "./client";
import type { operations } from "./generated/schema";

/**
 * A list's filters: its query parameters in the generated schema, less the paging that the
 * hooks add. Derived, so a new or renamed API filter shows up here without a hand-kept copy.
 */
type ListFilters<Op extends keyof operations> = Omit<QueryOf<Op>, "limit" | "cursor">;
export type ActivityFilters = ListFilters<"list_activities">;
export type FollowUpFilters = ListFilters<"list_network_follow_ups">;
export type FindingFilters = ListFilters<"list_findings">;
export type ReflectionFilters = ListFilters<"list_reflections">;
export type AuditFilters = ListFilters<"list_audit_events">;

export const sessionKeys = {
  all: ["session"] as const,
  me: () => [...sessionKeys.all, "me"] as const,
};

export const networkKeys = {
  all: ["networks"] as const,
  list: () => [...networkKeys.all, "list"] as const,
  detail: (id: string) => [...networkKeys.all, "detail", id] as const,
};

export const memberKeys = {
  all: (networkId: string) => ["members", networkId] as const,
};

export const organisationKeys = {
  all: (networkId: string) => ["organisations", networkId] as const,
  list: (networkId: string) => [...organisationKeys.all(networkId), "list"] as const,
  detail: (id: string) => ["organisation", id] as const,
};

export const activityKeys = {
  all: (networkId: string) => ["activities", networkId] as const,
  list: (networkId: string, filters: ActivityFilters) => [...activityKeys.all(networkId), "list", filters] as const,
  detail: (id: string) => ["activity", id] as const,
};

export const seriesKeys = {
  all: (networkId: string) => ["series", networkId] as const,
  list: (networkId: string) => [...seriesKeys.all(networkId), "list"] as const,
  detail: (id: string) => ["series-item", id] as const,
  occurrences: (id: string, from: string, to: string) => ["series-item", id, "occurrences", from, to] as const,
};

export const followUpKeys = {
  all: ["follow-ups"] as const,
  network: (networkId: string, filters: FollowUpFilters) =>
    [...followUpKeys.all, "network", networkId, filters] as const,
  activity: (activityId: string) => [...followUpKeys.all, "activity", activityId] as const,
};

export const reflectionKeys = {
  all: (networkId: string) => ["reflections", networkId] as const,
  list: (networkId: string, filters: ReflectionFilters) => [...reflectionKeys.all(networkId), "list", filters] as const,
};

export const findingKeys = {
  all: (networkId: string) => ["findings", networkId] as const,
  list: (networkId: string, filters: FindingFilters) => [...findingKeys.all(networkId), "list", filters] as const,
  pages: (networkId: string, filters: FindingFilters) => [...findingKeys.all(networkId), "pages", filters] as const,
  detail: (id: string) => ["finding", id] as const,
};

export const webhookKeys = {
  all: (networkId: string) => ["webhooks", networkId] as const,
  deliveries: (id: string) => ["webhook", id, "deliveries"] as const,
};

export const insightKeys = {
  all: (networkId: string) => ["insights", networkId] as const,
  period: (networkId: string, from: string | null, to: string | null) =>
    [...insightKeys.all(networkId), from, to] as const,
};

export const apiKeyKeys = {
  all: (networkId: string) => ["api-keys", networkId] as const,
};

export const auditKeys = {
  all: (networkId: string) => ["audit", networkId] as const,
  list: (networkId: string, filters: AuditFilters) => [...auditKeys.all(networkId), filters] as const,
};

export const accountKeys = {
  sessions: () => ["account", "sessions"] as const,
  reset: (token: string) => ["password-reset", token] as const,
  invitation: (token: string) => ["invitation-by-token", token] as const,
  sso: () => ["sso"] as const,
};

export const invitationKeys = {
  all: (networkId: string) => ["invitations", networkId] as const,
};

export const userKeys = {
  all: ["users"] as const,
};

export const notificationKeys = {
  mine: () => ["account", "notifications"] as const,
};
