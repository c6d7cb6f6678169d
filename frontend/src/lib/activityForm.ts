/** The activity form's values, browser-side checks, and the API body they become. */
import type { Schemas } from "../api/client";
import type { Errors } from "../components/form";
import { fromLocalInput, toLocalInput } from "./format";
import { t } from "../i18n";

type Activity = Schemas["ActivityRead"];
type Body = Schemas["ActivityCreate"];

export type ActivityValues = {
  title: string;
  description: string;
  kind: Body["kind"];
  modality: NonNullable<Body["modality"]>;
  status: NonNullable<Body["status"]>;
  starts_at: string; // datetime-local, user's zone
  ends_at: string;
  location: string;
  country: string;
  capacity_areas: string[];
  skill_kinds: string[];
  themes: string;
  facilitator_ids: string[];
  participant_ids: string[];
  participants_count: string;
  women: string;
  men: string;
  non_binary: string;
  undisclosed: string;
  series_id: string;
  cascade_of: string;
  follow_up_expected: boolean;
};

export function emptyActivity(now: Date = new Date()): ActivityValues {
  const start = new Date(now);
  start.setDate(start.getDate() + 7);
  start.setHours(9, 0, 0, 0);
  const end = new Date(start);
  end.setHours(17);
  return {
    title: "",
    description: "",
    kind: "training",
    modality: "in_person",
    status: "planned",
    starts_at: toLocalInput(start.toISOString()),
    ends_at: toLocalInput(end.toISOString()),
    location: "",
    country: "",
    capacity_areas: [],
    skill_kinds: [],
    themes: "",
    facilitator_ids: [],
    participant_ids: [],
    participants_count: "",
    women: "",
    men: "",
    non_binary: "",
    undisclosed: "",
    series_id: "",
    cascade_of: "",
    follow_up_expected: true,
  };
}

export function activityToValues(a: Activity): ActivityValues {
  const g = a.participants_by_gender;
  const n = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  return {
    title: a.title,
    description: a.description,
    kind: a.kind,
    modality: a.modality,
    status: a.status,
    starts_at: toLocalInput(a.starts_at),
    ends_at: toLocalInput(a.ends_at),
    location: a.location,
    country: a.country ?? "",
    capacity_areas: [...a.capacity_areas],
    skill_kinds: [...a.skill_kinds],
    themes: a.themes.join(", "),
    facilitator_ids: [...a.facilitator_ids],
    participant_ids: [...a.participant_ids],
    participants_count: n(a.participants_count),
    women: n(g?.women),
    men: n(g?.men),
    non_binary: n(g?.non_binary),
    undisclosed: n(g?.undisclosed),
    series_id: a.series_id ?? "",
    cascade_of: a.cascade_of ?? "",
    follow_up_expected: a.follow_up_expected,
  };
}

const COUNT_FIELDS = ["participants_count", "women", "men", "non_binary", "undisclosed"] as const;

export function validateActivity(v: ActivityValues): Errors {
  const errors: Errors = {};
  if (!v.title.trim())
    errors.title = t({ id: "activities.validation.title_required", defaultMessage: "Give the activity a title." });
  else if (v.title.length > 200)
    errors.title = t({
      id: "activities.validation.title_too_long",
      defaultMessage: "Keep the title under 200 characters.",
    });
  if (!v.starts_at)
    errors.starts_at = t({ id: "activities.validation.starts_required", defaultMessage: "When does it start?" });
  if (!v.ends_at)
    errors.ends_at = t({ id: "activities.validation.ends_required", defaultMessage: "When does it end?" });
  if (v.starts_at && v.ends_at && new Date(v.ends_at) < new Date(v.starts_at))
    errors.ends_at = t({
      id: "activities.validation.ends_before_start",
      defaultMessage: "The end must not be before the start.",
    });
  if (v.country && !/^[A-Za-z]{2}$/.test(v.country.trim()))
    errors.country = t({
      id: "activities.validation.country",
      defaultMessage: "Use the two-letter country code, e.g. KE or NL.",
    });
  for (const f of COUNT_FIELDS) {
    if (v[f] !== "" && !(Number.isInteger(Number(v[f])) && Number(v[f]) >= 0))
      errors[f === "participants_count" ? f : "participants_by_gender"] = t({
        id: "activities.validation.whole_number",
        defaultMessage: "Use a whole number, 0 or more.",
      });
  }
  if (v.status === "held" && v.starts_at && new Date(v.starts_at) > new Date())
    errors.status = t({
      id: "activities.validation.held_in_future",
      defaultMessage: "An activity in the future cannot have been held yet.",
    });
  const overlap = v.facilitator_ids.filter((id) => v.participant_ids.includes(id));
  if (overlap.length)
    errors.participant_ids = t({
      id: "activities.validation.both_sides",
      defaultMessage: "An organisation is either facilitating or participating, not both.",
    });
  return errors;
}

export function valuesToBody(v: ActivityValues): Body {
  const int = (s: string) => (s === "" ? null : Number(s));
  const anyGender = [v.women, v.men, v.non_binary, v.undisclosed].some((x) => x !== "");
  return {
    title: v.title.trim(),
    description: v.description,
    kind: v.kind,
    modality: v.modality,
    status: v.status,
    starts_at: fromLocalInput(v.starts_at),
    ends_at: fromLocalInput(v.ends_at),
    location: v.location.trim(),
    country: v.country.trim() ? v.country.trim().toUpperCase() : null,
    capacity_areas: v.capacity_areas as Body["capacity_areas"],
    skill_kinds: v.skill_kinds as Body["skill_kinds"],
    themes: v.themes
      .split(",")
      .map((theme) => theme.trim())
      .filter(Boolean),
    facilitator_ids: v.facilitator_ids,
    participant_ids: v.participant_ids,
    participants_count: int(v.participants_count),
    participants_by_gender: anyGender
      ? {
          women: int(v.women) ?? 0,
          men: int(v.men) ?? 0,
          non_binary: int(v.non_binary) ?? 0,
          undisclosed: int(v.undisclosed) ?? 0,
        }
      : null,
    series_id: v.series_id || null,
    cascade_of: v.cascade_of || null,
    follow_up_expected: v.follow_up_expected,
  };
}
