import { afterEach, describe, expect, it } from "vitest";
import { activate } from "../i18n/translate";
import { formatDay, formatSpan } from "./format";

afterEach(() => activate("en", {}));

/** Intl spaces ranges and AM/PM with thin and no-break spaces: compare with plain ones. */
const plain = (text: string) => text.replace(/\s/g, " ");

describe("formatSpan", () => {
  it("shows a one-day activity by its start date, without the time", () => {
    expect(plain(formatSpan("2026-09-18T09:00:00", "2026-09-18T17:00:00"))).toBe("Sep 18, 2026");
    expect(plain(formatSpan("2026-09-18T09:00:00", null))).toBe("Sep 18, 2026");
  });

  it("shows an activity that ends on another day as its span of days", () => {
    expect(plain(formatSpan("2026-09-18T09:00:00", "2026-09-20T17:00:00"))).toBe("Sep 18 – 20, 2026");
  });

  it("orders the span as each language does", () => {
    activate("fr", {});
    expect(plain(formatSpan("2026-09-18T09:00:00", "2026-09-20T17:00:00"))).toBe("18–20 sept. 2026");
    activate("pt", {});
    expect(plain(formatSpan("2026-09-18T09:00:00", "2026-09-20T17:00:00"))).toBe("18 – 20 de set. de 2026");
  });

  it("gives the hours as well on request", () => {
    expect(plain(formatSpan("2026-09-18T09:00:00", "2026-09-18T17:00:00", { time: true }))).toBe(
      "Sep 18, 2026, 9:00 AM – 5:00 PM",
    );
  });
});

describe("formatDay", () => {
  it("shows an instant as the day it falls on in the given zone, never with a time", () => {
    // 23:00 UTC on 2 March is already 3 March in Nairobi.
    expect(formatDay("2026-03-02T23:00:00Z", "Africa/Nairobi")).toBe("Mar 3, 2026");
    expect(formatDay("2026-03-02T23:00:00Z", "UTC")).toBe("Mar 2, 2026");
    expect(formatDay("2026-03-02")).toBe("Mar 2, 2026");
  });
});
