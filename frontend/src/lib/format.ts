/** Dates and numbers in the user's own locale and time zone (the browser's), via Intl. */
const locale = typeof navigator !== "undefined" ? navigator.language : "en";

const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
const relFmt = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return dateFmt.format(typeof value === "string" ? parseDateish(value) : value);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return dateTimeFmt.format(typeof value === "string" ? new Date(value) : value);
}

/** A date-time in a given IANA zone (a series' own zone), with the zone named. */
export function formatInZone(value: string, timeZone: string): string {
  // dateStyle cannot be combined with timeZoneName, hence the explicit parts.
  return new Intl.DateTimeFormat(locale, {
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
  return relFmt.format(days, "day");
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
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(value);
}

export function humanise(value: string): string {
  const s = value.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
