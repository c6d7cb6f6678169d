import { formatList, t } from "../i18n";
import { dateTimeFormat } from "./format";

/**
 * The recurrence builder's model: a small, friendly subset of RFC 5545 RRULE (what networks
 * actually use: every N days/weeks/months/years, weekdays, "the 2nd Tuesday", an end), turned
 * into a rule string, into words (in the active language, as ICU messages), and into the next
 * dates on local wall-clock time.
 */
export type Freq = "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";
export type Weekday = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";
export const WEEKDAYS: Weekday[] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/** The ordinal positions the builder offers ("the second Tuesday", "the last Friday"). */
export const POSITIONS = [1, 2, 3, 4, -1] as const;
const POSITION_KEYS: Record<number, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" };

export type RuleSpec = {
  freq: Freq;
  interval: number;
  byDay: Weekday[]; // WEEKLY: the days of the week
  monthlyMode: "day" | "weekday"; // MONTHLY / YEARLY: "on the 14th" or "on the 2nd Tuesday"
  monthDay: number; // 1..31
  setPos: number; // 1..4 or -1 (last)
  weekday: Weekday;
  month: number; // YEARLY: 1..12
  end: "never" | "count" | "until";
  count: number;
  until: string; // YYYY-MM-DD
};

/** Parts of a local wall-clock "YYYY-MM-DDTHH:mm[:ss]" without any time zone arithmetic. */
type Local = { y: number; m: number; d: number; hh: number; mm: number };

export function parseLocal(value: string): Local | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  return { y: +m[1]!, m: +m[2]!, d: +m[3]!, hh: +m[4]!, mm: +m[5]! };
}

const pad = (n: number) => String(n).padStart(2, "0");
function fmtLocal(l: Local): string {
  return `${l.y}-${pad(l.m)}-${pad(l.d)}T${pad(l.hh)}:${pad(l.mm)}`;
}
/** Day arithmetic on the proleptic calendar, in UTC so no DST can shift a date. */
function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}
function fromDayNumber(n: number): { y: number; m: number; d: number } {
  const dt = new Date(n * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}
function weekdayOf(y: number, m: number, d: number): Weekday {
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(js + 6) % 7]!;
}
function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
/** The nth (or last, -1) given weekday of a month, or null when there is none (a 5th). */
export function nthWeekday(y: number, m: number, weekday: Weekday, n: number): number | null {
  const days = daysInMonth(y, m);
  const matches: number[] = [];
  for (let d = 1; d <= days; d++) if (weekdayOf(y, m, d) === weekday) matches.push(d);
  const pick = n > 0 ? matches[n - 1] : matches[matches.length + n];
  return pick ?? null;
}

/** The builder's starting point for a first meeting at `dtstart`. */
export function defaultSpec(dtstart: string, freq: Freq = "YEARLY"): RuleSpec {
  const l = parseLocal(dtstart) ?? { y: 2026, m: 1, d: 1, hh: 9, mm: 0 };
  const weekday = weekdayOf(l.y, l.m, l.d);
  const setPos = Math.ceil(l.d / 7) > 4 ? -1 : Math.ceil(l.d / 7);
  return {
    freq,
    interval: 1,
    byDay: [weekday],
    monthlyMode: "day",
    monthDay: l.d,
    setPos,
    weekday,
    month: l.m,
    end: "never",
    count: 10,
    until: "",
  };
}

export function buildRRule(spec: RuleSpec): string {
  const parts = [`FREQ=${spec.freq}`];
  if (spec.interval > 1) parts.push(`INTERVAL=${spec.interval}`);
  if (spec.freq === "WEEKLY" && spec.byDay.length) parts.push(`BYDAY=${sortDays(spec.byDay).join(",")}`);
  if (spec.freq === "YEARLY") parts.push(`BYMONTH=${spec.month}`);
  if (spec.freq === "MONTHLY" || spec.freq === "YEARLY") {
    parts.push(spec.monthlyMode === "day" ? `BYMONTHDAY=${spec.monthDay}` : `BYDAY=${spec.setPos}${spec.weekday}`);
  }
  if (spec.end === "count") parts.push(`COUNT=${spec.count}`);
  if (spec.end === "until" && spec.until) parts.push(`UNTIL=${spec.until.replace(/-/g, "")}T235959`);
  return parts.join(";");
}

/** The builder's model of a rule string, or null when the rule is beyond the builder. */
export function parseRRule(rule: string, dtstart: string): RuleSpec | null {
  const parts = new Map(
    rule
      .replace(/^RRULE:/i, "")
      .toUpperCase()
      .split(";")
      .filter(Boolean)
      .map((p) => p.split("=") as [string, string]),
  );
  const freq = parts.get("FREQ") as Freq | undefined;
  if (!freq || !["DAILY", "WEEKLY", "MONTHLY", "YEARLY"].includes(freq)) return null;
  const known = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTH", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"]);
  if ([...parts.keys()].some((k) => !known.has(k))) return null;
  const spec = defaultSpec(dtstart, freq);
  spec.interval = Number(parts.get("INTERVAL") ?? 1);
  const byDay = parts.get("BYDAY");
  if (freq === "WEEKLY" && byDay) spec.byDay = byDay.split(",") as Weekday[];
  if (freq === "MONTHLY" || freq === "YEARLY") {
    if (parts.get("BYMONTHDAY")) {
      spec.monthlyMode = "day";
      spec.monthDay = Number(parts.get("BYMONTHDAY"));
    } else if (byDay) {
      const m = /^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay);
      // The builder offers the 1st to 4th and the last weekday; "the 5th" is beyond it.
      if (!m || !(POSITIONS as readonly number[]).includes(Number(m[1]))) return null;
      spec.monthlyMode = "weekday";
      spec.setPos = Number(m[1]);
      spec.weekday = m[2] as Weekday;
    }
  }
  if (freq === "YEARLY" && parts.get("BYMONTH")) spec.month = Number(parts.get("BYMONTH"));
  if (parts.get("COUNT")) {
    spec.end = "count";
    spec.count = Number(parts.get("COUNT"));
  } else if (parts.get("UNTIL")) {
    const u = parts.get("UNTIL")!;
    spec.end = "until";
    spec.until = `${u.slice(0, 4)}-${u.slice(4, 6)}-${u.slice(6, 8)}`;
  }
  return spec;
}

/**
 * The rule and end date a series is saved with. The builder's "on a date" becomes the
 * series' `ends_on` (the API's own end field, which the detail page and the calendar feed
 * read) rather than an UNTIL in the rule: the API refuses the two together, and one end
 * control must not contradict another.
 */
export function seriesRule(spec: RuleSpec): { rrule: string; ends_on: string | null } {
  if (spec.end === "until" && spec.until) return { rrule: buildRRule({ ...spec, end: "never" }), ends_on: spec.until };
  return { rrule: buildRRule(spec), ends_on: null };
}

/**
 * The builder's model of a saved series: its rule, with its `ends_on` as the end date; null
 * when the builder cannot show it (including a COUNT together with an ends_on, which the
 * builder's single end control cannot hold, so the form keeps both as they are).
 */
export function specOfSeries(rrule: string, dtstart: string, endsOn: string | null | undefined): RuleSpec | null {
  const spec = parseRRule(rrule, dtstart);
  if (!spec || !endsOn) return spec;
  return spec.end === "never" ? { ...spec, end: "until", until: endsOn } : null;
}

function sortDays(days: Weekday[]): Weekday[] {
  return [...new Set(days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
}

/** A weekday's name in the active language ("Tuesday", "mardi"), long or short. */
export function weekdayName(day: Weekday, width: "long" | "short" = "long"): string {
  // 1 January 2024 was a Monday.
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
  return dateTimeFormat({ weekday: width, timeZone: "UTC" }).format(date);
}

/** A month's name in the active language ("March", "mars"), 1..12. */
export function monthName(month: number): string {
  const date = new Date(Date.UTC(2024, month - 1, 1));
  return dateTimeFormat({ month: "long", timeZone: "UTC" }).format(date);
}

/** A local wall-clock time of day, on the 24-hour clock in every language ("09:30"). */
export function formatClock(hh: number, mm: number): string {
  return dateTimeFormat({
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(2024, 0, 1, hh, mm)));
}

function yearNumber(year: number): string {
  // Through Intl rather than as an ICU number, which would group the digits ("2,026").
  return dateTimeFormat({ year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year, 0, 1)));
}

/**
 * How often, without the time or the end, e.g. "Every month on the second Tuesday". Each
 * pattern is one message: its interval a plural, the day an ordinal, the weekday and its
 * position selects, so that each language agrees them (gender, article, word order) itself.
 */
function pattern(spec: RuleSpec): string {
  const interval = spec.interval;
  const position = POSITION_KEYS[spec.setPos] ?? "last";
  const month = monthName(spec.month);
  switch (spec.freq) {
    case "DAILY":
      return t(
        { id: "series.rule.daily", defaultMessage: "{interval, plural, one {Every day} other {Every # days}}" },
        { interval },
      );
    case "WEEKLY":
      return t(
        {
          id: "series.rule.weekly",
          defaultMessage: "{interval, plural, one {Every week on {days}} other {Every # weeks on {days}}}",
        },
        { interval, days: formatList(sortDays(spec.byDay).map((d) => weekdayName(d))) },
      );
    case "MONTHLY":
      return spec.monthlyMode === "day"
        ? t(
            {
              id: "series.rule.monthly_day",
              defaultMessage:
                "{interval, plural, one {Every month} other {Every # months}} on the {day, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}",
            },
            { interval, day: spec.monthDay },
          )
        : t(
            {
              id: "series.rule.monthly_weekday",
              defaultMessage:
                "{interval, plural, one {Every month} other {Every # months}} on the {position, select, first {first} second {second} third {third} fourth {fourth} other {last}} {weekday, select, MO {Monday} TU {Tuesday} WE {Wednesday} TH {Thursday} FR {Friday} SA {Saturday} other {Sunday}}",
            },
            { interval, position, weekday: spec.weekday },
          );
    case "YEARLY":
      return spec.monthlyMode === "day"
        ? t(
            {
              id: "series.rule.yearly_day",
              defaultMessage: "{interval, plural, one {Every year} other {Every # years}} on {day} {month}",
            },
            { interval, day: spec.monthDay, month },
          )
        : t(
            {
              id: "series.rule.yearly_weekday",
              defaultMessage:
                "{interval, plural, one {Every year} other {Every # years}} on the {position, select, first {first} second {second} third {third} fourth {fourth} other {last}} {weekday, select, MO {Monday} TU {Tuesday} WE {Wednesday} TH {Thursday} FR {Friday} SA {Saturday} other {Sunday}} of {month}",
            },
            { interval, position, weekday: spec.weekday, month },
          );
  }
}

/** The rule in words in the active language, e.g. "Every year on 14 March at 09:00, 5 times". */
export function describe(spec: RuleSpec, dtstart: string): string {
  const l = parseLocal(dtstart);
  let text = pattern(spec);
  if (l)
    text = t(
      { id: "series.rule.at_time", defaultMessage: "{rule} at {time}" },
      { rule: text, time: formatClock(l.hh, l.mm) },
    );
  if (spec.end === "count")
    text = t(
      { id: "series.rule.ends_count", defaultMessage: "{rule}, {count, plural, =1 {once} other {# times}}" },
      { rule: text, count: spec.count },
    );
  if (spec.end === "until" && spec.until) {
    const [y, m, d] = spec.until.split("-").map(Number) as [number, number, number];
    text = t(
      { id: "series.rule.ends_until", defaultMessage: "{rule}, until {day} {month} {year}" },
      { rule: text, day: d, month: monthName(m), year: yearNumber(y) },
    );
  }
  return text;
}

/** A series' rule in words, or the rule itself when the builder cannot read it. */
export function ruleInWords(rrule: string, dtstart: string): string {
  const spec = parseRRule(rrule, dtstart);
  return spec ? describe(spec, dtstart) : rrule;
}

/** Where a series stops: on a date, after a number of meetings, or never. */
export type SeriesEnd = { kind: "never" } | { kind: "until"; date: string } | { kind: "count"; count: number };

/**
 * A series' end as people should read it: its `ends_on` (the form's "on a date"), else the
 * rule's own UNTIL or COUNT (rules written elsewhere), else none. The API refuses UNTIL
 * together with ends_on, so at most one of the two dates exists.
 */
export function seriesEnd(rrule: string, endsOn: string | null | undefined): SeriesEnd {
  if (endsOn) return { kind: "until", date: endsOn };
  const until = /(?:^|[;:])UNTIL=(\d{4})(\d{2})(\d{2})/i.exec(rrule);
  if (until) return { kind: "until", date: `${until[1]}-${until[2]}-${until[3]}` };
  const count = /(?:^|[;:])COUNT=(\d+)/i.exec(rrule);
  if (count) return { kind: "count", count: Number(count[1]) };
  return { kind: "never" };
}

/**
 * The first `n` occurrences (local wall-clock "YYYY-MM-DDTHH:mm") at or after `from`
 * (default: dtstart), respecting COUNT and UNTIL. Mirrors the server's expansion for the
 * rules the builder makes; the server stays the authority once the series is saved.
 */
export function nextOccurrences(spec: RuleSpec, dtstart: string, n: number, from?: string): string[] {
  const start = parseLocal(dtstart);
  if (!start || spec.interval < 1) return [];
  const startKey = fmtLocal(start);
  const fromKey = from ?? startKey;
  const untilKey = spec.end === "until" && spec.until ? `${spec.until}T23:59` : null;
  const out: string[] = [];
  let seen = 0;
  const emit = (y: number, m: number, d: number): boolean => {
    const key = fmtLocal({ y, m, d, hh: start.hh, mm: start.mm });
    if (key < startKey) return true;
    if (untilKey && key > untilKey) return false;
    seen += 1;
    if (spec.end === "count" && seen > spec.count) return false;
    if (key >= fromKey) out.push(key);
    return out.length < n;
  };
  const startDay = dayNumber(start.y, start.m, start.d);
  for (let k = 0; k < 5000; k++) {
    let go = true;
    if (spec.freq === "DAILY") {
      const { y, m, d } = fromDayNumber(startDay + k * spec.interval);
      go = emit(y, m, d);
    } else if (spec.freq === "WEEKLY") {
      const monday = startDay - WEEKDAYS.indexOf(weekdayOf(start.y, start.m, start.d)) + 7 * k * spec.interval;
      const days = spec.byDay.length ? sortDays(spec.byDay) : [weekdayOf(start.y, start.m, start.d)];
      for (const wd of days) {
        const { y, m, d } = fromDayNumber(monday + WEEKDAYS.indexOf(wd));
        go = emit(y, m, d);
        if (!go) break;
      }
    } else {
      const months = spec.freq === "MONTHLY" ? start.m - 1 + k * spec.interval : start.m - 1 + 12 * k * spec.interval;
      const y = spec.freq === "MONTHLY" ? start.y + Math.floor(months / 12) : start.y + k * spec.interval;
      const m = spec.freq === "MONTHLY" ? (months % 12) + 1 : spec.month;
      const d =
        spec.monthlyMode === "day"
          ? spec.monthDay <= daysInMonth(y, m)
            ? spec.monthDay
            : null
          : nthWeekday(y, m, spec.weekday, spec.setPos);
      if (d !== null) go = emit(y, m, d);
    }
    if (!go) break;
  }
  return out;
}

export type SpecErrors = Partial<Record<"interval" | "byDay" | "monthDay" | "count" | "until", string>>;

export function validateSpec(spec: RuleSpec, dtstart: string): SpecErrors {
  const e: SpecErrors = {};
  if (!Number.isInteger(spec.interval) || spec.interval < 1 || spec.interval > 99)
    e.interval = t({ id: "series.builder.error_interval", defaultMessage: "Use a whole number from 1 to 99." });
  if (spec.freq === "WEEKLY" && spec.byDay.length === 0)
    e.byDay = t({ id: "series.builder.error_days", defaultMessage: "Pick at least one day of the week." });
  if (
    (spec.freq === "MONTHLY" || spec.freq === "YEARLY") &&
    spec.monthlyMode === "day" &&
    !(spec.monthDay >= 1 && spec.monthDay <= 31)
  )
    e.monthDay = t({ id: "series.builder.error_month_day", defaultMessage: "Use a day from 1 to 31." });
  if (spec.end === "count" && !(Number.isInteger(spec.count) && spec.count >= 1 && spec.count <= 1000))
    e.count = t({ id: "series.builder.error_count", defaultMessage: "Use a number of times from 1 to 1000." });
  if (spec.end === "until") {
    if (!spec.until) e.until = t({ id: "series.builder.error_until_missing", defaultMessage: "Pick the last date." });
    else if (spec.until < dtstart.slice(0, 10))
      e.until = t({
        id: "series.builder.error_until_early",
        defaultMessage: "The last date must not be before the first meeting.",
      });
  }
  return e;
}
