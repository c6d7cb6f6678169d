/**
 * Dates and numbers in the app's language (the same as the words around them) and the
 * browser's time zone, via Intl.
 */
import { activeLocale } from "../i18n";

const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

/** One formatter per language and options, made once. */
function memo<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(
  kind: string,
  options: object,
  make: (locale: string) => T,
): T {
  const locale = activeLocale();
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = make(locale);
    formatters.set(key, found);
  }
  return found as T;
}

/**
 * A date-time formatter for the active language with the given options, made once per
 * language and options (pages that render many dates, like the recurrence builder, would
 * otherwise build one per date and render).
 */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return memo("datetime-options", options, (l) => new Intl.DateTimeFormat(l, options));
}

const dateFmt = () => memo("date", { dateStyle: "medium" }, (l) => new Intl.DateTimeFormat(l, { dateStyle: "medium" }));
const dateTimeFmt = () =>
  memo(
    "datetime",
    { dateStyle: "medium", timeStyle: "short" },
    (l) => new Intl.DateTimeFormat(l, { dateStyle: "medium", timeStyle: "short" }),
  );
const relFmt = () => memo("relative", {}, (l) => new Intl.RelativeTimeFormat(l, { numeric: "auto" }));

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return dateFmt().format(typeof value === "string" ? parseDateish(value) : value);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return dateTimeFmt().format(typeof value === "string" ? new Date(value) : value);
}

/**
 * The calendar day an instant falls on, as a date (no time of day): for instants that stand
 * for a day, such as the day a finding's condition arose. In `timeZone` (the network's, where
 * the worker counts its days) when given, else the browser's.
 */
export function formatDay(value: string | null | undefined, timeZone?: string): string {
  if (!value) return "—";
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone };
  return memo("day", options, (l) => new Intl.DateTimeFormat(l, options)).format(parseDateish(value));
}

/**
 * How an activity is shown wherever it appears: by its start date, or by its span of days
 * ("18–20 Sept 2026") when it ends on another day. With `time`, the hours too (the activity's
 * own page). Ranges come from Intl, so each language orders and joins them its own way.
 */
export function formatSpan(
  start: string,
  end: string | null | undefined,
  { time = false }: { time?: boolean } = {},
): string {
  const from = new Date(start);
  const to = end ? new Date(end) : null;
  if (!time && (!to || isoDate(from) === isoDate(to))) return formatDate(from);
  const fmt = time ? dateTimeFmt() : dateFmt();
  return to && to.getTime() > from.getTime() ? fmt.formatRange(from, to) : fmt.format(from);
}

/** A whole number in the app's language (digits and grouping as its readers write them). */
export function formatNumber(value: number): string {
  return memo("number", {}, (l) => new Intl.NumberFormat(l)).format(value);
}

/** A number with exactly `digits` decimals, in the app's language ("0.64", "0,64"). */
export function formatDecimal(value: number, digits: number): string {
  const options = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return memo("decimal", options, (l) => new Intl.NumberFormat(l, options)).format(value);
}

/** A date-time in a given IANA zone (a series' own zone), with the zone named. */
export function formatInZone(value: string, timeZone: string): string {
  // dateStyle cannot be combined with timeZoneName, hence the explicit parts.
  return new Intl.DateTimeFormat(activeLocale(), {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(value));
}

/** "YYYY-MM-DD" is a calendar date: show it as that day, not shifted by the zone. */
function parseDateish(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(value);
}

export function relativeDays(value: string, now: Date = new Date()): string {
  const then = parseDateish(value);
  const days = Math.round((startOfDay(then).getTime() - startOfDay(now).getTime()) / 86_400_000);
  return relFmt().format(days, "day");
}

function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

/** Today as YYYY-MM-DD in the user's zone. */
export function todayIso(now: Date = new Date()): string {
  return isoDate(now);
}

export function isoDate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, "0");
  const day = String(d.getDate()).padStart(2, "0");
  return `${y}-${m}-${day}`;
}

export function addDays(d: Date, days: number): Date {
  const out = new Date(d);
  out.setDate(out.getDate() + days);
  return out;
}

/** A datetime-local input value ("2026-03-01T09:00") for an instant, in the user's zone. */
export function toLocalInput(value: string | null | undefined): string {
  if (!value) return "";
  const d = new Date(value);
  return `${isoDate(d)}T${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** The instant a datetime-local input means (in the user's zone), as RFC 3339 UTC. */
export function fromLocalInput(value: string): string {
  return new Date(value).toISOString();
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return memo("percent", {}, (l) => new Intl.NumberFormat(l, { style: "percent", maximumFractionDigits: 0 })).format(
    value,
  );
}

export function humanise(value: string): string {
  const s = value.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
