import { useId } from "react";
import {
  WEEKDAYS,
  describe,
  nextOccurrences,
  type Freq,
  type RuleSpec,
  type SpecErrors,
  type Weekday,
} from "../lib/recurrence";

const FREQ_UNITS: Record<Freq, [string, string]> = {
  DAILY: ["day", "days"],
  WEEKLY: ["week", "weeks"],
  MONTHLY: ["month", "months"],
  YEARLY: ["year", "years"],
};
const DAY_SHORT: Record<Weekday, string> = {
  MO: "Mon",
  TU: "Tue",
  WE: "Wed",
  TH: "Thu",
  FR: "Fri",
  SA: "Sat",
  SU: "Sun",
};
const DAY_LONG: Record<Weekday, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const POSITIONS: [number, string][] = [
  [1, "first"],
  [2, "second"],
  [3, "third"],
  [4, "fourth"],
  [-1, "last"],
];

function formatLocal(value: string, timeZone: string): string {
  // A local wall-clock time of the series: show it as written, in the user's locale.
  const [date, time] = value.split("T") as [string, string];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const day = new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
  return `${day}, ${time} (${timeZone})`;
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
      <legend>How often</legend>
      <div className="form-row">
        <div className="field" data-field="interval">
          <label htmlFor={`${id}-interval`}>Every</label>
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
          <label htmlFor={`${id}-freq`}>Unit</label>
          <select id={`${id}-freq`} value={spec.freq} onChange={(e) => set("freq", e.target.value as Freq)}>
            {(Object.keys(FREQ_UNITS) as Freq[]).map((f) => (
              <option key={f} value={f}>
                {FREQ_UNITS[f][spec.interval === 1 ? 0 : 1]}
              </option>
            ))}
          </select>
        </div>
        {spec.freq === "YEARLY" ? (
          <div className="field">
            <label htmlFor={`${id}-month`}>In</label>
            <select id={`${id}-month`} value={spec.month} onChange={(e) => set("month", Number(e.target.value))}>
              {MONTHS.map((m, i) => (
                <option key={m} value={i + 1}>
                  {m}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {spec.freq === "WEEKLY" ? (
        <fieldset className="field" data-field="byDay" aria-describedby={describedBy("byDay")}>
          <legend>On</legend>
          <div className="checkbox-row">
            {WEEKDAYS.map((d) => (
              <label key={d} className="checkbox">
                <input
                  type="checkbox"
                  checked={spec.byDay.includes(d)}
                  onChange={(e) =>
                    set("byDay", e.target.checked ? [...spec.byDay, d] : spec.byDay.filter((x) => x !== d))
                  }
                  aria-label={DAY_LONG[d]}
                />
                <span aria-hidden="true">{DAY_SHORT[d]}</span>
              </label>
            ))}
          </div>
          {err("byDay")}
        </fieldset>
      ) : null}
      {spec.freq === "MONTHLY" || spec.freq === "YEARLY" ? (
        <fieldset className="field">
          <legend>On which day</legend>
          <div className="checkbox-row">
            <label className="checkbox">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={spec.monthlyMode === "day"}
                onChange={() => set("monthlyMode", "day")}
              />
              Day of the month
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={spec.monthlyMode === "weekday"}
                onChange={() => set("monthlyMode", "weekday")}
              />
              A weekday, e.g. the second Tuesday
            </label>
          </div>
          {spec.monthlyMode === "day" ? (
            <div className="field" data-field="monthDay">
              <label htmlFor={`${id}-monthday`}>Day</label>
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
                <label htmlFor={`${id}-pos`}>Which</label>
                <select id={`${id}-pos`} value={spec.setPos} onChange={(e) => set("setPos", Number(e.target.value))}>
                  {POSITIONS.map(([v, t]) => (
                    <option key={v} value={v}>
                      {t}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-wd`}>Weekday</label>
                <select
                  id={`${id}-wd`}
                  value={spec.weekday}
                  onChange={(e) => set("weekday", e.target.value as Weekday)}
                >
                  {WEEKDAYS.map((d) => (
                    <option key={d} value={d}>
                      {DAY_LONG[d]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
        </fieldset>
      ) : null}
      <fieldset className="field">
        <legend>Ends</legend>
        <div className="checkbox-row">
          {(["never", "count", "until"] as const).map((end) => (
            <label key={end} className="checkbox">
              <input type="radio" name={`${id}-end`} checked={spec.end === end} onChange={() => set("end", end)} />
              {end === "never" ? "Never" : end === "count" ? "After a number of times" : "On a date"}
            </label>
          ))}
        </div>
        {spec.end === "count" ? (
          <div className="field" data-field="count">
            <label htmlFor={`${id}-count`}>Number of times</label>
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
            <label htmlFor={`${id}-until`}>Last date</label>
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
            <p className="small">Next dates:</p>
            <ol className="small">
              {next.map((d) => (
                <li key={d}>{formatLocal(d, timezone)}</li>
              ))}
            </ol>
          </>
        ) : (
          <p className="small">No date matches this rule.</p>
        )}
        {ruleError ? <p className="field-error">{ruleError}</p> : null}
      </div>
    </fieldset>
  );
}
