/** The users' words for the API's enumerations (API values stay as they are). */
import { msg, t, type Message } from "../i18n";

type Table = Record<string, Message>;
export const ACTIVITY_KINDS = {
  training: msg({ id: "labels.activity_kind.training", defaultMessage: "Training" }),
  workshop: msg({ id: "labels.activity_kind.workshop", defaultMessage: "Workshop" }),
  webinar: msg({ id: "labels.activity_kind.webinar", defaultMessage: "Webinar" }),
  exchange_visit: msg({ id: "labels.activity_kind.exchange_visit", defaultMessage: "Exchange visit" }),
  dialogue: msg({ id: "labels.activity_kind.dialogue", defaultMessage: "Dialogue" }),
  co_creation: msg({ id: "labels.activity_kind.co_creation", defaultMessage: "Co-creation" }),
  network_meeting: msg({ id: "labels.activity_kind.network_meeting", defaultMessage: "Network meeting" }),
  mentoring: msg({ id: "labels.activity_kind.mentoring", defaultMessage: "Mentoring" }),
  coaching: msg({ id: "labels.activity_kind.coaching", defaultMessage: "Coaching" }),
  learning_by_doing: msg({ id: "labels.activity_kind.learning_by_doing", defaultMessage: "Learning by doing" }),
  peer_review: msg({ id: "labels.activity_kind.peer_review", defaultMessage: "Peer review" }),
  conference: msg({ id: "labels.activity_kind.conference", defaultMessage: "Conference" }),
  other: msg({ id: "labels.activity_kind.other", defaultMessage: "Other" }),
} as const;

export const MODALITIES = {
  in_person: msg({ id: "labels.modality.in_person", defaultMessage: "In person" }),
  online: msg({ id: "labels.modality.online", defaultMessage: "Online" }),
  hybrid: msg({ id: "labels.modality.hybrid", defaultMessage: "Hybrid" }),
} as const;
export const ACTIVITY_STATUSES = {
  planned: msg({ id: "labels.activity_status.planned", defaultMessage: "Planned" }),
  held: msg({ id: "labels.activity_status.held", defaultMessage: "Held" }),
  cancelled: msg({ id: "labels.activity_status.cancelled", defaultMessage: "Cancelled" }),
} as const;
export const CAPACITY_AREAS = {
  operate: msg({ id: "labels.capacity_area.operate", defaultMessage: "Capacity to operate" }),
  act: msg({ id: "labels.capacity_area.act", defaultMessage: "Capacity to act" }),
  connect: msg({ id: "labels.capacity_area.connect", defaultMessage: "Capacity to connect" }),
} as const;
export const SKILL_KINDS = {
  technical: msg({ id: "labels.skill_kind.technical", defaultMessage: "Technical" }),
  thematic: msg({ id: "labels.skill_kind.thematic", defaultMessage: "Thematic" }),
  soft: msg({ id: "labels.skill_kind.soft", defaultMessage: "Soft skills" }),
} as const;

export const FOLLOW_UP_KINDS = {
  action_plan: msg({ id: "labels.follow_up_kind.action_plan", defaultMessage: "Action plan" }),
  coaching: msg({ id: "labels.follow_up_kind.coaching", defaultMessage: "Coaching" }),
  mentoring: msg({ id: "labels.follow_up_kind.mentoring", defaultMessage: "Mentoring" }),
  check_in: msg({ id: "labels.follow_up_kind.check_in", defaultMessage: "Check-in" }),
  refresher: msg({ id: "labels.follow_up_kind.refresher", defaultMessage: "Refresher" }),
  application: msg({ id: "labels.follow_up_kind.application", defaultMessage: "Applying the learning" }),
  sharing: msg({ id: "labels.follow_up_kind.sharing", defaultMessage: "Sharing with others" }),
  assessment: msg({ id: "labels.follow_up_kind.assessment", defaultMessage: "Assessment" }),
  other: msg({ id: "labels.follow_up_kind.other", defaultMessage: "Other" }),
} as const;
export const FOLLOW_UP_STATUSES = {
  planned: msg({ id: "labels.follow_up_status.planned", defaultMessage: "Planned" }),
  done: msg({ id: "labels.follow_up_status.done", defaultMessage: "Done" }),
  dropped: msg({ id: "labels.follow_up_status.dropped", defaultMessage: "Dropped" }),
} as const;

export const ORG_KINDS = {
  ngo: msg({ id: "labels.org_kind.ngo", defaultMessage: "NGO" }),
  community_based: msg({ id: "labels.org_kind.community_based", defaultMessage: "Community-based organisation" }),
  social_movement: msg({ id: "labels.org_kind.social_movement", defaultMessage: "Social movement" }),
  research: msg({ id: "labels.org_kind.research", defaultMessage: "Research institute" }),
  network_secretariat: msg({ id: "labels.org_kind.network_secretariat", defaultMessage: "Network secretariat" }),
  donor: msg({ id: "labels.org_kind.donor", defaultMessage: "Donor" }),
  government: msg({ id: "labels.org_kind.government", defaultMessage: "Government" }),
  private_sector: msg({ id: "labels.org_kind.private_sector", defaultMessage: "Private sector" }),
  other: msg({ id: "labels.org_kind.other", defaultMessage: "Other" }),
} as const;
export const LEVELS = {
  local: msg({ id: "labels.level.local", defaultMessage: "Local" }),
  national: msg({ id: "labels.level.national", defaultMessage: "National" }),
  regional: msg({ id: "labels.level.regional", defaultMessage: "Regional" }),
  global: msg({ id: "labels.level.global", defaultMessage: "Global" }),
} as const;

export const FINDING_KINDS = {
  missing_follow_up: msg({
    id: "labels.finding_kinds.missing_follow_up",
    defaultMessage: "Activities without a follow-up",
  }),
  overdue_follow_up: msg({ id: "labels.finding_kinds.overdue_follow_up", defaultMessage: "Overdue follow-ups" }),
  series_gap: msg({ id: "labels.finding_kinds.series_gap", defaultMessage: "Missed meetings" }),
} as const;
export const FINDING_STATUSES = {
  open: msg({ id: "labels.finding_status.open", defaultMessage: "Open" }),
  acknowledged: msg({ id: "labels.finding_status.acknowledged", defaultMessage: "Acknowledged" }),
  resolved: msg({ id: "labels.finding_status.resolved", defaultMessage: "Resolved" }),
  dismissed: msg({ id: "labels.finding_status.dismissed", defaultMessage: "Dismissed" }),
} as const;
/** One finding's kind, for a row or a page title (FINDING_KINDS names the groups). */
export const FINDING_KIND_ONE = {
  missing_follow_up: msg({
    id: "labels.finding_kind.missing_follow_up",
    defaultMessage: "Activity without a follow-up",
  }),
  overdue_follow_up: msg({ id: "labels.finding_kind.overdue_follow_up", defaultMessage: "Overdue follow-up" }),
  series_gap: msg({ id: "labels.finding_kind.series_gap", defaultMessage: "Missed meeting" }),
} as const;
/** The findings list's status filter: the statuses, and snoozed (acknowledged, reminders paused). */
export const FINDING_STATUS_FILTERS = {
  open: msg({ id: "labels.finding_status_filter.open", defaultMessage: "Open" }),
  snoozed: msg({ id: "labels.finding_status_filter.snoozed", defaultMessage: "Snoozed" }),
  acknowledged: msg({ id: "labels.finding_status_filter.acknowledged", defaultMessage: "Acknowledged" }),
  dismissed: msg({ id: "labels.finding_status_filter.dismissed", defaultMessage: "Dismissed" }),
  resolved: msg({ id: "labels.finding_status_filter.resolved", defaultMessage: "Resolved" }),
} as const;

export const VISIBILITIES = {
  network: msg({ id: "labels.visibility.network", defaultMessage: "Everyone in the network" }),
  coordinators: msg({ id: "labels.visibility.coordinators", defaultMessage: "Coordinators only (and me)" }),
  private: msg({ id: "labels.visibility.private", defaultMessage: "Only me" }),
} as const;

export const ROLES = {
  coordinator: msg({ id: "labels.role.coordinator", defaultMessage: "Coordinator" }),
  member: msg({ id: "labels.role.member", defaultMessage: "Member" }),
  viewer: msg({ id: "labels.role.viewer", defaultMessage: "Viewer" }),
} as const;

/**
 * What the audit log records changes of: every entity value the API writes
 * (services/core/audit/recorder.py, ENTITIES and record_event), so none shows as a raw value.
 */
export const AUDIT_ENTITIES = {
  network: msg({ id: "labels.audit_entity.network", defaultMessage: "Network" }),
  membership: msg({ id: "labels.audit_entity.membership", defaultMessage: "Membership" }),
  invitation: msg({ id: "labels.audit_entity.invitation", defaultMessage: "Invitation" }),
  organisation: msg({ id: "labels.audit_entity.organisation", defaultMessage: "Organisation" }),
  activity: msg({ id: "labels.audit_entity.activity", defaultMessage: "Activity" }),
  activity_organisation: msg({
    id: "labels.audit_entity.activity_organisation",
    defaultMessage: "Organisations of an activity",
  }),
  series: msg({ id: "labels.audit_entity.series", defaultMessage: "Recurring meeting" }),
  follow_up: msg({ id: "labels.audit_entity.follow_up", defaultMessage: "Follow-up" }),
  reflection: msg({ id: "labels.audit_entity.reflection", defaultMessage: "Reflection" }),
  finding: msg({ id: "labels.audit_entity.finding", defaultMessage: "Finding" }),
  webhook: msg({ id: "labels.audit_entity.webhook", defaultMessage: "Webhook" }),
  api_key: msg({ id: "labels.audit_entity.api_key", defaultMessage: "API key" }),
  user: msg({ id: "labels.audit_entity.user", defaultMessage: "User account" }),
  session: msg({ id: "labels.audit_entity.session", defaultMessage: "Sign-in session" }),
} as const;

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

/** A value's words in the app's language; an unknown value (newer API) as itself. */
export function label<T extends Table>(table: T, key: string | null | undefined): string {
  if (!key) return "—";
  const message = (table as Table)[key];
  return message ? t(message) : key.replace(/_/g, " ");
}

export function options<T extends Table>(table: T): { value: keyof T & string; label: string }[] {
  return Object.entries(table).map(([value, message]) => ({ value: value as keyof T & string, label: t(message) }));
}

export const CADENCES = {
  immediate: msg({ id: "labels.cadence.immediate", defaultMessage: "As they come" }),
  daily: msg({ id: "labels.cadence.daily", defaultMessage: "Once a day at 08:00 (your time zone)" }),
  weekly: msg({ id: "labels.cadence.weekly", defaultMessage: "Once a week on Monday" }),
  muted: msg({ id: "labels.cadence.muted", defaultMessage: "Muted" }),
} as const;
