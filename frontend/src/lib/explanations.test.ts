import { describe, expect, it } from "vitest";
import {
  explainCadence,
  explainFacilitationGini,
  explainFollowUpRate,
  explainMultipliers,
  explainReciprocity,
} from "./explanations";

const graphWith = (gini: number, facilitated = [3, 1, 0]) => ({
  facilitation_gini: gini,
  nodes: facilitated.map((f, i) => ({
    organisation_id: String(i),
    name: `Org ${i}`,
    level: "local" as const,
    country: null,
    facilitated: f,
    participated: 1,
    balance: null,
  })),
});

describe("each figure in plain words, by its range", () => {
  it("facilitation concentration", () => {
    expect(explainFacilitationGini(graphWith(0.64))).toMatch(/^A few organisations do most of the facilitating/);
    expect(explainFacilitationGini(graphWith(0.6))).toMatch(/^A few organisations/);
    expect(explainFacilitationGini(graphWith(0.45))).toMatch(/^Facilitation is shared unevenly/);
    expect(explainFacilitationGini(graphWith(0.1))).toMatch(/^Facilitation is shared widely/);
    // A Gini of 0 also means nobody facilitated at all: not "shared widely".
    expect(explainFacilitationGini(graphWith(0, [0, 0, 0]))).toMatch(/^No organisation facilitated/);
  });

  it("reciprocity", () => {
    expect(explainReciprocity(0.5)).toMatch(/^Most links go both ways/);
    expect(explainReciprocity(0.3)).toMatch(/^Some links go both ways/);
    expect(explainReciprocity(0)).toMatch(/^Learning flows one way/);
    expect(explainReciprocity(null)).toMatch(/^No organisation gave to another/);
  });

  it("follow-up rate and cadence", () => {
    expect(explainFollowUpRate(0.9)).toMatch(/^Nearly every activity/);
    expect(explainFollowUpRate(0.6)).toMatch(/but some were left without/);
    expect(explainFollowUpRate(0.2)).toMatch(/did not get one/);
    expect(explainFollowUpRate(null)).toMatch(/^No activity held/);
    expect(explainCadence(1)).toMatch(/as planned/);
    expect(explainCadence(0.75)).toMatch(/some were missed/);
    expect(explainCadence(0.3)).toMatch(/fading away/);
    expect(explainCadence(null)).toMatch(/^No recurring meeting was due/);
  });

  it("multipliers, counted in the plural", () => {
    expect(explainMultipliers(0)).toMatch(/^No organisation has yet passed on/);
    expect(explainMultipliers(1)).toMatch(/^One organisation passed on what it learned/);
    expect(explainMultipliers(3)).toMatch(/^3 organisations passed on what they learned/);
  });
});
