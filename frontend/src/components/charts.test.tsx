import { render, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../api/client";
import { I18nProvider, type Locale } from "../i18n";
import { activate } from "../i18n/translate";
import { graphNode } from "../test/insights";
import { BalanceChart, CapacityChart, GenderChart } from "./charts";
import { GiverReceiverGraph } from "./GiverReceiverGraph";

const LONG_NAME = "Regional Network of Community Health Workers of East Africa";

const graph: Schemas["GiverReceiverGraph"] = {
  nodes: [
    graphNode("G", "Wemos", "global", 3, 0),
    graphNode("N", LONG_NAME, "national", 1, 1),
    graphNode("L", "Local CBO", "local", 0, 3),
  ],
  edges: [
    { source: "G", target: "L", weight: 2 },
    { source: "G", target: "N", weight: 1 },
    { source: "N", target: "L", weight: 1 },
  ],
  links: 3,
  reciprocal_links: 0,
  reciprocity: 0,
  facilitation_gini: 0.5,
};

const quarter = (q: string, operate: number): Schemas["QuarterCapacity"] => ({
  quarter: q,
  starts_on: `${q.slice(0, 4)}-01-01`,
  activities: operate,
  operate,
  act: 0,
  connect: 0,
  technical: 0,
  thematic: 0,
  soft: 0,
});

// jsdom lays nothing out: Recharts' ResponsiveContainer measures its box (600 × 300 here) and
// listens for resizes, so the charts draw as they would in a browser of that size.
beforeEach(() => {
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
    // Only the chart's box has a size; the legend and tooltip take no room from the plot.
    const box = this.classList.contains("recharts-responsive-container") ? { width: 600, height: 300 } : null;
    const { width, height } = box ?? { width: 0, height: 0 };
    return { x: 0, y: 0, top: 0, left: 0, right: width, bottom: height, width, height, toJSON: () => ({}) };
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  activate("en", {});
  document.documentElement.lang = "";
  document.documentElement.dir = "";
});

async function renderIn(locale: Locale, chart: React.ReactNode) {
  const out = render(<I18nProvider locale={locale}>{chart}</I18nProvider>);
  // The provider renders once the language's catalog is in.
  await within(out.container).findAllByRole("img");
  return out;
}

/** An SVG text's own words, without its <title> (the tooltip). */
function shownText(text: Element): string {
  return [...text.childNodes]
    .filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.textContent)
    .join("");
}

/** The graph's node circles, by organisation id, with their centre's x. */
function nodeX(container: HTMLElement): Record<string, number> {
  return Object.fromEntries(
    [...container.querySelectorAll("g[data-organisation]")].map((g) => [
      g.getAttribute("data-organisation"),
      Number(g.querySelector("circle")!.getAttribute("cx")),
    ]),
  );
}

describe("the giver → receiver graph", () => {
  it("is mirrored right to left, its labels still running outwards", async () => {
    const ltr = nodeX((await renderIn("en", <GiverReceiverGraph graph={graph} size={600} />)).container);
    const { container } = await renderIn("ar", <GiverReceiverGraph graph={graph} size={600} />);
    expect(document.documentElement.dir).toBe("rtl");
    const rtl = nodeX(container);
    // The first organisation sits at the top; the next one clockwise in English (on the
    // right) is on the left in Arabic, at the mirrored x.
    expect(ltr.G).toBe(300);
    expect(rtl.G).toBe(300);
    expect(ltr.N).toBeGreaterThan(300);
    expect(rtl.N).toBeCloseTo(600 - ltr.N!, 0);
    const svg = container.querySelector("svg")!;
    expect(svg).toHaveAttribute("direction", "rtl");
    // "start" in a right-to-left text runs leftwards: outwards from a node on the left.
    const label = container.querySelector('g[data-organisation="N"] text')!;
    expect(label).toHaveAttribute("text-anchor", "start");
    expect(Number(label.getAttribute("x"))).toBeLessThan(rtl.N!);
  });

  it("shortens a long name to fit the drawing, with the full name as its tooltip", async () => {
    const { container } = await renderIn("en", <GiverReceiverGraph graph={graph} size={600} />);
    const label = container.querySelector('g[data-organisation="N"] text')!;
    expect(label.querySelector("title")).toHaveTextContent(LONG_NAME);
    const shown = shownText(label);
    expect(shown).toMatch(/…$/);
    expect(LONG_NAME.startsWith(shown.slice(0, -1))).toBe(true);
    // Drawn at 12px, a glyph is at most ~0.62em wide: the shortened label ends inside the
    // 600-wide drawing instead of running past its edge.
    const x = Number(label.getAttribute("x"));
    expect(x + [...shown].length * 12 * 0.62).toBeLessThanOrEqual(600);
  });
});

describe("the bar charts", () => {
  const nodes = graph.nodes;

  /** The category axis' labels (organisation names) with their x. */
  const nameTicks = (container: HTMLElement) =>
    [...container.querySelectorAll(".recharts-yAxis-tick-labels text")].map((t) => ({
      x: Number(t.getAttribute("x")),
      title: t.querySelector("title")?.textContent,
      text: shownText(t),
    }));

  /** The chart's axis texts, once Recharts has drawn them (it lays out after mounting). */
  async function drawn<T>(read: () => T[], count: number): Promise<T[]> {
    let out: T[] = [];
    await waitFor(() => {
      out = read();
      expect(out).toHaveLength(count);
    });
    return out;
  }

  it("puts the names on the left in English and on the right in Arabic", async () => {
    const en = (await renderIn("en", <BalanceChart nodes={nodes} />)).container;
    (await drawn(() => nameTicks(en), 3)).forEach((t) => expect(t.x).toBeLessThan(300));
    // The legend is the app's own (.legend, laid out with logical properties).
    expect([...en.querySelectorAll(".legend-item")].map((i) => i.textContent)).toEqual(["Gave", "Received"]);
    const ar = (await renderIn("ar", <BalanceChart nodes={nodes} />)).container;
    (await drawn(() => nameTicks(ar), 3)).forEach((t) => expect(t.x).toBeGreaterThan(300));
  });

  it("grows the bars from the right in Arabic", async () => {
    const gender = {
      women: 6,
      men: 3,
      non_binary: 1,
      undisclosed: 0,
      activities_reporting: 2,
      participants_count: 10,
    };
    /** Each drawn bar's two ends, [from, to], left to right on the page. */
    const bars = (container: HTMLElement) =>
      [...container.querySelectorAll(".recharts-bar-rectangle path")].map((p) => {
        const x = Number(p.getAttribute("x"));
        const width = Number(p.getAttribute("width"));
        return [Math.min(x, x + width), Math.max(x, x + width)] as const;
      });
    const en = (await renderIn("en", <GenderChart gender={gender} />)).container;
    const ltr = await drawn(() => bars(en), 3);
    const ar = (await renderIn("ar", <GenderChart gender={gender} />)).container;
    const rtl = await drawn(() => bars(ar), 3);
    // All bars share one baseline: on the left in English, on the right in Arabic.
    expect(new Set(ltr.map(([from]) => from)).size).toBe(1);
    expect(new Set(rtl.map(([, to]) => to)).size).toBe(1);
    expect(rtl[0]![1]).toBeGreaterThan(ltr[0]![1]);
    expect(rtl[0]![0]).toBeGreaterThan(ltr[0]![0]);
  });

  it("shortens a long name on the axis and keeps the full one in its title", async () => {
    const en = (await renderIn("en", <BalanceChart nodes={nodes} />)).container;
    const long = (await drawn(() => nameTicks(en), 3)).find((t) => t.title === LONG_NAME)!;
    expect(long.text).toMatch(/…$/);
    expect(LONG_NAME.startsWith(long.text.slice(0, -1))).toBe(true);
  });

  it("runs time from right to left in Arabic", async () => {
    const quarters = [quarter("2026-Q1", 1), quarter("2026-Q2", 2), quarter("2026-Q3", 1)];
    const xOf = (container: HTMLElement) =>
      [...container.querySelectorAll(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")].map((t) =>
        Number(t.getAttribute("x")),
      );
    const en = (await renderIn("en", <CapacityChart quarters={quarters} />)).container;
    const ltr = await drawn(() => xOf(en), 3);
    expect(ltr[0]).toBeLessThan(ltr[2]!);
    const ar = (await renderIn("ar", <CapacityChart quarters={quarters} />)).container;
    const rtl = await drawn(() => xOf(ar), 3);
    // The first quarter is on the right.
    expect(rtl[0]).toBeGreaterThan(rtl[2]!);
  });
});
