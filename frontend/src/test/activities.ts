/** A shared fixture for the activity screens' tests. */
import type { Activity } from "../api/hooks/activities";

/** A held exchange visit in network n1, with nothing linked to it unless `overrides` says so. */
export function anActivity(overrides: Partial<Activity> = {}): Activity {
  return {
    id: "a1",
    network_id: "n1",
    title: "Learning visit",
    kind: "exchange_visit",
    modality: "in_person",
    status: "held",
    starts_at: "2026-01-10T08:00:00Z",
    ends_at: "2026-01-11T16:00:00Z",
    location: "",
    country: null,
    description: "",
    facilitator_ids: [],
    participant_ids: [],
    participants_count: null,
    participants_by_gender: null,
    capacity_areas: [],
    skill_kinds: [],
    themes: [],
    series_id: null,
    cascade_of: null,
    follow_up_expected: true,
    created_by: null,
    created_at: "2026-01-11T16:00:00Z",
    updated_at: "2026-01-11T16:00:00Z",
    ...overrides,
  };
}
