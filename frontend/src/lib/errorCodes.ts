/** The words for the API's field-error codes (problem+json `errors[].code`), in the app's language. */
import { activeLocale, msg, t } from "../i18n";

const CODES = {
  unknown_organisation: msg({
    id: "errors.unknown_organisation",
    defaultMessage: "No organisation of this network has this name or IATI identifier.",
  }),
  unknown_series: msg({
    id: "errors.unknown_series",
    defaultMessage: "No recurring meeting of this network has this title.",
  }),
  ambiguous_series: msg({
    id: "errors.ambiguous_series",
    defaultMessage: "More than one recurring meeting has this title: rename one first.",
  }),
  cascade_loop: msg({
    id: "errors.cascade_loop",
    defaultMessage: "These rows pass each other's learning on in a loop.",
  }),
  cascade_parent_invalid: msg({
    id: "errors.cascade_parent_invalid",
    defaultMessage: "The row whose learning this one passes on has errors of its own.",
  }),
  wrong_cell_count: msg({
    id: "errors.wrong_cell_count",
    defaultMessage: "This row does not have as many cells as the header.",
  }),
  duplicate_id: msg({ id: "errors.duplicate_id", defaultMessage: "Another row of the file has the same id." }),
  ends_before_start: msg({ id: "errors.ends_before_start", defaultMessage: "It ends before it starts." }),
  date_out_of_range: msg({
    id: "errors.date_out_of_range",
    defaultMessage: "Use a date between the years 1900 and 2200.",
  }),
  invalid_date_time: msg({ id: "errors.invalid_date_time", defaultMessage: "Enter a valid date and time." }),
  date_parsing: msg({ id: "errors.date_parsing", defaultMessage: "Enter a valid date." }),
  time_zone_required: msg({ id: "errors.time_zone_required", defaultMessage: "Give the time with its time zone." }),
  offset_not_allowed: msg({
    id: "errors.offset_not_allowed",
    defaultMessage: "Give the local time, without a time zone offset.",
  }),
  unknown_time_zone: msg({ id: "errors.unknown_time_zone", defaultMessage: "Choose a time zone from the list." }),
  unknown_country: msg({ id: "errors.unknown_country", defaultMessage: "Choose a country from the list." }),
  control_characters: msg({
    id: "errors.control_characters",
    defaultMessage: "Remove the special characters from this text.",
  }),
  not_nullable: msg({ id: "errors.not_nullable", defaultMessage: "This cannot be empty." }),
  not_found: msg({ id: "errors.not_found", defaultMessage: "This no longer exists, or you cannot see it." }),
  not_in_network: msg({ id: "errors.not_in_network", defaultMessage: "You are not a member of this network." }),
  not_in_future: msg({ id: "errors.not_in_future", defaultMessage: "Choose a moment in the future." }),
  slug_taken: msg({ id: "errors.slug_taken", defaultMessage: "Another network already uses this short name." }),
  name_taken: msg({ id: "errors.name_taken", defaultMessage: "Another organisation in this network has this name." }),
  name_required: msg({ id: "errors.name_required", defaultMessage: "Enter your name." }),
  password_required: msg({ id: "errors.password_required", defaultMessage: "Choose a password." }),
  password_too_short: msg({ id: "errors.password_too_short", defaultMessage: "This password is too short." }),
  password_too_common: msg({
    id: "errors.password_too_common",
    defaultMessage: "This password is one of the most common ones, which attackers try first; choose another.",
  }),
  current_password_required: msg({
    id: "errors.current_password_required",
    defaultMessage: "Enter your current password too.",
  }),
  current_password_wrong: msg({
    id: "errors.current_password_wrong",
    defaultMessage: "This is not your current password.",
  }),
  one_of_user_id_or_email: msg({
    id: "errors.one_of_user_id_or_email",
    defaultMessage: "Give either a person or an email address.",
  }),
  rrule_invalid: msg({ id: "errors.rrule_invalid", defaultMessage: "This repetition is not valid." }),
  rrule_never_occurs: msg({
    id: "errors.rrule_never_occurs",
    defaultMessage: "This repetition never produces a meeting.",
  }),
  until_and_ends_on: msg({
    id: "errors.until_and_ends_on",
    defaultMessage: "Give the end once: in the repetition or as the end date, not both.",
  }),
  window_too_long: msg({ id: "errors.window_too_long", defaultMessage: "Choose a period of at most 10 years." }),
  reason_required: msg({ id: "errors.reason_required", defaultMessage: "Say why." }),
  reason_not_allowed: msg({ id: "errors.reason_not_allowed", defaultMessage: "A reason only goes with dismissing." }),
  snooze_needs_acknowledged: msg({
    id: "errors.snooze_needs_acknowledged",
    defaultMessage: "Snoozing goes with acknowledging the finding.",
  }),
  completed_needs_done: msg({
    id: "errors.completed_needs_done",
    defaultMessage: "A completion date goes with the status “done”.",
  }),
  cascade_cycle: msg({ id: "errors.cascade_cycle", defaultMessage: "An activity cannot pass on its own learning." }),
  cascade_too_long: msg({ id: "errors.cascade_too_long", defaultMessage: "This chain of activities is too long." }),
  gender_counts_too_high: msg({
    id: "errors.gender_counts_too_high",
    defaultMessage: "The counts by gender add up to more than the participants.",
  }),
  url_not_allowed: msg({ id: "errors.url_not_allowed", defaultMessage: "This address cannot receive webhooks." }),
  missing: msg({ id: "errors.missing", defaultMessage: "This is required." }),
  extra_forbidden: msg({ id: "errors.extra_forbidden", defaultMessage: "This field is not known." }),
  string_too_long: msg({ id: "errors.string_too_long", defaultMessage: "This is too long." }),
  string_too_short: msg({ id: "errors.string_too_short", defaultMessage: "This is too short." }),
  string_pattern_mismatch: msg({
    id: "errors.string_pattern_mismatch",
    defaultMessage: "This is not in the expected form.",
  }),
  greater_than_equal: msg({ id: "errors.greater_than_equal", defaultMessage: "This number is too small." }),
  less_than_equal: msg({ id: "errors.less_than_equal", defaultMessage: "This number is too large." }),
  int_parsing: msg({ id: "errors.int_parsing", defaultMessage: "Enter a whole number." }),
  enum: msg({ id: "errors.enum", defaultMessage: "Choose one of the options." }),
  uuid_parsing: msg({ id: "errors.uuid_parsing", defaultMessage: "Choose an item from the list." }),
  invalid: msg({ id: "errors.invalid", defaultMessage: "This value is not valid." }),
} as const;

/** Pydantic's codes that mean the same to a reader as one above. */
const SAME_AS: Record<string, keyof typeof CODES> = {
  datetime_from_date_parsing: "invalid_date_time",
  datetime_parsing: "invalid_date_time",
  date_from_datetime_parsing: "date_parsing",
  greater_than: "greater_than_equal",
  less_than: "less_than_equal",
  literal_error: "enum",
  value_error: "invalid",
};

/** Codes that say only "not valid": the API's English detail says more, to English readers. */
const UNSPECIFIC = new Set(["invalid", "value_error"]);

/**
 * A problem whose English detail names what is wrong (a CSV cell: "no organisation named
 * 'X'"): that detail to English readers, the code's words to everyone else.
 */
export function specificErrorText(code: string | null | undefined, detail: string): string {
  return activeLocale() === "en" ? detail : errorText(code, detail);
}

/**
 * What a field error says to its reader: the code's words in the app's language; for a code
 * this app does not know yet (a newer API), the API's English detail.
 */
export function errorText(code: string | null | undefined, detail: string): string {
  if ((!code || UNSPECIFIC.has(code)) && activeLocale() === "en") return detail;
  const known = code ? (SAME_AS[code] ?? code) : undefined;
  const message = known ? (CODES as Record<string, (typeof CODES)[keyof typeof CODES]>)[known] : undefined;
  return message ? t(message) : detail;
}
