import { describe as group, expect, it } from "vitest";
import {
  buildRRule,
  defaultSpec,
  describe,
  nextOccurrences,
  nthWeekday,
  parseRRule,
  seriesEnd,
  seriesRule,
  specOfSeries,
  validateSpec,
  type RuleSpec,
} from "./recurrence";

const start = "2026-03-14T09:30"; // a Saturday

group("recurrence builder model", () => {
  it("defaults to a yearly rule anchored on the first meeting", () => {
    const spec = defaultSpec(start);
    expect(buildRRule(spec)).toBe("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14");
    expect(describe(spec, start)).toBe("Every year on 14 March at 09:30");
    expect(nextOccurrences(spec, start, 3)).toEqual(["2026-03-14T09:30", "2027-03-14T09:30", "2028-03-14T09:30"]);
  });

  it("builds weekly rules on several days, in week order, with an interval", () => {
    const spec: RuleSpec = { ...defaultSpec(start, "WEEKLY"), interval: 2, byDay: ["TH", "MO"] };
    expect(buildRRule(spec)).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH");
    expect(describe(spec, start)).toBe("Every 2 weeks on Monday and Thursday at 09:30");
    // The week of 14 March has its Monday and Thursday before the start: they do not count.
    expect(nextOccurrences(spec, start, 3)).toEqual(["2026-03-23T09:30", "2026-03-26T09:30", "2026-04-06T09:30"]);
  });

  it("handles 'the second Tuesday' and 'the last Friday' of a month", () => {
    const second: RuleSpec = { ...defaultSpec(start, "MONTHLY"), monthlyMode: "weekday", setPos: 2, weekday: "TU" };
    expect(buildRRule(second)).toBe("FREQ=MONTHLY;BYDAY=2TU");
    expect(describe(second, start)).toBe("Every month on the second Tuesday at 09:30");
    expect(nextOccurrences(second, start, 2)).toEqual(["2026-04-14T09:30", "2026-05-12T09:30"]);
    const last: RuleSpec = { ...second, setPos: -1, weekday: "FR" };
    expect(buildRRule(last)).toBe("FREQ=MONTHLY;BYDAY=-1FR");
    expect(nextOccurrences(last, start, 2)).toEqual(["2026-03-27T09:30", "2026-04-24T09:30"]);
    expect(nthWeekday(2026, 2, "MO", 5)).toBeNull();
  });

  it("skips months without the day, as RFC 5545 does", () => {
    const spec: RuleSpec = { ...defaultSpec("2026-01-31T10:00", "MONTHLY") };
    expect(nextOccurrences(spec, "2026-01-31T10:00", 3)).toEqual([
      "2026-01-31T10:00",
      "2026-03-31T10:00",
      "2026-05-31T10:00",
    ]);
  });

  it("stops after COUNT times or at UNTIL, and says so in words", () => {
    const counted: RuleSpec = { ...defaultSpec(start), end: "count", count: 2 };
    expect(buildRRule(counted)).toBe("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14;COUNT=2");
    expect(describe(counted, start)).toBe("Every year on 14 March at 09:30, 2 times");
    expect(nextOccurrences(counted, start, 5)).toHaveLength(2);
    const until: RuleSpec = { ...defaultSpec(start, "DAILY"), end: "until", until: "2026-03-16" };
    expect(buildRRule(until)).toBe("FREQ=DAILY;UNTIL=20260316T235959");
    expect(describe(until, start)).toBe("Every day at 09:30, until 16 March 2026");
    expect(nextOccurrences(until, start, 10)).toEqual(["2026-03-14T09:30", "2026-03-15T09:30", "2026-03-16T09:30"]);
  });

  it("lists the next dates from a later point", () => {
    const spec = defaultSpec(start);
    expect(nextOccurrences(spec, start, 1, "2030-01-01T00:00")).toEqual(["2030-03-14T09:30"]);
  });

  it("reads back the rules it builds, and refuses rules beyond it", () => {
    for (const spec of [
      defaultSpec(start),
      { ...defaultSpec(start, "WEEKLY"), byDay: ["MO", "WE"] as RuleSpec["byDay"] },
      {
        ...defaultSpec(start, "YEARLY"),
        monthlyMode: "weekday" as const,
        setPos: 3,
        weekday: "TU" as const,
        month: 11,
      },
      { ...defaultSpec(start, "MONTHLY"), end: "count" as const, count: 12 },
    ]) {
      const rule = buildRRule(spec);
      expect(buildRRule(parseRRule(rule, start)!)).toBe(rule);
    }
    expect(parseRRule("FREQ=HOURLY", start)).toBeNull();
    expect(parseRRule("FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO,TU", start)).toBeNull();
  });

  it("validates what the user typed", () => {
    expect(validateSpec({ ...defaultSpec(start, "WEEKLY"), byDay: [] }, start).byDay).toMatch(/at least one day/);
    expect(validateSpec({ ...defaultSpec(start), interval: 0 }, start).interval).toBeDefined();
    expect(validateSpec({ ...defaultSpec(start), end: "until", until: "2020-01-01" }, start).until).toMatch(
      /before the first/,
    );
    expect(validateSpec(defaultSpec(start), start)).toEqual({});
  });

  it("saves the builder's end date as the series' ends_on, never as an UNTIL beside it", () => {
    const until: RuleSpec = { ...defaultSpec(start, "MONTHLY"), end: "until", until: "2027-01-31" };
    expect(seriesRule(until)).toEqual({ rrule: "FREQ=MONTHLY;BYMONTHDAY=14", ends_on: "2027-01-31" });
    expect(seriesRule({ ...until, end: "count", count: 3 })).toEqual({
      rrule: "FREQ=MONTHLY;BYMONTHDAY=14;COUNT=3",
      ends_on: null,
    });
    expect(specOfSeries("FREQ=MONTHLY;BYMONTHDAY=14", start, "2027-01-31")).toMatchObject({
      end: "until",
      until: "2027-01-31",
    });
    // One end control cannot hold both a COUNT and an ends_on: the form keeps them as they are.
    expect(specOfSeries("FREQ=MONTHLY;COUNT=3", start, "2027-01-31")).toBeNull();
  });

  it("reads a series' end from ends_on, else from the rule", () => {
    expect(seriesEnd("FREQ=WEEKLY", "2027-01-31")).toEqual({ kind: "until", date: "2027-01-31" });
    expect(seriesEnd("RRULE:FREQ=WEEKLY;UNTIL=20261231T235959", null)).toEqual({ kind: "until", date: "2026-12-31" });
    expect(seriesEnd("FREQ=WEEKLY;COUNT=4", null)).toEqual({ kind: "count", count: 4 });
    expect(seriesEnd("FREQ=WEEKLY", null)).toEqual({ kind: "never" });
  });
});
