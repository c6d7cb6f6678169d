import { useId } from "react";
import { msg, t, type Message } from "../i18n";
import { dateTimeFormat } from "../lib/format";
import {
  POSITIONS,
  WEEKDAYS,
  describe,
  formatClock,
  monthName,
  weekdayName,
  nextOccurrences,
  type Freq,
  type RuleSpec,
  type SpecErrors,
  type Weekday,
} from "../lib/recurrence";

/** The unit after "Every N", agreeing with N ("1 week", "2 weeks"). */
function unitLabel(freq: Freq, interval: number): string {
  switch (freq) {
    case "DAILY":
      return t(
        { id: "series.builder.unit_day", defaultMessage: "{interval, plural, one {day} other {days}}" },
        { interval },
      );
    case "WEEKLY":
      return t(
        { id: "series.builder.unit_week", defaultMessage: "{interval, plural, one {week} other {weeks}}" },
        { interval },
      );
    case "MONTHLY":
      return t(
        { id: "series.builder.unit_month", defaultMessage: "{interval, plural, one {month} other {months}}" },
        { interval },
      );
    case "YEARLY":
      return t(
        { id: "series.builder.unit_year", defaultMessage: "{interval, plural, one {year} other {years}}" },
        { interval },
      );
  }
}
const FREQS: Freq[] = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

const POSITION_LABELS: Record<(typeof POSITIONS)[number], Message> = {
  1: msg({ id: "series.builder.position_first", defaultMessage: "first" }),
  2: msg({ id: "series.builder.position_second", defaultMessage: "second" }),
  3: msg({ id: "series.builder.position_third", defaultMessage: "third" }),
  4: msg({ id: "series.builder.position_fourth", defaultMessage: "fourth" }),
  [-1]: msg({ id: "series.builder.position_last", defaultMessage: "last" }),
};
const END_LABELS: Record<RuleSpec["end"], Message> = {
  never: msg({ id: "series.builder.end_never", defaultMessage: "Never" }),
  count: msg({ id: "series.builder.end_count", defaultMessage: "After a number of times" }),
  until: msg({ id: "series.builder.end_until", defaultMessage: "On a date" }),
};

/** One of the next dates: a local wall-clock time of the series, as written, with its zone. */
function formatLocal(value: string, timeZone: string): string {
  const [date, time] = value.split("T") as [string, string];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const day = dateTimeFormat({
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
  return t(
    { id: "series.builder.next_date", defaultMessage: "{date}, {time} ({zone})" },
    { date: day, time: formatClock(hh, mm), zone: timeZone },
  );
}

/** Builds a recurrence rule with plain controls and shows it in words with the next dates. */
export function RecurrenceBuilder({
  spec,
  onChange,
  dtstart,
  timezone,
  errors = {},
  ruleError,
}: {
  spec: RuleSpec;
  onChange: (spec: RuleSpec) => void;
  dtstart: string;
  timezone: string;
  errors?: SpecErrors;
  ruleError?: string;
}) {
  const id = useId();
  const set = <K extends keyof RuleSpec>(k: K, v: RuleSpec[K]) => onChange({ ...spec, [k]: v });
  const next = nextOccurrences(spec, dtstart, 5);
  const err = (name: keyof SpecErrors) =>
    errors[name] ? (
      <div id={`${id}-${name}-error`} className="field-error">
        {errors[name]}
      </div>
    ) : null;
  const describedBy = (name: keyof SpecErrors) => (errors[name] ? `${id}-${name}-error` : undefined);
  return (
    <fieldset className="form-section recurrence" data-field="rrule">
      <legend>{t({ id: "series.builder.how_often", defaultMessage: "How often" })}</legend>
      <div className="form-row">
        <div className="field" data-field="interval">
          <label htmlFor={`${id}-interval`}>{t({ id: "series.builder.every", defaultMessage: "Every" })}</label>
          <input
            id={`${id}-interval`}
            type="number"
            min={1}
            max={99}
            value={spec.interval}
            aria-invalid={Boolean(errors.interval) || undefined}
            aria-describedby={describedBy("interval")}
            onChange={(e) => set("interval", Number(e.target.value))}
          />
          {err("interval")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-freq`}>{t({ id: "series.builder.unit", defaultMessage: "Unit" })}</label>
          <select id={`${id}-freq`} value={spec.freq} onChange={(e) => set("freq", e.target.value as Freq)}>
            {FREQS.map((f) => (
              <option key={f} value={f}>
                {unitLabel(f, spec.interval)}
              </option>
            ))}
          </select>
        </div>
        {spec.freq === "YEARLY" ? (
          <div className="field">
            <label htmlFor={`${id}-month`}>{t({ id: "series.builder.in_month", defaultMessage: "In" })}</label>
            <select id={`${id}-month`} value={spec.month} onChange={(e) => set("month", Number(e.target.value))}>
              {MONTHS.map((m) => (
                <option key={m} value={m}>
                  {monthName(m)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {spec.freq === "WEEKLY" ? (
        <fieldset className="field" data-field="byDay" aria-describedby={describedBy("byDay")}>
          <legend>{t({ id: "series.builder.on_days", defaultMessage: "On" })}</legend>
          <div className="checkbox-row">
            {WEEKDAYS.map((d) => (
              <label key={d} className="checkbox">
                <input
                  type="checkbox"
                  checked={spec.byDay.includes(d)}
                  onChange={(e) =>
                    set("byDay", e.target.checked ? [...spec.byDay, d] : spec.byDay.filter((x) => x !== d))
                  }
                  aria-label={weekdayName(d)}
                />
                <span aria-hidden="true">{weekdayName(d, "short")}</span>
              </label>
            ))}
          </div>
          {err("byDay")}
        </fieldset>
      ) : null}
      {spec.freq === "MONTHLY" || spec.freq === "YEARLY" ? (
        <fieldset className="field">
          <legend>{t({ id: "series.builder.which_day", defaultMessage: "On which day" })}</legend>
          <div className="checkbox-row">
            <label className="checkbox">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={spec.monthlyMode === "day"}
                onChange={() => set("monthlyMode", "day")}
              />
              {t({ id: "series.builder.mode_day", defaultMessage: "Day of the month" })}
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={spec.monthlyMode === "weekday"}
                onChange={() => set("monthlyMode", "weekday")}
              />
              {t({ id: "series.builder.mode_weekday", defaultMessage: "A weekday, e.g. the second Tuesday" })}
            </label>
          </div>
          {spec.monthlyMode === "day" ? (
            <div className="field" data-field="monthDay">
              <label htmlFor={`${id}-monthday`}>{t({ id: "series.builder.month_day", defaultMessage: "Day" })}</label>
              <input
                id={`${id}-monthday`}
                type="number"
                min={1}
                max={31}
                value={spec.monthDay}
                aria-invalid={Boolean(errors.monthDay) || undefined}
                aria-describedby={describedBy("monthDay")}
                onChange={(e) => set("monthDay", Number(e.target.value))}
              />
              {err("monthDay")}
            </div>
          ) : (
            <div className="form-row">
              <div className="field">
                <label htmlFor={`${id}-pos`}>{t({ id: "series.builder.position", defaultMessage: "Which" })}</label>
                <select id={`${id}-pos`} value={spec.setPos} onChange={(e) => set("setPos", Number(e.target.value))}>
                  {POSITIONS.map((p) => (
                    <option key={p} value={p}>
                      {t(POSITION_LABELS[p])}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-wd`}>{t({ id: "series.builder.weekday", defaultMessage: "Weekday" })}</label>
                <select
                  id={`${id}-wd`}
                  value={spec.weekday}
                  onChange={(e) => set("weekday", e.target.value as Weekday)}
                >
                  {WEEKDAYS.map((d) => (
                    <option key={d} value={d}>
                      {weekdayName(d)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
        </fieldset>
      ) : null}
      <fieldset className="field">
        <legend>{t({ id: "series.builder.ends", defaultMessage: "Ends" })}</legend>
        <div className="checkbox-row">
          {(["never", "count", "until"] as const).map((end) => (
            <label key={end} className="checkbox">
              <input type="radio" name={`${id}-end`} checked={spec.end === end} onChange={() => set("end", end)} />
              {t(END_LABELS[end])}
            </label>
          ))}
        </div>
        {spec.end === "count" ? (
          <div className="field" data-field="count">
            <label htmlFor={`${id}-count`}>
              {t({ id: "series.builder.count", defaultMessage: "Number of times" })}
            </label>
            <input
              id={`${id}-count`}
              type="number"
              min={1}
              value={spec.count}
              aria-invalid={Boolean(errors.count) || undefined}
              aria-describedby={describedBy("count")}
              onChange={(e) => set("count", Number(e.target.value))}
            />
            {err("count")}
          </div>
        ) : null}
        {spec.end === "until" ? (
          <div className="field" data-field="until">
            <label htmlFor={`${id}-until`}>{t({ id: "series.builder.until", defaultMessage: "Last date" })}</label>
            <input
              id={`${id}-until`}
              type="date"
              value={spec.until}
              aria-invalid={Boolean(errors.until) || undefined}
              aria-describedby={describedBy("until")}
              onChange={(e) => set("until", e.target.value)}
            />
            {err("until")}
          </div>
        ) : null}
      </fieldset>
      <div className="rule-preview" aria-live="polite" data-testid="rule-preview">
        <p>
          <strong>{describe(spec, dtstart)}</strong>
        </p>
        {next.length ? (
          <>
            <p className="small">{t({ id: "series.builder.next_dates", defaultMessage: "Next dates:" })}</p>
            <ol className="small">
              {next.map((d) => (
                <li key={d}>{formatLocal(d, timezone)}</li>
              ))}
            </ol>
          </>
        ) : (
          <p className="small">{t({ id: "series.builder.no_dates", defaultMessage: "No date matches this rule." })}</p>
        )}
        {ruleError ? <p className="field-error">{ruleError}</p> : null}
      </div>
    </fieldset>
  );
}
