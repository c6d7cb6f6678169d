/** The users' words for the API's enumerations. */
export const ACTIVITY_KINDS = {
  training: "Training",
  workshop: "Workshop",
  webinar: "Webinar",
  exchange_visit: "Exchange visit",
  dialogue: "Dialogue",
  co_creation: "Co-creation",
  network_meeting: "Network meeting",
  mentoring: "Mentoring",
  coaching: "Coaching",
  learning_by_doing: "Learning by doing",
  peer_review: "Peer review",
  conference: "Conference",
  other: "Other",
} as const;

export const MODALITIES = { in_person: "In person", online: "Online", hybrid: "Hybrid" } as const;
export const ACTIVITY_STATUSES = { planned: "Planned", held: "Held", cancelled: "Cancelled" } as const;
export const CAPACITY_AREAS = {
  operate: "Capacity to operate",
  act: "Capacity to act",
  connect: "Capacity to connect",
} as const;
export const SKILL_KINDS = { technical: "Technical", thematic: "Thematic", soft: "Soft skills" } as const;

export const FOLLOW_UP_KINDS = {
  action_plan: "Action plan",
  coaching: "Coaching",
  mentoring: "Mentoring",
  check_in: "Check-in",
  refresher: "Refresher",
  application: "Applying the learning",
  sharing: "Sharing with others",
  assessment: "Assessment",
  other: "Other",
} as const;
export const FOLLOW_UP_STATUSES = { planned: "Planned", done: "Done", dropped: "Dropped" } as const;

export const ORG_KINDS = {
  ngo: "NGO",
  community_based: "Community-based organisation",
  social_movement: "Social movement",
  research: "Research institute",
  network_secretariat: "Network secretariat",
  donor: "Donor",
  government: "Government",
  private_sector: "Private sector",
  other: "Other",
} as const;
export const LEVELS = { local: "Local", national: "National", regional: "Regional", global: "Global" } as const;

export const FINDING_KINDS = {
  missing_follow_up: "Activities without a follow-up",
  overdue_follow_up: "Overdue follow-ups",
  series_gap: "Missed meetings",
} as const;
export const FINDING_STATUSES = {
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  dismissed: "Dismissed",
} as const;
/** One finding's kind, for a row or a page title (FINDING_KINDS names the groups). */
export const FINDING_KIND_ONE = {
  missing_follow_up: "Activity without a follow-up",
  overdue_follow_up: "Overdue follow-up",
  series_gap: "Missed meeting",
} as const;
/** The findings list's status filter: the statuses, and snoozed (acknowledged, reminders paused). */
export const FINDING_STATUS_FILTERS = {
  open: "Open",
  snoozed: "Snoozed",
  acknowledged: "Acknowledged",
  dismissed: "Dismissed",
  resolved: "Resolved",
} as const;

export const VISIBILITIES = {
  network: "Everyone in the network",
  coordinators: "Coordinators only (and me)",
  private: "Only me",
} as const;

export const ROLES = { coordinator: "Coordinator", member: "Member", viewer: "Viewer" } as const;

export const REFLECTION_TAGS = [
  "power",
  "mutuality",
  "diversity",
  "gender",
  "intersectionality",
  "governance",
  "learning",
  "communication",
  "confidence",
] as const;

export function label<T extends Record<string, string>>(table: T, key: string | null | undefined): string {
  if (!key) return "—";
  return (table as Record<string, string>)[key] ?? key.replace(/_/g, " ");
}

export function options<T extends Record<string, string>>(table: T): { value: keyof T & string; label: string }[] {
  return Object.entries(table).map(([value, text]) => ({ value: value as keyof T & string, label: text }));
}

export const CADENCES = {
  immediate: "As they come",
  daily: "Once a day at 08:00 (your time zone)",
  weekly: "Once a week on Monday",
  muted: "Muted",
} as const;
