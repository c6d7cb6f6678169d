import { screen } from "@testing-library/react";
import { Outlet, Route, Routes } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import type { Schemas } from "../api/client";
import { I18nProvider, type Locale } from "../i18n";
import { activate } from "../i18n/translate";
import { mockApi } from "../test/fetchMock";
import { insightsOf } from "../test/insights";
import { viewer } from "../test/network";
import { renderWithApp } from "../test/render";
import InsightsPage from "./InsightsPage";

afterEach(() => {
  activate("en", {});
  document.documentElement.lang = "";
  document.documentElement.dir = "";
});

function renderPage(insights: Schemas["Insights"], locale: Locale = "en") {
  mockApi([["GET", "/api/v1/networks/n1/insights", () => ({ body: insights })]]);
  return renderWithApp(
    <I18nProvider locale={locale}>
      <Routes>
        <Route element={<Outlet context={viewer} />}>
          <Route path="/networks/:networkId/insights" element={<InsightsPage />} />
        </Route>
      </Routes>
    </I18nProvider>,
    undefined,
    "/networks/n1/insights",
  );
}

/** The stat box whose label is `name`. */
async function stat(name: string): Promise<HTMLElement> {
  const label = await screen.findByText(name, { selector: ".stat-label" });
  return label.closest(".stat") as HTMLElement;
}

describe("insights page", () => {
  it("counts one organisation, one person, one link in the singular", async () => {
    renderPage(insightsOf());
    expect(await screen.findByText(/reached 1 organisation, 1 person$/)).toBeInTheDocument();
    expect(await stat("Reciprocity")).toHaveTextContent("0 of 1 link goes both ways");
    expect(await stat("Meetings on cadence")).toHaveTextContent("1 of 1 expected meeting held");
    expect(await stat("Follow-up rate")).toHaveTextContent("2 of 5 activities; median 1 day to the first");
  });

  it("counts several in the plural", async () => {
    const insights = insightsOf();
    insights.multipliers.items[0]!.reach_organisations = 3;
    insights.multipliers.items[0]!.reach_people = 12;
    renderPage({
      ...insights,
      follow_ups: { ...insights.follow_ups, median_days_to_first_follow_up: 4.5 },
    });
    expect(await screen.findByText(/reached 3 organisations, 12 people$/)).toBeInTheDocument();
    expect(await stat("Follow-up rate")).toHaveTextContent("median 4.5 days to the first");
  });

  it("explains each figure in words from its value", async () => {
    renderPage(insightsOf());
    const gini = await stat("Facilitation concentration");
    expect(gini).toHaveTextContent("0.64");
    expect(gini).toHaveTextContent("A few organisations do most of the facilitating; the others mostly take part.");
    expect(await stat("Follow-up rate")).toHaveTextContent(
      "Most activities that needed a follow-up did not get one, so their learning may be lost.",
    );
    expect(await stat("Reciprocity")).toHaveTextContent("Learning flows one way");
    expect(await stat("Meetings on cadence")).toHaveTextContent("The recurring meetings take place as planned.");
    expect(await stat("Multipliers")).toHaveTextContent("One organisation passed on what it learned");
  });

  it("says facilitation is shared widely when it is", async () => {
    const insights = insightsOf();
    renderPage({ ...insights, graph: { ...insights.graph, facilitation_gini: 0.12, reciprocity: 0.75 } });
    expect(await stat("Facilitation concentration")).toHaveTextContent(
      "Facilitation is shared widely: many organisations take their turn at leading.",
    );
    expect(await stat("Reciprocity")).toHaveTextContent("Most links go both ways");
  });
});

describe("insights page in each language", () => {
  // Per language: the follow-up rate (40 %) and the multiplier's reach (1 organisation,
  // 12 people), with the language's own plural forms and percent sign.
  const cases: Record<Exclude<Locale, "en">, { title: string; rate: string; reach: string }> = {
    fr: { title: "Analyses", rate: "40\u00a0%", reach: "a touché 1 organisation, 12 personnes" },
    es: { title: "Análisis", rate: "40\u00a0%", reach: "llegó a 1 organización, 12 personas" },
    pt: { title: "Análises", rate: "40%", reach: "alcançou 1 organização, 12 pessoas" },
    ar: { title: "تحليلات", rate: "40\u200e%\u200e", reach: "وصلت إلى منظمة واحدة و12 شخصًا" },
  };

  for (const [locale, c] of Object.entries(cases) as [Exclude<Locale, "en">, (typeof cases)["fr"]][]) {
    it(`${locale}: a plural and a percentage`, async () => {
      const insights = insightsOf();
      insights.multipliers.items[0]!.reach_people = 12;
      renderPage(insights, locale);
      expect(await screen.findByRole("heading", { name: c.title, level: 1 })).toBeInTheDocument();
      expect(await screen.findByText(new RegExp(c.reach))).toBeInTheDocument();
      const values = [...document.querySelectorAll(".stat-value")].map((v) => v.textContent);
      expect(values).toContain(c.rate);
    });
  }
});
